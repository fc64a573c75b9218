//! Version constants: a revision of the interface, encoded by a bit-field
//! set with `major` and `minor` fields.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 6 and 39 (through
//! `define`: unique, prefixed names), 11 (`since`), 23 (the encoding is a
//! known bit-field set with `major` and `minor`, and the version fits them)
//! and 34 (the referenced group and bit-field type exist).

use super::groups::Groups;
use super::{Ctx, Kind, Revisions};
use crate::check::Report;
use crate::model;
use crate::schema;

/// Resolve every version constant.
pub(super) fn versions(
    cx: &mut Ctx<'_>,
    vs: &[schema::Version],
    revs: &Revisions,
    groups: &Groups,
    bitfields: &[model::Bitfield],
) -> Vec<model::VersionConst> {
    vs.iter()
        .filter_map(|v| version(cx, v, revs, groups, bitfields))
        .collect()
}

/// Rules 23 and 34: the encoding is a known bit-field set with `major` and
/// `minor` fields, and the version fits them.
fn version(
    cx: &mut Ctx<'_>,
    v: &schema::Version,
    revs: &Revisions,
    groups: &Groups,
    bitfields: &[model::Bitfield],
) -> Option<model::VersionConst> {
    let c = revs.check(cx, v.since.as_ref(), v.until.as_ref(), v.status.as_ref());
    cx.define(&v.name, Kind::Version, &v.name.value, &c.revisions);
    let group = groups.reference(cx, &v.group);
    let Some(enc) = bitfields.iter().find(|b| b.name == v.encoding.value) else {
        let names = bitfields.iter().map(|b| b.name.as_str());
        super::unknown(cx, &v.encoding, "bit-field type", names);
        return None;
    };
    let (Some(maj_f), Some(min_f)) = (enc.field("major"), enc.field("minor")) else {
        let msg = format!(
            "version encoding `{}` must have fields `major` and `minor`",
            enc.name
        );
        cx.err(&v.encoding, msg);
        return None;
    };
    let major = cx.uint(&v.major, maj_f.mask() >> maj_f.lo, "major");
    let minor = cx.uint(&v.minor, min_f.mask() >> min_f.lo, "minor");
    let (major, minor) = (major?, minor?);
    Some(model::VersionConst {
        name: v.name.value.clone(),
        major,
        minor,
        encoding: model::Ref::new(&enc.name),
        loc: cx.loc(&v.name),
        value: (major << maj_f.lo) | (minor << min_f.lo),
        group,
        since: c.since,
        status: c.status,
        revisions: c.revisions,
        source: v.source.clone(),
        doc: v.doc.clone(),
        note: v.note.clone(),
    })
}
