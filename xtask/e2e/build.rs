//! Links the image at the address QEMU's `virt` machine loads an ELF
//! `-kernel` to, and, with the `c-routine` feature, the C object named by
//! `E2E_C_OBJ`. The hostile-host cases come from `E2E_SCENARIOS` (written by
//! `cargo xtask e2e` outside the tree).
//!
//! The linker script is copied into `OUT_DIR` and found through the search
//! path, never named by the checkout's absolute path: the build directory
//! is a cache shared by every checkout, and a build script whose inputs did
//! not change is not run again, so an absolute path would outlive its
//! checkout.

use std::env;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    std::fs::copy(dir.join("link.ld"), out.join("link.ld")).expect("copy link.ld into OUT_DIR");
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-arg=-Tlink.ld");
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
