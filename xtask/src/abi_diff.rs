//! `cargo xtask abi-diff`: what changed between two specification revisions
//! of the ABI description, or between `abi/` at a git revision and now, as
//! a Markdown review report on stdout (`codegen::diff` writes it).

use std::path::Path;

use anyhow::{Result, bail};
use codegen::diff;
use codegen::model::Interface;
use codegen::{Model, Source};

use crate::files;
use crate::git::Git;

/// What to compare.
pub enum Options {
    /// Two specification revisions of the current description.
    Revisions { from: String, to: String },
    /// The description at git revision `rev` (each interface at its newest)
    /// against the current one (at `revision`, else at its newest).
    Git {
        rev: String,
        revision: Option<String>,
    },
}

pub fn run(abi: &Path, opts: &Options) -> Result<()> {
    let (model, _) = files::load_model(abi)?;
    let text = match opts {
        Options::Revisions { from, to } => revisions(&model, from, to)?,
        Options::Git { rev, revision } => {
            let old = load_at(abi, rev)?;
            against_git(&old, rev, &model, revision.as_deref())?
        }
    };
    print!("{text}");
    Ok(())
}

/// `RSI: 1.0-rel0, 1.1-alp12, …; RHI: 1.0-bet1`.
fn known(model: &Model) -> String {
    model
        .interfaces
        .iter()
        .map(|i| {
            let names: Vec<&str> = i.revisions.iter().map(|r| r.name.as_str()).collect();
            format!("{}: {}", i.name, names.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn revisions(model: &Model, from: &str, to: &str) -> Result<String> {
    let reports: Vec<String> = model
        .interfaces
        .iter()
        .filter(|i| i.revision_index(from).is_some() && i.revision_index(to).is_some())
        .map(|i| diff::report(&i.at(from), from, &i.at(to), to))
        .collect();
    if reports.is_empty() {
        bail!(
            "no interface declares both revisions `{from}` and `{to}`; known revisions: {}",
            known(model)
        );
    }
    Ok(reports.join("\n"))
}

fn against_git(old: &Model, rev: &str, new: &Model, revision: Option<&str>) -> Result<String> {
    if let Some(r) = revision
        && !new.interfaces.iter().any(|i| i.revision_index(r).is_some())
    {
        bail!(
            "no interface declares revision `{r}`; known revisions: {}",
            known(new)
        );
    }
    let mut reports = Vec::new();
    for n in &new.interfaces {
        let to_rev = revision
            .filter(|r| n.revision_index(r).is_some())
            .unwrap_or(n.newest());
        let to = n.at(to_rev);
        let to_label = format!("current {to_rev}");
        match old.interface(&n.name) {
            Some(o) => {
                let from = newest(o);
                let from_label = format!("{rev} {}", o.newest());
                reports.push(diff::report(&from, &from_label, &to, &to_label));
            }
            None => reports.push(diff::interface_added(&to, &to_label)),
        }
    }
    for o in &old.interfaces {
        if new.interface(&o.name).is_none() {
            let label = format!("{rev} {}", o.newest());
            reports.push(diff::interface_removed(&newest(o), &label));
        }
    }
    Ok(reports.join("\n"))
}

fn newest(i: &Interface) -> Interface {
    i.at(i.newest())
}

/// The model the description directory `abi` held at git revision `rev`
/// (of the repository `abi` lies in).
fn load_at(abi: &Path, rev: &str) -> Result<Model> {
    let git = Git::new(abi);
    let listing = git.read(["ls-tree", "--name-only", rev])?;
    let sources: Vec<Source> = listing
        .lines()
        .filter(|p| codegen::is_interface_file(p))
        .map(|p| {
            Ok(Source::new(
                format!("{rev}:abi/{p}"),
                git.read(["show", &format!("{rev}:./{p}")])?,
            ))
        })
        .collect::<Result<_>>()?;
    if sources.is_empty() {
        bail!("no abi/*.yaml interface files at git revision `{rev}`");
    }
    codegen::load(&sources).map_err(|d| {
        crate::Failure::report(
            d.render(&sources),
            format!("abi/ at git revision `{rev}` does not load with this generator"),
        )
    })
}
