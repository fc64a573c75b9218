//! The commands as a user runs them (release binary, whole process, warm
//! page cache), each against its I/O floor: the same binary reading the same
//! inputs and reading, or writing the same way, the same output bytes.

use super::{Row, Table, ms, ratio};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Run `bin args…` once; its time, or its error output.
fn run_bin(bin: &Path, args: &[&str]) -> Result<Duration, String> {
    let t = Instant::now();
    let out = Command::new(bin)
        .args(args)
        .output()
        .map_err(|e| format!("error: cannot run {}: {e}", bin.display()))?;
    let elapsed = t.elapsed();
    if out.status.success() {
        Ok(elapsed)
    } else {
        Err(format!(
            "error: {} {} failed:\n{}",
            bin.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The median of `n` runs after one warm-up; `before` runs untimed ahead of each.
fn median_of(
    n: u32,
    mut before: impl FnMut(),
    mut run: impl FnMut() -> Result<Duration, String>,
) -> Result<Duration, String> {
    before();
    run()?;
    let mut v = Vec::new();
    for _ in 0..n.max(1) {
        before();
        v.push(run()?);
    }
    Ok(super::median(v))
}

/// Times of the five runs, in the order of `ROWS`.
fn measure(bin: &Path, abi: &Path, scratch: &Path, n: u32) -> Result<[Duration; 5], String> {
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let (abi_s, out, floor) = (s(abi), s(&scratch.join("out")), s(&scratch.join("floor")));
    let from = s(&scratch.join("from"));
    run_bin(bin, &["generate", "--abi", &abi_s, "--out", &from])?;
    let clear = |dir: &str| {
        let _ = std::fs::remove_dir_all(dir);
    };
    let generate = ["generate", "--abi", &abi_s, "--out", &out];
    let rewrite = median_of(n, || clear(&out), || run_bin(bin, &generate))?;
    let unchanged = median_of(n, || (), || run_bin(bin, &generate))?;
    let check = median_of(
        n,
        || (),
        || run_bin(bin, &["check", "--abi", &abi_s, "--out", &out]),
    )?;
    let floor_args = [
        "io-floor", "--abi", &abi_s, "--from", &from, "--out", &floor,
    ];
    let write_floor = median_of(n, || clear(&floor), || run_bin(bin, &floor_args))?;
    let read_args = [
        "io-floor", "--abi", &abi_s, "--from", &from, "--out", &out, "--read",
    ];
    let read_floor = median_of(n, || (), || run_bin(bin, &read_args))?;
    Ok([unchanged, rewrite, check, read_floor, write_floor])
}

/// The rows; returns the time of a `generate` that writes every file.
pub fn rows(bin: &Path, abi: &Path, n: u32, table: &mut Table) -> Result<Duration, String> {
    println!("==> commands: generate and check against their I/O floor");
    let scratch = std::env::temp_dir().join(format!("cca-abi-bench-{}", std::process::id()));
    let result = measure(bin, abi, &scratch, n);
    let _ = std::fs::remove_dir_all(&scratch);
    let [unchanged, rewrite, check, read_floor, write_floor] = result?;
    let rows = [
        (
            "I/O floor, read: read the inputs and every output",
            read_floor,
            None,
        ),
        (
            "I/O floor, write: read the inputs, write every output (temp, sync, rename)",
            write_floor,
            None,
        ),
        (
            "`generate`, nothing changed",
            unchanged,
            Some(("read floor", read_floor)),
        ),
        (
            "`generate`, every file rewritten",
            rewrite,
            Some(("write floor", write_floor)),
        ),
        ("`check`", check, Some(("read floor", read_floor))),
    ];
    for (what, d, against) in rows {
        table.push(Row {
            section: "commands",
            what: what.into(),
            figure: ms(d),
            ratio: against.map_or("–".into(), |(name, f)| {
                format!("{} of the {name}", ratio(d, f))
            }),
        });
    }
    Ok(rewrite)
}
