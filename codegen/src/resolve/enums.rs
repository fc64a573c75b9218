//! Enums and their values.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 5 (value names are
//! identifiers), 6 (through `define`: unique enum names), 7 (value names
//! unique within the enum), 11 (`since` of the enum and of each value), 16
//! (widths 1-64 bits; values fit the width and are distinct) and 39 (value
//! names carry the interface prefix).

use std::collections::BTreeMap;

use super::{Ctx, Kind, Revisions, Types, type_width};
use crate::check::{self, Report, Scope};
use crate::model;
use crate::schema;

/// Rules 6 and 11: resolve every enum, making each visible to later constructs.
pub(super) fn enums(
    cx: &mut Ctx<'_>,
    es: &[schema::Enum],
    revs: &Revisions,
    types: &mut Types,
) -> Vec<model::Enum> {
    es.iter()
        .filter_map(|e| enumeration(cx, e, revs, types))
        .collect()
}

/// Rule 16: an enum is 1-64 bits wide; then its values.
fn enumeration(
    cx: &mut Ctx<'_>,
    e: &schema::Enum,
    revs: &Revisions,
    types: &mut Types,
) -> Option<model::Enum> {
    let c = revs.check(cx, e.since.as_ref(), e.until.as_ref(), e.status.as_ref());
    cx.define(&e.name, Kind::Enum, &e.name.value, &c.revisions);
    let width = type_width(cx, &e.width, "enum")?;
    let mut seen = Seen::default();
    let values: Vec<model::EnumValue> = e
        .values
        .iter()
        .filter_map(|v| value(cx, e, v, width, &mut seen, revs))
        .collect();
    types.enums.insert(
        e.name.value.clone(),
        (width, values.iter().map(|v| v.value).collect()),
    );
    Some(model::Enum {
        name: e.name.value.clone(),
        width,
        since: c.since,
        status: c.status,
        revisions: c.revisions,
        source: e.source.clone(),
        doc: e.doc.clone(),
        note: e.note.clone(),
        values,
    })
}

/// The names and numbers of an enum's values so far.
#[derive(Default)]
struct Seen {
    names: Scope,
    nums: BTreeMap<u64, String>,
}

/// Rules 5, 7, 16 and 39: a value has a prefixed identifier for a name,
/// unique in its enum, and a number that fits the width and is not another's.
fn value(
    cx: &mut Ctx<'_>,
    e: &schema::Enum,
    v: &schema::EnumValue,
    width: u8,
    seen: &mut Seen,
    revs: &Revisions,
) -> Option<model::EnumValue> {
    if !cx.ident(&v.name, "enum value") {
        return None;
    }
    cx.prefixed(&v.name, "enum value");
    let within = format!(" in enum `{}`", e.name.value);
    if !seen.names.first(cx, &v.name, "value", &within) {
        return None;
    }
    let n = number(cx, e, v, width)?;
    if let Some(prev) = seen.nums.get(&n) {
        cx.err(
            &v.value,
            format!(
                "`{}::{}` has the value {} of `{prev}`",
                e.name.value,
                v.name.value,
                check::hex(n)
            ),
        );
    }
    seen.nums.insert(n, v.name.value.clone());
    let c = revs.check(cx, v.since.as_ref(), v.until.as_ref(), v.status.as_ref());
    Some(model::EnumValue {
        name: v.name.value.clone(),
        value: n,
        since: c.since,
        status: c.status,
        revisions: c.revisions,
        doc: v.doc.clone(),
        note: v.note.clone(),
    })
}

/// Rule 16: a value fits the width of its enum.
fn number(cx: &mut Ctx<'_>, e: &schema::Enum, v: &schema::EnumValue, width: u8) -> Option<u64> {
    let n = v.value.value.0;
    if n < 0 || n > i128::from(model::mask(width - 1, 0)) {
        cx.err(
            &v.value,
            format!(
                "value {} of `{}::{}` does not fit in {width} bits",
                check::hex(n),
                e.name.value,
                v.name.value
            ),
        );
        return None;
    }
    Some(n as u64)
}
