//! Example Realm firmware: asks the host for its IPA-change alignment through
//! `RSI_HOST_CALL`, with every register layout derived from the ABI
//! description by `#[derive(AbiCall)]` and checked when this crate compiles.
//!
//! It builds for `aarch64-unknown-none` (with the real `smc` conduit) and runs
//! on the host against the model host:
//!
//! ```
//! use example_firmware::{host_sharing_granule, Refused};
//! # #[cfg(feature = "checked-in")]
//! use cca_abi::model_host::ModelHost;
//!
//! # #[cfg(feature = "checked-in")]
//! # {
//! let mut host = ModelHost::new();
//! host.ipa_change_alignment = 0x10000;
//! assert_eq!(host_sharing_granule(&mut host), Ok(0x10000));
//! host.hostconf_features = 0;
//! assert_eq!(host_sharing_granule(&mut host), Err(Refused::NotAdvertised));
//! # }
//! ```
//!
//! With the `include` feature the ABI types come from `include_abi!()` in
//! this crate instead of the generated `cca-abi` crate; the code is the same.

#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

#[cfg(feature = "include")]
cca_abi_macros::include_abi!();

#[cfg(all(feature = "checked-in", not(feature = "include")))]
use cca_abi::{Conduit, DecodeError, rhi, rsi};

use cca_abi_macros::AbiCall;

/// The host answers `RHI_HOSTCONF_VERSION` with its version in `gprs[0]`.
#[derive(AbiCall, Clone, Copy, Debug, PartialEq, Eq)]
#[abi(function = "RHI_HOSTCONF_VERSION", response)]
#[cfg_attr(feature = "include", abi(krate = "crate"))]
pub struct VersionAnswer {
    pub version: rhi::RhiVersion,
}

/// The host answers `RHI_HOSTCONF_FEATURES` with its feature bitmap.
#[derive(AbiCall, Clone, Copy, Debug, PartialEq, Eq)]
#[abi(function = "RHI_HOSTCONF_FEATURES", response)]
#[cfg_attr(feature = "include", abi(krate = "crate"))]
pub struct FeaturesAnswer {
    pub features: rhi::RhiHostconfFeatures,
}

/// The host answers `RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT` with a size.
#[derive(AbiCall, Clone, Copy, Debug, PartialEq, Eq)]
#[abi(function = "RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT", response)]
#[cfg_attr(feature = "include", abi(krate = "crate"))]
pub struct AlignmentAnswer {
    #[abi(name = "alignment")]
    pub bytes: u64,
}

/// Why the host's answer was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// `RSI_HOST_CALL` failed with this RSI status.
    Transport(u64),
    /// The host answered `SMCCC_RET_NOT_SUPPORTED`.
    NotSupported,
    /// The answer does not decode (reserved bits, unknown values).
    Malformed(DecodeError),
    /// The host's hostconf version is not 1.x.
    Version(rhi::RhiVersion),
    /// The feature bit is clear.
    NotAdvertised,
    /// Not a power of two in 4 KiB..=64 KiB.
    Invalid(u64),
}

/// Ask for `fid` with a cleared structure; decode the answer with `decode`.
fn ask<C: Conduit, T>(
    conduit: &mut C,
    fid: u32,
    decode: fn(&[u64; 31]) -> Result<T, DecodeError>,
) -> Result<T, Refused> {
    let mut call = rsi::RsiHostCall::zeroed();
    call.gprs[0] = u64::from(fid);
    let status = conduit.host_call(&mut call);
    if status != rsi::RSI_SUCCESS {
        return Err(Refused::Transport(status));
    }
    if call.gprs[0] == u64::MAX {
        return Err(Refused::NotSupported);
    }
    decode(&call.gprs).map_err(Refused::Malformed)
}

/// The host's sharing granule (IPA-change alignment), validated.
pub fn host_sharing_granule<C: Conduit>(conduit: &mut C) -> Result<u64, Refused> {
    let v = ask(conduit, VersionAnswer::FID, VersionAnswer::from_gprs)?.version;
    if v.major() != 1 {
        return Err(Refused::Version(v));
    }
    let f = ask(conduit, FeaturesAnswer::FID, FeaturesAnswer::from_gprs)?.features;
    if f.get_ipa_change_alignment() == 0 {
        return Err(Refused::NotAdvertised);
    }
    let a = ask(conduit, AlignmentAnswer::FID, AlignmentAnswer::from_gprs)?.bytes;
    if !a.is_power_of_two() || !(0x1000..=0x1_0000).contains(&a) {
        return Err(Refused::Invalid(a));
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "include")]
    use crate::model_host::ModelHost;
    #[cfg(not(feature = "include"))]
    use cca_abi::model_host::ModelHost;

    #[test]
    fn runs_against_the_model_host() {
        let mut host = ModelHost::new();
        assert_eq!(host_sharing_granule(&mut host), Ok(0x1000));
        assert_eq!(host.host_calls, 3);
        assert_eq!(host.dirty_requests, 0);
    }

    #[test]
    fn refuses_a_bad_alignment() {
        let mut host = ModelHost::new();
        host.ipa_change_alignment = 0x3000;
        assert_eq!(
            host_sharing_granule(&mut host),
            Err(Refused::Invalid(0x3000))
        );
    }

    #[test]
    fn refuses_a_version_2_host() {
        let mut host = ModelHost::new();
        host.hostconf_version = 0x2_0000;
        assert!(matches!(
            host_sharing_granule(&mut host),
            Err(Refused::Version(_))
        ));
    }

    #[test]
    fn derived_encoding_matches_the_generated_crate() {
        let answer = AlignmentAnswer { bytes: 0x4000 };
        let generated = rhi::HostconfGetIpaChangeAlignmentResponse { alignment: 0x4000 };
        assert_eq!(answer.to_gprs(), generated.to_gprs());
    }
}
