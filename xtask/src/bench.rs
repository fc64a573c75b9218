//! `cargo xtask bench`: figures for the generator, measured on this machine.
//!
//! In-process stages (read, load, emit) are timed directly; the commands as a
//! user runs them (`generate`, `check`) are timed as release binaries, warm,
//! writing into a scratch directory so the work tree is not touched.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut() -> Result<(), String>>(n: u32, mut f: F) -> Result<Duration, String> {
    f()?; // warm-up
    let mut v = Vec::new();
    for _ in 0..n.max(1) {
        let t = Instant::now();
        f()?;
        v.push(t.elapsed());
    }
    Ok(median(v))
}

fn run_bin(bin: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new(bin)
        .args(args)
        .output()
        .map_err(|e| format!("error: cannot run {}: {e}", bin.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "error: {} {} failed:\n{}",
            bin.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// Build the release xtask; returns its path.
fn release_binary(root: &Path) -> Result<std::path::PathBuf, String> {
    println!("==> building the release xtask");
    let status = crate::tools::cargo()
        .current_dir(root)
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .status()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("error: release build of xtask failed".into());
    }
    Ok(root.join("target/release/xtask"))
}

pub fn run(n: u32) -> Result<(), String> {
    let root = crate::root();
    let bin = release_binary(&root)?;
    // Figures from a debug build mean nothing: measure in the release binary.
    if cfg!(debug_assertions) {
        let status = Command::new(&bin)
            .args(["bench", "--iterations", &n.to_string()])
            .status()
            .map_err(|e| format!("error: cannot run {}: {e}", bin.display()))?;
        return if status.success() {
            Ok(())
        } else {
            Err(String::new())
        };
    }
    let abi = root.join("abi");

    let read = time(n, || crate::files::read_sources(&abi).map(drop))?;
    let sources = crate::files::read_sources(&abi)?;
    let load = time(n, || {
        codegen::load(&sources)
            .map(drop)
            .map_err(|d| d.render(&sources))
    })?;
    let (model, outputs) = crate::files::load_all(&abi)?;
    let emit = time(n, || codegen::emit::all(&model, &outputs).map(drop))?;

    let scratch = std::env::temp_dir().join(format!("cca-abi-bench-{}", std::process::id()));
    let out = scratch.to_string_lossy().into_owned();
    let generate = time(n, || run_bin(&bin, &["generate", "--out", &out]))?;
    let check = time(n, || run_bin(&bin, &["check", "--out", &out]))?;
    let _ = std::fs::remove_dir_all(&scratch);

    let compile = compile_times(&root)?;

    println!("median of {n} runs, warm, release build:");
    println!("  read abi/*.yaml           {}", ms(read));
    println!("  load (parse+resolve)      {}", ms(load));
    println!("  emit all outputs          {}", ms(emit));
    println!("  xtask generate (release)  {}", ms(generate));
    println!("  xtask check    (release)  {}", ms(check));
    let in_process = read + load + emit;
    println!(
        "  in-process share of generate: {:.1} %; check/generate: {:.2}",
        100.0 * in_process.as_secs_f64() / generate.as_secs_f64(),
        check.as_secs_f64() / generate.as_secs_f64()
    );
    println!("{compile}");
    Ok(())
}

/// Compile time of `macros/example-firmware`, release, with the ABI types from
/// the checked-in crate and from `include_abi!`: a clean build of each (own
/// target directory, same machine, same run), then a rebuild of the crate
/// alone after touching its source (the macro expansion's own cost).
fn compile_times(root: &Path) -> Result<String, String> {
    let variants: [(&str, &[&str]); 2] = [
        ("checked-in crate", &[]),
        (
            "include_abi! macro",
            &["--no-default-features", "--features", "include"],
        ),
    ];
    let base = std::env::temp_dir().join(format!("cca-abi-bench-compile-{}", std::process::id()));
    let lib = root.join("macros/example-firmware/src/lib.rs");
    let mut clean = Vec::new();
    let mut touched = Vec::new();
    for (name, flags) in variants {
        let target = base.join(name.split(' ').next().unwrap_or("x"));
        let _ = std::fs::remove_dir_all(&target);
        let timed_build = |what: &str| -> Result<Duration, String> {
            let t = Instant::now();
            let status = crate::tools::cargo()
                .current_dir(root)
                .env("CARGO_TARGET_DIR", &target)
                .args(["build", "--release", "--quiet", "-p", "example-firmware"])
                .args(flags)
                .status()
                .map_err(|e| format!("error: cannot run cargo: {e}"))?;
            if status.success() {
                Ok(t.elapsed())
            } else {
                Err(format!(
                    "error: {what} example-firmware via the {name} failed"
                ))
            }
        };
        println!("==> clean release build of example-firmware via the {name}");
        clean.push(timed_build("building")?);
        let text = std::fs::read_to_string(&lib).map_err(|e| format!("error: {e}"))?;
        std::fs::write(&lib, &text).map_err(|e| format!("error: {e}"))?;
        touched.push(timed_build("rebuilding")?);
    }
    let _ = std::fs::remove_dir_all(&base);
    let s = |d: Duration| format!("{:.2} s", d.as_secs_f64());
    Ok(format!(
        "example-firmware, release: clean build via checked-in crate {}, via include_abi! {} (ratio macro/crate {:.2}); crate alone after a touch: {} vs {} (ratio {:.2})",
        s(clean[0]),
        s(clean[1]),
        clean[1].as_secs_f64() / clean[0].as_secs_f64(),
        s(touched[0]),
        s(touched[1]),
        touched[1].as_secs_f64() / touched[0].as_secs_f64(),
    ))
}
