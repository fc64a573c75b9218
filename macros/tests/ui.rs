//! Compile-time checks of `#[derive(AbiCall)]` and `include_abi!`: each
//! `fail/*.rs` must be refused with exactly its `.stderr`, each `pass/*.rs`
//! must build and run.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
