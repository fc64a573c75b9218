// A derived request without an address input implements the crate's `Call`:
// one line sends it, and the crate's response type answers it.
use cca_abi::model_host::ModelHost;
use cca_abi::{CallError, Conduit, rsi};
use cca_abi_macros::AbiCall;

#[derive(AbiCall, Debug)]
#[abi(function = "RSI_VERSION", request)]
struct AskVersion {
    req: rsi::RsiInterfaceVersion,
}

#[derive(AbiCall, Debug)]
#[abi(function = "RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT", request)]
struct AskAlignment {}

fn main() {
    let mut rmm = ModelHost::new();
    let answer = rmm.call(&AskVersion { req: rsi::RSI_ABI_VERSION_1_0 });
    assert_eq!(answer.map(|a| a.lower), Ok(rsi::RSI_ABI_VERSION_1_0));
    assert_eq!(rmm.call(&AskAlignment {}).map(|a| a.alignment), Ok(0x1000));
    rmm.ipa_change_alignment = u64::MAX;
    assert_eq!(rmm.call(&AskAlignment {}), Err(CallError::NotSupported));
}
