use cca_abi::rsi::RsiInterfaceVersion;
use cca_abi_macros::AbiCall;

#[derive(AbiCall)]
#[abi(function = "RHI_HOSTCONF_VERSION", response)]
struct Answer {
    version: RsiInterfaceVersion,
}

fn main() {}
