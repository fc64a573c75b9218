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

use crate::tools::{Need, cache_dir, ensure, run, write_file};

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
    pub rsi: i128,
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
            .map(|k| format!("{{ {:#x}UL, {:#x}UL }}", k.rsi as u64, k.answer_bits()))
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
		if (err)
			printf("result %s errno %d\n", t->name, err);
		else
			printf("result %s value %#lx\n", t->name, value);
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

/// Write a profile's C files in kernel layout: headers under `include/`.
fn lay_out(model: &Model, profile: &LinuxProfile, dir: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(crate::tools::lay_out(&codegen::emit::c::files(model, profile)?, dir)?.sources)
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

/// Run the table against every routine of the profile; returns the number of
/// cases and, per routine, the program's output.
fn hostile(
    model: &Model,
    profile: &LinuxProfile,
    table: &Table,
    dir: &Path,
) -> Result<(usize, Vec<String>), String> {
    let shim = crate::root().join("xtask/c-test");
    let sources = lay_out(model, profile, dir)?;
    let mut cases = 0;
    let mut outputs = Vec::new();
    for q in &profile.queries {
        if q.query != table.query {
            continue;
        }
        let driver_path = dir.join(format!("test_{}.c", q.function));
        write_file(&driver_path, &driver(model, q, table)?)?;
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
        outputs.push(text);
    }
    Ok((cases, outputs))
}

/// Compare the aarch64 layout of every struct with the Model.
fn layout(
    model: &Model,
    profile: &LinuxProfile,
    dir: &Path,
) -> Result<(usize, usize, String), String> {
    lay_out(model, profile, dir)?;
    let probe = dir.join("layout_probe.c");
    write_file(&probe, &codegen::emit::c::layout_probe(model, profile))?;
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
                (format!("size {}", s.name), s.size),
                (format!("align {}", s.name), s.align),
            ];
            for m in &s.members {
                expect.push((format!("offset {}.{}", s.name, m.name), m.offset));
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
    Ok((structs, fields, out))
}

/// `label value` lines as a map.
fn labelled(text: &str) -> std::collections::BTreeMap<String, u64> {
    text.lines()
        .filter_map(|l| {
            let (label, value) = l.rsplit_once(' ')?;
            Some((label.to_string(), value.trim().parse().ok()?))
        })
        .collect()
}

fn cargo_example(args: &[&str]) -> Result<String, String> {
    let mut cmd = crate::tools::cargo();
    cmd.args([
        "run",
        "--quiet",
        "-p",
        codegen::emit::rust::CRATE,
        "--example",
    ])
    .args(args);
    run(&mut cmd, &format!("cargo run --example {}", args.join(" ")))
}

/// C and Rust agree: every constant and layout figure the C headers define
/// (compiled for aarch64, run under qemu) equals the Rust crate's, and the
/// two query routines give the same result for every hostile-host case.
fn conformance(c_probe: &str, c_hostile: &str) -> Result<(usize, usize, usize, usize), String> {
    let rust_probe = cargo_example(&["probe"])?;
    let (c, r) = (labelled(c_probe), labelled(&rust_probe));
    let mut wrong = Vec::new();
    let (mut constants, mut layout) = (0, 0);
    let mut structs = std::collections::BTreeSet::new();
    for (label, cv) in &c {
        match r.get(label) {
            Some(rv) if rv == cv => {}
            Some(rv) => wrong.push(format!("{label}: C {cv:#x}, Rust {rv:#x}")),
            None => wrong.push(format!("{label}: in C, not in the Rust crate")),
        }
        if let Some(rest) = label
            .strip_prefix("size ")
            .or_else(|| label.strip_prefix("align "))
            .or_else(|| label.strip_prefix("offset "))
        {
            layout += 1;
            structs.insert(rest.split('.').next().unwrap_or(rest).to_string());
        } else {
            constants += 1;
        }
    }
    let table = load_table()?;
    let path = table_path();
    let rust_hostile = cargo_example(&["hostile", "--", &path.to_string_lossy()])?;
    let results = |text: &str| -> std::collections::BTreeMap<String, String> {
        text.lines()
            .filter_map(|l| l.strip_prefix("result "))
            .filter_map(|l| l.split_once(' '))
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    };
    let (cr, rr) = (results(c_hostile), results(&rust_hostile));
    let mut cases = 0;
    for case in &table.cases {
        let (Some(cv), Some(rv)) = (cr.get(&case.name), rr.get(&case.name)) else {
            wrong.push(format!("hostile case {}: missing a result", case.name));
            continue;
        };
        // Rust reports a failure class; C the errno that class maps to.
        let rust_as_c = match rv.strip_prefix("error ") {
            Some(class) => format!("errno -{}", errno_value(errno(class)?)),
            None => rv.clone(),
        };
        if rust_as_c == *cv {
            cases += 1;
        } else {
            wrong.push(format!("hostile case {}: C {cv}, Rust {rv}", case.name));
        }
    }
    if !wrong.is_empty() {
        return Err(format!(
            "error: C and Rust disagree:\n  {}",
            wrong.join("\n  ")
        ));
    }
    Ok((constants, structs.len(), layout, cases))
}

/// The numbers of the errno names the routine uses (Linux, all architectures).
fn errno_value(name: &str) -> i32 {
    match name {
        "EIO" => 5,
        "EINVAL" => 22,
        "EPROTONOSUPPORT" => 93,
        "EOPNOTSUPP" => 95,
        _ => 0,
    }
}

/// The layout asserts bite, in C and in Rust: with one member offset changed
/// in the Model (as a YAML edit would, were it not already refused by the
/// loader's own coverage check), both the generated C header and the
/// generated Rust crate must fail to compile, naming the member.
fn asserts_bite(abi: &Path, dir: &Path) -> Result<(), String> {
    let (mut model, outputs) = crate::files::load_all(abi)?;
    let member = model
        .interfaces
        .iter_mut()
        .flat_map(|i| i.structs.iter_mut())
        .find(|s| s.name == "RsiHostCall")
        .and_then(|s| s.members.iter_mut().find(|m| m.name == "gprs"))
        .ok_or("error: RsiHostCall.gprs is gone; update the layout negative control")?;
    member.offset = 0x10;
    let _ = fs::remove_dir_all(dir);

    // C: the header alone, compiled with the userspace shim.
    lay_out(&model, outputs.linux.default_profile(), &dir.join("c"))?;
    let unit = dir.join("c/unit.c");
    write_file(&unit, "#include <asm/rsi_smc.h>\n")?;
    let out = Command::new("gcc")
        .args(["-std=gnu11", "-fsyntax-only", "-I"])
        .arg(crate::root().join("xtask/c-test/shim"))
        .arg("-I")
        .arg(dir.join("c/include"))
        .arg(&unit)
        .output()
        .map_err(|e| format!("error: cannot run gcc: {e}"))?;
    let text = String::from_utf8_lossy(&out.stderr);
    let c_msg = text
        .lines()
        .find(|l| l.contains("static assertion failed") && l.contains("gprs"))
        .map(str::trim)
        .map(str::to_string);
    // Rust: the crate alone, checked.
    let krate = dir.join("rust");
    for f in codegen::emit::rust::files(&model) {
        let rel = f.path.strip_prefix("rust/").unwrap_or(&f.path);
        write_file(&krate.join(rel), &f.contents)?;
    }
    // A crate of its own, outside any workspace.
    let manifest = krate.join("Cargo.toml");
    let text = fs::read_to_string(&manifest).map_err(|e| format!("error: {e}"))?;
    write_file(&manifest, &format!("{text}\n[workspace]\n"))?;
    let out = crate::tools::cargo()
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", cache_dir().join("target-bite"))
        .args(["check", "--quiet", "--lib"])
        .output()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    let text = String::from_utf8_lossy(&out.stderr);
    let rust_msg = text
        .lines()
        .find(|l| l.contains("offset of RsiHostCall.gprs differs from the ABI"))
        .map(str::trim)
        .map(str::to_string);
    match (c_msg, rust_msg, out.status.success()) {
        (Some(c), Some(r), false) => {
            println!("    layout asserts bite: gcc: {c}");
            println!("    layout asserts bite: rustc: {r}");
            Ok(())
        }
        (c, r, _) => Err(format!(
            "error: a changed member offset did not break both builds (C: {c:?}, Rust: {r:?})"
        )),
    }
}

pub fn run_tests(abi: &Path) -> Result<(), String> {
    ensure(NEEDS)?;
    let (model, outputs) = crate::files::load_all(abi)?;
    let table = load_table()?;
    let scratch = cache_dir().join("c-test");
    let mut cases = 0;
    let mut runs = 0;
    let default = outputs.linux.default_profile();
    let mut default_hostile = String::new();
    for p in &outputs.linux.profiles {
        let (n, texts) = hostile(&model, p, &table, &scratch.join(&p.name).join("hostile"))?;
        if n > 0 {
            runs += 1;
        }
        cases += n;
        if p.name == default.name {
            default_hostile = texts.join("\n");
        }
    }
    if runs == 0 {
        return Err(format!(
            "error: no profile generates the query `{}`",
            table.query
        ));
    }
    let (structs, fields, probe) = layout(&model, default, &scratch.join("layout"))?;
    println!(
        "c-test: hostile host {cases} cases over {runs} profiles, all as expected; aarch64 layout {structs} structs, {fields} members, sizes and alignments equal to the Model"
    );
    asserts_bite(abi, &scratch.join("asserts-bite"))?;
    let (constants, c_structs, layout_items, agree) = conformance(&probe, &default_hostile)?;
    println!(
        "conformance: C (aarch64, qemu) and Rust agree: {constants} constants compared, {c_structs} structs x {layout_items} size/alignment/offset figures compared, {agree} hostile-host cases give the same result"
    );
    Ok(())
}
