use cca_abi_macros::AbiCall;

#[derive(AbiCall)]
#[abi(function = "RSI_VDEV_GET_INFO", request, revision = "1.1-alp99")]
struct Ask {
    vdev_id: u64,
    addr: u64,
}

fn main() {}
