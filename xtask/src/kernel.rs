//! `cargo xtask kernel-check`: every profile's patch series judged by the
//! kernel's own tools.
//!
//! For every Linux profile in `abi/outputs.yaml`: the fixture tree
//! (`xtask/kernel/fixture/`, files shaped like mainline's around the
//! profiles' anchors) is committed into a scratch repository, `kernel-patch`
//! writes the series for it, `git am` applies it, `checkpatch.pl --strict`
//! reads every patch (so it sees the tree's paths), `scripts/kernel-doc
//! -Wall` every patched file, and every patched C file and header is built
//! after each patch (the series bisects) in a real arm64 `defconfig` tree of
//! Linux 6.12 with `W=1 C=1` (sparse), once with gcc and once with clang
//! (`LLVM=1`). Any finding fails the
//! check. Two negative controls prove it bites: a patch with a trailing
//! space and a routine with an unused variable must both be refused, with
//! the tool's own message.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow};
use walkdir::WalkDir;

use crate::git::Git;
use crate::process::{self, Args, Expression, run};
use crate::tools::{Need, cache_dir, ensure, write_file};

const KERNEL_VERSION: &str = "6.12";
const TARBALL: &str = "/usr/src/linux-source-6.12.tar.xz";
/// Who the fixture's base commit and the checked series are from.
const IDENTITY: &str = "CCA ABI kernel-check <kernel-check@example.com>";
/// The fixture's base commit date, fixed so that the series is byte-stable.
const FIXTURE_DATE: &str = "2026-05-01T00:00:00+00:00";

const NEEDS: &[Need] = &[
    Need::Program("git", "git"),
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
    /// `make -C SRC O=BUILD VARS… ARGS…` for the toolchain.
    fn make<I>(&self, tc: Toolchain, args: I) -> Expression
    where
        I: IntoIterator,
        I::Item: Into<OsString>,
    {
        let argv = Args::words("-C")
            .arg(&self.src)
            .arg(format!("O={}", self.build_dir(tc).display()))
            .args(tc.make_vars())
            .args(args);
        process::cmd("make", argv)
    }
}

/// What identifies the installed tarball: its size and modification time.
/// A security update of `linux-source-6.12` changes both.
fn tarball_identity() -> Result<String> {
    let meta = fs::metadata(TARBALL).with_context(|| format!("cannot stat {TARBALL}"))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    Ok(format!("{TARBALL} {} {mtime}\n", meta.len()))
}

/// Unpack the Debian kernel source into the cache, once per tarball.
fn unpack(cache: &Path) -> Result<Tree> {
    let src = cache.join(format!("linux-source-{KERNEL_VERSION}"));
    let stamp = src.join(".cca-abi-tarball");
    let identity = tarball_identity()?;
    let current = fs::read_to_string(&stamp).is_ok_and(|s| s == identity);
    if !current || !src.join("Makefile").exists() {
        println!("==> unpacking {TARBALL} into {}", cache.display());
        // In the cache itself, so that the tree is renamed, not copied, into place.
        let tmp = tempfile::Builder::new()
            .prefix(".unpack-")
            .tempdir_in(cache)
            .with_context(|| format!("cannot create a directory in {}", cache.display()))?;
        run(
            &duct::cmd!("tar", "-C", tmp.path(), "-xf", TARBALL),
            "unpacking the kernel source",
        )?;
        let _ = fs::remove_dir_all(&src);
        fs::rename(
            tmp.path().join(format!("linux-source-{KERNEL_VERSION}")),
            &src,
        )
        .context("cannot move the unpacked tree into place")?;
        drop(tmp);
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
fn prepare(tree: &Tree, tc: Toolchain) -> Result<()> {
    let stamp = tree.build_dir(tc).join(".cca-abi-prepared");
    if stamp.exists() {
        return Ok(());
    }
    println!("==> preparing an arm64 defconfig tree for {}", tc.name());
    run(&tree.make(tc, ["-s", "defconfig"]), "make defconfig")?;
    run(
        &tree.make(tc, ["-s", "-j2", "modules_prepare"]),
        "make modules_prepare",
    )?;
    fs::write(&stamp, "prepared\n").with_context(|| format!("cannot write {}", stamp.display()))
}

/// Counts for the summary line.
#[derive(Default)]
struct Tally {
    patches: usize,
    checkpatch: [usize; 3],
    kernel_doc: usize,
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

/// checkpatch on a patch file. `FILE_PATH_CHANGES` (a new file: is
/// MAINTAINERS up to date?) is the one type ignored; the `ARM64 PORT` entry
/// covers every path the series adds.
fn checkpatch(tree: &Tree, patch: &Path) -> Result<([usize; 3], String)> {
    let perl = Args::default()
        .arg(tree.src.join("scripts/checkpatch.pl"))
        .and("--strict --no-tree --ignore FILE_PATH_CHANGES")
        .arg(patch);
    let perl = process::cmd("perl", perl);
    let out = process::output(&perl).context("cannot run checkpatch.pl")?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let totals = checkpatch_totals(&text).ok_or_else(|| {
        anyhow!(
            "checkpatch.pl printed no totals for {}:\n{text}",
            patch.display()
        )
    })?;
    Ok((totals, text))
}

/// `scripts/kernel-doc -Wall -none` on the files; returns its warning lines.
fn kernel_doc(tree: &Tree, files: &[PathBuf]) -> Result<Vec<String>> {
    let args = Args::default()
        .arg(tree.src.join("scripts/kernel-doc"))
        .and("-Wall -none")
        .args(files);
    let out = process::output(&process::cmd("perl", args)).context("cannot run kernel-doc")?;
    Ok(process::text(&out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect())
}

/// git with a fixed identity and no user or system configuration.
fn git(dir: &Path) -> Git {
    let mut git = Git::isolated(dir);
    for (k, v) in [
        ("GIT_AUTHOR_NAME", "CCA ABI kernel-check"),
        ("GIT_AUTHOR_EMAIL", "kernel-check@example.com"),
        ("GIT_COMMITTER_NAME", "CCA ABI kernel-check"),
        ("GIT_COMMITTER_EMAIL", "kernel-check@example.com"),
        ("GIT_AUTHOR_DATE", FIXTURE_DATE),
        ("GIT_COMMITTER_DATE", FIXTURE_DATE),
    ] {
        git = git.env(k, v);
    }
    git
}

/// Copy a directory tree.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in WalkDir::new(from).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        let text =
            fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let rel = path.strip_prefix(from).unwrap_or(path);
        write_file(&to.join(rel), &text)?;
    }
    Ok(())
}

/// A fresh git repository holding the fixture tree in one commit.
pub fn fixture_repo(dir: &Path) -> Result<()> {
    let _ = fs::remove_dir_all(dir);
    copy_tree(
        &crate::root().join("xtask/kernel/fixture/arch"),
        &dir.join("arch"),
    )?;
    let git = git(dir);
    run(&git.cmd(["init", "-q", "-b", "master"]), "git init")?;
    run(&git.cmd(["add", "-A"]), "git add")?;
    let message = "Fixture: the kernel before the series";
    run(&git.cmd(["commit", "-q", "-m", message]), "git commit")?;
    Ok(())
}

/// A scratch module directory that builds the patched files.
struct Module {
    dir: PathBuf,
    objects: Vec<String>,
}

/// Each patched header alone in its own compilation unit, and every patched
/// C file, compiled against the patched tree's headers first.
fn module(repo: &Path, dir: &Path, headers: &[String], sources: &[String]) -> Result<Module> {
    let _ = fs::remove_dir_all(dir);
    let mut objects = Vec::new();
    for h in headers {
        let inc = h.strip_prefix("arch/arm64/include/").unwrap_or(h);
        let unit = format!("hdr_{}", inc.trim_end_matches(".h").replace('/', "_"));
        write_file(
            &dir.join(format!("{unit}.c")),
            &format!("#include <{inc}>\n"),
        )?;
        objects.push(format!("{unit}.o"));
    }
    for s in sources {
        let name = s.rsplit('/').next().unwrap_or(s);
        let text = fs::read_to_string(repo.join(s)).with_context(|| format!("cannot read {s}"))?;
        write_file(&dir.join(name), &text)?;
        objects.push(name.replace(".c", ".o"));
    }
    write_file(
        &dir.join("Kbuild"),
        &format!(
            "LINUXINCLUDE := -I{} $(LINUXINCLUDE)\nobj-m := {}\n",
            repo.join("arch/arm64/include").display(),
            objects.join(" ")
        ),
    )?;
    Ok(Module {
        dir: dir.to_path_buf(),
        objects,
    })
}

/// Build every object of the module; returns the warning and error lines.
fn build(tree: &Tree, tc: Toolchain, m: &Module) -> Result<Vec<String>> {
    for o in &m.objects {
        let _ = fs::remove_file(m.dir.join(o));
    }
    let mut args = vec![format!("M={}", m.dir.display()), "W=1".into(), "C=1".into()];
    args.extend(m.objects.iter().cloned());
    let out = process::output(&tree.make(tc, args)).context("cannot run make")?;
    let text = process::text(&out);
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

/// What a profile's series touches: headers and C files, as tree paths.
fn touched(series: &codegen::emit::c::Series) -> (Vec<String>, Vec<String>) {
    let mut paths: Vec<String> = Vec::new();
    for change in series.patches.iter().flat_map(|p| &p.changes) {
        let path = match change {
            codegen::emit::c::Change::Whole { path, .. } => path,
            codegen::emit::c::Change::Insert { edit, .. } => &edit.path,
        };
        if !paths.contains(path) {
            paths.push(path.clone());
        }
    }
    let headers = paths
        .iter()
        .filter(|p| p.ends_with(".h"))
        .cloned()
        .collect();
    let sources = paths
        .iter()
        .filter(|p| p.ends_with(".c"))
        .cloned()
        .collect();
    (headers, sources)
}

/// A profile's series for the fixture, applied with `git am`; returns the
/// patch files and prints git's output.
pub(crate) fn series_applied(
    abi: &Path,
    profile: &str,
    dir: &Path,
) -> Result<(PathBuf, Vec<PathBuf>)> {
    let repo = dir.join("tree");
    fixture_repo(&repo)?;
    let files = crate::patch::run(&crate::patch::Options {
        abi: abi.to_path_buf(),
        tree: repo.clone(),
        profile: Some(profile.to_string()),
        out: dir.join("series"),
        signoff: Some(IDENTITY.into()),
    })?;
    let patches: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| !f.ends_with("0000-cover-letter.patch"))
        .collect();
    let git = git(&repo);
    let am = run(&git.cmd(Args::words("am").args(&patches)), "git am")?;
    for line in am.lines() {
        println!("    git am: {line}");
    }
    let stat = run(&git.cmd(["diff", "--stat", "HEAD~3"]), "git diff --stat")?;
    for line in stat.lines() {
        println!("    {line}");
    }
    Ok((repo, patches))
}

/// Every patch but the last builds on its own (a series must bisect): the
/// files of the series that exist at that commit, with gcc and clang.
fn bisect(
    tree: &Tree,
    repo: &Path,
    dir: &Path,
    p: &codegen::config::LinuxProfile,
    headers: &[String],
    sources: &[String],
    tally: &mut Tally,
) -> Result<()> {
    let git = git(repo);
    let commits = run(
        &git.cmd(["rev-list", "--reverse", "HEAD~3..HEAD~1"]),
        "git rev-list",
    )?;
    for (n, sha) in commits.lines().enumerate() {
        run(&git.cmd(["checkout", "-q", sha.trim()]), "git checkout")?;
        let exists = |f: &&String| repo.join(f).exists();
        let h: Vec<String> = headers.iter().filter(exists).cloned().collect();
        let s: Vec<String> = sources.iter().filter(exists).cloned().collect();
        let m = module(repo, &dir.join(format!("build-patch-{}", n + 1)), &h, &s)?;
        for (i, tc) in [Toolchain::Gcc, Toolchain::Clang].into_iter().enumerate() {
            let found = build(tree, tc, &m)?;
            tally.objects[i] += m.objects.len();
            tally.findings.extend(
                found
                    .into_iter()
                    .map(|l| format!("{} after patch {}: {l}", p.name, n + 1)),
            );
        }
    }
    run(
        &git.cmd(["checkout", "-q", "master"]),
        "git checkout master",
    )?;
    Ok(())
}

fn check_profile(
    tree: &Tree,
    abi: &Path,
    model: &codegen::Model,
    p: &codegen::config::LinuxProfile,
    scratch: &Path,
    tally: &mut Tally,
) -> Result<()> {
    let dir = scratch.join(&p.name);
    let (repo, patches) = series_applied(abi, &p.name, &dir)?;
    for patch in &patches {
        tally.patches += 1;
        let (totals, text) = checkpatch(tree, patch)?;
        for (t, n) in tally.checkpatch.iter_mut().zip(totals) {
            *t += n;
        }
        if totals != [0, 0, 0] {
            tally.findings.push(format!(
                "checkpatch ({}): {}\n{text}",
                p.name,
                patch.display()
            ));
        }
    }
    let view = codegen::plan::View::new(model, p);
    let plan = crate::files::profile_plan(model, &view)?;
    let series = codegen::emit::c::series(&plan).map_err(anyhow::Error::msg)?;
    let (headers, sources) = touched(&series);
    let files: Vec<PathBuf> = headers
        .iter()
        .chain(&sources)
        .map(|f| repo.join(f))
        .collect();
    let doc = kernel_doc(tree, &files)?;
    tally.kernel_doc += doc.len();
    tally.findings.extend(
        doc.into_iter()
            .map(|l| format!("kernel-doc ({}): {l}", p.name)),
    );
    bisect(tree, &repo, &dir, p, &headers, &sources, tally)?;
    let m = module(&repo, &dir.join("build"), &headers, &sources)?;
    for (i, tc) in [Toolchain::Gcc, Toolchain::Clang].into_iter().enumerate() {
        let found = build(tree, tc, &m)?;
        tally.objects[i] += m.objects.len();
        tally
            .findings
            .extend(found.into_iter().map(|l| format!("{}: {l}", p.name)));
    }
    Ok(())
}

/// The negative controls: a broken copy must be refused with the tool's message.
fn bites(tree: &Tree, scratch: &Path, profile: &str) -> Result<Vec<String>> {
    let dir = scratch.join(profile);
    let mut missed = Vec::new();
    // A trailing space on an added line of the last patch: checkpatch must say so.
    let last = fs::read_dir(dir.join("series"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().contains("0003-"))
        .context("no third patch to break")?;
    let text = fs::read_to_string(&last)?;
    let broken = text.replacen("\n+\tint ret;\n", "\n+\tint ret; \n", 1);
    let bad = scratch.join("bite-trailing-space.patch");
    write_file(&bad, &broken)?;
    let (_, out) = checkpatch(tree, &bad)?;
    if broken != text && out.contains("trailing whitespace") {
        println!(
            "    bites: checkpatch refuses a trailing space: {}",
            first_line(&out, "trailing whitespace")
        );
    } else {
        missed.push("checkpatch accepted a patch with a trailing space".to_string());
    }
    // A parameter the kernel-doc does not describe: kernel-doc must say so.
    let doc = scratch.join("bite-kernel-doc.c");
    let rsi = fs::read_to_string(dir.join("tree/arch/arm64/kernel/rsi.c"))?;
    let undocumented = drop_param_line(&rsi);
    write_file(&doc, &undocumented)?;
    match kernel_doc(tree, &[doc])?
        .into_iter()
        .find(|l| l.contains("not described"))
    {
        Some(l) if undocumented != rsi => println!(
            "    bites: kernel-doc refuses an undescribed parameter: {}",
            l.trim()
        ),
        _ => missed.push("kernel-doc accepted an undescribed parameter".to_string()),
    }
    // An unused variable in the patched routine: gcc and clang (W=1) must say so.
    let repo = dir.join("tree");
    let (headers, sources) = (Vec::new(), vec!["arch/arm64/kernel/rsi.c".to_string()]);
    let m = module(
        &repo,
        &scratch.join("bite-unused-variable"),
        &headers,
        &sources,
    )?;
    let c = m.dir.join("rsi.c");
    let text = fs::read_to_string(&c)?;
    let broken = text.replacen(
        "\tunsigned long answer;\n",
        "\tunsigned long answer;\n\tint unused;\n",
        1,
    );
    write_file(&c, &broken)?;
    for tc in [Toolchain::Gcc, Toolchain::Clang] {
        let found = build(tree, tc, &m)?;
        match found
            .iter()
            .find(|l| l.contains("unused"))
            .filter(|_| broken != text)
        {
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

/// The text without the first kernel-doc parameter line (` * @name: …`).
fn drop_param_line(text: &str) -> String {
    let mut dropped = false;
    text.split_inclusive('\n')
        .filter(|l| {
            let hit = !dropped && l.starts_with(" * @") && l.contains(": ");
            dropped |= hit;
            !hit
        })
        .collect()
}

fn first_line<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or("")
        .trim()
}

pub fn run_check(abi: &Path) -> Result<()> {
    let start = Instant::now();
    ensure(NEEDS)?;
    let cache = cache_dir();
    fs::create_dir_all(&cache).with_context(|| format!("cannot create {}", cache.display()))?;
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
        check_profile(&tree, abi, &model, p, &scratch, &mut tally)?;
    }
    let missed = bites(&tree, &scratch, &outputs.linux.default_profile().name)?;
    tally
        .findings
        .extend(missed.iter().map(|m| format!("negative control: {m}")));
    let [e, w, c] = tally.checkpatch;
    let summary = format!(
        "kernel-check: Linux {KERNEL_VERSION} arm64 defconfig, {} profiles, {} patches applied with git am: checkpatch --strict {e} errors, {w} warnings, {c} checks; kernel-doc -Wall {} warnings; W=1 C=1 builds after every patch: gcc {} objects, clang {} objects; {} findings; negative controls {} ({:.1} s)",
        profiles.len(),
        tally.patches,
        tally.kernel_doc,
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
        Err(crate::Failure::report(
            format!("{summary}\n"),
            "kernel-check found problems",
        ))
    }
}
