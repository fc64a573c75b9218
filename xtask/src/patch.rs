//! `cargo xtask kernel-patch`: a profile's series as `git format-patch`
//! output for a given kernel tree.
//!
//! The series comes from `codegen::emit::c::series`: generated files are
//! added or replaced whole, fragments are inserted into the tree's own files
//! at the anchors the profile names. Every anchor is checked first; a
//! missing or ambiguous one is an error naming the file and the anchor, and
//! then nothing is written. The commits are built with git's plumbing (a
//! scratch index, `commit-tree`), so the tree's work tree, index and
//! branches are never touched; `format-patch` writes the series into a
//! scratch directory that is then moved into place.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use codegen::config::{Edit, Position};
use codegen::emit::c::{Change, Series};

use crate::git::Git;

/// Who the patches are from; `Signed-off-by:` carries the same.
#[derive(Clone, Debug)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

impl Identity {
    /// `Name <email>`.
    pub fn parse(text: &str) -> Result<Identity> {
        let bad = || anyhow!("`{text}` is not `Name <email>`");
        let (name, rest) = text.split_once('<').ok_or_else(bad)?;
        let email = rest.strip_suffix('>').ok_or_else(bad)?.trim();
        let name = name.trim();
        if name.is_empty() || !email.contains('@') || email.contains(['<', '>', ' ']) {
            return Err(bad());
        }
        Ok(Identity {
            name: name.to_string(),
            email: email.to_string(),
        })
    }
}

/// The standard output of an isolated `git ARGS` in `tree` (its input
/// `input`), trimmed of the final newline.
fn git_out(git: &Git, args: &[&str], input: Option<&str>) -> Result<String> {
    let out = git.read_with_input(args, input)?;
    Ok(out.trim_end_matches('\n').to_string())
}

/// The identity: the flag if given, else the tree's `user.name`/`user.email`.
pub fn identity(tree: &Path, flag: Option<&str>) -> Result<Identity> {
    if let Some(f) = flag {
        return Identity::parse(f);
    }
    // The tree's own configuration, the user's included: not isolated.
    let git = Git::new(tree);
    let get = |key: &str| {
        git.read(["config", "--get", key])
            .ok()
            .map(|o| o.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    match (get("user.name"), get("user.email")) {
        (Some(name), Some(email)) => Ok(Identity { name, email }),
        _ => bail!(
            "no author for the patches: set user.name and user.email in {} (git config) or pass --signoff 'Name <email>'",
            tree.display()
        ),
    }
}

/// Runs of white space as one space, ends trimmed: how anchors are compared.
fn normalise(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Apply one edit to a file's text; the error, a diagnostic that `plan`
/// collects with the others, names the file and the anchor.
pub fn apply_edit(text: &str, edit: &Edit, fragment: &str) -> Result<String, String> {
    let anchor = normalise(&edit.anchor);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let hits: Vec<usize> = (0..lines.len())
        .filter(|&i| normalise(lines[i]) == anchor)
        .collect();
    let at = match hits[..] {
        [one] => one,
        [] => {
            return Err(format!(
                "{}: error: anchor `{}` not found (it places `{}`)",
                edit.path,
                edit.anchor,
                edit.fragment.name()
            ));
        }
        _ => {
            let at: Vec<String> = hits.iter().map(|i| (i + 1).to_string()).collect();
            return Err(format!(
                "{}: error: anchor `{}` is ambiguous: lines {} all match (it places `{}`)",
                edit.path,
                edit.anchor,
                at.join(", "),
                edit.fragment.name()
            ));
        }
    };
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        match (i == at, edit.position) {
            (true, Position::Before) => {
                out.push_str(fragment);
                out.push_str(line);
            }
            (true, Position::After) => {
                out.push_str(line);
                if !line.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(fragment);
            }
            (true, Position::Append) => {
                let (body, nl) = match line.strip_suffix('\n') {
                    Some(b) => (b, "\n"),
                    None => (*line, ""),
                };
                out.push_str(&format!("{} {}{nl}", body.trim_end(), fragment.trim()));
            }
            (false, _) => out.push_str(line),
        }
    }
    Ok(out)
}

/// The files each patch changes, in their new state: every anchor checked,
/// every error reported, nothing written.
fn plan(tree: &Path, base: &str, series: &Series) -> Result<Vec<BTreeMap<String, String>>> {
    let git = Git::isolated(tree);
    let mut state: BTreeMap<String, String> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut plan = Vec::new();
    for patch in &series.patches {
        let mut changed = BTreeMap::new();
        for change in &patch.changes {
            let (path, result) = match change {
                Change::Whole { path, contents } => (path, Ok(contents.clone())),
                Change::Insert { edit, text } => {
                    let current = match state.get(&edit.path) {
                        Some(t) => Ok(t.clone()),
                        None => git_out(&git, &["show", &format!("{base}:{}", edit.path)], None)
                            .map(|t| t + "\n")
                            .map_err(|_| format!("{}: error: not in the tree at {base} (the profile inserts `{}` into it)", edit.path, edit.fragment.name())),
                    };
                    (&edit.path, current.and_then(|c| apply_edit(&c, edit, text)))
                }
            };
            match result {
                Ok(t) => {
                    state.insert(path.clone(), t.clone());
                    changed.insert(path.clone(), t);
                }
                Err(e) => errors.push(e),
            }
        }
        plan.push(changed);
    }
    if !errors.is_empty() {
        return Err(crate::Failure::report(
            format!("{}\n", errors.join("\n")),
            "nothing written",
        ));
    }
    Ok(plan)
}

/// Isolated git in `tree` as `who`, dated like the base commit (so the
/// series is byte-stable for a given tree and identity).
fn as_author(tree: &Path, base: &str, who: &Identity) -> Result<Git> {
    let mut git = Git::isolated(tree);
    let date = git_out(&git, &["log", "-1", "--format=%cI", base], None)?;
    for (k, v) in [
        ("GIT_AUTHOR_NAME", &who.name),
        ("GIT_AUTHOR_EMAIL", &who.email),
        ("GIT_AUTHOR_DATE", &date),
        ("GIT_COMMITTER_NAME", &who.name),
        ("GIT_COMMITTER_EMAIL", &who.email),
        ("GIT_COMMITTER_DATE", &date),
    ] {
        git = git.env(k, v);
    }
    Ok(git)
}

/// Build one commit per patch on top of `base` with a scratch index.
fn commit(
    tree: &Path,
    base: &str,
    series: &Series,
    plan: &[BTreeMap<String, String>],
    who: &Identity,
    scratch: &Path,
) -> Result<String> {
    let plain = Git::isolated(tree);
    let git = as_author(tree, base, who)?.env("GIT_INDEX_FILE", scratch.join("index"));
    git_out(&git, &["read-tree", base], None)?;
    let mut parent = base.to_string();
    for (patch, files) in series.patches.iter().zip(plan) {
        for (path, text) in files {
            let blob = git_out(&plain, &["hash-object", "-w", "--stdin"], Some(text))?;
            let info = format!("100644,{blob},{path}");
            git_out(&git, &["update-index", "--add", "--cacheinfo", &info], None)?;
        }
        let tree_id = git_out(&git, &["write-tree"], None)?;
        let message = format!(
            "{}\n\n{}\n\nSigned-off-by: {} <{}>\n",
            patch.subject, patch.body, who.name, who.email
        );
        parent = git_out(
            &git,
            &["commit-tree", &tree_id, "-p", &parent, "-F", "-"],
            Some(&message),
        )?;
    }
    Ok(parent)
}

/// Options of `cargo xtask kernel-patch`.
pub struct Options {
    pub abi: PathBuf,
    pub tree: PathBuf,
    pub profile: Option<String>,
    pub out: PathBuf,
    pub signoff: Option<String>,
}

/// Write the series; returns the paths written, in order.
pub fn run(o: &Options) -> Result<Vec<PathBuf>> {
    let (model, outputs) = crate::files::load_all(&o.abi)?;
    let profile = match &o.profile {
        Some(name) => outputs.linux.profile(name).ok_or_else(|| {
            let known: Vec<&str> = outputs
                .linux
                .profiles
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            anyhow!(
                "unknown profile `{name}`; the profiles are {}",
                known.join(", ")
            )
        })?,
        None => outputs.linux.default_profile(),
    };
    let view = codegen::plan::View::new(&model, profile);
    let lowered = crate::files::profile_plan(&model, &view)?;
    let series = codegen::emit::c::series(&lowered).map_err(anyhow::Error::msg)?;
    let who = identity(&o.tree, o.signoff.as_deref())?;
    let head = ["rev-parse", "--verify", "HEAD^{commit}"];
    let base = git_out(&Git::isolated(&o.tree), &head, None)
        .with_context(|| format!("{} is not a git tree with a commit", o.tree.display()))?;
    let plan = plan(&o.tree, &base, &series)?;
    let scratch = tempfile::Builder::new()
        .prefix("cca-abi-patch-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let tip = commit(&o.tree, &base, &series, &plan, &who, scratch.path())?;
    let out = scratch.path().join("out");
    let files = format_patch(&o.tree, &base, &tip, &series, &who, &out)?;
    move_into(&files, &o.out)
}

/// `git format-patch` with a cover letter whose subject and text the series gives.
fn format_patch(
    tree: &Path,
    base: &str,
    tip: &str,
    series: &Series,
    who: &Identity,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let dir = dir.to_string_lossy();
    let range = format!("{base}..{tip}");
    let args = [
        "format-patch",
        "--cover-letter",
        "--no-signature",
        "--base",
        base,
        "-o",
        &dir,
        &range,
    ];
    let listing = git_out(&as_author(tree, base, who)?, &args, None)?;
    let files: Vec<PathBuf> = listing.lines().map(PathBuf::from).collect();
    let cover = files.first().context("git format-patch wrote nothing")?;
    let text =
        fs::read_to_string(cover).with_context(|| format!("cannot read {}", cover.display()))?;
    if !text.contains("*** SUBJECT HERE ***") || !text.contains("*** BLURB HERE ***") {
        bail!("git format-patch wrote a cover letter without its placeholders");
    }
    let text = text
        .replace("*** SUBJECT HERE ***", &series.subject)
        .replace("*** BLURB HERE ***", &series.body);
    fs::write(cover, text).with_context(|| format!("cannot write {}", cover.display()))?;
    Ok(files)
}

/// Move the finished files into `out`, replacing files of the same name.
fn move_into(files: &[PathBuf], out: &Path) -> Result<Vec<PathBuf>> {
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written = Vec::new();
    for f in files {
        let name = f.file_name().context("a patch without a file name")?;
        let to = out.join(name);
        fs::copy(f, &to).with_context(|| format!("cannot write {}", to.display()))?;
        written.push(to);
    }
    Ok(written)
}
