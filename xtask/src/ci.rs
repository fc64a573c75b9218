//! `cargo xtask ci`: the whole test suite, in the order CI runs it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use codegen::emit::rust::CRATE;
use walkdir::WalkDir;

use crate::git::Git;
use crate::process::{self, Expression, cargo, cmd};

/// The short bounded fuzz run of every target, from the checked-in corpus.
const FUZZ_SECONDS: u64 = 20;

fn step(name: &str, cmd: &Expression) -> Result<()> {
    println!("==> {name}");
    let start = Instant::now();
    let status =
        process::status(cmd).with_context(|| format!("ci step `{name}` could not start"))?;
    if !status.success() {
        bail!("ci step `{name}` failed ({status})");
    }
    println!("==> {name}: ok ({:.1} s)", start.elapsed().as_secs_f64());
    Ok(())
}

/// Make sure a rustup component is installed; install it when missing.
fn ensure_component(component: &str, probe: &[&str]) -> Result<()> {
    if process::succeeds(&cargo(probe)) {
        return Ok(());
    }
    println!("==> installing the rustup component {component}");
    let status =
        process::status(&cmd("rustup", ["component", "add", component])).with_context(|| {
            format!("`{component}` is missing and rustup could not be run to install it")
        })?;
    if !status.success() {
        bail!("`{component}` is missing and `rustup component add {component}` failed ({status})");
    }
    Ok(())
}

/// `git status --porcelain --ignored` of the tree, without the build
/// directory when it is the default one inside the tree: the tests must
/// leave the rest as they found it.
fn tree_status() -> Result<String> {
    let git = Git::new(&crate::root()).cmd(["status", "--porcelain", "--ignored"]);
    let out = process::output(&git).context("cannot run git status")?;
    if !out.status.success() {
        bail!("ci checks the tree with git; run it from a git checkout");
    }
    let default_target = std::env::var_os("CARGO_TARGET_DIR").is_none();
    let mut status: String = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !(default_target && *l == "!! target/"))
        .map(|l| format!("{l}\n"))
        .collect();
    // git does not list empty directories; a test that makes one writes too.
    for dir in empty_dirs(&crate::root()) {
        status.push_str(&format!("empty directory {}\n", dir.display()));
    }
    Ok(status)
}

/// Empty directories under `dir`, `.git` and `target` aside.
fn empty_dirs(dir: &Path) -> Vec<PathBuf> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !(e.file_name() == ".git" || e.file_name() == "target"))
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .filter(|e| std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none()))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// The crate with an older specification revision selected: its tests
/// (the round-trip tests of that revision among them), and its build for
/// the bare-metal target without warnings.
fn revision_steps(feature: &str) -> Result<()> {
    let revision = ["--no-default-features", "--features", feature];
    step(
        &format!("cargo test -p cca-abi --no-default-features --features {feature}"),
        &cargo(["test", "-p", CRATE].iter().chain(&revision)),
    )?;
    crate::tools::ensure_target("aarch64-unknown-none")?;
    let build = ["build", "-p", CRATE, "--target", "aarch64-unknown-none"];
    step(
        &format!(
            "cargo build -p cca-abi --target aarch64-unknown-none --features {feature} (no warnings)"
        ),
        &cargo(build.iter().chain(&revision)).env("RUSTFLAGS", "-D warnings"),
    )
}

/// The default revision and `feature` together: the crate must refuse to
/// build with its one `compile_error!`, not with any other error.
fn two_revisions_refused(feature: &str) -> Result<()> {
    let name = format!("cargo build -p cca-abi --features {feature} (beside the default: refused)");
    println!("==> {name}");
    let build = ["build", "-p", CRATE, "--features", feature];
    let out = process::output(&cargo(build.iter().chain(&["--message-format", "short"])))
        .with_context(|| format!("ci step `{name}` could not start"))?;
    let text = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = text.lines().filter(|l| l.contains("error")).collect();
    let refused = errors.iter().any(|l| l.contains("select at most one"));
    let others = errors
        .iter()
        .filter(|l| !l.contains("select at most one") && !l.contains("could not compile"))
        .count();
    if out.status.success() || !refused || others > 0 {
        bail!("ci step `{name}`: expected only the revision compile_error!, got:\n{text}");
    }
    println!("==> {name}: ok");
    Ok(())
}

/// `cargo xtask ci`; `threads` format the Rust crate in `check`.
pub fn run(threads: usize) -> Result<()> {
    let start = Instant::now();
    let before = tree_status()?;
    lint_and_test()?;
    revisions()?;
    bare_metal_builds()?;
    example_firmware()?;
    docs()?;
    suites(threads)?;
    let after = tree_status()?;
    if after != before {
        bail!(
            "the test suite changed the tree (git status --porcelain --ignored):\nbefore:\n{before}after:\n{after}"
        );
    }
    println!("==> the tree is as the suite found it (git status --porcelain --ignored)");

    println!(
        "ci: all steps passed in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// CI steps: fmt, clippy with warnings denied, and every test of the workspace.
fn lint_and_test() -> Result<()> {
    ensure_component("rustfmt", &["fmt", "--version"])?;
    ensure_component("clippy", &["clippy", "--version"])?;
    step("cargo fmt --check", &cargo(["fmt", "--all", "--check"]))?;
    // `too_many_lines` (at clippy.toml's 80) for the generated crate too,
    // which does not take the workspace's lints.
    let clippy = [
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
        "-W",
        "clippy::too_many_lines",
    ];
    step(
        "cargo clippy --workspace --all-targets -- -D warnings -W clippy::too_many_lines",
        &cargo(clippy),
    )?;
    step("cargo test --workspace", &cargo(["test", "--workspace"]))?;
    Ok(())
}

/// CI steps: each older revision feature's tests and bare-metal build, and two revisions refused.
fn revisions() -> Result<()> {
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
fn bare_metal_builds() -> Result<()> {
    crate::tools::ensure_target("aarch64-unknown-none")?;
    let build = ["build", "-p", CRATE, "--target", "aarch64-unknown-none"];
    for features in [&[][..], &["--features", "zerocopy"][..]] {
        crate_step(&build, features, ("RUSTFLAGS", "(no warnings)"))?;
    }
    Ok(())
}

/// `cargo ARGS FEATURES` on the crate with warnings denied through the
/// variable `deny.0`, named with the features and `deny.1`.
fn crate_step(args: &[&str], features: &[&str], deny: (&str, &str)) -> Result<()> {
    let cmd = cargo(args.iter().chain(features)).env(deny.0, "-D warnings");
    let mut name = format!("cargo {}", args.join(" "));
    for f in features {
        name = format!("{name} {f}");
    }
    step(&format!("{name} {}", deny.1), &cmd)
}

/// CI steps: the example firmware, through the checked-in crate and through `include_abi!`.
fn example_firmware() -> Result<()> {
    for (what, flags) in [
        ("checked-in crate", &[][..]),
        (
            "include_abi!",
            &["--no-default-features", "--features", "include"][..],
        ),
    ] {
        let build = ["build", "-p", "example-firmware"];
        let target = ["--target", "aarch64-unknown-none"];
        let fw = cargo(build.iter().chain(&target).chain(flags)).env("RUSTFLAGS", "-D warnings");
        step(
            &format!("example firmware via the {what}, for aarch64-unknown-none (no warnings)"),
            &fw,
        )?;
    }
    let include = ["--no-default-features", "--features", "include"];
    step(
        "example firmware via include_abi! against the model host",
        &cargo(["test", "-p", "example-firmware"].iter().chain(&include)),
    )?;
    Ok(())
}

/// CI steps: the crate's docs, warnings and broken links denied.
fn docs() -> Result<()> {
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
fn suites(threads: usize) -> Result<()> {
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
        threads,
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

#[cfg(test)]
mod tests {
    use std::fs;

    /// A test that leaves an empty directory behind changed the tree; what
    /// `.git` and `target` hold is not the tree's.
    #[test]
    fn empty_directories_are_found_outside_git_and_target() {
        let dir = tempfile::tempdir().expect("temp dir");
        for d in ["a/empty", "full", ".git/objects", "target/debug"] {
            fs::create_dir_all(dir.path().join(d)).expect("mkdir");
        }
        fs::write(dir.path().join("full/file"), "x").expect("write");
        assert_eq!(
            super::empty_dirs(dir.path()),
            vec![dir.path().join("a/empty")]
        );
    }
}
