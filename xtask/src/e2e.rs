//! `cargo xtask e2e`: the generated code meets a real `smc` on an emulated
//! Arm machine. One image (`xtask/e2e/`) holds a model monitor at EL3 and a
//! Realm guest at EL1 running at a non-identity alias of RAM; QEMU boots it
//! once per hostile-host case, page size and language:
//!
//! - the Rust guest: the generated crate's typed calls and query routine
//!   over the real `Smc` conduit;
//! - each kernel profile's C routine as its series leaves it (applied with
//!   `git am` to the fixture tree), compiled freestanding with
//!   `aarch64-linux-gnu-gcc` against the series' `rsi_cmds.h`, once per page
//!   size, and linked into the image;
//! - two negative controls that must fail: a conduit that places
//!   `RsiHostCall` off its 0x100-byte alignment, and one that passes virtual
//!   addresses as IPAs.
//!
//! Each boot's UART output is checked: the outcome the table expects, the
//! host calls the script allows (in order, each from a clean structure), and
//! the RSI calls' answers. Builds and scratch files live in the cache
//! directory, outside the repository.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use codegen::config::LinuxProfile;

use crate::ctest::{Case, Table};
use crate::process::{self, Args, Expression};
use crate::tools::{Need, cache_dir, ensure, write_file};

const NEEDS: &[Need] = &[
    Need::Program("qemu-system-aarch64", "qemu-system-arm"),
    Need::Program("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"),
    Need::Program("timeout", "coreutils"),
];

/// Where QEMU's loader writes the boot configuration (see `BootConfig`).
const CONFIG_ADDR: u64 = 0x47FF_F000;
/// The longest a boot may take.
const BOOT_TIMEOUT_S: u32 = 5;

/// Which routine an image runs.
#[derive(Debug)]
enum Lang {
    Rust,
    /// A kernel profile's C routine, compiled for one page size.
    C {
        page: String,
    },
}

/// A built image and what it runs.
struct Image {
    name: String,
    elf: PathBuf,
    lang: Lang,
}

/// The function IDs the query named `query` sends, in order: version,
/// features, value.
fn query_fids(model: &codegen::Model, query: &str) -> Option<[u32; 3]> {
    model.interfaces.iter().find_map(|iface| {
        let q = iface.queries.iter().find(|q| q.name == query)?;
        let plan = codegen::plan::QueryPlan::lower(iface, q)?;
        Some(plan.calls().map(|f| f.fid))
    })
}

/// One boot: its exit status (`None` on a timeout), output and time.
struct Boot {
    status: Option<i32>,
    output: String,
    time: Duration,
}

pub fn run(abi: &Path) -> Result<()> {
    let start = Instant::now();
    ensure(NEEDS)?;
    crate::tools::ensure_target("aarch64-unknown-none")?;
    let (model, outputs) = crate::files::load_all(abi)?;
    let table = crate::ctest::load_table()?;
    let fids = query_fids(&model, &table.query)
        .with_context(|| format!("the ABI has no query `{}`", table.query))?;
    let dir = cache_dir().join("e2e");
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    write_if_changed(&dir.join("scenarios.rs"), &scenarios_source(&table))?;

    let mut images = vec![build_image(&dir, "rust", &[], None, Lang::Rust)?];
    for profile in outputs
        .linux
        .profiles
        .iter()
        .filter(|p| has_query(p, &table))
    {
        let work = dir.join(format!("c-{}", profile.name));
        crate::kernel::series_applied(abi, &profile.name, &work)?;
        for (page, size) in &table.page_sizes {
            let obj = c_object(profile, &work, page, *size)?;
            let lang = Lang::C { page: page.clone() };
            let name = format!("{}-{page}", profile.name);
            images.push(build_image(&dir, &name, &["c-routine"], Some(&obj), lang)?);
        }
    }
    lint(&dir)?;
    let mut totals = Totals::default();
    for image in &images {
        run_table(image, &table, &fids, &mut totals)?;
    }
    controls(&dir, &table, &fids, &mut totals)?;
    println!(
        "e2e: {} boots ({} images, {} cases, page sizes {}), all as the table says; negative controls bite; boots {:.2} s in all, longest {:.3} s; {:.1} s with builds",
        totals.boots,
        images.len(),
        table.cases.len(),
        table
            .page_sizes
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        totals.boot_time.as_secs_f64(),
        totals.longest.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

#[derive(Default)]
struct Totals {
    boots: usize,
    boot_time: Duration,
    longest: Duration,
}

impl Totals {
    fn add(&mut self, boot: &Boot) {
        self.boots += 1;
        self.boot_time += boot.time;
        self.longest = self.longest.max(boot.time);
    }
}

fn has_query(profile: &LinuxProfile, table: &Table) -> bool {
    profile
        .query
        .as_ref()
        .is_some_and(|q| q.query == table.query)
}

/// The table as Rust for the image: case names and scripted calls.
fn scenarios_source(table: &Table) -> String {
    let mut s = String::from(
        "// Written by `cargo xtask e2e` from codegen/tests/data/hostile-host.yaml.\n\
         /// A case: its name and the scripted host calls (RSI status, host answer).\n\
         pub struct Case {\n    pub name: &'static str,\n    pub calls: &'static [(u64, u64)],\n}\n",
    );
    let pages: Vec<String> = table
        .page_sizes
        .iter()
        .map(|(n, v)| format!("(\"{n}\", {v:#x})"))
        .collect();
    let _ = writeln!(
        s,
        "pub static PAGE_SIZES: &[(&str, u64)] = &[{}];",
        pages.join(", ")
    );
    s.push_str("pub static CASES: &[Case] = &[\n");
    for case in &table.cases {
        let calls: Vec<String> = case
            .calls
            .iter()
            .map(|k| format!("({:#x}, {:#x})", k.rsi as u64, k.answer as u64))
            .collect();
        let _ = writeln!(
            s,
            "    Case {{ name: \"{}\", calls: &[{}] }},",
            case.name,
            calls.join(", ")
        );
    }
    s.push_str("];\n");
    s
}

/// Rewrite only on change, so that cargo rebuilds the image only then.
fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    write_file(path, text)
}

/// Build the image with `features` (and the C object), and copy it out.
fn build_image(
    dir: &Path,
    name: &str,
    features: &[&str],
    c_obj: Option<&Path>,
    lang: Lang,
) -> Result<Image> {
    let target = dir.join("target");
    let features = if features.is_empty() {
        Vec::new()
    } else {
        vec!["--features".to_string(), features.join(",")]
    };
    let mut cargo = image_cargo("build", dir, &features).env_remove("RUSTFLAGS");
    if let Some(obj) = c_obj {
        cargo = cargo.env("E2E_C_OBJ", obj);
    }
    process::run(&cargo, &format!("building the e2e image `{name}`"))?;
    let elf = dir.join(format!("{name}.elf"));
    let built = target.join("aarch64-unknown-none/release/cca-abi-e2e");
    fs::copy(&built, &elf).with_context(|| format!("cannot copy {}", built.display()))?;
    println!("    built image {name}");
    Ok(Image {
        name: name.to_string(),
        elf,
        lang,
    })
}

/// `cargo SUBCOMMAND … ARGS` on the e2e image for `aarch64-unknown-none`,
/// release, its target directory and scenarios under `dir`.
fn image_cargo(subcommand: &str, dir: &Path, args: &[String]) -> Expression {
    let argv = Args::words(subcommand)
        .and("--quiet --locked --release --target aarch64-unknown-none --manifest-path")
        .arg(crate::root().join("xtask/e2e/Cargo.toml"))
        .args(args);
    process::cargo(argv)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("E2E_SCENARIOS", dir.join("scenarios.rs"))
}

/// The image's own checks: rustfmt, and clippy with warnings denied for
/// every variant (clippy does not link, so no C object is needed).
fn lint(dir: &Path) -> Result<()> {
    let manifest = crate::root().join("xtask/e2e/Cargo.toml");
    let fmt = crate::cargo!("fmt", "--check", "--manifest-path", manifest);
    process::run(&fmt, "cargo fmt --check on xtask/e2e")?;
    for features in ["", "c-routine", "misaligned-host-call", "va-not-ipa"] {
        let args = ["--features", features, "--", "-D", "warnings"].map(String::from);
        let clippy = image_cargo("clippy", dir, &args).env("E2E_C_OBJ", "/dev/null");
        process::run(
            &clippy,
            &format!("cargo clippy on the e2e image ({features})"),
        )?;
    }
    println!("    the e2e image is rustfmt-clean and clippy-clean in its 4 variants");
    Ok(())
}

/// The profile's routine as its series leaves the fixture tree (applied in
/// `work/tree`), compiled freestanding for EL1 at one page size, with the
/// series' `rsi_cmds.h`.
fn c_object(profile: &LinuxProfile, work: &Path, page: &str, size: u64) -> Result<PathBuf> {
    let q = profile.query.as_ref().context("profile has no query")?;
    let tree = work.join("tree");
    let driver = work.join("driver.c");
    write_file(&driver, &driver_source(profile, &q.path, &q.function))?;
    let obj = work.join(format!("driver-{page}.o"));
    let shims = crate::root().join("xtask");
    let cc = Args::words("-std=gnu11 -O2 -Wall -Werror -ffreestanding")
        .and("-fno-pic -fno-pie -fno-stack-protector -fno-common")
        .and("-mgeneral-regs-only -fno-asynchronous-unwind-tables")
        .arg(format!("-DSHIM_PAGE_SIZE={size:#x}UL"))
        .includes([
            shims.join("e2e/c-shim"),
            tree.join("arch/arm64/include"),
            shims.join("c-test/shim"),
            tree,
        ])
        .args(["-c".into(), driver, "-o".into(), obj.clone()]);
    process::run(
        &process::cmd("aarch64-linux-gnu-gcc", cc),
        &format!(
            "compiling {}'s routine for the e2e image at {page}",
            profile.name
        ),
    )?;
    Ok(obj)
}

/// The C side of the image: the routine's file included whole, and the
/// entry points the Rust guest calls.
fn driver_source(profile: &LinuxProfile, path: &str, function: &str) -> String {
    format!(
        "/*\n * cargo xtask e2e: the {name} profile's routine as its series leaves\n \
         * {path}, with the series' rsi_cmds.h, for a freestanding EL1 guest.\n */\n\
         #include <asm/rsi_cmds.h>\n#include \"{path}\"\n\n\
         int e2e_c_query(unsigned long *granule)\n{{\n\treturn {function}(granule);\n}}\n\n\
         unsigned long e2e_c_version(unsigned long *lower, unsigned long *higher)\n{{\n\
         \treturn rsi_request_version(RSI_ABI_VERSION, lower, higher);\n}}\n\n\
         static struct realm_config e2e_config;\n\n\
         unsigned long e2e_c_realm_config(unsigned long *ipa_bits)\n{{\n\
         \tunsigned long ret = rsi_get_realm_config(&e2e_config);\n\n\
         \t*ipa_bits = e2e_config.ipa_bits;\n\treturn ret;\n}}\n\n\
         unsigned long e2e_c_page_size(void)\n{{\n\treturn PAGE_SIZE;\n}}\n",
        name = profile.name
    )
}

/// Boot `image` with case `case` at page size `size`.
/// `timeout(1)` stops a boot that does not end (exit status 124).
fn boot(image: &Path, case: usize, size: u64) -> Result<Boot> {
    let start = Instant::now();
    let qemu = Args::words(&format!("{BOOT_TIMEOUT_S} qemu-system-aarch64"))
        .and("-machine virt,secure=on,virtualization=off -cpu max -m 128M")
        .and("-nographic -net none -semihosting -kernel")
        .arg(image)
        .and("-device")
        .arg(format!(
            "loader,addr={CONFIG_ADDR:#x},data={case},data-len=8"
        ))
        .and("-device")
        .arg(format!(
            "loader,addr={:#x},data={size:#x},data-len=8",
            CONFIG_ADDR + 8
        ));
    let out = process::output(&process::cmd("timeout", qemu))
        .context("cannot run qemu-system-aarch64")?;
    let status = out.status.code().filter(|&c| c != 124);
    let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
    output.push_str(&String::from_utf8_lossy(&out.stderr));
    Ok(Boot {
        status,
        output,
        time: start.elapsed(),
    })
}

/// Every case of the table at every page size the image runs.
fn run_table(image: &Image, table: &Table, fids: &[u32; 3], totals: &mut Totals) -> Result<()> {
    let mut boots = 0;
    for (page, size) in &table.page_sizes {
        if let Lang::C { page: p, .. } = &image.lang
            && p != page
        {
            continue;
        }
        for (i, case) in table.cases.iter().enumerate() {
            let b = boot(&image.elf, i, *size)?;
            totals.add(&b);
            boots += 1;
            let problems = check(&b, case, page, &image.lang, fids)?;
            if !problems.is_empty() {
                return Err(crate::Failure::report(
                    format!("{}\n", b.output.trim_end()),
                    format!(
                        "e2e image `{}`, case {}@{page}: {}",
                        image.name,
                        case.name,
                        problems.join("; ")
                    ),
                ));
            }
        }
    }
    println!(
        "    {}: {boots} boots, every outcome as the table says",
        image.name
    );
    Ok(())
}

/// What is wrong with one boot, as a list (empty: it passed).
fn check(b: &Boot, case: &Case, page: &str, lang: &Lang, fids: &[u32; 3]) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    match b.status {
        None => problems.push(format!("no exit within {BOOT_TIMEOUT_S} s")),
        Some(0) => {}
        Some(s) => problems.push(format!("exit status {s}")),
    }
    let result = format!("result {}@{page} {}", case.name, case.expected(page)?);
    if !b.output.lines().any(|l| l == result) {
        problems.push(format!("no line `{result}`"));
    }
    let calls: Vec<&str> = b
        .output
        .lines()
        .filter(|l| l.starts_with("host-call "))
        .collect();
    let expected: Vec<String> = fids
        .iter()
        .take(case.calls.len())
        .enumerate()
        .map(|(n, f)| format!("host-call {n} fid {f:#x} clean"))
        .collect();
    if calls != expected {
        problems.push(format!("host calls {calls:?}, expected {expected:?}"));
    }
    for line in smoke_lines(lang, case.expect.error.is_some()) {
        if !b.output.lines().any(|l| l == line) {
            problems.push(format!("no line `{line}`"));
        }
    }
    Ok(problems)
}

/// The lines the RSI calls of each guest print when the monitor answered
/// them as the RMM does.
fn smoke_lines(lang: &Lang, refused: bool) -> Vec<String> {
    let mut lines = vec![
        "rsi version 1.0 1.0".to_string(),
        "rsi realm-config ipa-width 40".to_string(),
    ];
    match lang {
        Lang::Rust => {
            lines.push("rsi features 0x0".into());
            lines.push("rsi ipa-state own Ram outside Empty".into());
        }
        Lang::C { .. } => lines.push(format!("printk messages {}", u8::from(refused))),
    }
    lines
}

/// The negative controls: each scratch build must fail the first case.
fn controls(dir: &Path, table: &Table, fids: &[u32; 3], totals: &mut Totals) -> Result<()> {
    let (page, size) = table
        .page_sizes
        .iter()
        .next()
        .context("the table has no page size")?;
    let case = table.cases.first().context("the table has no case")?;
    for (feature, what) in [
        (
            "misaligned-host-call",
            "RsiHostCall 8 bytes past a 0x100 boundary",
        ),
        ("va-not-ipa", "virtual addresses passed as IPAs"),
    ] {
        let image = build_image(dir, feature, &[feature], None, Lang::Rust)?;
        let b = boot(&image.elf, 0, *size)?;
        totals.add(&b);
        let problems = check(&b, case, page, &Lang::Rust, fids)?;
        if problems.is_empty() {
            return Err(crate::Failure::report(
                format!("{}\n", b.output.trim_end()),
                format!(
                    "negative control `{feature}` ({what}) passed case {}@{page}; the e2e test cannot see that fault",
                    case.name
                ),
            ));
        }
        println!(
            "    negative control {feature} ({what}) fails {}@{page} as it must: {}",
            case.name, problems[0]
        );
    }
    Ok(())
}
