use cca_abi_macros::AbiCall;

#[derive(AbiCall)]
#[abi(function = "VND_PING", request, abi = "vendor/bad.yaml")]
struct Ping {}

fn main() {}
