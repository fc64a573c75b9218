use cca_abi_macros::AbiCall;

#[derive(AbiCall)]
#[abi(function = "RSI_IPA_STATE_GET", response)]
struct State {
    result: u64,
    out_top: u64,
    ripas: u8,
}

fn main() {}
