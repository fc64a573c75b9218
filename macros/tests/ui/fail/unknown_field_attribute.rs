use cca_abi_macros::AbiCall;

#[derive(AbiCall)]
#[abi(function = "RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT", response)]
struct Answer {
    #[abi(reg = "gprs[0]")]
    alignment: u64,
}

fn main() {}
