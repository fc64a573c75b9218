use cca_abi::rhi::RhiVersion;
use cca_abi_macros::AbiCall;

#[derive(AbiCall)]
#[abi(function = "RHI_HOSTCONF_VERSON", response)]
struct Answer {
    version: RhiVersion,
}

fn main() {}
