//! `cargo xtask bench`: figures for the generator, measured on this machine,
//! as one table (printed, and written to `target/bench/report.md`) where
//! every figure has a ratio taken in the same run: absolute times on a shared
//! machine are noise, ratios much less so.
//!
//! Sections: the commands as a user runs them against their I/O floor
//! (`commands`), in-process scaling with synthetic descriptions (`scaling`),
//! `wayland-scanner` per item (`wayland`), firmware builds through the
//! proc-macro (`macro`) and the generated query routines as machine code:
//! their size, and the SMCs they make (`code`). `--smoke` runs each section
//! at its smallest size, once, so the bench cannot rot (`cargo xtask ci`
//! runs it).

mod builds;
mod code;
mod commands;
pub mod floor;
mod scaling;
mod synthetic;
mod wayland;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

use crate::process::{self, cmd};

/// One line of the report.
#[derive(Debug)]
pub struct Row {
    pub section: &'static str,
    pub what: String,
    pub figure: String,
    pub ratio: String,
}

/// The report, in measurement order.
#[derive(Debug, Default)]
pub struct Table(Vec<Row>);

impl Table {
    pub fn push(&mut self, row: Row) {
        self.0.push(row);
    }

    /// The table as Markdown, pipes in cells escaped.
    pub fn markdown(&self) -> String {
        let cell = |s: &str| s.replace('|', "\\|");
        let mut out =
            String::from("| section | measurement | figure | ratio |\n|---|---|---:|---|\n");
        for r in &self.0 {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                r.section,
                cell(&r.what),
                cell(&r.figure),
                cell(&r.ratio)
            ));
        }
        out
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The median of `n` runs of `f` after one warm-up.
fn time<F: FnMut() -> Result<()>>(n: u32, mut f: F) -> Result<Duration> {
    f()?;
    let mut v = Vec::new();
    for _ in 0..n.max(1) {
        let t = Instant::now();
        f()?;
        v.push(t.elapsed());
    }
    Ok(median(v))
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// `a` as a multiple of `b`.
fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64())
}

/// The release binaries: the xtask and the I/O floor.
struct Binaries {
    xtask: PathBuf,
    floor: PathBuf,
}

/// Build the release xtask (and the I/O floor with it).
fn release_binaries(root: &Path) -> Result<Binaries> {
    println!("==> building the release xtask");
    let build = process::cargo_in(root, ["build", "--release", "--quiet", "-p", "xtask"]);
    let status = process::status(&build).context("cannot run cargo")?;
    if !status.success() {
        bail!("release build of xtask failed");
    }
    let release = crate::tools::target_dir().join("release");
    Ok(Binaries {
        xtask: release.join("xtask"),
        floor: release.join("io-floor"),
    })
}

/// What `cargo xtask bench` measures.
#[derive(Debug)]
pub struct Options {
    pub iterations: u32,
    pub smoke: bool,
    /// One section of `SECTIONS` only.
    pub only: Option<String>,
}

/// Figures from a debug build mean nothing: run the release binary instead.
fn rerun_in_release(bin: &Path, o: &Options) -> Result<()> {
    let mut args = vec![
        "bench".to_string(),
        "--iterations".into(),
        o.iterations.to_string(),
    ];
    if o.smoke {
        args.push("--smoke".into());
    }
    if let Some(s) = &o.only {
        args.extend(["--only".into(), s.clone()]);
    }
    let status = process::status(&cmd(bin, args))
        .with_context(|| format!("cannot run {}", bin.display()))?;
    if !status.success() {
        // The release run said what went wrong.
        return Err(crate::Failure::silent());
    }
    Ok(())
}

/// The sections of the report, in order.
pub const SECTIONS: [&str; 5] = ["commands", "wayland", "scaling", "macro", "code"];

pub fn run(o: &Options) -> Result<()> {
    if let Some(s) = o.only.as_deref().filter(|s| !SECTIONS.contains(s)) {
        bail!(
            "unknown section `{s}`; expected one of {}",
            SECTIONS.join(", ")
        );
    }
    let root = crate::root();
    let bin = release_binaries(&root)?;
    if cfg!(debug_assertions) {
        return rerun_in_release(&bin.xtask, o);
    }
    let mut table = Table::default();
    sections(o, &root, &bin, &mut table)?;
    let report = table.markdown();
    println!("\n{report}");
    let dir = crate::tools::target_dir().join("bench");
    crate::tools::write_file(&dir.join("report.md"), &report)?;
    println!("written to {}", dir.join("report.md").display());
    Ok(())
}

/// Measure every section `o` asks for into `table`.
fn sections(o: &Options, root: &Path, bin: &Binaries, table: &mut Table) -> Result<()> {
    let wanted = |s: &str| o.only.as_deref().is_none_or(|only| only == s);
    let abi = root.join("abi");
    let n = if o.smoke { 1 } else { o.iterations };
    if wanted("commands") || wanted("wayland") {
        let mut commands = Table::default();
        let rewrite = commands::rows(&bin.xtask, &bin.floor, &abi, n, &mut commands)?;
        if wanted("commands") {
            table.0.append(&mut commands.0);
        }
        if wanted("wayland") {
            let (model, _) = crate::files::load_model(&abi)?;
            let functions = model.interfaces.iter().map(|i| i.functions.len()).sum();
            wayland::rows(n, rewrite, functions, table)?;
        }
    }
    if wanted("scaling") {
        let sizes: &[usize] = if o.smoke {
            &[100]
        } else {
            &[100, 1_000, 10_000]
        };
        scaling::rows(&scaling::run(&abi, sizes, n)?, table);
    }
    if wanted("macro") {
        builds::rows(root, o.smoke, if o.smoke { 1 } else { 3 }, table)?;
    }
    if wanted("code") {
        code::rows(&abi, o.smoke, table)?;
    }
    Ok(())
}
