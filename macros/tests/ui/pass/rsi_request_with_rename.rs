use cca_abi::rsi::{RsiCommandReturnCode, RsiRipas, RsiRipasChangeFlags, RsiResponse};
use cca_abi_macros::AbiCall;

/// An RMM model decodes this request and encodes the response.
#[derive(AbiCall, Debug, PartialEq)]
#[abi(function = "RSI_IPA_STATE_SET", request)]
struct SetRipas {
    base: u64,
    top: u64,
    ripas: RsiRipas,
    #[abi(name = "flags")]
    change: RsiRipasChangeFlags,
}

#[derive(AbiCall, Debug, PartialEq)]
#[abi(function = "RSI_IPA_STATE_SET", response)]
struct SetRipasDone {
    result: RsiCommandReturnCode,
    new_base: u64,
    response: RsiResponse,
}

fn main() {
    let ask = SetRipas {
        base: 0x8000_0000,
        top: 0x8020_0000,
        ripas: RsiRipas::Ram,
        change: RsiRipasChangeFlags::new(),
    };
    let regs = ask.to_regs();
    assert_eq!(regs[0], 0xC400_0197);
    assert_eq!(regs[3], 1);
    assert_eq!(SetRipas::from_regs(&regs), Ok(ask));
    // An unknown RIPAS value is an error, not a panic.
    let mut bad = regs;
    bad[3] = 0x7F;
    assert!(SetRipas::from_regs(&bad).is_err());
    // Bits of X3 above the RIPAS (7:0) are reserved: refused, not dropped.
    let mut bad = regs;
    bad[3] |= 1 << 8;
    assert_eq!(
        SetRipas::from_regs(&bad),
        Err(cca_abi::DecodeError::ReservedBits { type_name: "SetRipas.3", bits: 1 << 8 })
    );

    let done = SetRipasDone {
        result: RsiCommandReturnCode::Success,
        new_base: 0x8020_0000,
        response: RsiResponse::Accept,
    };
    assert_eq!(SetRipasDone::from_regs(&done.to_regs()), Ok(done));
}
