//! `cargo xtask kernel-check`: the generated C judged by the kernel's own tools.
//!
//! For every Linux profile in `abi/outputs.yaml`: `checkpatch.pl --strict` on
//! every generated file, then a build inside a real arm64 `defconfig` tree of
//! Linux 6.12 (each header alone in its own compilation unit, plus the query
//! routines) with `W=1 C=1` (sparse), once with gcc and once with clang
//! (`LLVM=1`). Any finding fails the check. Two negative controls prove the
//! check bites: a header with a trailing space and a routine with an unused
//! variable must both be refused, with the tool's own message.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::emit::File;

use crate::tools::{Need, cache_dir, ensure, lay_out, output_text, run, write_file};

const KERNEL_VERSION: &str = "6.12";
const TARBALL: &str = "/usr/src/linux-source-6.12.tar.xz";
/// The stub for what Linux 6.12 lacks; see the file's own comment.
const RSI_CMDS_STUB: &str = include_str!("../kernel/asm/rsi_cmds.h");

const NEEDS: &[Need] = &[
    Need::Program("make", "make"),
    Need::Program("perl", "perl"),
    Need::Program("xz", "xz-utils"),
    Need::Program("flex", "flex"),
    Need::Program("bison", "bison"),
    Need::Program("bc", "bc"),
    Need::Program("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"),
    Need::Program("clang", "clang"),
    Need::Program("ld.lld", "lld"),
    Need::Program("llvm-ar", "llvm"),
    Need::Program("sparse", "sparse"),
    Need::File("/usr/include/openssl/opensslv.h", "libssl-dev"),
    Need::File("/usr/include/libelf.h", "libelf-dev"),
    Need::File(TARBALL, "linux-source-6.12"),
];

#[derive(Clone, Copy)]
enum Toolchain {
    Gcc,
    Clang,
}

impl Toolchain {
    fn name(self) -> &'static str {
        match self {
            Toolchain::Gcc => "gcc",
            Toolchain::Clang => "clang",
        }
    }
    fn make_vars(self) -> Vec<&'static str> {
        match self {
            Toolchain::Gcc => vec!["ARCH=arm64", "CROSS_COMPILE=aarch64-linux-gnu-"],
            Toolchain::Clang => vec!["ARCH=arm64", "LLVM=1"],
        }
    }
}

struct Tree {
    src: PathBuf,
    cache: PathBuf,
}

impl Tree {
    fn build_dir(&self, tc: Toolchain) -> PathBuf {
        self.cache.join(format!("build-{}", tc.name()))
    }
    fn make(&self, tc: Toolchain) -> Command {
        let mut cmd = Command::new("make");
        cmd.arg("-C")
            .arg(&self.src)
            .arg(format!("O={}", self.build_dir(tc).display()))
            .args(tc.make_vars());
        cmd
    }
}

/// What identifies the installed tarball: its size and modification time.
/// A security update of `linux-source-6.12` changes both.
fn tarball_identity() -> Result<String, String> {
    let meta = fs::metadata(TARBALL).map_err(|e| format!("error: cannot stat {TARBALL}: {e}"))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    Ok(format!("{TARBALL} {} {mtime}\n", meta.len()))
}

/// Unpack the Debian kernel source into the cache, once per tarball.
fn unpack(cache: &Path) -> Result<Tree, String> {
    let src = cache.join(format!("linux-source-{KERNEL_VERSION}"));
    let stamp = src.join(".cca-abi-tarball");
    let identity = tarball_identity()?;
    let current = fs::read_to_string(&stamp).is_ok_and(|s| s == identity);
    if !current || !src.join("Makefile").exists() {
        println!("==> unpacking {TARBALL} into {}", cache.display());
        let tmp = cache.join(format!(".unpack-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(&tmp)
            .map_err(|e| format!("error: cannot create {}: {e}", tmp.display()))?;
        run(
            Command::new("tar")
                .arg("-C")
                .arg(&tmp)
                .arg("-xf")
                .arg(TARBALL),
            "unpacking the kernel source",
        )?;
        let _ = fs::remove_dir_all(&src);
        fs::rename(tmp.join(format!("linux-source-{KERNEL_VERSION}")), &src)
            .map_err(|e| format!("error: cannot move the unpacked tree into place: {e}"))?;
        let _ = fs::remove_dir_all(&tmp);
        write_file(&stamp, &identity)?;
        // Trees prepared from an older source are stale.
        for tc in [Toolchain::Gcc, Toolchain::Clang] {
            let _ = fs::remove_dir_all(cache.join(format!("build-{}", tc.name())));
        }
    }
    Ok(Tree {
        src,
        cache: cache.to_path_buf(),
    })
}

/// `defconfig` and `modules_prepare` once per toolchain.
fn prepare(tree: &Tree, tc: Toolchain) -> Result<(), String> {
    let stamp = tree.build_dir(tc).join(".cca-abi-prepared");
    if stamp.exists() {
        return Ok(());
    }
    println!("==> preparing an arm64 defconfig tree for {}", tc.name());
    run(tree.make(tc).arg("-s").arg("defconfig"), "make defconfig")?;
    run(
        tree.make(tc).args(["-s", "-j2", "modules_prepare"]),
        "make modules_prepare",
    )?;
    fs::write(&stamp, "prepared\n")
        .map_err(|e| format!("error: cannot write {}: {e}", stamp.display()))
}

/// Counts for the summary line.
#[derive(Default)]
struct Tally {
    files: usize,
    checkpatch: [usize; 3],
    objects: [usize; 2],
    findings: Vec<String>,
}

/// The totals line of checkpatch: `total: E errors, W warnings, C checks, …`.
fn checkpatch_totals(out: &str) -> Option<[usize; 3]> {
    let line = out.lines().find(|l| l.starts_with("total: "))?;
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    Some([*nums.first()?, *nums.get(1)?, *nums.get(2)?])
}

fn checkpatch(tree: &Tree, file: &Path) -> Result<([usize; 3], String), String> {
    let out = Command::new("perl")
        .arg(tree.src.join("scripts/checkpatch.pl"))
        .args(["--strict", "--no-tree", "--file"])
        .arg(file)
        .output()
        .map_err(|e| format!("error: cannot run checkpatch.pl: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let totals = checkpatch_totals(&text).ok_or_else(|| {
        format!(
            "error: checkpatch.pl printed no totals for {}:\n{text}",
            file.display()
        )
    })?;
    Ok((totals, text))
}

/// A scratch module directory holding one profile's files in kernel layout.
struct Module {
    dir: PathBuf,
    headers: Vec<PathBuf>,
    sources: Vec<PathBuf>,
    objects: Vec<String>,
}

fn module(tree: &Tree, dir: &Path, files: &[File]) -> Result<Module, String> {
    let laid = lay_out(files, dir)?;
    let include = dir.join("include");
    let mut objects = Vec::new();
    // Each header alone in its own compilation unit.
    for (h, _) in &laid.headers {
        let unit = format!("hdr_{}", h.trim_end_matches(".h").replace('/', "_"));
        write_file(&dir.join(format!("{unit}.c")), &format!("#include <{h}>\n"))?;
        objects.push(format!("{unit}.o"));
    }
    for s in &laid.sources {
        let name = s
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        objects.push(name.replace(".c", ".o"));
    }
    // Stub only what the tree truly lacks.
    if !tree.src.join("arch/arm64/include/asm/rsi_cmds.h").exists() {
        write_file(&include.join("asm/rsi_cmds.h"), RSI_CMDS_STUB)?;
    }
    // Our headers come first, so they win over anything the tree has.
    write_file(
        &dir.join("Kbuild"),
        &format!(
            "LINUXINCLUDE := -I{} $(LINUXINCLUDE)\nobj-m := {}\n",
            include.display(),
            objects.join(" ")
        ),
    )?;
    Ok(Module {
        dir: dir.to_path_buf(),
        headers: laid.headers.into_iter().map(|(_, p)| p).collect(),
        sources: laid.sources,
        objects,
    })
}

/// Build every object of the module; returns the warning and error lines.
fn build(tree: &Tree, tc: Toolchain, m: &Module) -> Result<Vec<String>, String> {
    for o in &m.objects {
        let _ = fs::remove_file(m.dir.join(o));
    }
    let out = tree
        .make(tc)
        .arg(format!("M={}", m.dir.display()))
        .args(["W=1", "C=1"])
        .args(&m.objects)
        .output()
        .map_err(|e| format!("error: cannot run make: {e}"))?;
    let text = output_text(&out);
    let mut findings: Vec<String> = text
        .lines()
        .filter(|l| l.contains("warning:") || l.contains("error:") || l.contains("Error "))
        .map(|l| format!("{}: {l}", tc.name()))
        .collect();
    if !out.status.success() && findings.is_empty() {
        findings.push(format!(
            "{}: make failed ({}):\n{text}",
            tc.name(),
            out.status
        ));
    }
    Ok(findings)
}

fn check_profile(
    tree: &Tree,
    name: &str,
    files: &[File],
    scratch: &Path,
    tally: &mut Tally,
) -> Result<(), String> {
    let m = module(tree, &scratch.join(name), files)?;
    for f in m.headers.iter().chain(&m.sources) {
        if f.ends_with("asm/rsi_cmds.h") {
            continue;
        }
        tally.files += 1;
        let (totals, text) = checkpatch(tree, f)?;
        for (t, n) in tally.checkpatch.iter_mut().zip(totals) {
            *t += n;
        }
        if totals != [0, 0, 0] {
            tally
                .findings
                .push(format!("checkpatch ({name}): {}\n{text}", f.display()));
        }
    }
    for (i, tc) in [Toolchain::Gcc, Toolchain::Clang].into_iter().enumerate() {
        let found = build(tree, tc, &m)?;
        tally.objects[i] += m.objects.len();
        tally
            .findings
            .extend(found.into_iter().map(|l| format!("{name}: {l}")));
    }
    Ok(())
}

/// The negative controls: a broken copy must be refused with the tool's message.
fn bites(tree: &Tree, files: &[File], scratch: &Path) -> Result<Vec<String>, String> {
    let mut missed = Vec::new();
    // A trailing space in a header: checkpatch must say so.
    let mut broken: Vec<File> = files.to_vec();
    if let Some(h) = broken.iter_mut().find(|f| f.path.ends_with(".h")) {
        h.contents = h.contents.replacen('\n', " \n", 3);
    }
    let m = module(tree, &scratch.join("bite-trailing-space"), &broken)?;
    let header = m.headers.first().ok_or("error: no header to break")?;
    let (_, text) = checkpatch(tree, header)?;
    if text.contains("trailing whitespace") {
        println!(
            "    bites: checkpatch refuses a trailing space: {}",
            first_line(&text, "trailing whitespace")
        );
    } else {
        missed.push("checkpatch accepted a header with trailing spaces".to_string());
    }
    // An unused variable in the routine: gcc and clang (W=1) must say so.
    let mut broken: Vec<File> = files.to_vec();
    if let Some(c) = broken.iter_mut().find(|f| f.path.ends_with(".c")) {
        c.contents = c.contents.replacen(
            "\tunsigned long answer;\n",
            "\tunsigned long answer;\n\tint unused;\n",
            1,
        );
    }
    let m = module(tree, &scratch.join("bite-unused-variable"), &broken)?;
    for tc in [Toolchain::Gcc, Toolchain::Clang] {
        let found = build(tree, tc, &m)?;
        match found.iter().find(|l| l.contains("unused")) {
            Some(l) => println!(
                "    bites: {} refuses an unused variable: {}",
                tc.name(),
                l.trim()
            ),
            None => missed.push(format!(
                "{} accepted a routine with an unused variable",
                tc.name()
            )),
        }
    }
    Ok(missed)
}

fn first_line<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or("")
        .trim()
}

pub fn run_check(abi: &Path) -> Result<(), String> {
    let start = Instant::now();
    ensure(NEEDS)?;
    let cache = cache_dir();
    fs::create_dir_all(&cache)
        .map_err(|e| format!("error: cannot create {}: {e}", cache.display()))?;
    let tree = unpack(&cache)?;
    for tc in [Toolchain::Gcc, Toolchain::Clang] {
        prepare(&tree, tc)?;
    }
    let (model, outputs) = crate::files::load_all(abi)?;
    let scratch = cache.join("kernel-check");
    let mut tally = Tally::default();
    let profiles = &outputs.linux.profiles;
    for p in profiles {
        println!("==> kernel-check: profile {}", p.name);
        let files = codegen::emit::c::files(&model, p)?;
        check_profile(&tree, &p.name, &files, &scratch, &mut tally)?;
    }
    let default = codegen::emit::c::files(&model, outputs.linux.default_profile())?;
    let missed = bites(&tree, &default, &scratch)?;
    tally
        .findings
        .extend(missed.iter().map(|m| format!("negative control: {m}")));

    let [e, w, c] = tally.checkpatch;
    let summary = format!(
        "kernel-check: Linux {KERNEL_VERSION} arm64 defconfig, {} profiles, {} files: checkpatch --strict {e} errors, {w} warnings, {c} checks; W=1 C=1 gcc {} objects, clang {} objects; {} findings; negative controls {} ({:.1} s)",
        profiles.len(),
        tally.files,
        tally.objects[0],
        tally.objects[1],
        tally.findings.len(),
        if missed.is_empty() { "bite" } else { "MISSED" },
        start.elapsed().as_secs_f64()
    );
    if tally.findings.is_empty() {
        println!("{summary}");
        Ok(())
    } else {
        for f in &tally.findings {
            eprintln!("{f}");
        }
        Err(format!("{summary}\nerror: kernel-check found problems"))
    }
}
