//! The generated query routines as machine code (`code`): their size next to
//! the posted kernel patch's routine, and the SMCs they make on the good path.
//!
//! - C, per Linux profile: the routine as the series places it, with the
//!   generated `rsi_host_call()`, compiled alone for arm64 the way a kernel
//!   build compiles it (gcc -O2, the kernel's flags and `__init`; the
//!   stand-ins of `xtask/c-test/kernel/` over the c-test's) and kept
//!   `noinline`: the instructions of the routine and of every function of
//!   the unit it calls, counted in `objdump -d`.
//! - Rust: `rhi::ipa_change_alignment` of the generated crate over the real
//!   `Smc` conduit, for `aarch64-unknown-none` in release, kept a function of
//!   its own by `xtask/code-probe/` (a crate built in the cache directory):
//!   its instructions and those of every function of the crate it calls
//!   (`objdump`, which also counts the C routine's).
//! - SMCs on the good path (the first case of the hostile-host table whose
//!   valid answer decides the granule at every page size): C runs the unit
//!   under qemu-aarch64, where each SMC instruction traps
//!   (`xtask/c-test/smc_trap.c`) and the c-test's scripted host answers;
//!   Rust runs the query over a conduit that counts its `smc` calls and
//!   hands `RSI_HOST_CALL` to the crate's scripted host, so the calls take
//!   the trait's own `host_call`, as with `Smc`.

mod objdump;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use codegen::Model;
use codegen::config::{Fragment, LinuxProfile, LinuxQuery, Placement};
use codegen::emit::c::Change;

use super::{Row, Table};
use crate::ctest::{self, Case};
use crate::process::{self, Args, run};
use crate::tools::{Need, cache_dir, ensure, write_file};
use objdump::{Size, functions};

/// Instructions of `rhi_get_ipa_change_alignment()` in the posted kernel
/// patch (Linux HOSTCONF v4, `arch/arm64/kernel/rhi.c`) with gcc 12 -O2 on
/// arm64: the figure quoted in the issue.
const POSTED_PATCH_INSTRUCTIONS: usize = 41;

const CC: &str = "aarch64-linux-gnu-gcc";
const OBJDUMP: &str = "aarch64-linux-gnu-objdump";
const RUST_TARGET: &str = "aarch64-unknown-none";

const NEEDS: &[Need] = &[
    Need::Program(CC, "gcc-aarch64-linux-gnu"),
    Need::Program(OBJDUMP, "binutils-aarch64-linux-gnu"),
    Need::File("/usr/aarch64-linux-gnu/lib/libc.a", "libc6-dev-arm64-cross"),
    Need::Program("qemu-aarch64-static", "qemu-user-static"),
];

/// The kernel's flags for arm64 C (`Makefile`, `arch/arm64/Makefile`)
/// without what a config adds (stack protector, pointer authentication).
const KERNEL_CFLAGS: &[&str] = &[
    "-std=gnu11",
    "-O2",
    "-mgeneral-regs-only",
    "-fno-common",
    "-fno-PIE",
    "-fno-strict-aliasing",
    "-fno-delete-null-pointer-checks",
    "-fconserve-stack",
    "-fno-asynchronous-unwind-tables",
    "-fno-unwind-tables",
    "-mbranch-protection=none",
    "-fno-stack-protector",
    "-Wall",
    "-Wextra",
    "-Werror",
];

/// The unit the routine is compiled in: the generated text is included as
/// it is; a declaration first keeps the routine `noinline` (`LINKAGE` is
/// `static ` for a routine inserted into `rsi.c`), and `bench_query()`
/// calls it.
const UNIT: &str = r#"#include <linux/errno.h>
#include <linux/init.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <asm/rsi_cmds.h>

LINKAGE int FUNCTION(unsigned long *out) __attribute__((noinline));

#include "routine.c"

int bench_query(unsigned long *out);
int bench_query(unsigned long *out)
{
	return FUNCTION(out);
}
"#;

/// The good-path program around the unit: SMCs with X0 = `CARRIER` go to
/// the c-test's scripted host, loaded with `CALLS`.
const DRIVER: &str = r#"#include <stdio.h>

#include <asm/rsi_cmds.h>

#include "fake_host.h"
#include "smc_trap.h"

u64 kimage_voffset;

int bench_query(unsigned long *out);

unsigned long smc_trap_answer(unsigned long fid, unsigned long x1)
{
	if (fid == CARRIER)
		return rsi_host_call(x1);
	return (unsigned long)SMCCC_RET_NOT_SUPPORTED;
}

static const struct fake_call calls[] = { CALLS };

int main(void)
{
	unsigned long value = 0;
	int err, k;

	smc_trap_install();
	fake_host_load(calls, sizeof(calls) / sizeof(calls[0]));
	err = bench_query(&value);
	for (k = 0; k < smc_trap_count(); k++)
		printf("smc %#lx\n", smc_trap_fid(k));
	for (k = 0; k < fake_host_calls(); k++)
		printf("host %#lx\n", fake_host_fid(k));
	if (err)
		printf("result errno %d\n", err);
	else
		printf("result granule %#lx\n", value);
	return 0;
}
"#;

const PROBE_MANIFEST: &str = r#"# Written by `cargo xtask bench` (code section) on every run.
[package]
name = "cca-abi-code-probe"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
cca-abi = { path = "GENERATED" }

[dev-dependencies]
cca-abi = { path = "GENERATED", features = ["model-host"] }

# A workspace of its own.
[workspace]
"#;

/// The probe crate's sources: `probe()` and the good-path example.
const PROBE_LIB: &str = include_str!("../../code-probe/lib.rs");
const PROBE_GOOD_PATH: &str = include_str!("../../code-probe/good_path.rs");

/// The good path: a case where the host offers the call and its valid
/// answer decides the granule at every page size, and the page sizes run.
struct Good<'a> {
    case: &'a Case,
    page_sizes: Vec<(&'a str, u64)>,
}

impl<'a> Good<'a> {
    fn from_table(table: &'a ctest::Table, smoke: bool) -> Result<Self> {
        let above_every_page = |c: &&Case| {
            c.expect.granule.as_ref().is_some_and(|g| {
                (table.page_sizes.iter()).all(|(ps, size)| g.get(ps).is_some_and(|v| v > size))
            })
        };
        let case = (table.cases.iter().find(above_every_page))
            .context("no hostile-host case has a granule above every page size")?;
        let mut page_sizes: Vec<(&str, u64)> = (table.page_sizes.iter())
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        page_sizes.truncate(if smoke { 1 } else { page_sizes.len() });
        Ok(Good { case, page_sizes })
    }

    /// The host's answer to the value call.
    fn answer(&self) -> u64 {
        self.case.calls.last().map_or(0, |c| c.answer as u64)
    }

    fn pages(&self) -> String {
        let names: Vec<&str> = self.page_sizes.iter().map(|(n, _)| *n).collect();
        format!("{} pages", names.join(", "))
    }
}

pub fn rows(abi: &Path, smoke: bool, table: &mut Table) -> Result<()> {
    ensure(NEEDS)?;
    crate::tools::ensure_target(RUST_TARGET)?;
    let (model, outputs) = crate::files::load_all(abi)?;
    let hostile = ctest::load_table()?;
    let good = Good::from_table(&hostile, smoke)?;
    let dir = tempfile::Builder::new()
        .prefix("cca-abi-bench-code-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    measure(&model, &outputs, &good, dir.path(), table)
}

/// The rows of every profile's C routine, then of the Rust one.
fn measure(
    model: &Model,
    outputs: &codegen::Outputs,
    good: &Good<'_>,
    dir: &Path,
    table: &mut Table,
) -> Result<()> {
    let mut first = None;
    for p in &outputs.linux.profiles {
        if let Some(q) = &p.query {
            let size = c_rows(model, p, q, good, &dir.join(&p.name), table)?;
            first = first.or(Some((p.name.as_str(), size)));
        }
    }
    let first = first.context("no Linux profile has a query")?;
    rust_rows(model, good, first, table)
}

/// The rows of one profile's C routine; returns its size in instructions.
fn c_rows(
    model: &Model,
    profile: &LinuxProfile,
    q: &LinuxQuery,
    good: &Good<'_>,
    dir: &Path,
    table: &mut Table,
) -> Result<usize> {
    println!("==> code: C query routine of {}", profile.name);
    let (first_ps, _) =
        (good.page_sizes.first()).context("the hostile-host table has no page size")?;
    let mut runs = Vec::new();
    let mut size = None;
    for &(ps, page) in &good.page_sizes {
        let pdir = dir.join(ps);
        let obj = c_object(model, profile, q, page, &pdir)?;
        if size.is_none() {
            size = Some(Size::of(&functions(&obj)?, &q.function)?);
        }
        runs.push((ps, c_run(model, good.case, &obj, &pdir)?));
    }
    let size = size.context("no object was compiled")?;
    println!("    {}: {}", profile.name, size.detail());
    table.push(c_size_row(profile, &size, first_ps)?);
    let what = format!(
        "SMCs on the good path, C {} (host answers {:#x}; SMC instructions trapped under qemu-aarch64, {})",
        profile.name,
        good.answer(),
        good.pages()
    );
    table.push(smc_row(model, what, good, &runs)?);
    Ok(size.total)
}

fn c_size_row(profile: &LinuxProfile, size: &Size, page: &str) -> Result<Row> {
    let gcc = run(
        &duct::cmd!(CC, "-dumpfullversion"),
        "asking gcc its version",
    )?;
    Ok(Row {
        section: "code",
        what: format!(
            "C query routine, {}: {} (gcc {} -O2, kernel flags, {page} pages); does every check: revision, feature bit, echoed ID, SMCCC errors, power of two, SZ_4K..SZ_512M, never below PAGE_SIZE",
            profile.name,
            size.names(),
            gcc.trim(),
        ),
        figure: format!("{} instructions", size.total),
        ratio: format!(
            "{} the posted patch's {POSTED_PATCH_INSTRUCTIONS} (goal ≤ 2×)",
            times(size.total, POSTED_PATCH_INSTRUCTIONS)
        ),
    })
}

/// Lay out the profile's routine and `rsi_host_call()` in a fresh `dir`
/// and compile the unit for arm64 at `page` bytes; returns the object.
fn c_object(
    model: &Model,
    profile: &LinuxProfile,
    q: &LinuxQuery,
    page: u64,
    dir: &Path,
) -> Result<PathBuf> {
    ctest::lay_out_routine(model, profile, dir)?;
    write_file(&dir.join("rsi_host_call.h"), &host_call(model, profile)?)?;
    let linkage = match q.placement {
        Placement::Inline => "static ",
        Placement::File => "",
    };
    let unit = dir.join("unit.c");
    write_file(
        &unit,
        &UNIT
            .replace("LINKAGE ", linkage)
            .replace("FUNCTION", &q.function),
    )?;
    let c_test = crate::root().join("xtask/c-test");
    let obj = dir.join("unit.o");
    let args = Args::default()
        .args(KERNEL_CFLAGS)
        .arg(format!("-DSHIM_PAGE_SIZE={page:#x}UL"))
        .includes([
            c_test.join("kernel"),
            c_test.join("shim"),
            dir.join("include"),
        ])
        .includes([dir])
        .args(["-c".into(), unit, "-o".into(), obj.clone()]);
    run(
        &process::cmd(CC, args),
        &format!("compiling the {} routine for arm64", profile.name),
    )?;
    Ok(obj)
}

/// The profile's `rsi_host_call()`, as its series inserts it.
fn host_call(model: &Model, profile: &LinuxProfile) -> Result<String> {
    let view = codegen::plan::View::new(model, profile);
    let plan = crate::files::profile_plan(model, &view)?;
    let series = codegen::emit::c::series(&plan).map_err(anyhow::Error::msg)?;
    (series.patches.into_iter().flat_map(|p| p.changes))
        .find_map(|c| match c {
            Change::Insert { edit, text } if edit.fragment == Fragment::RsiHostCall => Some(text),
            _ => None,
        })
        .with_context(|| format!("{} inserts no rsi_host_call()", profile.name))
}

/// Link the unit into the good-path program and run it under qemu.
fn c_run(model: &Model, case: &Case, obj: &Path, dir: &Path) -> Result<Run> {
    let c_test = crate::root().join("xtask/c-test");
    let trap = dir.join("smc_trap.o");
    let args = Args::words("-std=gnu11 -O2 -Wall -Wextra -Werror -c").args([
        c_test.join("smc_trap.c"),
        "-o".into(),
        trap.clone(),
    ]);
    run(&process::cmd(CC, args), "compiling smc_trap.c")?;
    let calls: Vec<String> = (case.calls.iter())
        .map(|k| format!("{{ {:#x}UL, {:#x}UL }}", k.rsi as u64, k.answer as u64))
        .collect();
    let driver = dir.join("driver.c");
    let text = DRIVER
        .replace("CARRIER", &format!("{:#x}UL", carrier(model)?))
        .replace("CALLS", &calls.join(", "));
    write_file(&driver, &text)?;
    let bin = dir.join("good_path");
    let args = Args::words("-std=gnu11 -O2 -static -Wall -Wextra -Werror")
        .includes([c_test.join("shim"), dir.join("include"), c_test.clone()])
        .args([driver, c_test.join("fake_host.c"), trap, obj.to_path_buf()])
        .args(["-o".into(), bin.clone()]);
    run(&process::cmd(CC, args), "linking the C good-path program")?;
    let out = run(
        &duct::cmd!("qemu-aarch64-static", &bin),
        "running the C good path",
    )?;
    Run::parse(&out)
}

/// The function ID of the SMC that carries host calls.
fn carrier(model: &Model) -> Result<u32> {
    model
        .interfaces
        .iter()
        .find_map(|i| model.carrier_of(i))
        .map(|(_, f, _)| f.fid)
        .context("no interface of the ABI names a carrier")
}

/// The rows of the Rust routine; `c` is the first C routine's profile and size.
fn rust_rows(model: &Model, good: &Good<'_>, c: (&str, usize), table: &mut Table) -> Result<()> {
    println!("==> code: Rust query routine");
    let dir = probe_crate()?;
    let target = cache_dir().join("bench-code/target");
    let lib = rust_object(&dir, &target)?;
    let mut funcs = functions(&lib)?;
    // The crate's code and the probe's, not core's or the conduit crate's.
    funcs.retain(|f| {
        let krate = f.member.split('-').next().unwrap_or_default();
        krate == "cca_abi" || krate == "cca_abi_code_probe"
    });
    let size = Size::of(&funcs, "cca_abi::rhi::ipa_change_alignment")?;
    println!("    rust: {}", size.detail());
    table.push(Row {
        section: "code",
        what: format!(
            "Rust query routine: {} (`Smc` conduit, {RUST_TARGET}, release); same checks as C",
            size.names()
        ),
        figure: format!("{} instructions", size.total),
        ratio: format!(
            "{} the posted patch's {POSTED_PATCH_INSTRUCTIONS}; {} the C routine of {}",
            times(size.total, POSTED_PATCH_INSTRUCTIONS),
            times(size.total, c.1),
            c.0
        ),
    });
    let mut runs = Vec::new();
    for &(ps, page) in &good.page_sizes {
        runs.push((ps, rust_run(&dir, &target, good.case, page)?));
    }
    let what = format!(
        "SMCs on the good path, Rust (host answers {:#x}; `smc` calls of a counting conduit over `ScriptedHost`, {})",
        good.answer(),
        good.pages()
    );
    table.push(smc_row(model, what, good, &runs)?);
    Ok(())
}

/// Write the probe crate under the cache directory (its files are
/// rewritten only when they change, so the build is reused).
fn probe_crate() -> Result<PathBuf> {
    let dir = cache_dir().join("bench-code/probe");
    let generated = crate::root().join("generated/rust");
    let manifest = PROBE_MANIFEST.replace("GENERATED", &generated.display().to_string());
    for (rel, text) in [
        ("Cargo.toml", manifest.as_str()),
        ("src/lib.rs", PROBE_LIB),
        ("examples/good_path.rs", PROBE_GOOD_PATH),
    ] {
        let path = dir.join(rel);
        if fs::read_to_string(&path).ok().as_deref() != Some(text) {
            write_file(&path, text)?;
        }
    }
    // The workspace's dependency versions (smccc above all).
    let lock = crate::root().join("Cargo.lock");
    fs::copy(&lock, dir.join("Cargo.lock"))
        .with_context(|| format!("cannot copy {}", lock.display()))?;
    Ok(dir)
}

/// Build the probe as a static library for the target; returns its path.
fn rust_object(dir: &Path, target: &Path) -> Result<PathBuf> {
    let rustc = [
        "rustc",
        "--quiet",
        "--release",
        "--lib",
        "--target",
        RUST_TARGET,
    ];
    let args = rustc.into_iter().chain(["--crate-type", "staticlib"]);
    let cargo = process::cargo_in(dir, args).env("CARGO_TARGET_DIR", target);
    run(
        &cargo,
        &format!("building the probe crate for {RUST_TARGET}"),
    )?;
    Ok(target
        .join(RUST_TARGET)
        .join("release/libcca_abi_code_probe.a"))
}

/// Run the good path through the probe crate's example on this machine.
fn rust_run(dir: &Path, target: &Path, case: &Case, page: u64) -> Result<Run> {
    let mut args: Vec<String> = "run --quiet --release --example good_path --"
        .split(' ')
        .map(String::from)
        .collect();
    args.push(format!("{page:#x}"));
    for k in &case.calls {
        args.push(format!("{:#x}", k.rsi as u64));
        args.push(format!("{:#x}", k.answer as u64));
    }
    let cargo = process::cargo_in(dir, args).env("CARGO_TARGET_DIR", target);
    Run::parse(&run(&cargo, "running the Rust good path")?)
}

/// `a` as a multiple of `b`.
fn times(a: usize, b: usize) -> String {
    format!("{:.2}×", a as f64 / b.max(1) as f64)
}

/// What a good-path run printed.
#[derive(Debug, PartialEq)]
struct Run {
    /// X0 of every SMC, in order.
    smcs: Vec<u64>,
    /// `gprs[0]` of every host call, in order.
    host_calls: Vec<u64>,
    /// `granule 0x…`, or the error.
    result: String,
}

impl Run {
    fn parse(text: &str) -> Result<Run> {
        let hex = |v: &str| u64::from_str_radix(v.trim().trim_start_matches("0x"), 16).ok();
        let list = |prefix: &str| -> Vec<u64> {
            (text.lines())
                .filter_map(|l| l.strip_prefix(prefix).and_then(hex))
                .collect()
        };
        let result = (text.lines())
            .find_map(|l| l.strip_prefix("result "))
            .with_context(|| format!("no result from the good-path run:\n{text}"))?;
        Ok(Run {
            smcs: list("smc "),
            host_calls: list("host "),
            result: result.trim().to_string(),
        })
    }
}

/// The row of a good path's runs, one per page size; each must give the
/// case's expected granule.
fn smc_row(model: &Model, what: String, good: &Good<'_>, runs: &[(&str, Run)]) -> Result<Row> {
    for (ps, r) in runs {
        let want = good.case.expected(ps)?;
        if r.result != want {
            bail!(
                "{what}: the good path gave {} at {ps}, expected {want}",
                r.result
            );
        }
    }
    let counts: BTreeSet<usize> = runs.iter().map(|(_, r)| r.smcs.len()).collect();
    let figure = match (counts.len(), runs.first()) {
        (1, Some((_, r))) => format!("{} SMCs", r.smcs.len()),
        _ => (runs.iter())
            .map(|(ps, r)| format!("{} ({ps})", r.smcs.len()))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let name = |fid: &u64| {
        (model.interfaces.iter())
            .flat_map(|i| &i.functions)
            .find(|f| u64::from(f.fid) == *fid)
            .map_or_else(|| format!("{fid:#x}"), |f| f.name.clone())
    };
    let first = runs.first().map(|(_, r)| r).context("no good-path run")?;
    let kinds: BTreeSet<String> = first.smcs.iter().map(name).collect();
    let kinds: Vec<String> = kinds.into_iter().collect();
    let hosts: Vec<String> = first.host_calls.iter().map(name).collect();
    Ok(Row {
        section: "code",
        what,
        figure,
        ratio: format!("each {}, carrying {}", kinds.join(" or "), hosts.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_path_run_reads_its_smcs_host_calls_and_result() {
        let run = Run::parse("smc 0xc4000199\nhost 0xc500004e\nresult granule 0x20000\n");
        assert_eq!(
            run.ok(),
            Some(Run {
                smcs: vec![0xc400_0199],
                host_calls: vec![0xc500_004e],
                result: "granule 0x20000".into()
            })
        );
    }
}
