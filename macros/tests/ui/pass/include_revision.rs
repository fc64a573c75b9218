// The shipped YAML at RMM 1.1-alp17: the RSI module of that revision (as the
// crate's `rsi-1-1-alp17` feature), and RHI, which has one revision, as ever.
cca_abi_macros::include_abi!(revision = "1.1-alp17");

fn main() {
    assert_eq!(rsi::SPEC_REVISION, "1.1-alp17");
    assert_eq!(core::mem::offset_of!(rsi::RsiVdevInfo, state), 0x38);
    assert_eq!(core::mem::offset_of!(rsi::RsiVdevInfo, vca_digest), 0x40);
    assert_eq!(rsi::RsiVdevState::New as u8, 0);
    assert_eq!(rsi::RSI_VDEV_DMA_ENABLE, 0xC400_019C);
}
