//! Checks shared by both loaders: the ABI resolver (`resolve/`) and the
//! `outputs.yaml` loader (`config/`).
//!
//! Nothing here knows about interfaces or profiles: a loader implements
//! [`Report`] (which file it reads, where its diagnostics go) and gets span
//! positions, identifier syntax (rule 5 of `abi/README.md`), status values
//! (rule 8), keywords, unknown names with a "did you mean" hint and
//! duplicate-name reports (rules 6 and 7) written once.

use std::collections::BTreeMap;

use crate::diag::{Diagnostics, Loc, Note};
use crate::model::Status;
use crate::schema::S;

/// A loader that reports diagnostics at the spans of one source file.
pub(crate) trait Report {
    /// The display name of the file being read.
    fn file(&self) -> &str;

    /// Where diagnostics go.
    fn diags(&mut self) -> &mut Diagnostics;

    /// The position of a spanned value.
    fn loc<T>(&self, at: &S<T>) -> Loc {
        loc(self.file(), at)
    }

    /// Report `msg` at the position of `at`.
    fn err<T>(&mut self, at: &S<T>, msg: impl Into<String>) {
        let loc = self.loc(at);
        self.diags().push(loc, msg);
    }

    /// Report `msg` at the position of `at`, with notes at other places.
    fn err_with<T>(&mut self, at: &S<T>, msg: impl Into<String>, notes: Vec<Note>) {
        let loc = self.loc(at);
        self.diags().push_with(loc, msg, notes);
    }
}

/// The position of a spanned value in `file`.
pub(crate) fn loc<T>(file: &str, at: &S<T>) -> Loc {
    Loc {
        file: file.to_string(),
        line: u32::try_from(at.referenced.line()).unwrap_or(u32::MAX),
        col: u32::try_from(at.referenced.column()).unwrap_or(u32::MAX),
    }
}

/// A number as diagnostics print it: `0x1f`, or `-0x1` below zero.
pub(crate) fn hex(v: impl Into<i128>) -> String {
    let v: i128 = v.into();
    if v < 0 {
        format!("-{:#x}", -v)
    } else {
        format!("{v:#x}")
    }
}

/// Rule 5: `[A-Za-z_][A-Za-z0-9_]*`.
pub(crate) fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Rule 5: `name` is an identifier; if not, reports `msg(name)` at it.
pub(crate) fn ident(
    r: &mut impl Report,
    name: &S<String>,
    msg: impl FnOnce(&str) -> String,
) -> bool {
    let ok = is_ident(&name.value);
    if !ok {
        r.err(name, msg(&name.value));
    }
    ok
}

/// Rule 8: a status is `stable`, `draft` or `deprecated`.
pub(crate) fn status(r: &mut impl Report, s: &S<String>) -> Option<Status> {
    let statuses = [
        ("stable", Status::Stable),
        ("draft", Status::Draft),
        ("deprecated", Status::Deprecated),
    ];
    keyword(r, s, "status", &statuses)
}

/// The value of the keyword `at` among `choices`; else reports "unknown
/// {what} `x`; expected a, b or c" (up to three choices) or "…; expected
/// one of a, b, c, d" (more).
pub(crate) fn keyword<T: Copy>(
    r: &mut impl Report,
    at: &S<String>,
    what: &str,
    choices: &[(&str, T)],
) -> Option<T> {
    if let Some((_, v)) = choices.iter().find(|(k, _)| *k == at.value) {
        return Some(*v);
    }
    let names: Vec<&str> = choices.iter().map(|(k, _)| *k).collect();
    let expected = match names.split_last() {
        Some((last, rest)) if (1..=2).contains(&rest.len()) => {
            format!("{} or {last}", rest.join(", "))
        }
        _ => format!("one of {}", names.join(", ")),
    };
    r.err(
        at,
        format!("unknown {what} `{}`; expected {expected}", at.value),
    );
    None
}

/// Reports `at` as naming no {what}, with the nearest of `candidates`
/// ([`did_you_mean`]).
pub(crate) fn unknown<'a>(
    r: &mut impl Report,
    at: &S<String>,
    what: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) {
    let hint = did_you_mean(&at.value, candidates);
    r.err(at, format!("unknown {what} `{}`{hint}", at.value));
}

/// Rules 6 and 7: reports `name` as defined twice, as "duplicate {what}
/// `name`{within}; first defined at {first}" (without the position when the
/// loader keeps none).
pub(crate) fn duplicate(
    r: &mut impl Report,
    name: &S<String>,
    what: &str,
    within: &str,
    first: Option<&Loc>,
) {
    let msg = match first {
        Some(at) => format!(
            "duplicate {what} `{}`{within}; first defined at {at}",
            name.value
        ),
        None => format!("duplicate {what} `{}`{within}", name.value),
    };
    r.err(name, msg);
}

/// Rule 7: the names of one scope (the groups of an interface, the values of
/// an enum, the members of a struct, …), each with where it was defined.
#[derive(Default)]
pub(crate) struct Scope(BTreeMap<String, Loc>);

impl Scope {
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// The names defined so far.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Defines `name` unless it is a duplicate, which is reported against
    /// the first definition. True when `name` is new.
    pub(crate) fn first(
        &mut self,
        r: &mut impl Report,
        name: &S<String>,
        what: &str,
        within: &str,
    ) -> bool {
        if let Some(prev) = self.0.get(&name.value) {
            duplicate(r, name, what, within, Some(prev));
            return false;
        }
        self.0.insert(name.value.clone(), r.loc(name));
        true
    }

    /// Defines `name`, reporting a duplicate against the latest definition,
    /// which `name` then becomes.
    pub(crate) fn latest(
        &mut self,
        r: &mut impl Report,
        name: &S<String>,
        what: &str,
        within: &str,
    ) {
        if let Some(prev) = self.0.get(&name.value) {
            duplicate(r, name, what, within, Some(prev));
        }
        self.0.insert(name.value.clone(), r.loc(name));
    }
}

/// The hint for an unknown `name`: "; did you mean `X`?" when one of
/// `candidates` differs from it only in case, or is within a third of its
/// length in edits; else nothing.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let lower = name.to_ascii_lowercase();
    // For `Type.member`, what may differ is measured on the member.
    let tail = name.rsplit('.').next().unwrap_or(name);
    let limit = tail.chars().count() / 3;
    let best = candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| {
            let d = strsim::levenshtein(&lower, &c.to_ascii_lowercase());
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min();
    match best {
        Some((_, c)) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}
