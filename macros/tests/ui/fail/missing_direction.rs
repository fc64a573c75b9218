use cca_abi_macros::AbiCall;

#[derive(AbiCall)]
#[abi(function = "RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT")]
struct Answer {
    alignment: u64,
}

fn main() {}
