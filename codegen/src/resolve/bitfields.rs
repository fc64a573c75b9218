//! Bit-field sets (register layouts) and their fields.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 5 and 7 (field names
//! are identifiers, unique within the set), 6 (through `define`: unique set
//! names), 11 (`since`), 17 (bit ranges, through `Ctx::bits`), 18 (fields do
//! not overlap), 19 (fields are declared from the most significant bit
//! down), 20 (every bit is covered), 21 (a reserved range has no name; any
//! other field has one) and 22 (a field's type is a known enum whose every
//! value fits the field).

use super::{Ctx, Kind, Revisions, Types, note, type_width};
use crate::check::{self, Report, Scope};
use crate::model;
use crate::schema;

/// Rules 6, 11 and 16 (widths of 1-64 bits, as for enums): resolve every
/// bit-field set, making each visible to later constructs.
pub(super) fn bitfields(
    cx: &mut Ctx<'_>,
    bs: &[schema::Bitfield],
    revs: &Revisions,
    types: &mut Types,
) -> Vec<model::Bitfield> {
    let mut out = Vec::new();
    for b in bs {
        let c = revs.check(cx, b.since.as_ref(), b.until.as_ref(), b.status.as_ref());
        cx.define(&b.name, Kind::Bitfield, &b.name.value, &c.revisions);
        let Some(width) = type_width(cx, &b.width, "bit-field set") else {
            continue;
        };
        let fields = fields(cx, b, width, types);
        types.bitfields.insert(b.name.value.clone(), width);
        out.push(model::Bitfield {
            name: b.name.value.clone(),
            width,
            since: c.since,
            status: c.status,
            revisions: c.revisions,
            source: b.source.clone(),
            doc: b.doc.clone(),
            note: b.note.clone(),
            fields,
            loc: cx.loc(&b.name),
        });
    }
    out
}

/// The fields of a set, each checked against those before it; then rule 20.
fn fields(cx: &mut Ctx<'_>, b: &schema::Bitfield, width: u8, types: &Types) -> Vec<model::Field> {
    let mut out: Vec<model::Field> = Vec::new();
    let mut names = Scope::default();
    let mut covered = 0u64;
    // A range that did not parse leaves a hole that is not worth a second report.
    let mut broken = false;
    let of = format!("`{}`", b.name.value);
    for fld in &b.fields {
        let reserved = fld.reserved.as_ref().is_some_and(|r| r.value);
        name(cx, fld, reserved, &mut names, &of);
        let Some((hi, lo)) = cx.bits(&fld.bits, width, &of) else {
            broken = true;
            continue;
        };
        let label = match &fld.name {
            Some(n) => format!("field `{}`", n.value),
            None => "reserved range".to_string(),
        };
        placement(cx, fld, (hi, lo), &out, &label, &of);
        covered |= model::mask(hi, lo);
        let ty = fld
            .ty
            .as_ref()
            .and_then(|t| field_type(cx, t, types, hi - lo + 1, &label, &of));
        out.push(model::Field {
            name: fld.name.as_ref().map(|n| n.value.clone()),
            hi,
            lo,
            reserved,
            ty,
            doc: fld.doc.clone(),
            note: fld.note.clone(),
            loc: cx.loc(&fld.bits),
        });
    }
    if !broken {
        uncovered(cx, b, width, covered, &of);
    }
    out
}

/// Rules 5, 7 and 21: a reserved range has no name; any other field has an
/// identifier for one, unique within the set.
fn name(cx: &mut Ctx<'_>, fld: &schema::Field, reserved: bool, names: &mut Scope, of: &str) {
    match (&fld.name, reserved) {
        (Some(n), true) => {
            cx.err(
                n,
                "a reserved range has no name; drop `name:` or `reserved:`",
            );
        }
        (None, false) => {
            cx.err(
                &fld.bits,
                format!(
                    "field at bits {} of {of} needs a `name:` or `reserved: true`",
                    fld.bits.value
                ),
            );
        }
        (Some(n), false) => {
            if cx.ident(n, "field") {
                names.latest(cx, n, "field", &format!(" in {of}"));
            }
        }
        (None, true) => {}
    }
}

/// Rules 18 and 19: a field overlaps none before it, and lies below them.
fn placement(
    cx: &mut Ctx<'_>,
    fld: &schema::Field,
    (hi, lo): (u8, u8),
    before: &[model::Field],
    label: &str,
    of: &str,
) {
    let bits = model::mask(hi, lo);
    if let Some(p) = before.iter().find(|p| p.mask() & bits != 0) {
        let msg = format!(
            "{label} (bits {hi}:{lo}) overlaps {} of {of}",
            describe_field(p)
        );
        let here = format!("{} is declared here", describe_field(p));
        cx.err_with(&fld.bits, msg, vec![note(&p.loc, here)]);
    } else if let Some(p) = before.last().filter(|p| p.hi < hi) {
        cx.err(
            &fld.bits,
            format!(
                "{label} (bits {hi}:{lo}) is declared after {}; declare fields from the most significant bit down",
                describe_field(p)
            ),
        );
    }
}

/// Rule 22: a field's type is a known enum whose every value fits the field.
fn field_type(
    cx: &mut Ctx<'_>,
    t: &schema::S<String>,
    types: &Types,
    fwidth: u8,
    label: &str,
    of: &str,
) -> Option<model::Ref> {
    let Some((_, values)) = types.enums.get(&t.value) else {
        let msg = if types.lookup(&t.value).is_some() {
            format!(
                "field type `{}` is not an enum; a bit field takes an enum type or none",
                t.value
            )
        } else {
            let enums = types.enums.keys().map(String::as_str);
            let hint = check::did_you_mean(&t.value, enums);
            format!("unknown enum type `{}`{hint}", t.value)
        };
        cx.err(t, msg);
        return None;
    };
    if let Some(v) = values.iter().find(|v| **v > model::mask(fwidth - 1, 0)) {
        cx.err(
            t,
            format!(
                "enum `{}` has value {} which does not fit the {fwidth}-bit {label} of {of}",
                t.value,
                check::hex(*v)
            ),
        );
    }
    Some(model::Ref::new(&t.value))
}

/// Rule 20: every uncovered run of bits, most significant first.
fn uncovered(cx: &mut Ctx<'_>, b: &schema::Bitfield, width: u8, covered: u64, of: &str) {
    let mut bit = i32::from(width) - 1;
    while bit >= 0 {
        if covered & (1u64 << bit) != 0 {
            bit -= 1;
            continue;
        }
        let hi = bit;
        while bit >= 0 && covered & (1u64 << bit) == 0 {
            bit -= 1;
        }
        let lo = bit + 1;
        let what = if hi == lo {
            format!("bit {hi} of {of} is")
        } else {
            format!("bits {hi}:{lo} of {of} are")
        };
        cx.err(
            &b.name,
            format!("{what} not covered; declare a field or `reserved: true` range for it"),
        );
    }
}

fn describe_field(f: &model::Field) -> String {
    match &f.name {
        Some(n) => format!("field `{n}` (bits {}:{})", f.hi, f.lo),
        None => format!("reserved range (bits {}:{})", f.hi, f.lo),
    }
}
