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

use super::{Ctx, Revisions};
use crate::check::{self, Report};
use crate::model::{self, Revision};
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
    revision: Option<Revision>,
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
    let (revision, draft_revision) = revisions(cx, i);
    let revs = Revisions {
        revision: revision.unwrap_or(Revision { major: 0, minor: 0 }),
        draft: draft_revision.or(revision).unwrap_or(Revision {
            major: u32::MAX,
            minor: u32::MAX,
        }),
    };
    Header {
        ok,
        name: i.name.value.clone(),
        transport,
        call_type,
        owner,
        width,
        first,
        last,
        revision,
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

/// Rule 10: `revision` and `draft_revision` are `MAJOR.MINOR`, and
/// `draft_revision` is not older than `revision`.
fn revisions(cx: &mut Ctx<'_>, i: &schema::Interface) -> (Option<Revision>, Option<Revision>) {
    let revision = cx.revision(&i.revision, "revision");
    let draft_revision = i
        .draft_revision
        .as_ref()
        .and_then(|d| cx.revision(d, "draft_revision"));
    if let (Some(r), Some(d), Some(ds)) = (revision, draft_revision, &i.draft_revision)
        && d < r
    {
        cx.err(ds, format!("draft_revision {d} is older than revision {r}"));
    }
    (revision, draft_revision)
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
        if !self.ok || self.revision.is_none() {
            return None;
        }
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
            spec: model::Spec {
                document: i.spec.document.clone(),
                revision: i.spec.revision.clone(),
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
        })
    }
}
