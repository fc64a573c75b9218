//! Example Realm firmware: asks the host for its IPA-change alignment through
//! `RSI_HOST_CALL`, with its requests derived from the ABI description by
//! `#[derive(AbiCall)]` (checked when this crate compiles) and sent with the
//! typed call layer, one line each.
//!
//! It builds for `aarch64-unknown-none` (with the real `smc` conduit) and runs
//! on the host against the model host:
//!
//! ```
//! use example_firmware::host_sharing_granule;
//! # #[cfg(feature = "checked-in")]
//! use cca_abi::{model_host::ModelHost, QueryError, Step};
//!
//! # #[cfg(feature = "checked-in")]
//! # {
//! let mut host = ModelHost::new();
//! host.ipa_change_alignment = 0x4000;
//! assert_eq!(host_sharing_granule(&mut host, 0x1000), Ok(0x4000));
//! // Never below the guest's own page size.
//! assert_eq!(host_sharing_granule(&mut host, 0x10000), Ok(0x10000));
//! // A host that does not advertise the call: the guest's page size.
//! host.hostconf_features = 0;
//! assert_eq!(host_sharing_granule(&mut host, 0x1000), Ok(0x1000));
//! // A host that advertises it and answers garbage: refused.
//! host.hostconf_features = 1;
//! host.ipa_change_alignment = 0x3000;
//! assert_eq!(
//!     host_sharing_granule(&mut host, 0x1000),
//!     Err(QueryError::Invalid { step: Step::Value, value: 0x3000 })
//! );
//! # }
//! ```
//!
//! With the `include` feature the ABI types come from `include_abi!()` in
//! this crate instead of the generated `cca-abi` crate; the code is the same.

#![cfg_attr(not(test), no_std)]
#![deny(unsafe_code)]

// Firmware builds carry no model host; the tests ask for it.
#[cfg(all(feature = "include", not(test)))]
cca_abi_macros::include_abi!();
#[cfg(all(feature = "include", test))]
cca_abi_macros::include_abi!(model_host);

#[cfg(all(feature = "checked-in", not(feature = "include")))]
use cca_abi::{CallError, Conduit, NoStatus, QueryError, Step, rhi};

use cca_abi_macros::AbiCall;

/// `RHI_HOSTCONF_VERSION`: the host answers with its version.
#[derive(AbiCall, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(function = "RHI_HOSTCONF_VERSION", request)]
#[cfg_attr(feature = "include", abi(krate = "crate"))]
pub struct AskVersion {}

/// `RHI_HOSTCONF_FEATURES`: the host answers with its feature bitmap.
#[derive(AbiCall, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(function = "RHI_HOSTCONF_FEATURES", request)]
#[cfg_attr(feature = "include", abi(krate = "crate"))]
pub struct AskFeatures {}

/// `RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT`: the host answers with a size.
#[derive(AbiCall, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(function = "RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT", request)]
#[cfg_attr(feature = "include", abi(krate = "crate"))]
pub struct AskAlignment {}

/// One step's answer: `None` when the host does not offer the call
/// (`SMCCC_RET_NOT_SUPPORTED` from `RSI_HOST_CALL` or from the host); an
/// answer that does not decode (an echoed identifier, another SMCCC error,
/// reserved bits) is refused.
fn offered<T>(answer: Result<T, CallError<NoStatus>>, step: Step) -> Result<Option<T>, QueryError> {
    match answer {
        Ok(answer) => Ok(Some(answer)),
        Err(CallError::NotSupported) => Ok(None),
        Err(CallError::Transport(status)) => Err(QueryError::Transport { step, status }),
        Err(CallError::Malformed { error, .. }) => Err(QueryError::Invalid {
            step,
            value: error.value(),
        }),
        Err(CallError::Status(never)) => match never {},
    }
}

/// The host's sharing granule (IPA-change alignment) for a guest whose page
/// size is `page_size`, with the contract of the generated
/// `rhi::ipa_change_alignment`: `page_size` when the host does not offer the
/// call, the host's valid answer but never below `page_size`, or an error
/// (the caller keeps Realm support off) when the host answers garbage or
/// `RSI_HOST_CALL` fails.
pub fn host_sharing_granule<C: Conduit>(
    conduit: &mut C,
    page_size: u64,
) -> Result<u64, QueryError> {
    let Some(answer) = offered(conduit.call(&AskVersion {}), Step::Version)? else {
        return Ok(page_size);
    };
    let (version, required) = (answer.version, rhi::RHI_HOSTCONF_VER_1_0);
    if version.major() != required.major() || version.minor() < required.minor() {
        return Ok(page_size);
    }
    let Some(answer) = offered(conduit.call(&AskFeatures {}), Step::Features)? else {
        return Ok(page_size);
    };
    if !answer.features.ipa_change_alignment() {
        return Ok(page_size);
    }
    let Some(answer) = offered(conduit.call(&AskAlignment {}), Step::Value)? else {
        return Ok(page_size);
    };
    if !rhi::ipa_change_alignment_is_valid(answer.alignment) {
        return Err(QueryError::Invalid {
            step: Step::Value,
            value: answer.alignment,
        });
    }
    Ok(answer.alignment.max(page_size))
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
        assert_eq!(host_sharing_granule(&mut host, 0x1000), Ok(0x1000));
        assert_eq!(host.host_calls, 3);
        assert_eq!(host.dirty_requests, 0);
    }

    #[test]
    fn never_goes_below_the_page_size() {
        let mut host = ModelHost::new();
        host.ipa_change_alignment = 0x4000;
        assert_eq!(host_sharing_granule(&mut host, 0x1000), Ok(0x4000));
        assert_eq!(host_sharing_granule(&mut host, 0x10000), Ok(0x10000));
    }

    #[test]
    fn a_host_without_the_call_gives_the_page_size() {
        let mut host = ModelHost::new();
        host.hostconf_version = 0x2_0000;
        assert_eq!(host_sharing_granule(&mut host, 0x10000), Ok(0x10000));
        host.hostconf_version = rhi::NOT_SUPPORTED;
        assert_eq!(host_sharing_granule(&mut host, 0x1000), Ok(0x1000));
        assert_eq!(host.host_calls, 2);
    }

    #[test]
    fn refuses_a_bad_alignment() {
        let mut host = ModelHost::new();
        host.ipa_change_alignment = 0x3000;
        assert_eq!(
            host_sharing_granule(&mut host, 0x1000),
            Err(QueryError::Invalid {
                step: Step::Value,
                value: 0x3000
            })
        );
    }

    #[test]
    fn refuses_a_malformed_version() {
        let mut host = ModelHost::new();
        host.hostconf_version = 0x8001_0000;
        assert_eq!(
            host_sharing_granule(&mut host, 0x1000),
            // The decoder reports the reserved bits it refused.
            Err(QueryError::Invalid {
                step: Step::Version,
                value: 0x8000_0000
            })
        );
    }

    #[test]
    fn agrees_with_the_generated_routine() {
        let hosts = [
            (0x1_0000, 0x1, 0x1000),
            (0x1_0001, 0x7, 0x20_0000),
            (0x1_0000, 0x2, 0x4000),
            // Flags a later revision defines are ignored, not refused.
            (0x1_0000, 0xFFF1, 0x4000),
            (0x1_0000, 0x1, 0x4000_0000),
            (
                0x1_0000,
                0x1,
                rhi::RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT.into(),
            ),
            (rhi::RHI_HOSTCONF_VERSION.into(), 0x1, 0x1000),
            (0x1_0000, u64::MAX - 2, 0x1000),
        ];
        for (version, features, alignment) in hosts {
            for page_size in [0x1000, 0x1_0000] {
                let mut host = ModelHost::new();
                host.hostconf_version = version;
                host.hostconf_features = features;
                host.ipa_change_alignment = alignment;
                let generated = rhi::ipa_change_alignment(&mut host.clone(), page_size);
                assert_eq!(host_sharing_granule(&mut host, page_size), generated);
            }
        }
    }

    #[test]
    fn derived_encoding_matches_the_generated_crate() {
        let generated = rhi::HostconfGetIpaChangeAlignmentRequest {};
        assert_eq!(AskAlignment {}.to_gprs(), generated.to_gprs());
        assert_eq!(
            AskAlignment::FID,
            rhi::RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT
        );
    }
}
