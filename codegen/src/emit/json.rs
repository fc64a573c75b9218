//! The resolved model as JSON, for tools in any language.
//!
//! Key order is fixed by the field order of the `model` types (documented in
//! `abi/README.md`); the first key, `generated`, is the file's header.

use serde::Serialize;

use super::{File, REGENERATE, inputs};
use crate::Model;

pub const PATH: &str = "json/cca-abi.json";

#[derive(Serialize)]
struct Header<'a> {
    by: &'a str,
    from: Vec<&'a str>,
    note: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    generated: Header<'a>,
    interfaces: &'a [crate::model::Interface],
}

/// The JSON text: two-space indentation, one trailing newline.
pub fn render(model: &Model) -> String {
    let doc = Document {
        generated: Header {
            by: REGENERATE,
            from: inputs(model),
            note: "Generated from the ABI description; do not edit.",
        },
        interfaces: &model.interfaces,
    };
    // Serializing plain data structures to a String cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

pub fn file(model: &Model) -> File {
    File {
        path: PATH.to_string(),
        contents: render(model),
    }
}
