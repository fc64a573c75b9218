//! `cargo xtask ci`: the whole test suite, in the order CI runs it.

use std::process::Command;
use std::time::Instant;

use codegen::emit::rust::CRATE;

use crate::tools::cargo;

/// The short bounded fuzz run of every target, from the checked-in corpus.
const FUZZ_SECONDS: u64 = 20;

fn step(name: &str, mut cmd: Command) -> Result<(), String> {
    println!("==> {name}");
    let start = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("error: ci step `{name}` could not start: {e}"))?;
    if !status.success() {
        return Err(format!("error: ci step `{name}` failed ({status})"));
    }
    println!("==> {name}: ok ({:.1} s)", start.elapsed().as_secs_f64());
    Ok(())
}

/// Make sure a rustup component is installed; install it when missing.
fn ensure_component(component: &str, probe: &[&str]) -> Result<(), String> {
    let present = cargo()
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if present {
        return Ok(());
    }
    println!("==> installing the rustup component {component}");
    let status = Command::new("rustup")
        .args(["component", "add", component])
        .status()
        .map_err(|e| {
            format!(
                "error: `{component}` is missing and rustup could not be run to install it: {e}"
            )
        })?;
    if !status.success() {
        return Err(format!(
            "error: `{component}` is missing and `rustup component add {component}` failed ({status})"
        ));
    }
    Ok(())
}

/// `git status --porcelain --ignored` of the tree, without the build
/// directory when it is the default one inside the tree: the tests must
/// leave the rest as they found it.
fn tree_status() -> Result<String, String> {
    let out = Command::new("git")
        .current_dir(crate::root())
        .args(["status", "--porcelain", "--ignored"])
        .output()
        .map_err(|e| format!("error: cannot run git status: {e}"))?;
    if !out.status.success() {
        return Err("error: ci checks the tree with git; run it from a git checkout".into());
    }
    let default_target = std::env::var_os("CARGO_TARGET_DIR").is_none();
    let mut status: String = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !(default_target && *l == "!! target/"))
        .map(|l| format!("{l}\n"))
        .collect();
    // git does not list empty directories; a test that makes one writes too.
    let mut empty = Vec::new();
    empty_dirs(&crate::root(), &mut empty);
    for dir in empty {
        status.push_str(&format!("empty directory {}\n", dir.display()));
    }
    Ok(status)
}

/// Empty directories under `dir`, `.git` and `target` aside.
fn empty_dirs(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut any = false;
    for entry in entries.flatten() {
        any = true;
        let path = entry.path();
        let skip = path
            .file_name()
            .is_some_and(|n| n == ".git" || n == "target");
        if !skip && entry.file_type().is_ok_and(|t| t.is_dir()) {
            empty_dirs(&path, out);
        }
    }
    if !any {
        out.push(dir.to_path_buf());
    }
}

/// The crate with an older specification revision selected: its tests
/// (the round-trip tests of that revision among them), and its build for
/// the bare-metal target without warnings.
fn revision_steps(feature: &str) -> Result<(), String> {
    let mut test = cargo();
    test.args([
        "test",
        "-p",
        CRATE,
        "--no-default-features",
        "--features",
        feature,
    ]);
    step(
        &format!("cargo test -p cca-abi --no-default-features --features {feature}"),
        test,
    )?;
    crate::tools::ensure_target("aarch64-unknown-none")?;
    let mut bare = cargo();
    bare.args(["build", "-p", CRATE, "--target", "aarch64-unknown-none"])
        .args(["--no-default-features", "--features", feature])
        .env("RUSTFLAGS", "-D warnings");
    step(
        &format!(
            "cargo build -p cca-abi --target aarch64-unknown-none --features {feature} (no warnings)"
        ),
        bare,
    )
}

/// The default revision and `feature` together: the crate must refuse to
/// build with its one `compile_error!`, not with any other error.
fn two_revisions_refused(feature: &str) -> Result<(), String> {
    let name = format!("cargo build -p cca-abi --features {feature} (beside the default: refused)");
    println!("==> {name}");
    let out = cargo()
        .args([
            "build",
            "-p",
            CRATE,
            "--features",
            feature,
            "--message-format",
            "short",
        ])
        .output()
        .map_err(|e| format!("error: ci step `{name}` could not start: {e}"))?;
    let text = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = text.lines().filter(|l| l.contains("error")).collect();
    let refused = errors.iter().any(|l| l.contains("select at most one"));
    let others = errors
        .iter()
        .filter(|l| !l.contains("select at most one") && !l.contains("could not compile"))
        .count();
    if out.status.success() || !refused || others > 0 {
        return Err(format!(
            "error: ci step `{name}`: expected only the revision compile_error!, got:\n{text}"
        ));
    }
    println!("==> {name}: ok");
    Ok(())
}

pub fn run() -> Result<(), String> {
    let start = Instant::now();
    let before = tree_status()?;
    lint_and_test()?;
    revisions()?;
    bare_metal_builds()?;
    example_firmware()?;
    docs()?;
    suites()?;
    let after = tree_status()?;
    if after != before {
        return Err(format!(
            "error: the test suite changed the tree (git status --porcelain --ignored):\nbefore:\n{before}after:\n{after}"
        ));
    }
    println!("==> the tree is as the suite found it (git status --porcelain --ignored)");

    println!(
        "ci: all steps passed in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// CI steps: fmt, clippy with warnings denied, and every test of the workspace.
fn lint_and_test() -> Result<(), String> {
    ensure_component("rustfmt", &["fmt", "--version"])?;
    ensure_component("clippy", &["clippy", "--version"])?;
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--check"]);
    step("cargo fmt --check", fmt)?;

    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    step(
        "cargo clippy --workspace --all-targets -- -D warnings",
        clippy,
    )?;

    let mut test = cargo();
    test.args(["test", "--workspace"]);
    step("cargo test --workspace", test)?;
    Ok(())
}

/// CI steps: each older revision feature's tests and bare-metal build, and two revisions refused.
fn revisions() -> Result<(), String> {
    let (model, _) = crate::files::load_model(&crate::root().join("abi"))?;
    let older = codegen::emit::rust::older_revision_features(&model);
    for feature in &older {
        revision_steps(feature)?;
    }
    if let Some(feature) = older.last() {
        two_revisions_refused(feature)?;
    }
    Ok(())
}

/// CI steps: the crate for `aarch64-unknown-none`, without and with zerocopy, warnings denied.
fn bare_metal_builds() -> Result<(), String> {
    crate::tools::ensure_target("aarch64-unknown-none")?;
    let build = ["build", "-p", CRATE, "--target", "aarch64-unknown-none"];
    for features in [&[][..], &["--features", "zerocopy"][..]] {
        crate_step(&build, features, ("RUSTFLAGS", "(no warnings)"))?;
    }
    Ok(())
}

/// `cargo ARGS FEATURES` on the crate with warnings denied through the
/// variable `deny.0`, named with the features and `deny.1`.
fn crate_step(args: &[&str], features: &[&str], deny: (&str, &str)) -> Result<(), String> {
    let mut cmd = cargo();
    cmd.args(args).args(features).env(deny.0, "-D warnings");
    let mut name = format!("cargo {}", args.join(" "));
    for f in features {
        name = format!("{name} {f}");
    }
    step(&format!("{name} {}", deny.1), cmd)
}

/// CI steps: the example firmware, through the checked-in crate and through `include_abi!`.
fn example_firmware() -> Result<(), String> {
    for (what, flags) in [
        ("checked-in crate", &[][..]),
        (
            "include_abi!",
            &["--no-default-features", "--features", "include"][..],
        ),
    ] {
        let mut fw = cargo();
        fw.args([
            "build",
            "-p",
            "example-firmware",
            "--target",
            "aarch64-unknown-none",
        ])
        .args(flags)
        .env("RUSTFLAGS", "-D warnings");
        step(
            &format!("example firmware via the {what}, for aarch64-unknown-none (no warnings)"),
            fw,
        )?;
    }
    let mut fw_host = cargo();
    fw_host.args([
        "test",
        "-p",
        "example-firmware",
        "--no-default-features",
        "--features",
        "include",
    ]);
    step(
        "example firmware via include_abi! against the model host",
        fw_host,
    )?;
    Ok(())
}

/// CI steps: the crate's docs, warnings and broken links denied.
fn docs() -> Result<(), String> {
    let doc = ["doc", "-p", CRATE, "--no-deps"];
    for features in [&[][..], &["--features", "model-host,zerocopy"][..]] {
        crate_step(
            &doc,
            features,
            ("RUSTDOCFLAGS", "(no warnings, no broken links)"),
        )?;
    }
    Ok(())
}

/// CI steps: the generated tree, c-test, kernel-check, e2e, fuzz and the bench smoke run.
fn suites() -> Result<(), String> {
    println!("==> cargo xtask check");
    let root = crate::root();
    crate::files::check(
        &root.join("abi"),
        &root.join("generated"),
        "cargo xtask generate",
        &crate::files::Scope {
            profile: None,
            cache: false,
        },
    )?;

    println!("==> cargo xtask c-test");
    crate::ctest::run_tests(&root.join("abi"))?;

    println!("==> cargo xtask kernel-check");
    crate::kernel::run_check(&root.join("abi"))?;

    println!("==> cargo xtask e2e");
    crate::e2e::run(&root.join("abi"))?;

    println!("==> cargo xtask fuzz --seconds {FUZZ_SECONDS}");
    crate::fuzz::run(FUZZ_SECONDS)?;

    // Every section once at its smallest size, so the bench cannot rot; the
    // figures are printed, never asserted.
    println!("==> cargo xtask bench --smoke");
    crate::bench::run(&crate::bench::Options {
        iterations: 1,
        smoke: true,
        only: None,
    })?;
    Ok(())
}
