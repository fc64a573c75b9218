//! The commands as a user runs them (release binary, whole process, warm
//! page cache), each against its I/O floor: a release binary of the same
//! library and allocator (`io-floor`, see `floor`) reading the same inputs
//! and reading, or writing the same way, the same output bytes.

use super::{Row, Table, ms, ratio};
use crate::process;
use anyhow::{Context as _, Result, bail};
use std::path::Path;
use std::time::{Duration, Instant};

/// Run `bin args…` once, its stamps in `cache`; its time, or its error output.
fn run_bin(bin: &Path, cache: &Path, args: &[&str]) -> Result<Duration> {
    let t = Instant::now();
    let cmd = process::cmd(bin, args).env("CCA_ABI_CACHE", cache);
    let out = process::output(&cmd).with_context(|| format!("cannot run {}", bin.display()))?;
    let elapsed = t.elapsed();
    if !out.status.success() {
        bail!(
            "{} {} failed:\n{}",
            bin.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(elapsed)
}

/// The median of `n` runs after one warm-up; `before` runs untimed ahead of each.
fn median_of(
    n: u32,
    mut before: impl FnMut(),
    mut run: impl FnMut() -> Result<Duration>,
) -> Result<Duration> {
    before();
    run()?;
    let mut v = Vec::new();
    for _ in 0..n.max(1) {
        before();
        v.push(run()?);
    }
    Ok(super::median(v))
}

/// Times of the runs, in the order of `LABELS`.
fn measure(
    bin: &Path,
    floor_bin: &Path,
    abi: &Path,
    scratch: &Path,
    n: u32,
) -> Result<[Duration; 7]> {
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let (abi_s, out, floor) = (s(abi), s(&scratch.join("out")), s(&scratch.join("floor")));
    let from = s(&scratch.join("from"));
    let cache = scratch.join("cache");
    let run = |args: &[&str]| run_bin(bin, &cache, args);
    run(&["generate", "--no-cache", "--abi", &abi_s, "--out", &from])?;
    let clear = |dir: &str| {
        let _ = std::fs::remove_dir_all(dir);
    };
    let cmd = |verb: &'static str, stamp: bool| {
        let mut v = vec![verb, "--abi", &abi_s, "--out", &out];
        if !stamp {
            v.push("--no-cache");
        }
        v
    };
    let rewrite = median_of(n, || clear(&out), || run(&cmd("generate", true)))?;
    let unchanged = median_of(n, || (), || run(&cmd("generate", true)))?;
    let unchanged_full = median_of(n, || (), || run(&cmd("generate", false)))?;
    let check = median_of(n, || (), || run(&cmd("check", true)))?;
    let check_full = median_of(n, || (), || run(&cmd("check", false)))?;
    let run_floor = |args: &[&str]| run_bin(floor_bin, &cache, args);
    let floor_args = ["--abi", &abi_s, "--from", &from, "--out", &floor];
    let write_floor = median_of(n, || clear(&floor), || run_floor(&floor_args))?;
    let read_args = ["--abi", &abi_s, "--from", &from, "--out", &out, "--read"];
    let read_floor = median_of(n, || (), || run_floor(&read_args))?;
    Ok([
        read_floor,
        write_floor,
        unchanged,
        unchanged_full,
        rewrite,
        check,
        check_full,
    ])
}

/// What each figure of `measure` is, and the floor (index) it is compared with.
const LABELS: [(&str, Option<usize>); 7] = [
    ("I/O floor, read: read the inputs and every output", None),
    (
        "I/O floor, write: read the inputs, write every output (temp, sync, rename)",
        None,
    ),
    (
        "`generate`, nothing changed (stamp matches: no parsing, no emitting)",
        Some(0),
    ),
    (
        "`generate --no-cache`, nothing changed (parse, emit, compare)",
        Some(0),
    ),
    ("`generate`, every file rewritten", Some(1)),
    ("`check` (stamp matches)", Some(0)),
    ("`check --no-cache` (parse, emit, compare)", Some(0)),
];

pub fn rows(
    bin: &Path,
    floor_bin: &Path,
    abi: &Path,
    n: u32,
    table: &mut Table,
) -> Result<Duration> {
    println!("==> commands: generate and check against their I/O floor");
    let scratch = tempfile::Builder::new()
        .prefix("cca-abi-bench-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let times = measure(bin, floor_bin, abi, scratch.path(), n)?;
    for ((what, against), d) in LABELS.iter().zip(times) {
        let floor = against.map(|i| (if i == 0 { "read" } else { "write" }, times[i]));
        table.push(Row {
            section: "commands",
            what: (*what).into(),
            figure: ms(d),
            ratio: floor.map_or("–".into(), |(name, f)| {
                format!("{} of the {name} floor", ratio(d, f))
            }),
        });
    }
    Ok(times[4])
}
