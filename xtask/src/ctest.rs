//! `cargo xtask c-test`: the generated C run as a program.
//!
//! 1. The hostile-host table (`codegen/tests/data/hostile-host.yaml`) against
//!    the generated query routine of every Linux profile, in the driver
//!    `codegen::emit::c::harness` generates, compiled for the host with a
//!    userspace stand-in for the few kernel headers it includes and a
//!    scripted fake `rsi_host_call()` (`xtask/c-test/`).
//! 2. Layout conformance on aarch64: a probe compiled with the aarch64 cross
//!    compiler and run under `qemu-aarch64-static` prints every constant,
//!    `sizeof`, `_Alignof` and member offset the headers define; each is
//!    compared with the Model's value in `codegen::emit::c::probe_figures`,
//!    and with the Rust crate's `probe` example under the same labels.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use codegen::Model;
use codegen::config::LinuxProfile;
use codegen::emit::c::{HarnessCall, HarnessCase};
use codegen::emit::probe::{self, Figure, Kind};
use codegen::model::Status;
use serde::Deserialize;

use crate::process::{self, Args, run};
use crate::tools::{Need, cache_dir, ensure, write_file};

const NEEDS: &[Need] = &[
    Need::Program("gcc", "gcc"),
    Need::Program("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"),
    Need::File("/usr/aarch64-linux-gnu/lib/libc.a", "libc6-dev-arm64-cross"),
    Need::Program("qemu-aarch64-static", "qemu-user-static"),
];

/// The hostile-host table; the format is described at its top.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub query: String,
    /// Guest page sizes by name (`4k`), each case runs at every one.
    pub page_sizes: BTreeMap<String, u64>,
    pub cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub calls: Vec<Call>,
    pub expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    #[serde(default)]
    pub rsi: i128,
    #[serde(default)]
    pub answer: i128,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The granule the routine returns, per page-size name.
    pub granule: Option<BTreeMap<String, u64>>,
    /// Or the failure class: `transport` or `invalid`.
    pub error: Option<String>,
}

impl Case {
    /// The result line both languages print for this case at page size
    /// `ps`: `granule 0x…` or `error CLASS`.
    pub fn expected(&self, ps: &str) -> Result<String> {
        match (&self.expect.granule, &self.expect.error) {
            (Some(g), None) => g
                .get(ps)
                .map(|v| format!("granule {v:#x}"))
                .ok_or_else(|| anyhow!("case `{}` has no granule for {ps}", self.name)),
            (None, Some(e)) if e == "transport" || e == "invalid" => Ok(format!("error {e}")),
            _ => bail!(
                "case `{}` must expect a granule per page size or an error (transport, invalid)",
                self.name
            ),
        }
    }
}

pub fn table_path() -> PathBuf {
    crate::root().join("codegen/tests/data/hostile-host.yaml")
}

pub fn load_table() -> Result<Table> {
    let path = table_path();
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_saphyr::from_str(&text).with_context(|| path.display().to_string())
}

/// The table's cases as the C driver runs them at page size `ps`.
fn cases_at(table: &Table, ps: &str) -> Result<Vec<HarnessCase>> {
    table
        .cases
        .iter()
        .map(|case| {
            Ok(HarnessCase {
                name: case.name.clone(),
                calls: case
                    .calls
                    .iter()
                    .map(|k| HarnessCall {
                        carrier: k.rsi as u64,
                        answer: k.answer as u64,
                    })
                    .collect(),
                expect: case.expected(ps)?,
            })
        })
        .collect()
}

/// Result lines of a `N passed, M failed` run.
fn totals(out: &str) -> Option<(usize, usize)> {
    let line = out.lines().rev().find(|l| l.contains(" passed, "))?;
    let mut nums = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok());
    Some((nums.next()?, nums.next()?))
}

/// Write a profile's headers (final state) under `dir/include` and its
/// routine as `dir/routine.c`.
pub(crate) fn lay_out_routine(model: &Model, profile: &LinuxProfile, dir: &Path) -> Result<()> {
    let view = codegen::plan::View::new(model, profile);
    let plan = crate::files::profile_plan(model, &view)?;
    let series = codegen::emit::c::series(&plan).map_err(anyhow::Error::msg)?;
    crate::tools::lay_out(&series.whole_files(), dir)?;
    let Some(q) = &plan.query else {
        bail!("profile `{}` has no query routine", profile.name);
    };
    let routine = codegen::emit::c::routine_source(&plan, q).map_err(anyhow::Error::msg)?;
    write_file(&dir.join("routine.c"), &routine)
}

/// Run the table against the profile's routine at every page size; returns
/// the number of cases run and the programs' output.
fn hostile(
    model: &Model,
    profile: &LinuxProfile,
    table: &Table,
    dir: &Path,
) -> Result<(usize, String)> {
    if profile
        .query
        .as_ref()
        .is_none_or(|q| q.query != table.query)
    {
        return Ok((0, String::new()));
    }
    let view = codegen::plan::View::new(model, profile);
    let plan = crate::files::profile_plan(model, &view)?;
    let Some(q) = &plan.query else {
        return Ok((0, String::new()));
    };
    let shim = crate::root().join("xtask/c-test");
    lay_out_routine(model, profile, dir)?;
    let mut cases = 0;
    let mut output = String::new();
    for (ps, size) in &table.page_sizes {
        let driver_path = dir.join(format!("test_{ps}.c"));
        let driver =
            codegen::emit::c::harness(q, &cases_at(table, ps)?, ps).map_err(anyhow::Error::msg)?;
        write_file(&driver_path, &driver)?;
        let bin = dir.join(format!("test_{ps}"));
        let cc = Args::words("-std=gnu11 -O2 -Wall -Wextra -Werror")
            .arg(format!("-DSHIM_PAGE_SIZE={size:#x}UL"))
            .includes([
                shim.join("shim"),
                dir.join("include"),
                shim.clone(),
                dir.into(),
            ])
            .args([
                shim.join("fake_host.c"),
                driver_path,
                "-o".into(),
                bin.clone(),
            ]);
        let what = format!(
            "compiling the hostile-host test for {} at {ps}",
            profile.name
        );
        run(&process::cmd("gcc", cc), &what)?;
        let out = process::output(&duct::cmd!(&bin))
            .with_context(|| format!("cannot run {}", bin.display()))?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (passed, failed) =
            totals(&text).with_context(|| format!("no totals from {}:\n{text}", bin.display()))?;
        if failed > 0 || !out.status.success() || passed != table.cases.len() {
            return Err(crate::Failure::report(
                text,
                format!(
                    "hostile-host table failed for {} ({}, {ps} pages)",
                    q.config.function, profile.name
                ),
            ));
        }
        println!(
            "    {}: {}() with {ps} pages: {passed} passed, 0 failed",
            profile.name, q.config.function
        );
        cases += passed;
        output.push_str(&text);
    }
    Ok((cases, output))
}

/// The layout check at every specification revision of every interface that
/// has several: the headers of `base` with that interface at the revision,
/// drafts included, compared with the model narrowed to it.
fn revision_layouts(model: &Model, base: &LinuxProfile, scratch: &Path) -> Result<Vec<String>> {
    let mut done = Vec::new();
    for iface in model.interfaces.iter().filter(|i| i.revisions.len() > 1) {
        for r in &iface.revisions {
            let mut p = base.clone();
            for h in p.headers.iter_mut().filter(|h| h.interface == iface.name) {
                h.revision = Some(r.name.clone());
                h.statuses = vec![Status::Stable, Status::Draft];
            }
            let dir = scratch.join(format!("layout-{}-{}", iface.name, r.name));
            let (structs, fields, _) = layout(model, &p, &dir)?;
            done.push(format!(
                "{} {} (drafts included): {structs} structs, {fields} members",
                iface.name, r.name
            ));
        }
    }
    Ok(done)
}

/// Compare the aarch64 layout of every struct with the Model.
fn layout(model: &Model, profile: &LinuxProfile, dir: &Path) -> Result<(usize, usize, String)> {
    lay_out_routine(model, profile, dir)?;
    let probe = dir.join("layout_probe.c");
    let view = codegen::plan::View::new(model, profile);
    let plan = crate::files::profile_plan(model, &view)?;
    write_file(&probe, &codegen::emit::c::layout_probe(&plan))?;
    let bin = dir.join("layout_probe");
    let shim = crate::root().join("xtask/c-test/shim");
    let cc = Args::words("-std=gnu11 -static -O1 -Wall -Werror")
        .includes([shim, dir.join("include")])
        .args([probe, "-o".into(), bin.clone()]);
    let cc = process::cmd("aarch64-linux-gnu-gcc", cc);
    run(&cc, "cross-compiling the layout probe")?;
    let out = run(
        &duct::cmd!("qemu-aarch64-static", &bin),
        "running the layout probe",
    )?;
    // The figures the probe prints, each with the Model's value.
    let figures = codegen::emit::c::probe_figures(&plan);
    let got = probe::read(&out);
    let wrong: Vec<String> = figures
        .iter()
        .filter_map(|f| {
            let c = got.get(&f.label()).copied();
            (c != Some(f.value))
                .then(|| format!("{f}: aarch64 C says {c:?}, the Model says {}", f.value))
        })
        .collect();
    if !wrong.is_empty() {
        bail!(
            "aarch64 C differs from the Model:\n  {}",
            wrong.join("\n  ")
        );
    }
    let count = |k: Kind| figures.iter().filter(|f| f.kind == k).count();
    let (structs, fields) = (count(Kind::Size), count(Kind::Offset));
    if structs == 0 {
        bail!("the layout probe compared no struct");
    }
    Ok((structs, fields, out))
}

fn cargo_example(args: &[&str]) -> Result<String> {
    let run_example = [
        "run",
        "--quiet",
        "-p",
        codegen::emit::rust::CRATE,
        "--features",
        "model-host",
        "--example",
    ];
    let cmd = process::cargo(run_example.iter().chain(args));
    run(&cmd, &format!("cargo run --example {}", args.join(" ")))
}

/// C and Rust agree: every constant and layout figure the C headers define
/// (compiled for aarch64, run under qemu) equals the Rust crate's, and the
/// two query routines give the same result for every hostile-host case.
fn conformance(figures: &[Figure], c_probe: &str) -> Result<(usize, usize, usize)> {
    let rust_probe = cargo_example(&["probe"])?;
    let (c, r) = (probe::read(c_probe), probe::read(&rust_probe));
    let mut wrong = Vec::new();
    for label in figures.iter().map(Figure::label) {
        match (c.get(&label), r.get(&label)) {
            (Some(cv), Some(rv)) if cv == rv => {}
            (Some(cv), Some(rv)) => wrong.push(format!("{label}: C {cv:#x}, Rust {rv:#x}")),
            (Some(_), None) => wrong.push(format!("{label}: in C, not in the Rust crate")),
            (None, _) => wrong.push(format!("{label}: not printed by the C probe")),
        }
    }
    if !wrong.is_empty() {
        bail!("C and Rust disagree:\n  {}", wrong.join("\n  "));
    }
    let constants = figures.iter().filter(|f| !f.kind.is_layout()).count();
    let structs: BTreeSet<&str> = figures.iter().filter_map(Figure::structure).collect();
    Ok((constants, structs.len(), figures.len() - constants))
}

/// `CASE@PS` to `granule 0x…` or `error CLASS`, from a run's `result` lines.
fn results(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("result "))
        .filter_map(|l| l.split_once(' '))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// The Rust routine's results for the table, from the crate's `hostile` example.
fn rust_hostile() -> Result<String> {
    cargo_example(&["hostile", "--", &table_path().to_string_lossy()])
}

/// C and Rust give the same result for every case at every page size.
fn hostile_agree(table: &Table, c: &str, rust: &str) -> Result<usize> {
    let (cr, rr) = (results(c), results(rust));
    let mut wrong = Vec::new();
    let mut cases = 0;
    for case in &table.cases {
        for ps in table.page_sizes.keys() {
            let key = format!("{}@{ps}", case.name);
            match (cr.get(&key), rr.get(&key)) {
                (Some(cv), Some(rv)) if cv == rv => cases += 1,
                (Some(cv), Some(rv)) => wrong.push(format!("{key}: C {cv}, Rust {rv}")),
                _ => wrong.push(format!("{key}: missing a result")),
            }
        }
    }
    if !wrong.is_empty() {
        bail!("C and Rust disagree:\n  {}", wrong.join("\n  "));
    }
    Ok(cases)
}

/// The layout asserts bite, in C and in Rust: with one member offset changed
/// in the Model (as a YAML edit would, were it not already refused by the
/// loader's own coverage check), both the generated C header and the
/// generated Rust crate must fail to compile, naming the member.
fn asserts_bite(abi: &Path, dir: &Path) -> Result<()> {
    let (mut model, outputs) = crate::files::load_all(abi)?;
    let member = model
        .interfaces
        .iter_mut()
        .flat_map(|i| i.structs.iter_mut())
        .find(|s| s.name == "RsiHostCall")
        .and_then(|s| s.members.iter_mut().find(|m| m.name == "gprs"))
        .context("RsiHostCall.gprs is gone; update the layout negative control")?;
    member.offset = 0x10;
    let _ = fs::remove_dir_all(dir);

    // C: the header alone, compiled with the userspace shim.
    lay_out_routine(&model, outputs.linux.default_profile(), &dir.join("c"))?;
    let unit = dir.join("c/unit.c");
    write_file(&unit, "#include <asm/rsi_smc.h>\n")?;
    let gcc = Args::words("-std=gnu11 -fsyntax-only")
        .includes([
            crate::root().join("xtask/c-test/shim"),
            dir.join("c/include"),
        ])
        .arg(&unit);
    let out = process::output(&process::cmd("gcc", gcc)).context("cannot run gcc")?;
    let text = String::from_utf8_lossy(&out.stderr);
    let c_msg = text
        .lines()
        .find(|l| l.contains("static assertion failed") && l.contains("gprs"))
        .map(str::trim)
        .map(str::to_string);
    // Rust: the crate alone, checked.
    let krate = dir.join("rust");
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    for f in codegen::emit::rust::files(&model, threads) {
        let rel = f.path.strip_prefix("rust/").unwrap_or(&f.path);
        write_file(&krate.join(rel), &f.contents)?;
    }
    // A crate of its own, outside any workspace.
    let manifest = krate.join("Cargo.toml");
    let text = fs::read_to_string(&manifest)?;
    write_file(&manifest, &format!("{text}\n[workspace]\n"))?;
    let check = process::cargo_in(&krate, ["check", "--quiet", "--lib"])
        .env("CARGO_TARGET_DIR", cache_dir().join("target-bite"));
    let out = process::output(&check).context("cannot run cargo")?;
    let text = String::from_utf8_lossy(&out.stderr);
    let rust_msg = text
        .lines()
        .find(|l| l.contains("offset of RsiHostCall.gprs differs from the ABI"))
        .map(str::trim)
        .map(str::to_string);
    match (c_msg, rust_msg, out.status.success()) {
        (Some(c), Some(r), false) => {
            // The messages are the expected refusals: quote them as such, so
            // that they do not read like a failure of this run.
            let quoted = |m: &str| {
                m.rsplit("error")
                    .next()
                    .unwrap_or(m)
                    .trim_start_matches([':', ' '])
                    .to_string()
            };
            println!(
                "    negative control, as expected: with RsiHostCall.gprs moved to 0x10, gcc refuses the header ({}) and rustc the crate ({})",
                quoted(&c),
                quoted(&r)
            );
            Ok(())
        }
        (c, r, _) => {
            bail!("a changed member offset did not break both builds (C: {c:?}, Rust: {r:?})")
        }
    }
}

pub fn run_tests(abi: &Path) -> Result<()> {
    ensure(NEEDS)?;
    let (model, outputs) = crate::files::load_all(abi)?;
    let table = load_table()?;
    let scratch = cache_dir().join("c-test");
    let (mut cases, mut runs) = (0, 0);
    let mut texts = Vec::new();
    for p in &outputs.linux.profiles {
        let (n, text) = hostile(&model, p, &table, &scratch.join(&p.name).join("hostile"))?;
        if n > 0 {
            runs += 1;
            texts.push(text);
        }
        cases += n;
    }
    let rust = rust_hostile()?;
    let mut agree = 0;
    for text in &texts {
        agree += hostile_agree(&table, text, &rust)?;
    }
    if runs == 0 {
        bail!("no profile generates the query `{}`", table.query);
    }
    let sizes: Vec<&str> = table.page_sizes.keys().map(String::as_str).collect();
    // The layout and constants of the whole tables, not only what the series uses.
    let mut full = outputs.linux.default_profile().clone();
    for h in &mut full.headers {
        h.items = codegen::config::Items::All;
    }
    let (structs, fields, probe) = layout(&model, &full, &scratch.join("layout"))?;
    println!(
        "c-test: hostile host {} cases x {} page sizes ({}) over {runs} profiles: {cases} runs, all as expected, requests clean; aarch64 layout {structs} structs, {fields} members, sizes, alignments and the headers' constants equal to the Model",
        table.cases.len(),
        sizes.len(),
        sizes.join(", ")
    );
    for line in revision_layouts(&model, &full, &scratch)? {
        println!("c-test: aarch64 layout at {line}, equal to the Model");
    }
    asserts_bite(abi, &scratch.join("asserts-bite"))?;
    let view = codegen::plan::View::new(&model, &full);
    let figures = codegen::emit::c::probe_figures(&crate::files::profile_plan(&model, &view)?);
    let (constants, c_structs, layout_items) = conformance(&figures, &probe)?;
    println!(
        "conformance: C (aarch64, qemu) and Rust agree: {constants} constants compared, {c_structs} structs x {layout_items} size/alignment/offset figures compared; {agree} hostile-host results (every profile, every page size) identical"
    );
    Ok(())
}
