//! Editing a YAML file that a macro read makes cargo rebuild the crate that
//! used the macro: the expansion names the file with `include_bytes!`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The build directory: this test binary is `<dir>/<profile>/deps/<name>`.
fn build_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .expect("the test binary sits in <build dir>/<profile>/deps")
        .to_path_buf()
}

/// `cargo build` in `dir`; returns stderr, asserting the status.
fn build(dir: &Path, target: &Path, expect_ok: bool) -> String {
    // The workspace's lock file pins every version, and everything is already
    // downloaded: no network, no surprise upgrade.
    let out = Command::new(env!("CARGO"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .args(["build", "--offline", "--color", "never"])
        .output()
        .expect("run cargo");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.success(), expect_ok, "{err}");
    err
}

#[test]
fn editing_the_yaml_rebuilds_the_user_crate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path();
    // In the build directory this test runs from (wherever CARGO_TARGET_DIR
    // puts it; never the tree otherwise), shared with later runs, so only the
    // first one builds the dependencies.
    let target = build_dir().join("rebuild-test");
    let yaml = krate.join("vendor.yaml");
    fs::copy(root().join("macros/tests/ui/vendor/good.yaml"), &yaml).expect("copy yaml");
    fs::create_dir(krate.join("src")).expect("mkdir");
    fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"vendor-fw\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\ncca-abi = {{ path = {:?} }}\ncca-abi-macros = {{ path = {:?} }}\n\n[workspace]\n",
            root().join("generated/rust"),
            root().join("macros"),
        ),
    )
    .expect("write manifest");
    fs::write(
        krate.join("src/lib.rs"),
        "#[derive(cca_abi_macros::AbiCall)]\n#[abi(function = \"VND_PING\", request, abi = \"vendor.yaml\")]\npub struct Ping {\n    pub value: u32,\n}\n",
    )
    .expect("write lib");

    fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock")).expect("copy lock file");

    let first = build(krate, &target, true);
    assert!(first.contains("Compiling vendor-fw"), "{first}");
    let again = build(krate, &target, true);
    assert!(
        !again.contains("Compiling vendor-fw"),
        "nothing changed, yet: {again}"
    );

    // A change the macro must see: the function is renamed in the YAML.
    let text = fs::read_to_string(&yaml).expect("read yaml");
    fs::write(&yaml, text.replace("name: VND_PING", "name: VND_PONG")).expect("edit yaml");
    let after = build(krate, &target, false);
    assert!(after.contains("Compiling vendor-fw"), "{after}");
    assert!(
        after.contains("unknown function `VND_PING` in vendor.yaml"),
        "{after}"
    );
}
