//! Named values: enums, return codes, feature bits and version constants.

use super::{Cx, Pair, change, hex, line, pair};
use crate::model::{Enum, ReturnCode, ReturnCodes};

pub(super) fn enums(cx: &Cx) -> String {
    let mut out = String::new();
    for p in pair(&cx.from.enums, &cx.to.enums, |e| e.name.clone()) {
        match p {
            Pair::Added(t) => out.push_str(&format!(
                "- `{}` added: {} values {}\n",
                t.name,
                t.values.len(),
                cx.added(&t.source)
            )),
            Pair::Removed(f) => out.push_str(&format!(
                "- `{}` removed: {} values {}\n",
                f.name,
                f.values.len(),
                cx.removed(&f.source)
            )),
            Pair::Both(f, t) => enum_changes(cx, &mut out, f, t),
        }
    }
    out
}

fn enum_changes(cx: &Cx, out: &mut String, f: &Enum, t: &Enum) {
    let sources = cx.both(&f.source, &t.source);
    line(
        out,
        &format!("`{}`", t.name),
        &[change("width", f.width, t.width)],
        &sources,
    );
    for p in pair(&f.values, &t.values, |v| v.name.clone()) {
        match p {
            Pair::Added(v) => out.push_str(&format!(
                "- `{}` ({}) added: value {} {sources}\n",
                v.name,
                t.name,
                hex(v.value)
            )),
            Pair::Removed(v) => out.push_str(&format!(
                "- `{}` ({}) removed: was {} {sources}\n",
                v.name,
                t.name,
                hex(v.value)
            )),
            Pair::Both(a, b) => line(
                out,
                &format!("`{}` ({})", b.name, t.name),
                &[change("value", hex(a.value), hex(b.value))],
                &sources,
            ),
        }
    }
}

/// A return code's value as written: hex, with a sign when negative.
fn code(v: &ReturnCode) -> String {
    let h = hex(u64::try_from(v.value.unsigned_abs()).unwrap_or(v.raw));
    if v.value < 0 { format!("-{h}") } else { h }
}

fn values_of(r: Option<&ReturnCodes>) -> &[ReturnCode] {
    r.map_or(&[], |r| r.values.as_slice())
}

pub(super) fn return_codes(cx: &Cx) -> String {
    let mut out = String::new();
    let (fr, tr) = (cx.from.return_codes.as_ref(), cx.to.return_codes.as_ref());
    let src = |r: Option<&ReturnCodes>, v: &ReturnCode| {
        v.source
            .clone()
            .or_else(|| r.map(|r| r.source.clone()))
            .unwrap_or_default()
    };
    if let (Some(f), Some(t)) = (fr, tr) {
        let changes = [
            change("name", f.name.as_str(), t.name.as_str()),
            change("width", f.width, t.width),
            change("signed", f.signed, t.signed),
        ];
        line(
            &mut out,
            "return-code type",
            &changes,
            &cx.both(&f.source, &t.source),
        );
    }
    for p in pair(values_of(fr), values_of(tr), |v| v.name.clone()) {
        match p {
            Pair::Added(v) => out.push_str(&format!(
                "- `{}` added: value {} {}\n",
                v.name,
                code(v),
                cx.added(&src(tr, v))
            )),
            Pair::Removed(v) => out.push_str(&format!(
                "- `{}` removed: was {} {}\n",
                v.name,
                code(v),
                cx.removed(&src(fr, v))
            )),
            Pair::Both(a, b) => line(
                &mut out,
                &format!("`{}`", b.name),
                &[change("value", code(a), code(b))],
                &cx.both(&src(fr, a), &src(tr, b)),
            ),
        }
    }
    out
}

/// One feature bit advertising one function, with its register's source.
struct Ad {
    key: (String, String, String),
    shift: u8,
    source: String,
}

fn adverts(i: &crate::model::Interface) -> Vec<Ad> {
    i.features
        .iter()
        .flat_map(|f| {
            f.advertises.iter().map(|a| Ad {
                key: (f.register.clone(), a.bit.clone(), a.function.clone()),
                shift: a.shift,
                source: f.source.clone(),
            })
        })
        .collect()
}

pub(super) fn features(cx: &Cx) -> String {
    let mut out = String::new();
    let (fa, ta) = (adverts(cx.from), adverts(cx.to));
    let subject = |a: &Ad| {
        format!(
            "`{}.{}` (bit {}) advertises `{}`",
            a.key.0, a.key.1, a.shift, a.key.2
        )
    };
    for p in pair(&fa, &ta, |a| a.key.clone()) {
        match p {
            Pair::Added(a) => out.push_str(&format!(
                "- {}: added {}\n",
                subject(a),
                cx.added(&a.source)
            )),
            Pair::Removed(a) => out.push_str(&format!(
                "- {}: removed {}\n",
                subject(a),
                cx.removed(&a.source)
            )),
            Pair::Both(a, b) => line(
                &mut out,
                &subject(b),
                &[change("bit", a.shift, b.shift)],
                &cx.both(&a.source, &b.source),
            ),
        }
    }
    out
}

pub(super) fn versions(cx: &Cx) -> String {
    let mut out = String::new();
    let (fv, tv) = (&cx.from.versions, &cx.to.versions);
    for p in pair(fv, tv, |v| v.name.clone()) {
        match p {
            Pair::Added(v) => out.push_str(&format!(
                "- `{}` added: {}.{} {}\n",
                v.name,
                v.major,
                v.minor,
                cx.added(&v.source)
            )),
            Pair::Removed(v) => out.push_str(&format!(
                "- `{}` removed: was {}.{} {}\n",
                v.name,
                v.major,
                v.minor,
                cx.removed(&v.source)
            )),
            Pair::Both(a, b) => line(
                &mut out,
                &format!("`{}`", b.name),
                &[
                    change(
                        "version",
                        format!("{}.{}", a.major, a.minor),
                        format!("{}.{}", b.major, b.minor),
                    ),
                    change(
                        "encoding",
                        a.encoding.name.as_str(),
                        b.encoding.name.as_str(),
                    ),
                    change("value", hex(a.value), hex(b.value)),
                ],
                &cx.both(&a.source, &b.source),
            ),
        }
    }
    out
}
