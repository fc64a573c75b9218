//! Features: which discovery call returns which feature register, and which
//! function each of its bits advertises.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 34 (the referenced
//! functions and bit-field type exist) and 36 (a feature bit is a named
//! one-bit field of its register; `index:` only for discovery calls that
//! take one).

use super::{Ctx, find_fn};
use crate::check::{self, Report};
use crate::model;
use crate::schema;

/// Resolve every `features:` entry.
pub(super) fn features(
    cx: &mut Ctx<'_>,
    feats: &[schema::Feature],
    functions: &[model::Function],
    bitfields: &[model::Bitfield],
) -> Vec<model::Feature> {
    feats
        .iter()
        .filter_map(|f| feature(cx, f, functions, bitfields))
        .collect()
}

/// Rule 34: the discovery call and its register exist.
fn feature(
    cx: &mut Ctx<'_>,
    f: &schema::Feature,
    functions: &[model::Function],
    bitfields: &[model::Bitfield],
) -> Option<model::Feature> {
    let via = find_fn(cx, functions, &f.via);
    let reg = bitfields.iter().find(|b| b.name == f.register.value);
    if reg.is_none() {
        let names = bitfields.iter().map(|b| b.name.as_str());
        super::unknown(cx, &f.register, "bit-field type", names);
    }
    let index = index(cx, f, via);
    let mut adverts = Vec::new();
    for a in &f.advertises {
        let func = find_fn(cx, functions, &a.function);
        let Some(reg) = reg else { continue };
        let Some(shift) = feature_bit(cx, a, reg) else {
            continue;
        };
        if let Some(func) = func {
            adverts.push(model::Advert {
                bit: a.bit.value.clone(),
                shift,
                function: func.name.clone(),
            });
        }
    }
    let (via, reg) = (via?, reg?);
    let no_function = no_function(cx, f, reg);
    every_bit_said(cx, f, reg);
    Some(model::Feature {
        via: via.name.clone(),
        index,
        register: reg.name.clone(),
        source: f.source.clone(),
        note: f.note.clone(),
        advertises: adverts,
        no_function,
    })
}

/// Rule 36 for `no_function:`: each is a named field of the register.
fn no_function(
    cx: &mut Ctx<'_>,
    f: &schema::Feature,
    reg: &model::Bitfield,
) -> Vec<model::NoFunction> {
    let mut out = Vec::new();
    for n in &f.no_function {
        if reg.field(&n.bit.value).is_none() {
            unknown_bit(cx, &n.bit, reg);
            continue;
        }
        out.push(model::NoFunction {
            bit: n.bit.value.clone(),
            note: n.note.clone(),
        });
    }
    out
}

/// Rule 46: every named one-bit field of a feature register is said: under
/// `advertises:` with its function, or under `no_function:` with why (a
/// bit added and forgotten would otherwise say nothing).
fn every_bit_said(cx: &mut Ctx<'_>, f: &schema::Feature, reg: &model::Bitfield) {
    let named = |bit: &str| reg.field(bit).is_some();
    if !f.advertises.iter().all(|a| named(&a.bit.value)) {
        // An unknown bit was reported; it is most likely the one missing here.
        return;
    }
    let said = |name: &str| {
        f.advertises.iter().any(|a| a.bit.value == name)
            || f.no_function.iter().any(|n| n.bit.value == name)
    };
    // A wider field is no feature bit (rule 36), so it is not asked about.
    for field in reg.fields.iter().filter(|x| !x.reserved && x.width() == 1) {
        let Some(name) = field.name.as_deref().filter(|n| !said(n)) else {
            continue;
        };
        let msg = format!(
            "feature bit `{name}` of `{}` advertises nothing: list it under `advertises:` of the `features:` entry for {} with the function it advertises, or under `no_function:` with why",
            reg.name, f.via.value
        );
        let at = super::note(&cx.loc(&f.register), "the `features:` entry is here");
        cx.diags.push_with(field.loc.clone(), msg, vec![at]);
    }
}

/// Rule 36: `index:` only for a discovery call that takes an input.
fn index(cx: &mut Ctx<'_>, f: &schema::Feature, via: Option<&model::Function>) -> Option<u64> {
    match (&f.index, via) {
        (Some(ix), Some(v)) if v.inputs.is_empty() => {
            cx.err(
                ix,
                format!(
                    "`index:` given, but `{}` takes no input to select a register",
                    v.name
                ),
            );
            None
        }
        (Some(ix), _) => cx.uint(ix, u64::MAX, "feature register index"),
        (None, _) => None,
    }
}

/// Rule 36: report `bit` as naming no field of `reg`, with the nearest.
fn unknown_bit(cx: &mut Ctx<'_>, bit: &schema::S<String>, reg: &model::Bitfield) {
    let names = reg.fields.iter().filter_map(|f| f.name.as_deref());
    let hint = check::did_you_mean(&bit.value, names);
    let msg = format!(
        "unknown feature bit `{}` in `{}`{hint}",
        bit.value, reg.name
    );
    cx.err(bit, msg);
}

/// Rule 36: a feature bit is a named one-bit field of its register; its
/// position.
fn feature_bit(cx: &mut Ctx<'_>, a: &schema::Advert, reg: &model::Bitfield) -> Option<u8> {
    let Some(bit) = reg.field(&a.bit.value) else {
        unknown_bit(cx, &a.bit, reg);
        return None;
    };
    if bit.width() != 1 {
        let msg = format!(
            "feature bit `{}` of `{}` is {} bits wide; a feature is one bit",
            a.bit.value,
            reg.name,
            bit.width()
        );
        cx.err(&a.bit, msg);
        return None;
    }
    Some(bit.lo)
}
