//! What the text targets share: an input as up to three description files.

use codegen::Source;

/// `data` as up to three files, split at lines `#8<`; `None` unless UTF-8.
pub fn sources(data: &[u8]) -> Option<Vec<Source>> {
    let text = std::str::from_utf8(data).ok()?;
    Some(
        text.split("\n#8<\n")
            .take(3)
            .enumerate()
            .map(|(i, t)| Source::new(format!("f{i}.yaml"), t.to_string()))
            .collect(),
    )
}
