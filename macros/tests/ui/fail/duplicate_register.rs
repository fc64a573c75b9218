use cca_abi_macros::AbiCall;

#[derive(AbiCall)]
#[abi(function = "RSI_IPA_STATE_GET", request)]
struct Ask {
    base: u64,
    #[abi(name = "base")]
    start: u64,
    top: u64,
}

fn main() {}
