//! Emitters: pure functions from the `Model` to files in memory.

#[cfg(feature = "c")]
pub mod c;
#[cfg(feature = "json")]
pub mod json;
pub mod names;
#[cfg(feature = "files")]
pub mod parallel;
pub mod probe;
pub mod rust;

use crate::Model;

/// A generated file: a `/`-separated path relative to the output directory,
/// and its full contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub contents: String,
}

/// The command that regenerates every file; named in each file's header.
pub const REGENERATE: &str = "cargo xtask generate";

/// The input files of a model, as named in generated headers.
pub fn inputs(model: &Model) -> Vec<&str> {
    model.interfaces.iter().map(|i| i.file.as_str()).collect()
}

/// Every generated file, in a fixed order: the JSON model and the schema of
/// the description format, the C files and
/// fragments of every Linux profile's series, then the Rust crate.
///
/// An error is a defect of this generator (a template that does not render),
/// never of the input, which `load` has already checked.
#[cfg(all(feature = "c", feature = "schema", feature = "files"))]
pub fn all(model: &Model, outputs: &crate::Outputs) -> Result<Vec<File>, String> {
    let mut files = vec![json::file(model), json::schema_file()];
    files.extend(c::all_profiles(model, outputs)?);
    files.extend(rust::files(model));
    Ok(files)
}

/// Wrap `text` into lines of at most `width` characters.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}
