//! Reading the ABI, writing `generated/` atomically, and checking it for drift.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use codegen::emit;
use codegen::{Model, Outputs, Source};
use walkdir::WalkDir;

pub use codegen::OUTPUTS_FILE;

/// The name a source goes by in diagnostics: relative to the workspace root
/// when inside it, else the path as given, so that it opens in an editor.
/// Generated files name their inputs by [`generated_name`] instead.
fn display_name(file: &Path) -> String {
    let root = crate::root();
    let canon = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    match canon(file).strip_prefix(canon(&root)) {
        Ok(rel) => slash(rel),
        Err(_) => file.display().to_string(),
    }
}

/// The name generated files give an input: `abi/` and its file name,
/// whatever the description directory is called or wherever it is, so that
/// the output does not depend on the machine or on a scratch copy.
fn generated_name(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    format!("abi/{name}")
}

/// The model with every interface named by [`generated_name`].
fn with_generated_names(mut model: Model) -> Model {
    for i in &mut model.interfaces {
        i.file = generated_name(&i.file);
    }
    model
}

/// What `generate` and `check` cover: one Linux profile or everything, and
/// whether the stamp may be used.
#[derive(Clone, Debug)]
pub struct Scope {
    pub profile: Option<String>,
    pub cache: bool,
}

impl Scope {
    /// The output-relative prefix of the files in scope (`None`: all).
    fn prefix(&self, outputs: &Outputs) -> Result<Option<String>> {
        let Some(name) = &self.profile else {
            return Ok(None);
        };
        let profiles = &outputs.linux.profiles;
        match profiles.iter().find(|p| p.name == *name) {
            Some(p) => Ok(Some(format!("{}/", emit::c::profile_root(p)))),
            None => {
                let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
                let hint = codegen::did_you_mean(name, names.iter().copied());
                bail!(
                    "abi/outputs.yaml has no profile `{name}`{hint} (its profiles are {})",
                    names.join(", ")
                )
            }
        }
    }

    /// The stamp may be used only for a whole, cached run.
    fn stamped(&self) -> bool {
        self.cache && self.profile.is_none()
    }
}

/// Every file the shipped emitters make, formatted on `threads` threads
/// (the output does not depend on how many): the one call of the emitters.
fn emit(model: &Model, outputs: &Outputs, threads: usize) -> Result<Vec<emit::File>> {
    let views = codegen::plan::views(model, outputs);
    emit::all(&plan(model, outputs, &views)?, threads).map_err(anyhow::Error::msg)
}

/// The plan of the whole generation on `views`. `load_outputs` has checked
/// every reference it links, so a failure here is a defect of codegen.
pub fn plan<'m>(
    model: &'m Model,
    outputs: &'m Outputs,
    views: &'m [codegen::plan::View<'m>],
) -> Result<codegen::plan::Plan<'m>> {
    codegen::plan::lower(model, outputs, views).map_err(|d| report(&d, &[]))
}

/// The plan of one profile on its view (`View::new(model, profile)`, for a
/// loaded profile or a changed copy of one).
pub fn profile_plan<'v>(
    model: &Model,
    view: &'v codegen::plan::View<'v>,
) -> Result<codegen::plan::ProfilePlan<'v>> {
    codegen::plan::lower_profile(model, view).map_err(|d| report(&d, &[]))
}

/// The files a run produces, narrowed to the scope: with the prefix they
/// lie under when it is one profile.
fn scoped_files(
    model: &Model,
    outputs: &Outputs,
    scope: &Scope,
    threads: usize,
) -> Result<(Vec<emit::File>, Option<String>)> {
    let mut files = emit(model, outputs, threads)?;
    let prefix = scope.prefix(outputs)?;
    if let Some(p) = &prefix {
        files.retain(|f| f.path.starts_with(p.as_str()));
    }
    Ok((files, prefix))
}

/// Interfaces no Linux profile gives a header, so that their missing C is
/// said rather than silent.
fn without_c(model: &Model, outputs: &Outputs) -> Vec<String> {
    model
        .interfaces
        .iter()
        .filter(|i| {
            !outputs
                .linux
                .profiles
                .iter()
                .any(|p| p.headers.iter().any(|h| h.interface == i.name))
        })
        .map(|i| i.name.clone())
        .collect()
}

fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every interface file of `abi`, sorted by name.
pub fn read_sources(abi: &Path) -> Result<Vec<Source>> {
    let entries = fs::read_dir(abi)
        .with_context(|| format!("cannot read ABI directory {}", abi.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(codegen::is_interface_file)
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("no *.yaml interface files in {}", abi.display());
    }
    paths
        .iter()
        .map(|p| {
            let text =
                fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
            Ok(Source::new(display_name(p), text))
        })
        .collect()
}

/// Every diagnostic, rendered, and how many there are.
fn report(diags: &codegen::Diagnostics, sources: &[Source]) -> anyhow::Error {
    let n = diags.len();
    crate::Failure::report(
        diags.render(sources),
        format!(
            "{n} problem{} in the ABI description; nothing was written",
            if n == 1 { "" } else { "s" }
        ),
    )
}

/// Load and validate the interface files; on failure the error lists every diagnostic.
pub fn load_model(abi: &Path) -> Result<(Model, Vec<Source>)> {
    let sources = read_sources(abi)?;
    match codegen::load(&sources) {
        Ok(model) => Ok((with_generated_names(model), sources)),
        Err(diags) => Err(report(&diags, &sources)),
    }
}

/// The interface files and `outputs.yaml` of an ABI directory, read.
#[derive(Debug)]
pub struct Inputs {
    sources: Vec<Source>,
    outputs: Source,
}

impl Inputs {
    pub fn read(abi: &Path) -> Result<Self> {
        let sources = read_sources(abi)?;
        let path = abi.join(OUTPUTS_FILE);
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let outputs = Source::new(display_name(&path), text);
        Ok(Self { sources, outputs })
    }

    /// The stamp key of a run over these inputs.
    fn key(&self) -> u128 {
        let all = self.sources.iter().chain([&self.outputs]);
        crate::stamp::key(all.map(|s| (s.name.as_str(), s.text.as_bytes())))
    }

    /// The model (its inputs named as generated files name them) and the
    /// output configuration checked against it.
    pub fn load(&self) -> Result<(Model, Outputs)> {
        let model = codegen::load(&self.sources).map_err(|d| report(&d, &self.sources))?;
        let model = with_generated_names(model);
        match codegen::load_outputs(&self.outputs, &model) {
            Ok(outputs) => Ok((model, outputs)),
            Err(diags) => Err(report(&diags, std::slice::from_ref(&self.outputs))),
        }
    }
}

/// The model and the output configuration (`outputs.yaml`) checked against it.
pub fn load_all(abi: &Path) -> Result<(Model, Outputs)> {
    Inputs::read(abi)?.load()
}

/// Whether `out` holds exactly what the last full run over inputs with
/// `key` produced (see `stamp`); the number of files if so.
fn unchanged_since_stamp(key: u128, out: &Path) -> Option<usize> {
    let stamp = crate::stamp::Stamp::read(out)?;
    let existing: Vec<String> = existing_files(out).ok()?.into_iter().collect();
    stamp.holds(key, out, &existing).then(|| stamp.len())
}

/// Every file under `dir`, as `/`-separated paths relative to it (none
/// when it does not exist).
pub(crate) fn existing_files(dir: &Path) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for entry in WalkDir::new(dir).min_depth(1) {
        let entry = match entry {
            Ok(e) => e,
            Err(e)
                if e.io_error().map(std::io::Error::kind) == Some(std::io::ErrorKind::NotFound) =>
            {
                continue;
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
        };
        if !entry.file_type().is_dir()
            && let Ok(rel) = entry.path().strip_prefix(dir)
        {
            out.insert(slash(rel));
        }
    }
    Ok(out)
}

/// The temporary name `write_atomic` uses for `name`: hidden, with the
/// writer's process ID, so that two runs never share one.
fn temp_name(name: &str) -> String {
    format!(".{name}.tmp{}", std::process::id())
}

/// Whether `rel` is a temporary file `write_atomic` left behind when its
/// process was killed: `.NAME.tmpPID`.
fn is_leftover_temp(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with('.')
        && name
            .rsplit_once(".tmp")
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// The steps of writing one file, after each of which a test may stop the
/// process (`xtask/tests/kill.rs`): the temporary file half written, fully
/// written and synced, renamed into place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteStep {
    HalfWritten,
    Synced,
    Renamed,
}

/// What is told of every [`WriteStep`]; the commands tell nobody.
pub type Observer<'a> = &'a dyn Fn(WriteStep);

/// Write `contents` to `path` through a temporary file in the same directory
/// and a rename, so a reader never sees half a file, even if the process is
/// killed (the next `generate` removes the temporary file).
pub(crate) fn write_atomic(path: &Path, contents: &str, observe: Observer<'_>) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(temp_name(&name));
    let (first, rest) = contents.as_bytes().split_at(contents.len() / 2);
    let result = fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(first)?;
            observe(WriteStep::HalfWritten);
            f.write_all(rest)?;
            f.sync_all()
        })
        .and_then(|()| {
            observe(WriteStep::Synced);
            fs::rename(&tmp, path)
        });
    observe(WriteStep::Renamed);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// Whether a file carries our generated-file header, so that `generate` may
/// delete it when it is no longer produced.
fn looks_generated(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|t| emit::is_generated(&t))
}

/// Remove the directories under `dir` that removing stale files left empty.
fn prune_empty_dirs(dir: &Path) {
    let dirs = WalkDir::new(dir)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir());
    for d in dirs {
        // Fails, as it should, while the directory holds anything.
        let _ = fs::remove_dir(d.path());
    }
}

/// Remove the temporary files an interrupted run left in `out`; returns how many.
fn remove_leftover_temps(out: &Path) -> Result<usize> {
    let temps: Vec<String> = existing_files(out)?
        .into_iter()
        .filter(|p| is_leftover_temp(p))
        .collect();
    for rel in &temps {
        let path = out.join(rel);
        fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    }
    Ok(temps.len())
}

/// `cargo xtask generate`: write every file of `scope` into `out`, on
/// `threads` threads.
pub fn generate(abi: &Path, out: &Path, scope: &Scope, threads: usize) -> Result<()> {
    generate_observed(abi, out, scope, threads, &|_| {})
}

/// [`generate`], telling `observe` of every step of every file written.
pub fn generate_observed(
    abi: &Path,
    out: &Path,
    scope: &Scope,
    threads: usize,
    observe: Observer<'_>,
) -> Result<()> {
    let inputs = Inputs::read(abi)?;
    let key = inputs.key();
    if let Some(n) = unchanged_since_stamp(key, out).filter(|_| scope.stamped()) {
        println!(
            "generate: 0 written, {n} unchanged, 0 removed ({n} files in {}; inputs and outputs as the last run left them)",
            out.display()
        );
        return Ok(());
    }
    let (model, outputs) = inputs.load()?;
    let (files, prefix) = scoped_files(&model, &outputs, scope, threads)?;
    let leftovers = remove_leftover_temps(out)?;
    let existing = in_scope(existing_files(out)?, prefix.as_deref());
    let wanted: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let stale: Vec<String> = existing.difference(&wanted).cloned().collect();
    refuse_foreign(out, &stale)?;
    let (written, unchanged) = write_changed(out, &files, observe)?;
    for rel in &stale {
        let path = out.join(rel);
        fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    }
    prune_empty_dirs(out);
    if scope.stamped() {
        crate::stamp::Stamp::new(key, &files).write(out);
    }
    let temps = match leftovers {
        0 => String::new(),
        n => format!("; {n} temporary files of an interrupted run removed"),
    };
    println!(
        "generate: {written} written, {unchanged} unchanged, {} removed ({} files in {}{}){temps}",
        stale.len(),
        files.len(),
        out.display(),
        prefix.map_or(String::new(), |p| format!(", {p} only"))
    );
    for i in without_c(&model, &outputs) {
        println!(
            "note: no profile of abi/outputs.yaml has a header of {i}, so no C is generated for it"
        );
    }
    Ok(())
}

/// The paths under `prefix` (all of them when there is none).
fn in_scope(paths: BTreeSet<String>, prefix: Option<&str>) -> BTreeSet<String> {
    paths
        .into_iter()
        .filter(|p| prefix.is_none_or(|x| p.starts_with(x)))
        .collect()
}

/// Refuse, before writing anything, when a file to remove is not ours: it
/// carries no generated header.
fn refuse_foreign(out: &Path, stale: &[String]) -> Result<()> {
    let foreign: Vec<&String> = stale
        .iter()
        .filter(|p| !looks_generated(&out.join(p)))
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = foreign
        .iter()
        .map(|p| format!("  {}", out.join(p).display()))
        .collect();
    bail!(
        "{} holds files that generate does not produce and that carry no generated header; remove them by hand:\n{}",
        out.display(),
        list.join("\n")
    )
}

/// Write every file whose contents differ; (written, unchanged).
fn write_changed(
    out: &Path,
    files: &[emit::File],
    observe: Observer<'_>,
) -> Result<(usize, usize)> {
    let (mut written, mut unchanged) = (0, 0);
    for f in files {
        let path = out.join(&f.path);
        if fs::read(&path).is_ok_and(|old| old == f.contents.as_bytes()) {
            unchanged += 1;
            continue;
        }
        write_atomic(&path, &f.contents, observe)?;
        written += 1;
    }
    Ok((written, unchanged))
}

/// `cargo xtask check`: fail, with a report, when `out` differs from what
/// `generate` would write; `fix` is the command that repairs it.
pub fn check(abi: &Path, out: &Path, fix: &str, scope: &Scope, threads: usize) -> Result<()> {
    let inputs = Inputs::read(abi)?;
    let key = inputs.key();
    if let Some(n) = unchanged_since_stamp(key, out).filter(|_| scope.stamped()) {
        println!("check: {n} generated files up to date (as the last run left them)");
        return Ok(());
    }
    let (model, outputs) = inputs.load()?;
    let (files, prefix) = scoped_files(&model, &outputs, scope, threads)?;
    let report = drift_in(&files, out, prefix.as_deref())?;
    if report.is_empty() {
        if scope.stamped() {
            crate::stamp::Stamp::new(key, &files).write(out);
        }
        println!("check: {} generated files up to date", files.len());
        return Ok(());
    }
    Err(crate::Failure::report(
        report,
        format!("generated files are out of date; run `{fix}`"),
    ))
}

/// A report of every missing, changed and extra file under `prefix` (all of
/// `out` when there is none), with unified diffs.
fn drift_in(files: &[emit::File], out: &Path, prefix: Option<&str>) -> Result<String> {
    let mut report = String::new();
    let wanted: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    for f in files {
        report.push_str(&file_drift(f, out));
    }
    for extra in in_scope(existing_files(out)?, prefix).difference(&wanted) {
        report.push_str(&format!("extra: {}\n", out.join(extra).display()));
    }
    Ok(report)
}

/// How one generated file differs from its copy in `out`: nothing, missing,
/// or changed with a unified diff whose paths are relative to the workspace
/// root when `out` lies in it (`a/generated/…`), so `git apply` takes it there.
fn file_drift(f: &emit::File, out: &Path) -> String {
    let path = out.join(&f.path);
    let Ok(old) = fs::read(&path) else {
        return format!("missing: {}\n", path.display());
    };
    if old == f.contents.as_bytes() {
        return String::new();
    }
    let old = String::from_utf8_lossy(&old);
    let diff = similar::TextDiff::from_lines(old.as_ref(), f.contents.as_str());
    let shown = diff_path(out, &f.path);
    let unified = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{shown}"), &format!("b/{shown}"))
        .to_string();
    format!("changed: {}\n{unified}", path.display())
}

/// `rel` (a path under `out`) as a diff names it: from the workspace root
/// when `out` is inside it, else from `out`.
fn diff_path(out: &Path, rel: &str) -> String {
    let canon = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    match canon(out).strip_prefix(canon(&crate::root())) {
        Ok(base) if !base.as_os_str().is_empty() => format!("{}/{rel}", slash(base)),
        _ => rel.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::diff_path;

    /// A diff of the shipped `generated/` names its files from the workspace
    /// root, so `git apply` takes it there; elsewhere, from the output.
    #[test]
    fn diff_paths_are_relative_to_the_workspace_root() {
        let generated = crate::root().join("generated");
        assert_eq!(
            diff_path(&generated, "json/cca-abi.json"),
            "generated/json/cca-abi.json"
        );
        let elsewhere = std::env::temp_dir();
        assert_eq!(
            diff_path(&elsewhere, "json/cca-abi.json"),
            "json/cca-abi.json"
        );
    }
}
