// The third interface of codegen/tests/extension.rs (its own return codes, a
// struct holding an array of another) compiles as Rust, layout checks
// included, from its description alone (beside RSI, on which the runtime's
// `Conduit` is written).
cca_abi_macros::include_abi!("vendor/rsi.yaml", "vendor/third.yaml");

fn main() {
    let mut table = demo::DemoTable::zeroed();
    table.count = 1;
    table.ranges[0] = demo::DemoRange { base: 0x8000_0000, size: 0x1000 };
    assert_eq!(core::mem::size_of::<demo::DemoTable>(), 0x48);
    assert_eq!(core::mem::offset_of!(demo::DemoTable, ranges), 8);
    assert_eq!(table.ranges[3], demo::DemoRange::zeroed());
    assert_eq!(demo::DEMO_DESCRIBE, 0xC200_0011);
}
