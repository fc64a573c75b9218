//! Compile-time checks of `#[derive(AbiCall)]` and `include_abi!`: each
//! `fail/*.rs` must be refused with exactly its `.stderr`, each `pass/*.rs`
//! must build and run.
//!
//! trybuild builds the cases in `<target dir>/tests/trybuild/cca-abi-macros`,
//! and a relative `abi = "…"` path is read from that crate's manifest
//! directory. The vendor YAML files (and codegen's third interface) are copied there first, so the cases name
//! them as `vendor/…` whatever `CARGO_TARGET_DIR` and the checkout path are.

use std::fs;
use std::path::Path;

/// Copy `tests/ui/vendor/*.yaml`, codegen's third interface
/// (`codegen/tests/data/third.yaml`) and the shipped RSI, on which the
/// runtime's `Conduit` is written, next to trybuild's manifest.
fn vendor_files_beside_trybuild() {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR lies in the target directory");
    let dest = target.join("tests/trybuild/cca-abi-macros/vendor");
    fs::create_dir_all(&dest).expect("create the vendor directory");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/vendor");
    for entry in fs::read_dir(&src).expect("read tests/ui/vendor") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("file name");
        fs::copy(&path, dest.join(name)).expect("copy a vendor file");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (from, to) in [
        ("codegen/tests/data/third.yaml", "third.yaml"),
        ("abi/rsi.yaml", "rsi.yaml"),
    ] {
        fs::copy(root.join(from), dest.join(to)).expect("copy a description");
    }
}

#[test]
fn ui() {
    vendor_files_beside_trybuild();
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
