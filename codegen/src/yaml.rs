//! YAML within the input bounds (`limits`), with serde-saphyr's errors
//! reported at their position in our wording.

use std::borrow::Cow;

use serde_saphyr::MessageFormatter;

use crate::diag::{Loc, Source};
use crate::limits;

/// Deserialize one YAML source within the input bounds (`limits`); a
/// failure is reported at its position.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(src: &Source) -> Result<T, (Loc, String)> {
    limits::check_size(src)?;
    serde_saphyr::from_str_with_options::<T>(&src.text, limits::options()).map_err(|e| {
        let (line, col) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .filter(|(l, _)| *l > 0)
            .unwrap_or((1, 1));
        let loc = Loc {
            file: src.name.clone(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        };
        let msg = match e.without_snippet() {
            serde_saphyr::Error::Budget { breach, .. } => limits::describe(breach),
            other => {
                tidy_parse_message(serde_saphyr::DefaultMessageFormatter.format_message(other))
            }
        };
        (loc, msg)
    })
}

/// serde-saphyr's wording, made to fit ours where it names library options.
fn tidy_parse_message(raw: Cow<'_, str>) -> String {
    if let Some(rest) = raw.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return format!("duplicate key `{key}`");
    }
    raw.into_owned()
}
