//! Emitters: pure functions from the lowered plan (`crate::plan`) to files
//! in memory.

mod banner;
#[cfg(feature = "c")]
pub mod c;
pub mod constructs;
mod emitter;
#[cfg(feature = "json")]
pub mod json;
pub mod names;
#[cfg(feature = "files")]
pub mod parallel;
pub mod probe;
pub mod rust;

use crate::model::Model;

/// A generated file: a `/`-separated path relative to the output directory,
/// and its full contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub contents: String,
}

pub use banner::{Comment, REGENERATE, banner, is_generated};
pub use constructs::Constructs;
#[cfg(feature = "schema")]
pub use emitter::Json;
#[cfg(feature = "c")]
pub use emitter::Linux;
#[cfg(feature = "files")]
pub use emitter::RustCrate;
#[cfg(all(feature = "c", feature = "schema", feature = "files"))]
pub use emitter::all;
pub use emitter::{Emitter, all_with};

/// The input files of a model, as named in generated headers.
pub fn inputs(model: &Model) -> Vec<&str> {
    model.interfaces.iter().map(|i| i.file.as_str()).collect()
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
