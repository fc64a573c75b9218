//! The resolved model as JSON, for tools in any language.
//!
//! Key order is fixed by the field order of the `model` types (documented in
//! `abi/README.md`); the first key, `generated`, is the file's header.

use serde::Serialize;

use super::{File, REGENERATE, banner, inputs};
use crate::model::Model;

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

/// Where the JSON Schema of the description format goes.
#[cfg(feature = "schema")]
pub const SCHEMA_PATH: &str = "json/abi.schema.json";

/// The JSON Schema of an `abi/*.yaml` file, derived from the loader's own
/// serde types (`schema.rs`), so editors see the keys the loader accepts.
/// The value checks of `abi/README.md` ("Checks") stay the loader's.
#[cfg(feature = "schema")]
pub fn schema_file() -> File {
    let schema = schemars::schema_for!(crate::schema::File);
    // The header first, where `generate` looks for it (the first lines).
    let mut doc = serde_json::Map::new();
    doc.insert("$comment".into(), banner(&["codegen/src/schema.rs"]).into());
    doc.insert(
        "title".into(),
        "Arm CCA ABI description (abi/README.md)".into(),
    );
    if let serde_json::Value::Object(rest) = schema.to_value() {
        doc.extend(rest);
    }
    // Serializing a JSON value to a String cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    File {
        path: SCHEMA_PATH.to_string(),
        contents: text,
    }
}
