use cca_abi_macros::AbiCall;

#[derive(AbiCall)]
struct Answer {
    alignment: u64,
}

fn main() {}
