//! Function numbers: one function per number and SMCCC owner in any one
//! revision, and the history of a number that a later revision gives to
//! another function.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 13 (a number is used
//! once per SMCCC owner in each revision, across all files) and 44 (a number
//! reused by a later revision records the function it had before, with
//! `reuses:`).

use std::collections::BTreeMap;

use super::interface::Header;
use super::{Claim, Ctx};
use crate::check::{Report, hex};
use crate::model::{self, Span};
use crate::schema;

/// Rule 13: claim `n` of `owner` for `func` in the revisions of `span`;
/// reports a function that has it in one of them, or in another interface.
pub(super) fn claim(cx: &mut Ctx<'_>, func: &schema::Function, owner: u8, n: u16, span: &Span) {
    let loc = cx.loc(&func.number);
    let iface = cx.prefix.trim_end_matches('_').to_string();
    let claims = cx.global.numbers.entry((owner, n)).or_default();
    if claims.iter().any(|c| c.iface != iface) {
        // Two interfaces of one owner: rule 47 has reported their ranges.
        return;
    }
    if let Some(prev) = claims.iter().find(|c| c.span.overlaps(span)) {
        let msg = format!(
            "function number {} of `{}` is already used by `{}` (owner {owner}) at {}",
            hex(n),
            func.name.value,
            prev.name,
            prev.loc
        );
        cx.diags.push(loc, msg);
        return;
    }
    claims.push(Claim {
        name: func.name.value.clone(),
        loc,
        iface,
        span: span.clone(),
    });
}

/// Rule 44: a function whose number an earlier revision gave to another
/// function says which, with `reuses:`; and `reuses:` names that function.
pub(super) fn history(cx: &mut Ctx<'_>, fs: &[schema::Function], out: &[model::Function]) {
    let mut by_number: BTreeMap<u16, Vec<&model::Function>> = BTreeMap::new();
    for m in out {
        by_number.entry(m.number).or_default().push(m);
    }
    for m in out {
        let same = &by_number[&m.number];
        if same.len() == 1 && m.reuses.is_none() {
            continue;
        }
        let clash = same
            .iter()
            .any(|o| o.name != m.name && o.revisions.overlaps(&m.revisions));
        if clash {
            // Rule 13 has reported it; a history would only echo that.
            continue;
        }
        // The same function described again for a later revision is no reuse.
        let before = same
            .iter()
            .filter(|o| o.revisions.last < m.revisions.first && o.name != m.name)
            .max_by_key(|o| o.revisions.last);
        if let Some(f) = fs.iter().find(|f| cx.loc(&f.name) == m.loc) {
            record(cx, f, m, before.copied());
        }
    }
}

/// Rule 44 for one function `m` (declared as `f`), given the function that
/// had its number just before it, if any.
fn record(
    cx: &mut Ctx<'_>,
    f: &schema::Function,
    m: &model::Function,
    before: Option<&model::Function>,
) {
    match (before, &f.reuses) {
        (Some(b), None) => {
            let msg = format!(
                "function number {} of `{}` was `{}`'s until {}; record the reuse with `reuses: {}`",
                hex(m.number),
                m.name,
                b.name,
                b.revisions.until.as_deref().unwrap_or("?"),
                b.name
            );
            cx.err(&f.number, msg);
        }
        (b, Some(r)) if b.is_none_or(|b| b.name != r.value) => {
            let had = b.map_or("no function".to_string(), |b| format!("`{}`", b.name));
            let msg = format!(
                "`reuses: {}` does not name the function that had number {} before {}: {had} had it",
                r.value,
                hex(m.number),
                m.revisions.since
            );
            cx.err(r, msg);
        }
        _ => {}
    }
}

/// Rule 48: a range marked `in_use: true` is exactly the numbers in use, so
/// that widening it is a decision (drop `in_use`) and never a slip.
pub(super) fn in_use(cx: &mut Ctx<'_>, head: &Header, out: &[model::Function]) {
    let (Some(first), Some(last)) = (head.first, head.last) else {
        return;
    };
    let numbers = || out.iter().map(|f| u64::from(f.number));
    if numbers().any(|n| !(first..=last).contains(&n)) {
        // Rule 12 has reported the number outside; that is the mistake to fix.
        return;
    }
    let (lowest, highest) = (numbers().min(), numbers().max());
    if !head.in_use || (lowest, highest) == (Some(first), Some(last)) {
        return;
    }
    let used = match (lowest, highest) {
        (Some(l), Some(h)) => format!("{}..={}", hex(l), hex(h)),
        _ => "none".to_string(),
    };
    let msg = format!(
        "`in_use: true` says {}..={} are the numbers {} uses, but they are {used}; make the range match, or drop `in_use` where a specification reserves the wider block",
        hex(first),
        hex(last),
        head.name
    );
    cx.diags.push(head.numbers_at.clone(), msg);
}
