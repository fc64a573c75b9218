//! `cargo xtask c-test`: the generated C run as a program.
//!
//! 1. The hostile-host table (`codegen/tests/data/hostile-host.yaml`) against
//!    the generated query routine of every Linux profile, compiled for the
//!    host with a userspace stand-in for the few kernel headers it includes
//!    and a scripted fake `rsi_host_call()` (`xtask/c-test/`).
//! 2. Layout conformance on aarch64: a probe compiled with the aarch64 cross
//!    compiler and run under `qemu-aarch64-static` prints `sizeof`, `_Alignof`
//!    and every member offset of every struct; each is compared with the Model.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::Model;
use codegen::config::{LinuxProfile, LinuxQuery};
use serde::Deserialize;

use crate::tools::{Need, cache_dir, ensure, run};

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
    pub rsi: u64,
    #[serde(default)]
    pub answer: i128,
}

impl Call {
    /// The register bits the host leaves in gprs[0].
    pub fn answer_bits(&self) -> u64 {
        self.answer as u64
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub value: Option<u64>,
    pub error: Option<String>,
}

pub fn table_path() -> PathBuf {
    crate::root().join("codegen/tests/data/hostile-host.yaml")
}

pub fn load_table() -> Result<Table, String> {
    let path = table_path();
    let text = fs::read_to_string(&path)
        .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
    serde_saphyr::from_str(&text).map_err(|e| format!("error: {}: {e}", path.display()))
}

/// The errno the C routine returns for a failure class.
fn errno(class: &str) -> Result<&'static str, String> {
    Ok(match class {
        "transport" => "EIO",
        "not_supported" | "feature" => "EOPNOTSUPP",
        "version" => "EPROTONOSUPPORT",
        "invalid" => "EINVAL",
        other => {
            return Err(format!(
                "error: unknown failure class `{other}` in the hostile-host table"
            ));
        }
    })
}

/// The C test driver for one profile's routine.
fn driver(model: &Model, q: &LinuxQuery, table: &Table) -> Result<String, String> {
    let iface = model
        .interface(&q.interface)
        .ok_or("error: query interface missing")?;
    let mq = iface
        .queries
        .iter()
        .find(|x| x.name == q.query)
        .ok_or("error: query missing")?;
    let fid = |name: &str| iface.function(name).map(|f| f.fid).unwrap_or(0);
    let fids = [
        fid(&mq.version.call),
        fid(&mq.feature.call),
        fid(&mq.value.call),
    ];
    let mut c = String::new();
    c.push_str("#include <errno.h>\n#include <stdio.h>\n\n#include \"fake_host.h\"\n\n");
    let _ = writeln!(c, "int {}(unsigned long *value);", q.function);
    let _ = writeln!(c, "unsigned long {}(void);\n", q.fallback);
    let _ = writeln!(
        c,
        "static const unsigned long fids[3] = {{ {:#x}UL, {:#x}UL, {:#x}UL }};\n",
        fids[0], fids[1], fids[2]
    );
    c.push_str(
        "struct tcase {\n\tconst char *name;\n\tconst struct fake_call *calls;\n\tint ncalls;\n\tint err;\n\tunsigned long value;\n};\n\n",
    );
    for (i, case) in table.cases.iter().enumerate() {
        let calls: Vec<String> = case
            .calls
            .iter()
            .map(|k| format!("{{ {}UL, {:#x}UL }}", k.rsi, k.answer_bits()))
            .collect();
        let _ = writeln!(
            c,
            "static const struct fake_call calls_{i}[] = {{ {} }};",
            calls.join(", ")
        );
    }
    c.push_str("\nstatic const struct tcase cases[] = {\n");
    for (i, case) in table.cases.iter().enumerate() {
        let (err, value) = match (&case.expect.value, &case.expect.error) {
            (Some(v), None) => ("0".to_string(), *v),
            (None, Some(e)) => (format!("-{}", errno(e)?), 0),
            _ => {
                return Err(format!(
                    "error: case `{}` must expect exactly one of value and error",
                    case.name
                ));
            }
        };
        let _ = writeln!(
            c,
            "\t{{ \"{}\", calls_{i}, {}, {err}, {value:#x}UL }},",
            case.name,
            case.calls.len()
        );
    }
    c.push_str("};\n\n");
    let _ = write!(
        c,
        r#"int main(void)
{{
	int passed = 0, failed = 0;
	unsigned long i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {{
		const struct tcase *t = &cases[i];
		unsigned long value = 0xABADCAFEUL;
		int err, k, ok = 1;

		fake_host_load(t->calls, t->ncalls);
		err = {function}(&value);
		if (err != t->err) {{
			printf("FAIL %s: returned %d, expected %d\n", t->name, err, t->err);
			ok = 0;
		}}
		if (!err && value != t->value) {{
			printf("FAIL %s: value %#lx, expected %#lx\n", t->name, value, t->value);
			ok = 0;
		}}
		if (err && value != 0xABADCAFEUL) {{
			printf("FAIL %s: wrote the output on failure\n", t->name);
			ok = 0;
		}}
		if (fake_host_calls() != t->ncalls) {{
			printf("FAIL %s: made %d host calls, expected %d\n", t->name, fake_host_calls(), t->ncalls);
			ok = 0;
		}}
		if (fake_host_dirty_requests()) {{
			printf("FAIL %s: %d requests had imm or gprs[1..30] set\n", t->name, fake_host_dirty_requests());
			ok = 0;
		}}
		for (k = 0; k < t->ncalls && k < 3; k++)
			if (fake_host_fid(k) != fids[k]) {{
				printf("FAIL %s: call %d had gprs[0] %#lx, expected %#lx\n", t->name, k, fake_host_fid(k), fids[k]);
				ok = 0;
			}}
		if (ok) {{
			printf("ok %s\n", t->name);
			passed++;
		}} else {{
			failed++;
		}}
	}}

	/* The fallback: PAGE_SIZE on failure, one warning however often it is called. */
	{{
		static const struct fake_call refuse[] = {{ {{ 0UL, (unsigned long)-1L }} }};
		unsigned long a, b;

		fake_host_load(refuse, 1);
		a = {fallback}();
		fake_host_load(refuse, 1);
		b = {fallback}();
		if (a == 4096 && b == 4096 && fake_host_warnings() == 1) {{
			printf("ok fallback_page_size_warns_once\n");
			passed++;
		}} else {{
			printf("FAIL fallback_page_size_warns_once: %#lx %#lx, %d warnings\n", a, b, fake_host_warnings());
			failed++;
		}}
	}}

	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}}
"#,
        function = q.function,
        fallback = q.fallback,
    );
    Ok(c)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).map_err(|e| format!("error: cannot create {}: {e}", p.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("error: cannot write {}: {e}", path.display()))
}

/// Write a profile's C files in kernel layout: headers under `include/`.
fn lay_out(model: &Model, profile: &LinuxProfile, dir: &Path) -> Result<Vec<PathBuf>, String> {
    let _ = fs::remove_dir_all(dir);
    let mut sources = Vec::new();
    for f in codegen::emit::c::files(model, profile) {
        let rel = f.path.strip_prefix("linux/").unwrap_or(&f.path);
        if let Some(h) = rel.strip_prefix("arch/arm64/include/") {
            write(&dir.join("include").join(h), &f.contents)?;
        } else {
            let name = Path::new(rel)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let path = dir.join(name);
            write(&path, &f.contents)?;
            sources.push(path);
        }
    }
    Ok(sources)
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

fn hostile(
    model: &Model,
    profile: &LinuxProfile,
    table: &Table,
    dir: &Path,
) -> Result<usize, String> {
    let shim = crate::root().join("xtask/c-test");
    let sources = lay_out(model, profile, dir)?;
    let mut cases = 0;
    for q in &profile.queries {
        if q.query != table.query {
            continue;
        }
        let driver_path = dir.join(format!("test_{}.c", q.function));
        write(&driver_path, &driver(model, q, table)?)?;
        let bin = dir.join(format!("test_{}", q.function));
        let mut cc = Command::new("gcc");
        cc.args(["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-I"])
            .arg(shim.join("shim"))
            .arg("-I")
            .arg(dir.join("include"))
            .arg("-I")
            .arg(&shim)
            .args(&sources)
            .arg(shim.join("fake_host.c"))
            .arg(&driver_path)
            .arg("-o")
            .arg(&bin);
        run(
            &mut cc,
            &format!("compiling the hostile-host test for {}", profile.name),
        )?;
        let out = Command::new(&bin)
            .output()
            .map_err(|e| format!("error: cannot run {}: {e}", bin.display()))?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (passed, failed) = totals(&text)
            .ok_or_else(|| format!("error: no totals from {}:\n{text}", bin.display()))?;
        if failed > 0 || !out.status.success() {
            return Err(format!(
                "{text}error: hostile-host table failed for {} ({})",
                q.function, profile.name
            ));
        }
        println!(
            "    {}: {} ({}): {passed} passed, 0 failed",
            profile.name,
            q.function,
            dir.display()
        );
        cases += passed;
    }
    Ok(cases)
}

/// Compare the aarch64 layout of every struct with the Model.
fn layout(model: &Model, profile: &LinuxProfile, dir: &Path) -> Result<(usize, usize), String> {
    lay_out(model, profile, dir)?;
    let probe = dir.join("layout_probe.c");
    write(&probe, &codegen::emit::c::layout_probe(model, profile))?;
    let bin = dir.join("layout_probe");
    let shim = crate::root().join("xtask/c-test/shim");
    run(
        Command::new("aarch64-linux-gnu-gcc")
            .args(["-std=gnu11", "-static", "-O1", "-Wall", "-Werror", "-I"])
            .arg(&shim)
            .arg("-I")
            .arg(dir.join("include"))
            .arg(&probe)
            .arg("-o")
            .arg(&bin),
        "cross-compiling the layout probe",
    )?;
    let out = run(
        Command::new("qemu-aarch64-static").arg(&bin),
        "running the layout probe",
    )?;
    let mut structs = 0;
    let mut fields = 0;
    let mut wrong = Vec::new();
    let mut seen = 0;
    for iface in &model.interfaces {
        let Some(h) = profile.header_for(&iface.name) else {
            continue;
        };
        for s in iface
            .structs
            .iter()
            .filter(|s| h.statuses.contains(&s.status))
        {
            structs += 1;
            let mut expect = vec![
                (format!("{} size", s.name), s.size),
                (format!("{} align", s.name), s.align),
            ];
            for m in &s.members {
                expect.push((format!("{}.{} offset", s.name, m.name), m.offset));
            }
            fields += s.members.len();
            for (label, want) in expect {
                seen += 1;
                let got = out
                    .lines()
                    .find_map(|l| l.strip_prefix(&format!("{label} ")))
                    .and_then(|v| v.trim().parse::<u64>().ok());
                if got != Some(want) {
                    wrong.push(format!(
                        "{label}: aarch64 C says {got:?}, the Model says {want}"
                    ));
                }
            }
        }
    }
    if !wrong.is_empty() {
        return Err(format!(
            "error: layout differs on aarch64:\n  {}",
            wrong.join("\n  ")
        ));
    }
    if seen == 0 {
        return Err("error: the layout probe compared nothing".into());
    }
    Ok((structs, fields))
}

pub fn run_tests(abi: &Path) -> Result<(), String> {
    ensure(NEEDS)?;
    let (model, outputs) = crate::files::load_all(abi)?;
    let table = load_table()?;
    let scratch = cache_dir().join("c-test");
    let mut cases = 0;
    let mut runs = 0;
    for p in &outputs.linux.profiles {
        let n = hostile(&model, p, &table, &scratch.join(&p.name).join("hostile"))?;
        if n > 0 {
            runs += 1;
        }
        cases += n;
    }
    if runs == 0 {
        return Err(format!(
            "error: no profile generates the query `{}`",
            table.query
        ));
    }
    let default = outputs.linux.default_profile();
    let (structs, fields) = layout(&model, default, &scratch.join("layout"))?;
    println!(
        "c-test: hostile host {cases} cases over {runs} profiles, all as expected; aarch64 layout {structs} structs, {fields} members, sizes and alignments equal to the Model"
    );
    Ok(())
}
