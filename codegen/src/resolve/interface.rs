//! The interface header: name, transport, SMCCC owner, call type, width,
//! function-number range, revisions and specification; and the assembly of
//! the resolved interface from it and its constructs.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 5 and 7 (the interface
//! name is an identifier, and unique), 8 (`transport` and `call_type` take
//! their listed values), 9 (owner 0-63, width 32 or 64, the number range
//! within 16 bits and in order) and 10 (revisions are `MAJOR.MINOR`;
//! `draft_revision` is not older than `revision`).

use std::mem;

use super::{Ctx, Revisions, revisions};
use crate::check::{self, Report};
use crate::model::{self, Revision, Status};
use crate::schema;

/// The resolved header; a field is `None` where its check failed.
pub(super) struct Header {
    /// The name is an identifier not used by an earlier interface.
    ok: bool,
    pub name: String,
    pub transport: Option<model::Transport>,
    pub call_type: Option<model::CallType>,
    pub owner: Option<u64>,
    pub width: Option<u8>,
    pub first: Option<u64>,
    pub last: Option<u64>,
    /// Where `numbers:` is declared, and whether it is the numbers in use.
    pub numbers_at: crate::diag::Loc,
    pub in_use: bool,
    /// Whether the revisions resolved.
    revisions_ok: bool,
    draft_revision: Option<Revision>,
    pub revs: Revisions,
}

/// The resolved constructs of an interface, in the order of the model.
pub(super) struct Body {
    pub groups: Vec<model::Group>,
    pub versions: Vec<model::VersionConst>,
    pub return_codes: Option<model::ReturnCodes>,
    pub enums: Vec<model::Enum>,
    pub bitfields: Vec<model::Bitfield>,
    pub structs: Vec<model::Struct>,
    pub functions: Vec<model::Function>,
    pub features: Vec<model::Feature>,
    pub queries: Vec<model::Query>,
}

/// Resolve the header; it also sets the prefix of the interface's C names.
pub(super) fn header(cx: &mut Ctx<'_>, i: &schema::Interface) -> Header {
    cx.prefix = format!("{}_", i.name.value);
    let ok = name(cx, i);
    let transport = transport(cx, i);
    let call_type = call_type(cx, i);
    let owner = cx.uint(&i.owner, 63, "SMCCC owner");
    let width = width(cx, i);
    let (first, last) = numbers(cx, i);
    if let (true, Some(o), Some(a), Some(b)) = (ok, owner, first, last) {
        disjoint(cx, i, o as u8, (a, b));
    }
    let numbers_at = cx.loc(&i.numbers);
    let in_use = i.numbers.value.in_use.as_ref().is_some_and(|u| u.value);
    let (revs, revisions_ok, draft_revision) = header_revisions(cx, i);
    Header {
        ok,
        name: i.name.value.clone(),
        transport,
        call_type,
        owner,
        width,
        first,
        last,
        numbers_at,
        in_use,
        revisions_ok,
        draft_revision,
        revs,
    }
}

/// Rules 5 and 7: the interface name is an identifier, and no earlier file
/// defines the same interface.
fn name(cx: &mut Ctx<'_>, i: &schema::Interface) -> bool {
    let ok = cx.ident(&i.name, "interface");
    let mut interfaces = mem::take(&mut cx.global.interfaces);
    let new = interfaces.first(cx, &i.name, "interface", "");
    cx.global.interfaces = interfaces;
    ok && new
}

/// Rule 8: `transport` is `smc` or `host_call`.
fn transport(cx: &mut Ctx<'_>, i: &schema::Interface) -> Option<model::Transport> {
    match i.transport.value.as_str() {
        "smc" => Some(model::Transport::Smc),
        "host_call" => Some(model::Transport::HostCall),
        other => {
            cx.err(
                &i.transport,
                format!("unknown transport `{other}`; expected smc or host_call"),
            );
            None
        }
    }
}

/// Rule 8: `call_type` is `fast` or `yielding`.
fn call_type(cx: &mut Ctx<'_>, i: &schema::Interface) -> Option<model::CallType> {
    match i.call_type.value.as_str() {
        "fast" => Some(model::CallType::Fast),
        "yielding" => Some(model::CallType::Yielding),
        other => {
            cx.err(
                &i.call_type,
                format!("unknown call_type `{other}`; expected fast or yielding"),
            );
            None
        }
    }
}

/// Rule 9: the width is 32 or 64.
fn width(cx: &mut Ctx<'_>, i: &schema::Interface) -> Option<u8> {
    match i.width.value.0 {
        32 => Some(32u8),
        64 => Some(64u8),
        other => {
            cx.err(
                &i.width,
                format!("interface width must be 32 or 64, got {other}"),
            );
            None
        }
    }
}

/// Rule 9: the function-number range is within 16 bits and in order.
fn numbers(cx: &mut Ctx<'_>, i: &schema::Interface) -> (Option<u64>, Option<u64>) {
    let first = cx.uint(&i.numbers.value.first, 0xFFFF, "function number");
    let last = cx.uint(&i.numbers.value.last, 0xFFFF, "function number");
    if let (Some(a), Some(b)) = (first, last)
        && a > b
    {
        cx.err(
            &i.numbers,
            format!(
                "numbers: first {} is above last {}",
                check::hex(a),
                check::hex(b)
            ),
        );
    }
    (first, last)
}

/// Rule 47: the number ranges of interfaces of one SMCCC owner are
/// disjoint, so that a later revision of one cannot meet the other.
fn disjoint(cx: &mut Ctx<'_>, i: &schema::Interface, owner: u8, (a, b): (u64, u64)) {
    let clash = cx
        .global
        .ranges
        .iter()
        .find(|(o, f, l, _, _)| *o == owner && *f <= b && a <= *l)
        .cloned();
    if let Some((_, f, l, other, at)) = clash {
        let msg = format!(
            "numbers {}..={} of {} overlap {other}'s {}..={} (SMCCC owner {owner}); give each interface a range of its own, a vendor one outside Arm's",
            check::hex(a),
            check::hex(b),
            i.name.value,
            check::hex(f),
            check::hex(l)
        );
        let note = super::note(&at, format!("{other}'s range is declared here"));
        cx.err_with(&i.numbers, msg, vec![note]);
    }
    let at = cx.loc(&i.numbers);
    let entry = (owner, a, b, i.name.value.clone(), at);
    cx.global.ranges.push(entry);
}

/// Rule 10: the interface's revisions, in one of two forms: a `revisions:`
/// list (then `revision`, `draft_revision` and `spec.revision` are left
/// out), or the legacy `revision` (and `draft_revision`) with the one
/// specification revision `spec.revision`. Also whether they resolved, and
/// the draft revision.
fn header_revisions(
    cx: &mut Ctx<'_>,
    i: &schema::Interface,
) -> (Revisions, bool, Option<Revision>) {
    if i.revisions.is_empty() {
        return legacy(cx, i);
    }
    for (given, key) in [
        (&i.revision, "revision"),
        (&i.draft_revision, "draft_revision"),
        (&i.spec.revision, "spec.revision"),
    ] {
        if let Some(g) = given {
            cx.err(g, format!("`{key}` is given by `revisions:`; leave it out"));
        }
    }
    let list = revisions::declared(cx, &i.revisions);
    let ok = list.len() == i.revisions.len();
    let zero = Revision { major: 0, minor: 0 };
    let revision = list.first().map_or(zero, |r| r.reports);
    let draft = list.iter().rev().find(|r| r.status == Status::Draft);
    let draft_revision = draft.map(|r| r.reports);
    let revs = Revisions {
        revision,
        draft: draft_revision.unwrap_or(revision),
        list,
        declared: true,
    };
    (revs, ok, draft_revision)
}

/// Rule 10, legacy form: `revision` and `draft_revision` are `MAJOR.MINOR`,
/// and `draft_revision` is not older than `revision`; `spec.revision` names
/// the one specification revision.
fn legacy(cx: &mut Ctx<'_>, i: &schema::Interface) -> (Revisions, bool, Option<Revision>) {
    let revision = match &i.revision {
        Some(r) => cx.revision(r, "revision"),
        None => {
            cx.err(
                &i.name,
                "interface needs `revision` (or a `revisions:` list)",
            );
            None
        }
    };
    let draft_revision = i
        .draft_revision
        .as_ref()
        .and_then(|d| cx.revision(d, "draft_revision"));
    if let (Some(r), Some(d), Some(ds)) = (revision, draft_revision, &i.draft_revision)
        && d < r
    {
        cx.err(ds, format!("draft_revision {d} is older than revision {r}"));
    }
    let spec = match &i.spec.revision {
        Some(s) => s.value.clone(),
        None => {
            cx.err(
                &i.name,
                "interface needs `spec.revision` (or a `revisions:` list)",
            );
            String::new()
        }
    };
    let base = revision.unwrap_or(Revision { major: 0, minor: 0 });
    let only = model::SpecRevision {
        name: spec,
        reports: base,
        status: Status::Stable,
        source: i.source.clone(),
        doc: None,
        note: None,
    };
    let revs = Revisions {
        revision: base,
        draft: draft_revision.or(revision).unwrap_or(Revision {
            major: u32::MAX,
            minor: u32::MAX,
        }),
        list: vec![only],
        declared: false,
    };
    (revs, revision.is_some(), draft_revision)
}

impl Header {
    /// The resolved interface, if the header itself resolved.
    pub(super) fn finish(
        self,
        cx: &Ctx<'_>,
        i: &schema::Interface,
        body: Body,
    ) -> Option<model::Interface> {
        let (Some(transport), Some(owner), Some(call_type), Some(width), Some(first), Some(last)) = (
            self.transport,
            self.owner,
            self.call_type,
            self.width,
            self.first,
            self.last,
        ) else {
            return None;
        };
        if !self.ok || !self.revisions_ok {
            return None;
        }
        let newest = self.revs.list.last().map(|r| r.name.clone());
        Some(model::Interface {
            name: self.name,
            title: i.title.clone(),
            file: cx.file.to_string(),
            transport,
            owner: owner as u8,
            call_type,
            width,
            first_number: first as u16,
            last_number: last as u16,
            revision: self.revs.revision,
            draft_revision: self.draft_revision,
            revisions: self.revs.list,
            selected: None,
            selected_at: None,
            spec: model::Spec {
                document: i.spec.document.clone(),
                revision: newest.unwrap_or_default(),
                title: i.spec.title.clone(),
            },
            source: i.source.clone(),
            note: i.note.clone(),
            groups: body.groups,
            versions: body.versions,
            return_codes: body.return_codes,
            enums: body.enums,
            bitfields: body.bitfields,
            structs: body.structs,
            functions: body.functions,
            aliases: Vec::new(),
            features: body.features,
            queries: body.queries,
            carrier: None,
        })
    }
}
