use cca_abi::rsi::RsiCommandReturnCode;
use cca_abi_macros::AbiCall;

/// A type of the firmware's own that happens to carry the ABI's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RsiRipas {
    Empty,
    Ram,
}

#[derive(AbiCall)]
#[abi(function = "RSI_IPA_STATE_GET", response)]
struct Answer {
    result: RsiCommandReturnCode,
    out_top: u64,
    ripas: RsiRipas,
}

fn main() {}
