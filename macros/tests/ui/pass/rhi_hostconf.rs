use cca_abi::rhi::{RhiHostconfFeatures, RhiVersion};
use cca_abi_macros::AbiCall;

#[derive(AbiCall, Debug, PartialEq)]
#[abi(function = "RHI_HOSTCONF_VERSION", request)]
struct Ask {}

#[derive(AbiCall, Debug, PartialEq)]
#[abi(function = "RHI_HOSTCONF_VERSION", response)]
struct Version {
    version: RhiVersion,
}

#[derive(AbiCall, Debug, PartialEq)]
#[abi(function = "RHI_HOSTCONF_FEATURES", response)]
struct Features {
    features: RhiHostconfFeatures,
}

fn main() {
    assert_eq!(Ask::FID, 0xC500_004E);
    let gprs = Ask {}.to_gprs();
    assert_eq!(gprs[0], 0xC500_004E);
    assert_eq!(Ask::from_gprs(&gprs), Ok(Ask {}));

    let v = Version { version: cca_abi::rhi::RHI_HOSTCONF_VER_1_0 };
    assert_eq!(Version::from_gprs(&v.to_gprs()), Ok(v));
    // Reserved bits of the version are refused, not truncated.
    let mut bad = [0u64; 31];
    bad[0] = u64::MAX;
    assert!(Version::from_gprs(&bad).is_err());

    let f = Features { features: RhiHostconfFeatures::new().with_ipa_change_alignment(true) };
    assert_eq!(f.to_gprs()[0], 1);
}
