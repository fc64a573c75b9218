//! Structs (memory layouts shared with the callee) and their members.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 5 and 7 (member names
//! are identifiers, unique within the struct), 6 (through `define`: unique
//! struct names), 11 (`since`), 24 (alignment a power of two, size non-zero
//! and a multiple of it), 25 (members do not overlap), 26 (members do not
//! run past the size), 27 (members sit at their natural alignment, which the
//! struct's can provide), 28 (every byte is covered) and 29 (a member has a
//! known scalar, enum, bit-field or earlier struct type, or if reserved a
//! byte size; array counts are at least 1).

use super::context::Laid;
use super::revisions::Checked;
use super::{Ctx, Kind, Revisions, Types, note};
use crate::check::{Report, Scope, hex};
use crate::model::{self, Ref, Span, Status, TypeRef};
use crate::schema;

/// Rules 6 and 11: resolve every struct, a model-wide name, making each
/// visible to later constructs.
pub(super) fn structs(
    cx: &mut Ctx<'_>,
    ss: &[schema::Struct],
    revs: &Revisions,
    types: &mut Types,
) -> Vec<model::Struct> {
    let mut out = Vec::new();
    for s in ss {
        let c = revs.check(cx, s.since.as_ref(), s.until.as_ref(), s.status.as_ref());
        cx.define(&s.name, Kind::Struct, &s.name.value, &c.revisions);
        let name = s.name.value.clone();
        types
            .structs
            .entry(name.clone())
            .or_default()
            .push(Laid::Resolving);
        let (span, status) = (c.revisions.clone(), c.status);
        let st = structure(cx, s, types, c);
        let laid = st.as_ref().map_or(Laid::Failed, |st| Laid::Done {
            size: st.size,
            align: st.align,
            status,
            span,
        });
        if let Some(last) = types.structs.get_mut(&name).and_then(|v| v.last_mut()) {
            *last = laid;
        }
        out.extend(st);
    }
    out
}

/// Bytes used to store a value of `bits` bits in a struct.
fn storage_bytes(bits: u8) -> u64 {
    u64::from(model::storage_bits(bits) / 8)
}

/// A struct's layout as its members are laid out, in declared order.
struct Layout<'a> {
    name: &'a str,
    /// The struct's own revisions and status, which a nested struct must meet.
    span: Span,
    status: Status,
    size: Option<u64>,
    align: Option<u64>,
    members: Vec<model::Member>,
    names: Scope,
    /// The end of the furthest member so far.
    end: u64,
    /// After a member whose size is unknown, coverage reports would only echo it.
    broken: bool,
}

/// Rules 24-29: one struct; rule 28 also for the bytes after its last member.
fn structure(
    cx: &mut Ctx<'_>,
    s: &schema::Struct,
    types: &Types,
    c: Checked,
) -> Option<model::Struct> {
    let name = &s.name.value;
    let (size, align) = size_and_align(cx, s);
    let mut l = Layout {
        name,
        span: c.revisions.clone(),
        status: c.status,
        size,
        align,
        members: Vec::new(),
        names: Scope::default(),
        end: 0,
        broken: false,
    };
    for m in &s.members {
        member(cx, m, types, &mut l);
    }
    let (size, align) = (size?, align?);
    if l.end < size && !l.broken {
        cx.err(
            &s.size,
            format!(
                "bytes {}..{} of `{name}` are not covered; declare a member or a `reserved: true` range",
                hex(l.end),
                hex(size)
            ),
        );
    }
    Some(model::Struct {
        name: name.clone(),
        size,
        align,
        since: c.since,
        status: c.status,
        revisions: c.revisions,
        source: s.source.clone(),
        doc: s.doc.clone(),
        note: s.note.clone(),
        members: l.members,
        loc: cx.loc(&s.name),
    })
}

/// Rule 24: the alignment is a power of two; the size is non-zero and a
/// multiple of the alignment.
fn size_and_align(cx: &mut Ctx<'_>, s: &schema::Struct) -> (Option<u64>, Option<u64>) {
    let name = &s.name.value;
    let size = cx.uint(&s.size, 1 << 20, "struct size");
    let align = cx.uint(&s.align, 1 << 16, "struct alignment");
    let align = align.filter(|a| {
        let ok = a.is_power_of_two();
        if !ok {
            cx.err(
                &s.align,
                format!("alignment {} of `{name}` is not a power of two", hex(*a)),
            );
        }
        ok
    });
    if let (Some(sz), Some(al)) = (size, align)
        && sz % al != 0
    {
        cx.err(
            &s.size,
            format!(
                "size {} of `{name}` is not a multiple of its alignment {}",
                hex(sz),
                hex(al)
            ),
        );
    }
    if size == Some(0) {
        cx.err(&s.size, format!("struct `{name}` has size 0"));
    }
    (size, align)
}

/// Rules 5 and 7, then 25-29: one member, checked against the struct and the
/// members before it.
fn member(cx: &mut Ctx<'_>, m: &schema::Member, types: &Types, l: &mut Layout<'_>) {
    if cx.ident(&m.name, "member") {
        let within = format!(" in `{}`", l.name);
        l.names.latest(cx, &m.name, "member", &within);
    }
    let reserved = m.reserved.as_ref().is_some_and(|r| r.value);
    let Some(offset) = cx.uint(&m.offset, 1 << 20, "member offset") else {
        l.broken = true;
        return;
    };
    let Some(count) = count(cx, m, l) else {
        return;
    };
    let Some((ty, elem, natural)) = element(cx, m, types, reserved, count, l) else {
        l.broken = true;
        return;
    };
    let total = elem * count.unwrap_or(1);
    alignment(cx, m, offset, natural, l);
    overlap_or_gap(cx, m, offset, total, l);
    past_size(cx, m, offset, total, l);
    l.end = l.end.max(offset + total);
    l.members.push(model::Member {
        name: m.name.value.clone(),
        offset,
        size: total,
        ty,
        count,
        reserved,
        doc: m.doc.clone(),
        note: m.note.clone(),
        loc: cx.loc(&m.offset),
    });
}

/// Rule 29: an array count is at least 1. `None` leaves the member out;
/// `Some(None)` is a single value.
fn count(cx: &mut Ctx<'_>, m: &schema::Member, l: &mut Layout<'_>) -> Option<Option<u64>> {
    let Some(c) = &m.count else {
        return Some(None);
    };
    match cx.uint(c, 1 << 20, "array count")? {
        0 => {
            cx.err(c, "array count must be at least 1");
            l.broken = true;
            None
        }
        n => Some(Some(n)),
    }
}

/// Rule 29: the element type, size and natural alignment of a member: a
/// known scalar, enum or bit-field type, a struct declared above it, or the
/// byte size of a reserved range (aligned to 1).
fn element(
    cx: &mut Ctx<'_>,
    m: &schema::Member,
    types: &Types,
    reserved: bool,
    count: Option<u64>,
    l: &Layout<'_>,
) -> Option<(Option<TypeRef>, u64, u64)> {
    match (&m.ty, &m.size, reserved) {
        (Some(t), None, _) => typed_element(cx, t, types, l),
        (None, Some(sz), true) => reserved_size(cx, sz, count).map(|n| (None, n, 1)),
        (Some(t), Some(_), _) => {
            cx.err(t, "give either `type:` or `size:`, not both");
            None
        }
        (None, Some(sz), false) => {
            cx.err(sz, "`size:` is for reserved ranges; a member takes `type:`");
            None
        }
        (None, None, _) => {
            cx.err(&m.name, format!("member `{}` needs `type:`", m.name.value));
            None
        }
    }
}

/// Rule 29 for a member with `type:`: a scalar, enum or bit field (as wide
/// as its storage, and aligned to it), or a struct laid out above this one
/// (its size and alignment). A struct cannot hold itself, which with
/// declaration order also rules out any cycle.
fn typed_element(
    cx: &mut Ctx<'_>,
    t: &schema::S<String>,
    types: &Types,
    l: &Layout<'_>,
) -> Option<(Option<TypeRef>, u64, u64)> {
    if let Some((tr, bits)) = types.lookup(&t.value) {
        let bytes = storage_bytes(bits);
        return Some((Some(tr), bytes, bytes));
    }
    let Some(decls) = types.structs.get(&t.value) else {
        let (msg, notes) = types.unknown(cx, &t.value, "type", true);
        cx.err_with(t, msg, notes);
        return None;
    };
    if decls.iter().any(|d| matches!(d, Laid::Resolving)) {
        cx.err(t, format!("struct `{}` cannot contain itself", t.value));
        return None;
    }
    let (size, align) = nested_layout(cx, t, decls, l)?;
    Some((Some(TypeRef::Struct(Ref::new(&t.value))), size, align))
}

/// Rule 29: the layout of a nested struct in the revisions of the struct
/// that holds it (one layout in all of them: rule 45 reports a revision
/// that lacks it), and a status a header of the outer one also shows: a
/// stable struct holds only stable structs.
fn nested_layout(
    cx: &mut Ctx<'_>,
    t: &schema::S<String>,
    decls: &[Laid],
    l: &Layout<'_>,
) -> Option<(u64, u64)> {
    let done: Vec<(u64, u64, Status, &Span)> = decls
        .iter()
        .filter_map(|d| match d {
            Laid::Done {
                size,
                align,
                status,
                span,
            } => Some((*size, *align, *status, span)),
            _ => None,
        })
        .collect();
    let overlapping: Vec<_> = done.iter().filter(|d| d.3.overlaps(&l.span)).collect();
    let chosen = if overlapping.is_empty() {
        done.iter().collect()
    } else {
        overlapping
    };
    let &&(size, align, status, _) = chosen.first()?;
    if chosen.iter().any(|d| (d.0, d.1) != (size, align)) {
        let msg = format!(
            "`{}` is laid out differently in the revisions of `{}`; describe `{}` once per layout of `{}`",
            t.value, l.name, l.name, t.value
        );
        cx.err(t, msg);
        return None;
    }
    if status != Status::Stable && status != l.status {
        let msg = format!(
            "{} struct `{}` cannot hold {} struct `{}`: a header that shows the one would lack the other",
            l.status.name(),
            l.name,
            status.name(),
            t.value
        );
        cx.err(t, msg);
        return None;
    }
    Some((size, align))
}

/// Rule 29: a reserved range gives a byte size of at least 1, not a count.
fn reserved_size(cx: &mut Ctx<'_>, sz: &schema::S<schema::Int>, count: Option<u64>) -> Option<u64> {
    if count.is_some() {
        cx.err(sz, "a reserved range gives `size:` in bytes, not `count:`");
        return None;
    }
    match cx.uint(sz, 1 << 20, "reserved size") {
        Some(0) | None => {
            cx.err(sz, "reserved size must be at least 1 byte");
            None
        }
        Some(n) => Some(n),
    }
}

/// Rule 27: a member sits at its natural alignment, which the struct's
/// alignment can provide.
fn alignment(cx: &mut Ctx<'_>, m: &schema::Member, offset: u64, natural: u64, l: &Layout<'_>) {
    if !offset.is_multiple_of(natural) {
        cx.err(
            &m.offset,
            format!(
                "member `{}` at offset {} breaks its {natural}-byte alignment",
                m.name.value,
                hex(offset)
            ),
        );
    }
    if let Some(al) = l.align
        && natural > al
    {
        cx.err(
            &m.offset,
            format!(
                "member `{}` needs {natural}-byte alignment but `{}` is only {al}-byte aligned",
                m.name.value, l.name
            ),
        );
    }
}

/// Rules 25 and 28: a member overlaps none before it, and leaves no gap
/// after the furthest of them.
fn overlap_or_gap(cx: &mut Ctx<'_>, m: &schema::Member, offset: u64, total: u64, l: &Layout<'_>) {
    let name = l.name;
    if offset < l.end {
        let earlier = l
            .members
            .iter()
            .rev()
            .find(|p| p.offset < offset + total && offset < p.offset + p.size);
        let prev = earlier
            .map(|p| {
                format!(
                    "`{}` ({}..{})",
                    p.name,
                    hex(p.offset),
                    hex(p.offset + p.size)
                )
            })
            .unwrap_or_else(|| "an earlier member".to_string());
        let notes = earlier
            .map(|p| vec![note(&p.loc, format!("`{}` is declared here", p.name))])
            .unwrap_or_default();
        let msg = format!(
            "member `{}` ({}..{}) overlaps {prev} in `{name}`",
            m.name.value,
            hex(offset),
            hex(offset + total)
        );
        cx.err_with(&m.offset, msg, notes);
    } else if offset > l.end && !l.broken {
        cx.err(
            &m.offset,
            format!(
                "bytes {}..{} of `{name}` are not covered; declare a member or a `reserved: true` range",
                hex(l.end),
                hex(offset)
            ),
        );
    }
}

/// Rule 26: a member does not run past the size of its struct.
fn past_size(cx: &mut Ctx<'_>, m: &schema::Member, offset: u64, total: u64, l: &Layout<'_>) {
    if let Some(sz) = l.size
        && offset + total > sz
    {
        cx.err(
            &m.offset,
            format!(
                "member `{}` ({}..{}) runs past the size {} of `{}`",
                m.name.value,
                hex(offset),
                hex(offset + total),
                hex(sz),
                l.name
            ),
        );
    }
}
