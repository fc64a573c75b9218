//! `wayland-scanner` (Debian `libwayland-bin`) on `wayland.xml` (Debian
//! `libwayland-dev`) in the same run: a mature C code generator's time per
//! message (request or event) next to ours per function.

use super::{Row, Table, ms};
use crate::process;
use crate::tools::{Need, ensure};
use anyhow::{Context as _, Result, bail};
use std::path::Path;
use std::time::{Duration, Instant};

const XML: &str = "/usr/share/wayland/wayland.xml";

/// One `wayland-scanner MODE wayland.xml OUT` run.
fn scan(mode: &str, out: &Path) -> Result<Duration> {
    let t = Instant::now();
    let status = process::status(&duct::cmd!("wayland-scanner", mode, XML, out))
        .context("cannot run wayland-scanner")?;
    if !status.success() {
        bail!("wayland-scanner {mode} failed ({status})");
    }
    Ok(t.elapsed())
}

/// Requests and events in `wayland.xml`.
fn messages() -> Result<usize> {
    let xml = std::fs::read_to_string(XML).with_context(|| format!("cannot read {XML}"))?;
    Ok(xml.matches("<request ").count() + xml.matches("<event ").count())
}

/// `ours` is the time of one `generate` that writes every file, for
/// `functions` functions.
pub fn rows(n: u32, ours: Duration, functions: usize, table: &mut Table) -> Result<()> {
    ensure(&[
        Need::Program("wayland-scanner", "libwayland-bin"),
        Need::File(XML, "libwayland-dev"),
    ])?;
    println!("==> wayland-scanner on {XML}");
    let dir = tempfile::Builder::new()
        .prefix("cca-abi-bench-wl-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let both = || -> Result<Duration> {
        Ok(scan("client-header", &dir.path().join("client.h"))?
            + scan("private-code", &dir.path().join("code.c"))?)
    };
    let mut v = Vec::new();
    both()?;
    for _ in 0..n.max(1) {
        v.push(both()?);
    }
    drop(dir);
    let theirs = super::median(v);
    let items = messages()?;
    let per = |d: Duration, k: usize| d / u32::try_from(k.max(1)).unwrap_or(u32::MAX);
    let (theirs_per, ours_per) = (per(theirs, items), per(ours, functions));
    table.push(Row {
        section: "wayland",
        what: format!(
            "wayland-scanner client-header + private-code, {items} messages: per message"
        ),
        figure: format!("{:.1} µs", theirs_per.as_secs_f64() * 1e6),
        ratio: format!("{} in all", ms(theirs)),
    });
    table.push(Row {
        section: "wayland",
        what: format!("`generate` (every file rewritten), {functions} functions: per function"),
        figure: format!("{:.1} µs", ours_per.as_secs_f64() * 1e6),
        ratio: format!(
            "{} of wayland-scanner's per item",
            super::ratio(ours_per, theirs_per)
        ),
    });
    Ok(())
}
