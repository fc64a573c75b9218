//! Firmware builds through the proc-macro: `macros/example-firmware` (three
//! `#[derive(AbiCall)]` requests) with the ABI types from the checked-in
//! crate and from `include_abi!`, each in its own target directory: a clean
//! build, then rebuilds after touching its source, in the release profile
//! and in the dev profile (incremental, as an edit-compile loop runs).

use super::{Row, Table, ratio};
use crate::process;
use anyhow::{Context as _, Result, bail};
use std::path::Path;
use std::time::{Duration, Instant};

const VARIANTS: [(&str, &[&str]); 2] = [
    ("`#[derive(AbiCall)]` + checked-in crate", &[]),
    (
        "`#[derive(AbiCall)]` + `include_abi!`",
        &["--no-default-features", "--features", "include"],
    ),
];

fn build(root: &Path, target: &Path, profile: &[&str], flags: &[&str]) -> Result<Duration> {
    let t = Instant::now();
    let args = ["build", "--quiet", "-p", "example-firmware"];
    let cargo = process::cargo_in(root, args.iter().chain(profile).chain(flags))
        .env("CARGO_TARGET_DIR", target);
    let status = process::status(&cargo).context("cannot run cargo")?;
    if !status.success() {
        bail!("building example-firmware with {flags:?} failed");
    }
    Ok(t.elapsed())
}

/// Clean build, then the median of `n` rebuilds after a touch of `lib.rs`.
fn clean_and_touched(
    root: &Path,
    target: &Path,
    profile: &[&str],
    flags: &[&str],
    n: u32,
) -> Result<(Duration, Duration)> {
    let lib = root.join("macros/example-firmware/src/lib.rs");
    let _ = std::fs::remove_dir_all(target);
    let clean = build(root, target, profile, flags)?;
    let mut touched = Vec::new();
    for _ in 0..n.max(1) {
        let file = std::fs::File::options()
            .append(true)
            .open(&lib)
            .with_context(|| format!("cannot open {}", lib.display()))?;
        file.set_modified(std::time::SystemTime::now())
            .with_context(|| format!("cannot touch {}", lib.display()))?;
        touched.push(build(root, target, profile, flags)?);
    }
    Ok((clean, super::median(touched)))
}

/// Both profiles; the smoke run (`smoke`) builds in the release profile only.
pub fn rows(root: &Path, smoke: bool, n: u32, table: &mut Table) -> Result<()> {
    let base = tempfile::Builder::new()
        .prefix("cca-abi-bench-builds-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let base = base.path();
    let profiles: [(&str, &[&str]); 2] = [("release", &["--release"]), ("dev", &[])];
    for (pname, profile) in profiles.into_iter().take(if smoke { 1 } else { 2 }) {
        let mut figures = Vec::new();
        for (i, (name, flags)) in VARIANTS.iter().enumerate() {
            println!("==> builds: example-firmware, {pname}, {name}");
            let target = base.join(format!("{pname}-{i}"));
            let r = clean_and_touched(root, &target, profile, flags, n);
            let _ = std::fs::remove_dir_all(&target);
            figures.push(r?);
        }
        let base_fig = figures[0];
        for ((name, _), (clean, touched)) in VARIANTS.iter().zip(&figures) {
            let s = |d: &Duration| format!("{:.2} s", d.as_secs_f64());
            table.push(Row {
                section: "macro",
                what: format!("example-firmware {pname}, {name}: clean build"),
                figure: s(clean),
                ratio: format!("{} of the checked-in crate", ratio(*clean, base_fig.0)),
            });
            table.push(Row {
                section: "macro",
                what: format!("example-firmware {pname}, {name}: rebuild after touching lib.rs"),
                figure: s(touched),
                ratio: format!("{} of the checked-in crate", ratio(*touched, base_fig.1)),
            });
        }
    }
    Ok(())
}
