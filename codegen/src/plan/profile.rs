//! A Linux profile lowered: each header linked to its interface, and the
//! query linked to the model's query, its header, its carrier and the edit
//! that places `rsi_host_call()`. Every reference a profile makes into the
//! model is checked here (rule 34 for `outputs.yaml`); the C emitters
//! read the links and cannot fail to find anything.

use super::query::QueryPlan;
use crate::check::did_you_mean;
use crate::config::{Edit, Fragment, Items, LinuxHeader, LinuxProfile, LinuxQuery};
use crate::diag::{Diagnostics, Loc};
use crate::model::{Bitfield, Field, Function, Interface, Model, Status, Struct, VersionConst};

/// A header of the profile and the interface it shows (narrowed), with
/// what its `version:` and its aliases name.
#[derive(Clone, Debug)]
pub struct HeaderPlan<'m> {
    pub header: &'m LinuxHeader,
    pub iface: &'m Interface,
    pub version: Option<VersionMacros<'m>>,
    /// Other names of the interface's items: the model's aliases of its
    /// functions, then the profile's `aliases:` of its items.
    pub aliases: Vec<AliasPlan<'m>>,
}

/// The `NAME_MAJOR`, `NAME_MINOR` and `NAME` macros of `version:`.
#[derive(Clone, Copy, Debug)]
pub struct VersionMacros<'m> {
    pub constant: &'m VersionConst,
    /// `NAME`, as the header spells it.
    pub name: &'m str,
    pub encoding: &'m Bitfield,
    pub major: &'m Field,
    pub minor: &'m Field,
}

/// An alias and the item it names.
#[derive(Clone, Copy, Debug)]
pub struct AliasPlan<'m> {
    pub name: &'m str,
    pub target: AliasTarget<'m>,
}

#[derive(Clone, Copy, Debug)]
pub enum AliasTarget<'m> {
    Function(&'m Function),
    /// A named field of a bit-field type (its mask).
    Field(&'m Bitfield, &'m Field),
}

/// The call the query's interface travels through (rule 49).
#[derive(Clone, Debug)]
pub struct CarrierPlan<'m> {
    pub header: HeaderPlan<'m>,
    pub call: &'m Function,
    pub structure: &'m Struct,
    /// The return code the call answers when the host has answered.
    pub success: &'m str,
}

/// The profile's query: as written, lowered, and where it goes.
#[derive(Clone, Debug)]
pub struct LinuxQueryPlan<'m> {
    pub config: &'m LinuxQuery,
    pub plan: QueryPlan<'m>,
    /// The header of the query's interface.
    pub header: HeaderPlan<'m>,
    pub carrier: CarrierPlan<'m>,
    /// The edit that inserts `rsi_host_call()`.
    pub host_call: &'m Edit,
}

/// A Linux profile, lowered on the model narrowed to the revisions its
/// headers follow (`View`).
#[derive(Clone, Debug)]
pub struct ProfilePlan<'m> {
    pub profile: &'m LinuxProfile,
    pub model: &'m Model,
    /// In the profile's order.
    pub headers: Vec<HeaderPlan<'m>>,
    pub query: Option<LinuxQueryPlan<'m>>,
}

/// Lower `profile` on `model` (`full` narrowed to the revisions its headers
/// follow); what it names that the model lacks is reported into `diags` at
/// the position that names it.
pub(super) fn profile<'m>(
    full: &Model,
    model: &'m Model,
    profile: &'m LinuxProfile,
    diags: &mut Diagnostics,
) -> Option<ProfilePlan<'m>> {
    let headers: Vec<HeaderPlan<'m>> = profile
        .headers
        .iter()
        .filter_map(|header| {
            let iface = model.interface(&header.interface)?;
            Some(HeaderPlan {
                header,
                iface,
                version: version(header, iface, diags),
                aliases: aliases(profile, iface),
            })
        })
        .collect();
    let query = match &profile.query {
        Some(q) => Some(query(full, model, profile, q, &headers, diags)?),
        None => None,
    };
    if !used_headers(profile, &headers, query.as_ref(), diags) {
        return None;
    }
    Some(ProfilePlan {
        profile,
        model,
        headers,
        query,
    })
}

/// The header's version macros: its constant, in the revision it follows,
/// and the constant's major and minor fields (rule 12 gives it both).
fn version<'m>(
    header: &'m LinuxHeader,
    iface: &'m Interface,
    diags: &mut Diagnostics,
) -> Option<VersionMacros<'m>> {
    let (constant, name) = header.version.as_ref()?;
    let Some(c) = iface.version(constant) else {
        let msg = format!(
            "`{constant}` is not in {} {}, the revision this header follows",
            iface.name, iface.spec.revision
        );
        diags.push(header.version_at.clone()?, msg);
        return None;
    };
    let encoding = iface.bitfield_of(&c.encoding);
    Some(VersionMacros {
        constant: c,
        name,
        encoding,
        major: encoding.field("major")?,
        minor: encoding.field("minor")?,
    })
}

/// The aliases a header of `iface` may define: the model's whose target is
/// a function, and the profile's whose target is one of its functions or
/// named bit fields (`Type.field`).
fn aliases<'m>(profile: &'m LinuxProfile, iface: &'m Interface) -> Vec<AliasPlan<'m>> {
    let function = |name: &str| iface.function(name);
    let mut out: Vec<AliasPlan<'m>> = iface
        .aliases
        .iter()
        .filter_map(|a| {
            let target = AliasTarget::Function(function(&a.target)?);
            Some(AliasPlan {
                name: &a.name,
                target,
            })
        })
        .collect();
    for (name, of) in &profile.aliases {
        let target = match of.split_once('.') {
            Some((ty, field)) => iface
                .bitfield(ty)
                .and_then(|b| Some(AliasTarget::Field(b, b.field(field)?))),
            None => function(of).map(AliasTarget::Function),
        };
        out.extend(target.map(|target| AliasPlan { name, target }));
    }
    out
}

/// A header of `items: used` shows what the profile's query uses, so it
/// holds the query's interface.
fn used_headers(
    profile: &LinuxProfile,
    headers: &[HeaderPlan<'_>],
    query: Option<&LinuxQueryPlan<'_>>,
    diags: &mut Diagnostics,
) -> bool {
    let mut ok = true;
    for h in headers {
        let (Items::Used, Some(at)) = (h.header.items, &h.header.items_at) else {
            continue;
        };
        // A query with a mistake of its own is reported once.
        if query.is_none() && profile.written.query {
            continue;
        }
        if query.is_some_and(|q| std::ptr::eq(q.plan.iface, h.iface)) {
            continue;
        }
        let msg = format!(
            "`items: used` shows what the profile's query uses, and the profile has no query of `{}`",
            h.iface.name
        );
        diags.push(at.clone(), msg);
        ok = false;
    }
    ok
}

fn header_of<'a, 'm>(headers: &'a [HeaderPlan<'m>], iface: &str) -> Option<&'a HeaderPlan<'m>> {
    headers.iter().find(|h| h.iface.name == iface)
}

/// The query of a profile: it names a query of the model, whose interface
/// and carrier interface each have a header that shows what it uses.
fn query<'m>(
    full: &Model,
    model: &'m Model,
    profile: &'m LinuxProfile,
    q: &'m LinuxQuery,
    headers: &[HeaderPlan<'m>],
    diags: &mut Diagnostics,
) -> Option<LinuxQueryPlan<'m>> {
    let (iface, mq) = owner(full, model, q, diags)?;
    let (carrier, call, structure) = model.carrier_of(iface)?;
    // Headers as written: one with a mistake of its own is reported once,
    // not again as missing.
    if let Some(missing) = [iface, carrier]
        .into_iter()
        .find(|i| !profile.written.interfaces.contains(&i.name))
    {
        missing_header(profile, q, iface, carrier, call, missing, diags);
        return None;
    }
    // Narrowing keeps only queries that lower.
    let plan = QueryPlan::lower(iface, mq)?;
    let placed = query_header(profile, q, diags);
    let header = header_of(headers, &iface.name);
    let shown = header.is_none_or(|h| uses_shown(q, &plan, h, diags));
    let (true, true, Some(header), Some(carrier_header)) =
        (placed, shown, header, header_of(headers, &carrier.name))
    else {
        return None;
    };
    Some(LinuxQueryPlan {
        config: q,
        plan,
        header: header.clone(),
        carrier: CarrierPlan {
            header: carrier_header.clone(),
            call,
            structure,
            success: &iface.carrier.as_ref()?.success,
        },
        // Rule 46 (`edits::needed`): a profile with a query has this edit.
        host_call: profile.edit(Fragment::RsiHostCall)?,
    })
}

/// The interface that defines the query, and the query, in the profile's
/// revisions (`view`); `full` has every revision.
fn owner<'m>(
    full: &Model,
    view: &'m Model,
    q: &LinuxQuery,
    diags: &mut Diagnostics,
) -> Option<(&'m Interface, &'m crate::model::Query)> {
    let find = |m: &'m Model| {
        m.interfaces
            .iter()
            .find_map(|i| Some((i, i.queries.iter().find(|x| x.name == q.query)?)))
    };
    let found = find(view);
    if found.is_some() {
        return found;
    }
    let in_full = full
        .interfaces
        .iter()
        .find(|i| i.queries.iter().any(|x| x.name == q.query));
    let msg = match in_full.and_then(|i| view.interface(&i.name)) {
        Some(i) => format!(
            "query `{}` is not in {} {}, the revision this profile's header follows",
            q.query, i.name, i.spec.revision
        ),
        None => {
            let queries = full.interfaces.iter().flat_map(|i| &i.queries);
            let hint = did_you_mean(&q.query, queries.map(|x| x.name.as_str()));
            format!("unknown query `{}`{hint}", q.query)
        }
    };
    diags.push(at(q, &q.at), msg);
    None
}

/// A header the query needs and the profile lacks: of the query's interface
/// or of its carrier's. An inherited query is reported at the profile.
fn missing_header(
    profile: &LinuxProfile,
    q: &LinuxQuery,
    iface: &Interface,
    carrier: &Interface,
    call: &Function,
    missing: &Interface,
    diags: &mut Diagnostics,
) {
    let (at, msg) = match &q.inherited_at {
        Some(at) => (
            at,
            format!(
                "profile `{}` takes query `{}` from the profile it extends, so it needs a header of interface `{}`",
                profile.name, q.query, missing.name
            ),
        ),
        None if missing.name == iface.name => (
            &q.at,
            format!(
                "query `{}` belongs to `{}`, which has no header in this profile",
                q.query, iface.name
            ),
        ),
        None => (
            &q.at,
            format!(
                "query `{}` is sent through `{}`, so the profile needs a header of interface `{}`",
                q.query, call.name, carrier.name
            ),
        ),
    };
    diags.push(Loc::clone(at), msg);
}

/// The header a routine in a file of its own is declared in is one of the
/// profile's.
fn query_header(profile: &LinuxProfile, q: &LinuxQuery, diags: &mut Diagnostics) -> bool {
    let (Some(h), Some(own)) = (&q.header, &q.header_at) else {
        return true;
    };
    if profile.headers.iter().any(|x| x.path == *h) {
        return true;
    }
    diags.push(
        at(q, own),
        format!("`{h}` is not one of this profile's headers"),
    );
    false
}

/// The header of the query's interface shows every item the routine uses
/// (its three calls, the version constant and its encoding, the feature
/// register): a status left out of its `statuses:` would leave the routine
/// naming macros no header defines.
fn uses_shown(
    q: &LinuxQuery,
    plan: &QueryPlan<'_>,
    header: &HeaderPlan<'_>,
    diags: &mut Diagnostics,
) -> bool {
    let mut used: Vec<(&str, Status)> = plan.calls().map(|f| (f.name.as_str(), f.status)).into();
    let v = plan.version.constant;
    used.push((&v.name, v.status));
    let (enc, reg) = (plan.version.encoding, plan.feature.register);
    used.push((&enc.name, enc.status));
    used.push((&reg.name, reg.status));
    let hidden: Vec<String> = used
        .iter()
        .filter(|(_, s)| !header.header.statuses.contains(s))
        .map(|(n, s)| format!("`{n}` ({})", s.name()))
        .collect();
    if hidden.is_empty() {
        return true;
    }
    let msg = format!(
        "query `{}` uses {}, which the header of `{}` leaves out: add the status to its `statuses:`",
        q.query,
        hidden.join(", "),
        plan.iface.name
    );
    diags.push(at(q, &q.at), msg);
    false
}

/// Where to report a problem of the query at `own`: there, or, for a query
/// a profile takes from the one it extends, at that profile's name (the
/// query's own lines are right for the profile that wrote them).
fn at(q: &LinuxQuery, own: &Loc) -> Loc {
    q.inherited_at.as_ref().unwrap_or(own).clone()
}
