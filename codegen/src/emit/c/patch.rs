//! A kernel patch series as data: which files each patch adds or replaces
//! whole, which fragments it inserts, and its commit message, rendered from
//! a template. `series` (a profile with a query) and `definitions` (a
//! profile of headers alone) both build one.

use serde::Serialize;

use super::render;
use crate::config::Edit;
use crate::emit::{File, wrap};

/// A whole series: the cover letter's subject and text, and the patches.
#[derive(Clone, Debug)]
pub struct Series {
    pub subject: String,
    pub body: String,
    pub patches: Vec<Patch>,
}

/// One patch: its subject, its message (without the sign-off) and changes.
#[derive(Clone, Debug)]
pub struct Patch {
    /// A short name of what the patch does (`1-transport`), for file layouts.
    pub slug: &'static str,
    pub subject: String,
    pub body: String,
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug)]
pub enum Change {
    /// A generated file, added or replaced whole.
    Whole { path: String, contents: String },
    /// A fragment inserted into a hand-written file at the edit's anchor.
    Insert { edit: Edit, text: String },
}

/// Paragraphs wrapped for a commit message (72 columns).
pub(super) fn message(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| wrap(p, 72).join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A commit message from its template (`templates/c/series/<name>.txt.tera`):
/// the first line is the subject; the paragraphs after it, separated by
/// blank lines, are wrapped to 72 columns.
pub(super) fn commit<T: Serialize>(
    name: &str,
    template: &str,
    ctx: &T,
) -> Result<(String, String), String> {
    let text = render(&format!("series/{name}.txt"), template, ctx)?;
    let text = text.trim();
    let (subject, rest) = text.split_once('\n').unwrap_or((text, ""));
    let paragraphs: Vec<String> = rest
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    Ok((subject.trim().to_string(), message(&paragraphs)))
}

impl Series {
    /// Every file the series adds or replaces whole, in its final state
    /// (paths in the kernel tree, no banner).
    pub fn whole_files(&self) -> Vec<File> {
        let mut out: Vec<File> = Vec::new();
        for change in self.patches.iter().flat_map(|p| &p.changes) {
            if let Change::Whole { path, contents } = change {
                out.retain(|f| f.path != *path);
                out.push(File {
                    path: path.clone(),
                    contents: contents.clone(),
                });
            }
        }
        out
    }
}
