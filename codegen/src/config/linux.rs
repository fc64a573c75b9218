//! A Linux profile: the files of one kernel series and the names they use.
//! A profile may `extends` one declared before it and take from it every
//! key it leaves out.

use std::collections::BTreeMap;

use super::raw::ProfileRaw;
use super::{
    CType, Cx, Edit, Fragment, LinuxHeader, LinuxQuery, c_types, edits, headers, names, query,
};
use crate::check::{self, Report};
use crate::model::Model;
use crate::schema::S;

#[derive(Clone, Debug)]
pub struct LinuxProfile {
    pub name: String,
    pub doc: String,
    /// The SPDX licence of every file the series adds or replaces.
    pub spdx: String,
    /// The copyright line of those files, unless a header or the query says otherwise.
    pub copyright: String,
    pub headers: Vec<LinuxHeader>,
    /// Spec name (or `Type.member`) to the name Linux uses.
    pub rename: BTreeMap<String, String>,
    /// C types that replace a struct member's own (`Struct.member` to type).
    pub c_types: Vec<CType>,
    /// Items left out, with the reason written into the header.
    pub omit: Vec<(String, String)>,
    /// Extra C names: (alias, spec item or `Type.field`), for headers with `aliases: true`.
    pub aliases: Vec<(String, String)>,
    pub query: Option<LinuxQuery>,
    /// Insertions into hand-written kernel files, in the order given.
    pub edits: Vec<Edit>,
    /// What the profile names as written, its own keys or its base's.
    pub written: Written,
}

/// What a profile names as written, before its own checks drop a header or
/// its query: lowering does not report as missing what was written with a
/// mistake of its own.
#[derive(Clone, Debug)]
pub struct Written {
    /// Where its name is.
    pub at: crate::diag::Loc,
    /// The interfaces of its headers.
    pub interfaces: Vec<String>,
    /// Whether it has a query.
    pub query: bool,
}

impl LinuxProfile {
    /// The specification revision each header's interface follows.
    pub fn selection(&self) -> crate::narrow::Selection {
        selection(&self.headers)
    }

    /// The C name of a spec item: its rename, or `default`.
    pub fn name_of(&self, spec: &str, default: impl FnOnce() -> String) -> String {
        self.rename.get(spec).cloned().unwrap_or_else(default)
    }
    pub fn omitted(&self, item: &str) -> Option<&str> {
        self.omit
            .iter()
            .find(|(i, _)| i == item)
            .map(|(_, r)| r.as_str())
    }
    /// The C type a profile gives `Struct.member`, if it overrides the ABI's.
    pub fn c_type(&self, structure: &str, member: &str) -> Option<&CType> {
        self.c_types
            .iter()
            .find(|c| c.structure == structure && c.member == member)
    }
    /// The edit that places `fragment`; `resolve` guarantees one for each the profile needs.
    pub fn edit(&self, fragment: Fragment) -> Option<&Edit> {
        self.edits.iter().find(|e| e.fragment == fragment)
    }
}

/// The revision each header's interface follows, by interface.
fn selection(headers: &[LinuxHeader]) -> crate::narrow::Selection {
    headers
        .iter()
        .filter_map(|h| Some((h.interface.clone(), h.revision.clone()?)))
        .collect()
}

/// One profile, checked against the model and against the profiles
/// declared before it.
pub(super) fn profile(
    cx: &mut Cx<'_>,
    p: &ProfileRaw,
    earlier: &[LinuxProfile],
    model: &Model,
) -> Option<LinuxProfile> {
    if !new_name(cx, p, earlier) {
        return None;
    }
    let base = base_of(cx, p, earlier).ok()?;
    let b = base.as_ref();
    let spdx = p.spdx.as_ref().map(|s| s.value.clone());
    let spdx = key_or_base(cx, p, spdx, b.map(|b| b.spdx.clone()), "spdx");
    let copyright = p.copyright.as_ref().map(|s| s.value.clone());
    let copyright = key_or_base(
        cx,
        p,
        copyright,
        b.map(|b| b.copyright.clone()),
        "copyright",
    );
    let headers = p.headers.as_ref().map(|h| headers::headers(cx, h, model));
    let headers = key_or_base(cx, p, headers, b.map(|b| b.headers.clone()), "headers");
    let known = names::Known::new(model);
    let rename = inherit(&p.rename, b, |r| known.renames(cx, r), |b| &b.rename);
    let c_types = inherit(
        &p.c_types,
        b,
        |c| c_types::c_types(cx, c, model),
        |b| &b.c_types,
    );
    let omit = inherit(&p.omit, b, |o| known.omits(cx, o), |b| &b.omit);
    let aliases = inherit(&p.aliases, b, |a| known.aliases(cx, a), |b| &b.aliases);
    let headers = headers?;
    let written = Written {
        at: cx.loc(&p.name),
        interfaces: match &p.headers {
            Some(raw) => raw.iter().map(|h| h.interface.value.clone()).collect(),
            None => headers.iter().map(|h| h.interface.clone()).collect(),
        },
        query: p.query.is_some() || b.is_some_and(|b| b.written.query),
    };
    let (query, edits) = query_and_edits(cx, p, b, &headers);
    Some(LinuxProfile {
        name: p.name.value.clone(),
        doc: p.doc.clone(),
        spdx: spdx?,
        copyright: copyright?,
        headers,
        rename,
        c_types,
        omit,
        aliases,
        query,
        edits,
        written,
    })
}

/// A profile's name is a C identifier once its dashes are underscores, and
/// names no earlier profile.
fn new_name(cx: &mut Cx<'_>, p: &ProfileRaw, earlier: &[LinuxProfile]) -> bool {
    let dashed = S::new(
        p.name.value.replace('-', "_"),
        p.name.referenced,
        p.name.defined,
    );
    if !cx.c_ident(&dashed, "profile name") {
        return false;
    }
    if earlier.iter().any(|q| q.name == p.name.value) {
        check::duplicate(cx, &p.name, "profile", "", None);
        return false;
    }
    true
}

/// The base a profile `extends`, if any; `Err` when it names no earlier profile.
fn base_of(
    cx: &mut Cx<'_>,
    p: &ProfileRaw,
    earlier: &[LinuxProfile],
) -> Result<Option<LinuxProfile>, ()> {
    let Some(e) = &p.extends else { return Ok(None) };
    match earlier.iter().find(|q| q.name == e.value) {
        Some(b) => Ok(Some(b.clone())),
        None => {
            let hint = check::did_you_mean(&e.value, earlier.iter().map(|q| q.name.as_str()));
            let msg = format!(
                "unknown profile `{}` (a profile extends one declared before it){hint}",
                e.value
            );
            cx.err(e, msg);
            Err(())
        }
    }
}

/// A key of the profile, else the base's value, else `need` reports it missing.
fn key_or_base<T>(
    cx: &mut Cx<'_>,
    p: &ProfileRaw,
    own: Option<T>,
    base: Option<T>,
    key: &str,
) -> Option<T> {
    let v = own.or(base);
    if v.is_none() {
        cx.err(
            &p.name,
            format!("profile `{}` needs `{key}:`", p.name.value),
        );
    }
    v
}

/// A key a profile may leave out: its own value checked, else the base's,
/// else empty.
fn inherit<R, T: Clone + Default>(
    own: &Option<R>,
    base: Option<&LinuxProfile>,
    check: impl FnOnce(&R) -> T,
    of_base: impl FnOnce(&LinuxProfile) -> &T,
) -> T {
    match own {
        Some(r) => check(r),
        None => base.map(of_base).cloned().unwrap_or_default(),
    }
}

/// The profile's query, its own or the base's, and the edits that place it.
fn query_and_edits(
    cx: &mut Cx<'_>,
    p: &ProfileRaw,
    base: Option<&LinuxProfile>,
    headers: &[LinuxHeader],
) -> (Option<LinuxQuery>, Vec<Edit>) {
    let query = match &p.query {
        Some(q) => query::query(cx, q),
        None => base.and_then(|b| b.query.clone()).map(|q| LinuxQuery {
            inherited_at: Some(cx.loc(&p.name)),
            ..q
        }),
    };
    let edits = inherit(
        &p.edits,
        base,
        |e| edits::edits(cx, e, headers, query.as_ref()),
        |b| &b.edits,
    );
    let no_query = p.query.is_none() && base.is_none_or(|b| b.query.is_none());
    match &query {
        Some(q) => edits::needed(cx, p, q, &edits),
        // A profile without a query is its headers alone (one patch).
        None if no_query && !edits.is_empty() => {
            let msg = format!(
                "profile `{}` has no query, so its edits would insert nothing",
                p.name.value
            );
            cx.err(&p.name, msg);
        }
        None => {}
    }
    (query, edits)
}
