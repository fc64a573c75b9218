//! Resolve the parsed YAML into the `Model`, checking every rule on the way.
//!
//! Each check reports at the span of the value it is about and carries on, so
//! one run lists every problem. Nothing here panics on any input: numbers are
//! range-checked before they are narrowed, and lookups that fail are reported.
//!
//! This module holds the driver [`interface()`], which fixes the order the
//! constructs are resolved in; each construct has a file of its own, and
//! `context` the state they share (the context, the model-wide names, the
//! types an interface can see). It enforces the rules of `abi/README.md`
//! ("Checks") that several constructs share (in `context`): 5 (names are identifiers, with
//! `check`), 6 (model-wide unique names), 10 (revisions are `MAJOR.MINOR`),
//! 11 (`since` against the interface revisions), 16 and 17 (type widths and
//! bit ranges), 34 (referenced functions exist) and 39 (C names carry the
//! interface prefix).

mod aliases;
mod bitfields;
mod carrier;
mod context;
mod coverage;
mod enums;
mod features;
mod functions;
mod groups;
mod interface;
mod numbers;
mod queries;
mod registers;
mod return_codes;
mod revisions;
mod structs;
mod versions;

use crate::model;
use crate::schema;
pub(crate) use aliases::aliases;
pub(crate) use carrier::check as carriers;
pub(crate) use context::{Claim, Ctx, Global, Kind, Types, find_fn, note, type_width, unknown};
pub(crate) use coverage::check as coverage;
pub use functions::smccc_fid;
pub(super) use revisions::Revisions;

/// Resolve one file's interface: its header, then each construct in the
/// order a later one may refer to an earlier one. Top-level aliases are only
/// defined here; [`aliases()`] resolves them once every file is in.
pub(crate) fn interface(cx: &mut Ctx<'_>, f: &schema::File) -> Option<model::Interface> {
    let head = interface::header(cx, &f.interface);
    let revs = &head.revs;
    let groups = groups::groups(cx, &f.groups);
    let mut types = Types::default();
    let return_codes = f
        .return_codes
        .as_ref()
        .map(|rc| return_codes::return_codes(cx, rc, revs, &mut types));
    let enums = enums::enums(cx, &f.enums, revs, &mut types);
    let bitfields = bitfields::bitfields(cx, &f.bitfields, revs, &mut types);
    let versions = versions::versions(cx, &f.versions, revs, &groups, &bitfields);
    let structs = structs::structs(cx, &f.structs, revs, &mut types);
    let known = functions::Known {
        head: &head,
        groups: &groups,
        types: &types,
        return_codes: return_codes.as_ref(),
        enums: &enums,
    };
    let functions = functions::functions(cx, &f.functions, &known);
    aliases::define(cx, &f.aliases, &revs.whole());
    let features = features::features(cx, &f.features, &functions, &bitfields);
    let known = queries::Known {
        functions: &functions,
        bitfields: &bitfields,
        versions: &versions,
        features: &features,
    };
    let queries = queries::queries(cx, &f.queries, head.transport, &known);
    let body = interface::Body {
        groups: groups.list,
        versions,
        return_codes,
        enums,
        bitfields,
        structs,
        functions,
        features,
        queries,
    };
    let mut iface = head.finish(cx, &f.interface, body)?;
    iface.link();
    Some(iface)
}
