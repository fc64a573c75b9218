// The generated crate's items, expanded in place from the shipped YAML.
cca_abi_macros::include_abi!(model_host);

fn main() {
    let mut host = model_host::ModelHost::new();
    host.ipa_change_alignment = 0x4000;
    assert_eq!(rhi::ipa_change_alignment(&mut host, 0x1000), Ok(0x4000));
    assert_eq!(rhi::ipa_change_alignment(&mut host, 0x10000), Ok(0x10000));
    host.ipa_change_alignment = 0x3000;
    assert_eq!(
        rhi::ipa_change_alignment(&mut host, 0x1000),
        Err(QueryError::Invalid { step: Step::Value, value: 0x3000 })
    );
    assert_eq!(rsi::RSI_HOST_CALL, 0xC400_0199);
}
