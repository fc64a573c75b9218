//! `wayland-scanner` (Debian `libwayland-bin`) on `wayland.xml` (Debian
//! `libwayland-dev`) in the same run: a mature C code generator's time per
//! message (request or event) next to ours per function.

use super::{Row, Table, ms};
use crate::tools::{Need, ensure};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const XML: &str = "/usr/share/wayland/wayland.xml";

/// One `wayland-scanner MODE wayland.xml OUT` run.
fn scan(mode: &str, out: &Path) -> Result<Duration, String> {
    let t = Instant::now();
    let status = Command::new("wayland-scanner")
        .args([mode, XML])
        .arg(out)
        .status()
        .map_err(|e| format!("error: cannot run wayland-scanner: {e}"))?;
    if status.success() {
        Ok(t.elapsed())
    } else {
        Err(format!("error: wayland-scanner {mode} failed ({status})"))
    }
}

/// Requests and events in `wayland.xml`.
fn messages() -> Result<usize, String> {
    let xml = std::fs::read_to_string(XML).map_err(|e| format!("error: cannot read {XML}: {e}"))?;
    Ok(xml.matches("<request ").count() + xml.matches("<event ").count())
}

/// `ours` is the time of one `generate` that writes every file, for
/// `functions` functions.
pub fn rows(n: u32, ours: Duration, functions: usize, table: &mut Table) -> Result<(), String> {
    ensure(&[
        Need::Program("wayland-scanner", "libwayland-bin"),
        Need::File(XML, "libwayland-dev"),
    ])?;
    println!("==> wayland-scanner on {XML}");
    let dir = std::env::temp_dir().join(format!("cca-abi-bench-wl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("error: {e}"))?;
    let both = || -> Result<Duration, String> {
        Ok(scan("client-header", &dir.join("client.h"))?
            + scan("private-code", &dir.join("code.c"))?)
    };
    let mut v = Vec::new();
    both()?;
    for _ in 0..n.max(1) {
        v.push(both()?);
    }
    let _ = std::fs::remove_dir_all(&dir);
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
