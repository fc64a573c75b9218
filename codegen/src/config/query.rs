//! `query:`: the guest routine that reads one of the model's queries at
//! boot, and where it goes.

use super::raw::{ProfileRaw, QueryRaw};
use super::{Cx, LinuxHeader};
use crate::check::{self, Report};
use crate::model::{Interface, Model, Status};

/// Where the query routine goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// A static `__init` routine inserted into an existing file.
    Inline,
    /// A file of its own, the routine its one global symbol.
    File,
}

#[derive(Clone, Debug)]
pub struct LinuxQuery {
    pub query: String,
    pub interface: String,
    /// How prose names the value; the query's own title by default.
    pub title: Option<String>,
    pub placement: Placement,
    /// The `.c` file the routine lives in.
    pub path: String,
    /// The header that declares it (`Placement::File` only).
    pub header: Option<String>,
    pub copyright: Option<String>,
    pub function: String,
    /// The static variable in `rsi.c` that keeps the result.
    pub variable: String,
}

impl Placement {
    pub const ALL: [Placement; 2] = [Placement::Inline, Placement::File];

    /// As `outputs.yaml` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Placement::Inline => "inline",
            Placement::File => "file",
        }
    }
}

pub(super) fn query(
    cx: &mut Cx<'_>,
    q: &QueryRaw,
    model: &Model,
    headers: &[LinuxHeader],
    named: &[String],
) -> Option<LinuxQuery> {
    let iface = owner(cx, q, model, named)?;
    if !carrier(cx, q, model, iface, named) {
        return None;
    }
    let placements = Placement::ALL.map(|p| (p.name(), p));
    let placement = check::keyword(cx, &q.placement, "placement", &placements)?;
    let mut ok = cx.path(&q.path, ".c");
    ok &= cx.c_ident(&q.function, "function name");
    ok &= cx.c_ident(&q.variable, "variable name");
    ok &= query_header(cx, q, placement, headers);
    ok &= uses_shown(cx, q, iface, headers);
    ok.then(|| LinuxQuery {
        query: q.query.value.clone(),
        interface: iface.name.clone(),
        title: q.title.clone(),
        placement,
        path: q.path.value.clone(),
        header: q.header.as_ref().map(|h| h.value.clone()),
        copyright: q.copyright.as_ref().map(|c| c.value.clone()),
        function: q.function.value.clone(),
        variable: q.variable.value.clone(),
    })
}

/// The header of the query's interface shows every item the routine uses
/// (its three calls, the version constant and its encoding, the feature
/// register): a status left out of its `statuses:` would leave the routine
/// naming macros no header defines.
fn uses_shown(cx: &mut Cx<'_>, q: &QueryRaw, iface: &Interface, headers: &[LinuxHeader]) -> bool {
    let header = headers.iter().find(|h| h.interface == iface.name);
    let query = iface.queries.iter().find(|x| x.name == q.query.value);
    let (Some(h), Some(mq)) = (header, query) else {
        return true;
    };
    let mut used: Vec<(&str, Status)> = Vec::new();
    for call in [&mq.version.call, &mq.feature.call, &mq.value.call] {
        used.extend(iface.function(call).map(|f| (f.name.as_str(), f.status)));
    }
    if let Some(v) = iface.version(&mq.version.requires) {
        used.push((&v.name, v.status));
        used.extend(
            iface
                .bitfield(&v.encoding)
                .map(|b| (b.name.as_str(), b.status)),
        );
    }
    used.extend(
        iface
            .bitfield(&mq.feature.register)
            .map(|b| (b.name.as_str(), b.status)),
    );
    let hidden: Vec<String> = used
        .iter()
        .filter(|(_, s)| !h.statuses.contains(s))
        .map(|(n, s)| format!("`{n}` ({})", s.name()))
        .collect();
    if hidden.is_empty() {
        return true;
    }
    let msg = format!(
        "query `{}` uses {}, which the header of `{}` leaves out: add the status to its `statuses:`",
        q.query.value,
        hidden.join(", "),
        iface.name
    );
    cx.err(&q.query, msg);
    false
}

/// The interface that defines the query, which needs a header in the profile.
fn owner<'m>(
    cx: &mut Cx<'_>,
    q: &QueryRaw,
    model: &'m Model,
    named: &[String],
) -> Option<&'m Interface> {
    let iface = model
        .interfaces
        .iter()
        .find(|i| i.queries.iter().any(|x| x.name == q.query.value));
    let Some(iface) = iface else {
        let queries = model.interfaces.iter().flat_map(|i| &i.queries);
        check::unknown(cx, &q.query, "query", queries.map(|x| x.name.as_str()));
        return None;
    };
    if named.iter().all(|i| *i != iface.name) {
        let msg = format!(
            "query `{}` belongs to `{}`, which has no header in this profile",
            q.query.value, iface.name
        );
        cx.err(&q.query, msg);
        return None;
    }
    Some(iface)
}

/// The query is sent through its interface's carrier (which rules 40 and
/// 49 guarantee), so the profile has a header of the carrier's interface.
fn carrier(
    cx: &mut Cx<'_>,
    q: &QueryRaw,
    model: &Model,
    iface: &Interface,
    named: &[String],
) -> bool {
    let Some((carrier, call, _)) = model.carrier_of(iface) else {
        return false;
    };
    let (carrier, call) = (carrier.name.as_str(), call.name.as_str());
    if named.iter().all(|i| i != carrier) {
        let msg = format!(
            "query `{}` is sent through `{call}`, so the profile needs a header of interface `{carrier}`",
            q.query.value
        );
        cx.err(&q.query, msg);
        return false;
    }
    true
}

/// A routine in a file of its own is declared in one of the profile's
/// headers; an inline one is static and declared nowhere.
fn query_header(
    cx: &mut Cx<'_>,
    q: &QueryRaw,
    placement: Placement,
    headers: &[LinuxHeader],
) -> bool {
    match (placement, &q.header) {
        (Placement::File, Some(h)) if headers.iter().any(|x| x.path == h.value) => true,
        (Placement::File, Some(h)) => {
            let msg = format!("`{}` is not one of this profile's headers", h.value);
            cx.err(h, msg);
            false
        }
        (Placement::File, None) => {
            cx.err(
                &q.placement,
                "a routine in a file of its own needs `header:`",
            );
            false
        }
        (Placement::Inline, Some(h)) => {
            cx.err(h, "an inline routine is static: it has no `header:`");
            false
        }
        (Placement::Inline, None) => true,
    }
}

/// A query taken from the base needs the headers its own profile had: of
/// its interface and of the carrier. Reported at the profile's name.
pub(super) fn inherited(
    cx: &mut Cx<'_>,
    p: &ProfileRaw,
    q: &LinuxQuery,
    model: &Model,
    named: &[String],
) -> bool {
    let carrier = model
        .interface(&q.interface)
        .and_then(|i| model.carrier_of(i))
        .map_or("", |(c, _, _)| c.name.as_str());
    let missing: Vec<&str> = [q.interface.as_str(), carrier]
        .into_iter()
        .filter(|i| named.iter().all(|n| n != i))
        .collect();
    let Some(first) = missing.first() else {
        return true;
    };
    let msg = format!(
        "profile `{}` takes query `{}` from the profile it extends, so it needs a header of interface `{first}`",
        p.name.value, q.query
    );
    cx.err(&p.name, msg);
    false
}
