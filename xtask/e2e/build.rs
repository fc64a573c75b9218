//! Links the image at the address QEMU's `virt` machine loads an ELF
//! `-kernel` to, and, with the `c-routine` feature, the C object named by
//! `E2E_C_OBJ`. The hostile-host cases come from `E2E_SCENARIOS` (written by
//! `cargo xtask e2e` outside the tree).

use std::env;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo:rustc-link-arg=-T{}", dir.join("link.ld").display());
    println!("cargo:rerun-if-changed=link.ld");
    println!("cargo:rerun-if-env-changed=E2E_C_OBJ");
    println!("cargo:rerun-if-env-changed=E2E_SCENARIOS");
    if env::var_os("CARGO_FEATURE_C_ROUTINE").is_some() {
        let obj = env::var("E2E_C_OBJ").expect("the c-routine feature needs E2E_C_OBJ");
        println!("cargo:rustc-link-arg={obj}");
        println!("cargo:rerun-if-changed={obj}");
    }
    if let Ok(path) = env::var("E2E_SCENARIOS") {
        println!("cargo:rerun-if-changed={path}");
    }
}
