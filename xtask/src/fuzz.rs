//! `cargo xtask fuzz --seconds N`: coverage-guided fuzzing with cargo-fuzz
//! (libFuzzer) on the nightly toolchain, of the three targets of
//! `codegen/fuzz`: `load` (loader and resolver, diagnostics rendered),
//! `pipeline` (load, then every emitter) and `decoders` (every register
//! decoder of the generated crate, with the round trip).
//!
//! Each run starts from the checked-in corpus (`codegen/fuzz/corpus/TARGET`,
//! read-only: the regression inputs) and the working corpus of earlier runs,
//! kept in the cache directory with the build and any crash, never in the
//! tree. A crash fails the command and names the input that caused it.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::process::{self, Args, cmd};
use crate::tools::cache_dir;

/// The targets and the largest input each is given (bytes): the loader's
/// speed depends on the size, and small inputs reach its checks; the
/// pipeline starts from the shipped description (its files joined), the
/// only model the shipped output profiles accept, so that mutations reach
/// every emitter.
const TARGETS: &[(&str, usize)] = &[("load", 2048), ("pipeline", 128 << 10), ("decoders", 248)];

pub fn run(seconds: u64) -> Result<()> {
    ensure_cargo_fuzz()?;
    let root = crate::root();
    let manifest = root.join("codegen/fuzz/Cargo.toml");
    let fmt = crate::cargo!("fmt", "--check", "--manifest-path", manifest);
    process::run(&fmt, "cargo fmt --check on codegen/fuzz")?;
    let work = cache_dir().join("fuzz");
    for &(target, max_len) in TARGETS {
        let corpus = work.join("corpus").join(target);
        let artifacts = work.join("artifacts");
        for dir in [&corpus, &artifacts] {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let seeds = root.join("codegen/fuzz/corpus").join(target);
        if target == "pipeline" {
            shipped_seed(&corpus.join("shipped-abi"))?;
        }
        let runs = fuzz_target(target, max_len, seconds, &corpus, &seeds, &artifacts)?;
        println!("    fuzz {target}: {runs} runs in {seconds} s, no crash");
    }
    Ok(())
}

/// The shipped interface files as one input (`#8<` lines between files, as
/// the targets split them).
fn shipped_seed(path: &Path) -> Result<()> {
    let sources = crate::files::read_sources(&crate::root().join("abi"))?;
    let text: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
    crate::tools::write_file(path, &text.join("\n#8<\n"))
}

/// cargo-fuzz creates `codegen/fuzz/artifacts/TARGET` in the tree even when
/// the artifacts go elsewhere (`-artifact_prefix`); remove it while empty.
fn remove_empty_artifact_dirs(target: &str) {
    let dir = crate::root().join("codegen/fuzz/artifacts");
    let _ = fs::remove_dir(dir.join(target));
    let _ = fs::remove_dir(&dir);
}

/// cargo-fuzz on the nightly toolchain (installed by the user: this machine
/// cannot download toolchains), cargo-fuzz itself installed when missing.
fn ensure_cargo_fuzz() -> Result<()> {
    let nightly = process::output(&cmd("rustup", ["run", "nightly", "rustc", "--version"]))
        .context("cannot run rustup")?;
    if !nightly.status.success() {
        bail!(
            "fuzzing needs the nightly toolchain; install it with `rustup toolchain install nightly`"
        );
    }
    if process::succeeds(&cmd("cargo", ["fuzz", "--version"])) {
        return Ok(());
    }
    println!("==> installing cargo-fuzz");
    let install = cmd("cargo", ["install", "cargo-fuzz", "--locked"]);
    process::run(&install, "cargo install cargo-fuzz").map(drop)
}

/// One target for `seconds`; returns the number of runs. A crash is an
/// error naming its input.
fn fuzz_target(
    target: &'static str,
    max_len: usize,
    seconds: u64,
    corpus: &Path,
    seeds: &Path,
    artifacts: &Path,
) -> Result<u64> {
    let prefix = format!("{}/{target}-", artifacts.display());
    let fuzz = Args::words("+nightly fuzz run --fuzz-dir codegen/fuzz --target-dir")
        .arg(cache_dir().join("fuzz/target"))
        .and("--sanitizer none --release")
        .arg(target)
        .arg(corpus)
        .arg(seeds)
        .and("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-max_len={max_len}"))
        .arg(format!("-artifact_prefix={prefix}"))
        .and("-print_final_stats=1 -rss_limit_mb=2048");
    let fuzz = cmd("cargo", fuzz).dir(crate::root());
    let out = process::output(&fuzz).context("cannot run cargo fuzz")?;
    let log = process::text(&out);
    remove_empty_artifact_dirs(target);
    if !out.status.success() {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(crate::Failure::report(
            format!("{}\n", tail.join("\n")),
            format!(
                "fuzz target `{target}` found a crash; the input is under {}; keep it in {} as a regression case once fixed",
                artifacts.display(),
                PathBuf::from("codegen/fuzz/corpus").join(target).display()
            ),
        ));
    }
    let stat = |name: &str| -> u64 {
        log.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    };
    Ok(stat("stat::number_of_executed_units:"))
}
