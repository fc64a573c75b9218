//! `headers:`: the generated headers of a profile, one per interface.

use super::Cx;
use super::raw::{HeaderRaw, VersionRaw};
use crate::check::{self, Report};
use crate::model::{Interface, Model, Status};
use crate::schema::S;

/// Which items of an interface a header carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Items {
    /// Every item of the header's statuses.
    All,
    /// Only what the profile's query uses.
    Used,
}

#[derive(Clone, Debug)]
pub struct LinuxHeader {
    pub interface: String,
    /// Path in the kernel tree, e.g. `arch/arm64/include/asm/rsi_smc.h`.
    pub path: String,
    pub guard: String,
    pub fid_macro: String,
    pub fid_prefix: String,
    /// A version constant spelled as `NAME_MAJOR`, `NAME_MINOR`, `NAME`.
    pub version: Option<(String, String)>,
    /// The specification revision the header follows (`None`: the newest).
    pub revision: Option<String>,
    pub statuses: Vec<Status>,
    pub items: Items,
    /// Where `items:` is given, if it is.
    pub items_at: Option<crate::diag::Loc>,
    /// Where `version:` names its constant, if it does.
    pub version_at: Option<crate::diag::Loc>,
    /// Whether spec and other aliases (`#define OLD NEW`) are emitted.
    pub aliases: bool,
    pub copyright: Option<String>,
}

/// `items:` values.
const ITEMS: [(&str, Items); 2] = [("all", Items::All), ("used", Items::Used)];

pub(super) fn headers(cx: &mut Cx<'_>, raw: &[HeaderRaw], model: &Model) -> Vec<LinuxHeader> {
    let mut out: Vec<LinuxHeader> = Vec::new();
    for h in raw {
        if let Some(header) = header(cx, h, model, &out) {
            out.push(header);
        }
    }
    out
}

/// One header; every mistake in it is reported, and then it is left out.
fn header(
    cx: &mut Cx<'_>,
    h: &HeaderRaw,
    model: &Model,
    earlier: &[LinuxHeader],
) -> Option<LinuxHeader> {
    let iface = interface(cx, h, model, earlier)?;
    let mut ok = cx.path(&h.path, ".h");
    ok &= cx.c_ident(&h.guard, "include guard");
    ok &= cx.c_ident(&h.fid_macro, "macro name");
    if !h.fid_prefix.value.is_empty() {
        ok &= cx.c_ident(&h.fid_prefix, "prefix");
    }
    if let Some(v) = &h.version {
        ok &= version(cx, iface, v);
    }
    if let Some(r) = &h.revision {
        ok &= revision(cx, iface, r);
    }
    let statuses: Vec<Option<Status>> = h.statuses.iter().map(|s| check::status(cx, s)).collect();
    let statuses: Option<Vec<Status>> = statuses.into_iter().collect();
    let items = match &h.items {
        Some(i) => check::keyword(cx, i, "item selection", &ITEMS),
        None => Some(Items::All),
    };
    ok &= same_guard(cx, h, earlier);
    let (true, Some(statuses), Some(items)) = (ok, statuses, items) else {
        return None;
    };
    Some(LinuxHeader {
        interface: iface.name.clone(),
        path: h.path.value.clone(),
        guard: h.guard.value.clone(),
        fid_macro: h.fid_macro.value.clone(),
        fid_prefix: h.fid_prefix.value.clone(),
        version: h
            .version
            .as_ref()
            .map(|v| (v.constant.value.clone(), v.name.value.clone())),
        revision: h.revision.as_ref().map(|r| r.value.clone()),
        statuses,
        items,
        items_at: h.items.as_ref().map(|i| cx.loc(i)),
        version_at: h.version.as_ref().map(|v| cx.loc(&v.constant)),
        aliases: h.aliases.unwrap_or(false),
        copyright: h.copyright.as_ref().map(|c| c.value.clone()),
    })
}

/// The header's interface: one of the model's, without a header so far.
fn interface<'m>(
    cx: &mut Cx<'_>,
    h: &HeaderRaw,
    model: &'m Model,
    earlier: &[LinuxHeader],
) -> Option<&'m Interface> {
    let Some(iface) = model.interface(&h.interface.value) else {
        let names = model.interfaces.iter().map(|i| i.name.as_str());
        check::unknown(cx, &h.interface, "interface", names);
        return None;
    };
    if earlier.iter().any(|o| o.interface == iface.name) {
        cx.err(
            &h.interface,
            format!("interface `{}` has two headers", iface.name),
        );
        return None;
    }
    Some(iface)
}

/// `version:` names a version constant of the interface and a macro.
fn version(cx: &mut Cx<'_>, iface: &Interface, v: &VersionRaw) -> bool {
    let mut ok = iface.version(&v.constant.value).is_some();
    if !ok {
        let msg = format!(
            "`{}` has no version constant `{}`",
            iface.name, v.constant.value
        );
        cx.err(&v.constant, msg);
    }
    ok &= cx.c_ident(&v.name, "macro name");
    ok
}

/// `revision:` is one of the interface's specification revisions.
fn revision(cx: &mut Cx<'_>, iface: &Interface, r: &S<String>) -> bool {
    if iface.revision_index(&r.value).is_some() {
        return true;
    }
    let names: Vec<&str> = iface.revisions.iter().map(|r| r.name.as_str()).collect();
    let msg = format!(
        "`{}` has no revision `{}`; its revisions are {}",
        iface.name,
        r.value,
        names.join(", ")
    );
    cx.err(r, msg);
    false
}

/// Headers that share a file share its include guard.
fn same_guard(cx: &mut Cx<'_>, h: &HeaderRaw, earlier: &[LinuxHeader]) -> bool {
    let Some(first) = earlier.iter().find(|o| o.path == h.path.value) else {
        return true;
    };
    if first.guard == h.guard.value {
        return true;
    }
    let msg = format!(
        "`{}` is shared with {}, whose include guard is `{}`",
        h.path.value, first.interface, first.guard
    );
    cx.err(&h.guard, msg);
    false
}
