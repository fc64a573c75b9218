// include_abi! works inside any module, and more than once in a crate: the
// expansion names its own items relative to the module it lands in.
mod firmware {
    cca_abi_macros::include_abi!();
}

mod tests {
    cca_abi_macros::include_abi!(model_host);
}

fn main() {
    assert_eq!(firmware::rsi::RSI_VERSION, tests::rsi::RSI_VERSION);
    let mut host = tests::model_host::ModelHost::new();
    assert_eq!(tests::rhi::ipa_change_alignment(&mut host, 0x1000), Ok(0x1000));
    use tests::Conduit as _;
    let answer = host.call(&tests::rhi::HostconfGetIpaChangeAlignmentRequest {});
    assert_eq!(answer.map(|a| a.alignment), Ok(0x1000));
}
