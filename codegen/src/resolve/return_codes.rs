//! The return-code type of an interface and its values.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 6 and 39 (through
//! `define`: unique, prefixed names), 11 (each value's `since`) and 15
//! (values fit the width, signed or unsigned, and are distinct).

use std::collections::BTreeMap;

use super::{Ctx, Kind, Revisions, Types};
use crate::check::{self, Report};
use crate::model;
use crate::schema;

/// Rule 6: resolve the return-code type (a model-wide name) and make it
/// visible to later constructs.
pub(super) fn return_codes(
    cx: &mut Ctx<'_>,
    rc: &schema::ReturnCodes,
    revs: &Revisions,
    types: &mut Types,
) -> model::ReturnCodes {
    cx.define(
        &rc.name,
        Kind::ReturnCodeType,
        &rc.name.value,
        &revs.whole(),
    );
    let width = width(cx, rc);
    types.return_code = Some((rc.name.value.clone(), width));
    let mut seen: BTreeMap<i128, String> = BTreeMap::new();
    let values = rc
        .values
        .iter()
        .filter_map(|v| value(cx, rc, v, width, &mut seen, revs))
        .collect();
    model::ReturnCodes {
        name: rc.name.value.clone(),
        width,
        signed: rc.signed,
        source: rc.source.clone(),
        doc: rc.doc.clone(),
        note: rc.note.clone(),
        values,
    }
}

/// Rule 15: the width in bits, 1-64; 64 where it is out of range.
fn width(cx: &mut Ctx<'_>, rc: &schema::ReturnCodes) -> u8 {
    let width = cx.uint(&rc.width, 64, "return-code width").unwrap_or(64);
    if width == 0 {
        cx.err(&rc.width, "return-code width must be at least 1");
        64
    } else {
        width as u8
    }
}

/// Rules 6, 11, 15 and 39: one return code.
fn value(
    cx: &mut Ctx<'_>,
    rc: &schema::ReturnCodes,
    v: &schema::ReturnCode,
    width: u8,
    seen: &mut BTreeMap<i128, String>,
    revs: &Revisions,
) -> Option<model::ReturnCode> {
    let c = revs.check(cx, v.since.as_ref(), v.until.as_ref(), v.status.as_ref());
    cx.define(&v.name, Kind::ReturnCode, &v.name.value, &c.revisions);
    let n = v.value.value.0;
    if !fits(cx, rc, v, width) {
        return None;
    }
    if let Some(prev) = seen.get(&n) {
        cx.err(
            &v.value,
            format!(
                "return code `{}` has the value {} of `{prev}`",
                v.name.value,
                check::hex(n)
            ),
        );
    }
    seen.insert(n, v.name.value.clone());
    Some(model::ReturnCode {
        name: v.name.value.clone(),
        value: n,
        raw: (n as u64) & model::mask(width - 1, 0),
        meaning: v.meaning.clone(),
        since: c.since,
        status: c.status,
        revisions: c.revisions,
        source: v.source.clone(),
        note: v.note.clone(),
    })
}

/// Rule 15: a value fits the width of its type, signed or unsigned.
fn fits(cx: &mut Ctx<'_>, rc: &schema::ReturnCodes, v: &schema::ReturnCode, width: u8) -> bool {
    let n = v.value.value.0;
    let (lo, hi) = if rc.signed {
        (-(1i128 << (width - 1)), (1i128 << (width - 1)) - 1)
    } else {
        (0, (1i128 << width) - 1)
    };
    let fits = lo <= n && n <= hi;
    if !fits {
        let kind = if rc.signed { "signed" } else { "unsigned" };
        cx.err(
            &v.value,
            format!(
                "return code `{}` = {} does not fit the {width}-bit {kind} type `{}`",
                v.name.value,
                check::hex(n),
                rc.name.value
            ),
        );
    }
    fits
}
