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
mod scaling;
mod synthetic;
mod wayland;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// One line of the report.
pub struct Row {
    pub section: &'static str,
    pub what: String,
    pub figure: String,
    pub ratio: String,
}

/// The report, in measurement order.
#[derive(Default)]
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
fn time<F: FnMut() -> Result<(), String>>(n: u32, mut f: F) -> Result<Duration, String> {
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
    Ok(crate::tools::target_dir().join("release/xtask"))
}

/// What `cargo xtask bench` measures.
pub struct Options {
    pub iterations: u32,
    pub smoke: bool,
    /// One section of `SECTIONS` only.
    pub only: Option<String>,
}

/// Figures from a debug build mean nothing: run the release binary instead.
fn rerun_in_release(bin: &Path, o: &Options) -> Result<(), String> {
    let mut cmd = Command::new(bin);
    cmd.args(["bench", "--iterations", &o.iterations.to_string()]);
    if o.smoke {
        cmd.arg("--smoke");
    }
    if let Some(s) = &o.only {
        cmd.args(["--only", s]);
    }
    let status = cmd
        .status()
        .map_err(|e| format!("error: cannot run {}: {e}", bin.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(String::new())
    }
}

/// The sections of the report, in order.
pub const SECTIONS: [&str; 5] = ["commands", "wayland", "scaling", "macro", "code"];

pub fn run(o: &Options) -> Result<(), String> {
    if let Some(s) = o.only.as_deref().filter(|s| !SECTIONS.contains(s)) {
        return Err(format!(
            "error: unknown section `{s}`; expected one of {}",
            SECTIONS.join(", ")
        ));
    }
    let root = crate::root();
    let bin = release_binary(&root)?;
    if cfg!(debug_assertions) {
        return rerun_in_release(&bin, o);
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
fn sections(o: &Options, root: &Path, bin: &Path, table: &mut Table) -> Result<(), String> {
    let wanted = |s: &str| o.only.as_deref().is_none_or(|only| only == s);
    let abi = root.join("abi");
    let n = if o.smoke { 1 } else { o.iterations };
    if wanted("commands") || wanted("wayland") {
        let mut commands = Table::default();
        let rewrite = commands::rows(bin, &abi, n, &mut commands)?;
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
