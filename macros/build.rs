//! Lists the shipped description (`abi/` of the workspace) for the macros'
//! default: every interface file, as `codegen` decides which those are, each
//! embedded with `include_str!`. A file added to `abi/` is picked up here.

use std::fmt::Write as _;
use std::path::Path;

#[path = "../codegen/src/inputs.rs"]
mod inputs;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let abi = Path::new(&manifest).join("../abi");
    println!("cargo:rerun-if-changed={}", abi.display());
    let mut names: Vec<String> = std::fs::read_dir(&abi)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", abi.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| inputs::is_interface_file(n))
        .collect();
    names.sort();
    let mut out = String::from("&[\n");
    for n in &names {
        let path = abi.join(n);
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            format!("abi/{n}"),
            path.display().to_string()
        );
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("shipped.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}
