use cca_abi_macros::AbiCall;

#[derive(AbiCall, Debug, PartialEq)]
#[abi(function = "VND_PING", request, abi = "vendor/good.yaml")]
struct Ping {
    value: u32,
}

fn main() {
    assert_eq!(Ping::FID, 0xC300_0001);
    let regs = Ping { value: 7 }.to_regs();
    assert_eq!((regs[0], regs[1]), (0xC300_0001, 7));
    assert_eq!(Ping::from_regs(&regs), Ok(Ping { value: 7 }));
}
