//! Functions: their names and aliases, number and FID, and (through
//! `registers`) their inputs, outputs and `outputs_on:`.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 6 and 39 (through
//! `define`: unique, prefixed names and aliases), 8 and 11 (`status` and
//! `since`), 12 (the number lies in the interface's range), 13 (a number is
//! used once per SMCCC owner, across all files), 14 (a literal `fid:` equals
//! the derived FID) and 34 (the referenced group exists).

use super::groups::Groups;
use super::interface::Header;
use super::registers::{outputs_on, reg_values};
use super::{Ctx, Kind, Types, numbers};
use crate::check::{Report, hex};
use crate::model::{self, Span};
use crate::schema;

/// What a function may refer to: the interface header and the constructs
/// resolved before functions.
pub(super) struct Known<'a> {
    pub head: &'a Header,
    pub groups: &'a Groups,
    pub types: &'a Types,
    pub return_codes: Option<&'a model::ReturnCodes>,
    pub enums: &'a [model::Enum],
}

/// Resolve every function.
pub(super) fn functions(
    cx: &mut Ctx<'_>,
    fs: &[schema::Function],
    k: &Known<'_>,
) -> Vec<model::Function> {
    let out: Vec<model::Function> = fs.iter().filter_map(|func| function(cx, func, k)).collect();
    numbers::history(cx, fs, &out);
    numbers::in_use(cx, k.head, &out);
    out
}

/// Rules 6, 8, 11, 12 and 34: one function; rules 13 and 14 once its FID is
/// known, then its registers.
fn function(cx: &mut Ctx<'_>, func: &schema::Function, k: &Known<'_>) -> Option<model::Function> {
    let c = k.head.revs.check(
        cx,
        Some(&func.since),
        func.until.as_ref(),
        Some(&func.status),
    );
    cx.define(&func.name, Kind::Function, &func.name.value, &c.revisions);
    for a in &func.aliases {
        cx.define(a, Kind::FunctionAlias, &func.name.value, &c.revisions);
    }
    let group = k.groups.reference(cx, &func.group);
    let number = cx.uint(&func.number, 0xFFFF, "function number");
    in_range(cx, func, number, k.head);
    let fid = number.and_then(|n| fid(cx, func, n, k.head, &c.revisions));
    let (transport, number, fid) = (k.head.transport?, number?, fid?);
    let inputs = reg_values(cx, &func.inputs, transport, k.types, true);
    let outputs = reg_values(cx, &func.outputs, transport, k.types, false);
    for v in func.inputs.iter().chain(&func.outputs) {
        if !inputs
            .iter()
            .chain(&outputs)
            .any(|m| m.name == v.name.value)
        {
            let key = format!("{}.{}", func.name.value, v.name.value);
            cx.global.unresolved.insert(key);
        }
    }
    let outputs_on = outputs_on(cx, func, &outputs, k.return_codes, k.enums);
    Some(model::Function {
        name: func.name.value.clone(),
        number: number as u16,
        fid,
        fid_hex: format!("{fid:#010X}"),
        since: c.since,
        status: c.status,
        revisions: c.revisions,
        aliases: func.aliases.iter().map(|a| a.value.clone()).collect(),
        reuses: func.reuses.as_ref().map(|r| r.value.clone()),
        group,
        source: func.source.clone(),
        doc: func.doc.clone(),
        note: func.note.clone(),
        inputs,
        outputs,
        outputs_on,
        failures: func.failures.clone(),
        loc: cx.loc(&func.name),
    })
}

/// Rule 12: a function number lies in the interface's range.
fn in_range(cx: &mut Ctx<'_>, func: &schema::Function, number: Option<u64>, head: &Header) {
    if let (Some(n), Some(a), Some(b)) = (number, head.first, head.last)
        && !(a..=b).contains(&n)
    {
        let msg = format!(
            "function number {} of `{}` is outside the {} range {}..={}",
            hex(n),
            func.name.value,
            head.name,
            hex(a),
            hex(b)
        );
        let what = if head.in_use {
            format!(
                "the {} range is declared here, as the numbers in use (`in_use: true`); a function of another party belongs in an interface of its own (abi/README.md, \"Vendor extensions\")",
                head.name
            )
        } else {
            format!("the {} range is declared here", head.name)
        };
        let note = super::note(&head.numbers_at, what);
        cx.err_with(&func.number, msg, vec![note]);
    }
}

/// The FID derived from the header and `number`, once the header resolved;
/// rules 13 and 14 are checked on the way.
fn fid(
    cx: &mut Ctx<'_>,
    func: &schema::Function,
    number: u64,
    head: &Header,
    span: &Span,
) -> Option<u32> {
    let (owner, width, ct) = (head.owner?, head.width?, head.call_type?);
    let n = number as u16;
    let owner = owner as u8;
    let derived = smccc_fid(ct, width, owner, n);
    if let Some(lit) = &func.fid {
        literal_fid(cx, lit, derived, (ct, width, owner, n));
    }
    numbers::claim(cx, func, owner, n, span);
    Some(derived)
}

/// Rule 14: a literal `fid:` equals the FID derived from call type, width,
/// owner and number.
fn literal_fid(
    cx: &mut Ctx<'_>,
    lit: &schema::S<schema::Int>,
    derived: u32,
    (ct, width, owner, n): (model::CallType, u8, u8, u16),
) {
    if lit.value.0 == i128::from(derived) {
        return;
    }
    let written = u32::try_from(lit.value.0)
        .map(|v| format!("{v:#010X}"))
        .unwrap_or_else(|_| hex(lit.value.0));
    let ct = if ct == model::CallType::Fast {
        "fast"
    } else {
        "yielding"
    };
    cx.err(
        lit,
        format!(
            "fid {written} does not match {derived:#010X}, derived from owner {owner}, number {} ({ct}, SMC{width})",
            hex(n)
        ),
    );
}

/// SMCCC function identifier: fast/yielding (bit 31), SMC64 (bit 30),
/// owning entity (29:24), function number (15:0).
pub fn smccc_fid(call_type: model::CallType, width: u8, owner: u8, number: u16) -> u32 {
    let fast = u32::from(call_type == model::CallType::Fast) << 31;
    let smc64 = u32::from(width == 64) << 30;
    fast | smc64 | (u32::from(owner) << 24) | u32::from(number)
}
