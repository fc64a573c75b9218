//! A profile as a kernel patch series: which files each patch adds or
//! replaces whole, which fragments it inserts at the profile's anchors, and
//! what its commit message says. The xtask applies it to a tree and runs
//! `git format-patch`; nothing here touches a file.
//!
//! 1. `rsi_host_call()` and `struct rsi_host_call` (the transport);
//! 2. the RHI definitions the query uses;
//! 3. the query routine, where its result lives, and its call site.
//!
//! A profile without a query is one patch of headers (`definitions`).

use serde::Serialize;

use super::header::{header_files, render_header};
use super::patch::{Change, Patch, Series, commit};
use super::query::{self, fragment, title};
use crate::config::{Fragment, LinuxQuery, Placement};
use crate::plan::{HeaderPlan, LinuxQueryPlan, ProfilePlan, rule};

const TRANSPORT: &str = include_str!("../../../../templates/c/series/1-transport.txt.tera");
const DEFINITIONS: &str = include_str!("../../../../templates/c/series/2-definitions.txt.tera");
const QUERY: &str = include_str!("../../../../templates/c/series/3-query.txt.tera");
const COVER: &str = include_str!("../../../../templates/c/series/cover.txt.tera");

#[derive(Serialize)]
struct TransportCtx<'a> {
    call_source: &'a str,
    struct_source: &'a str,
    struct_size: String,
    struct_align: String,
    spec: String,
}

#[derive(Serialize)]
struct DefinitionsCtx<'a> {
    area: &'a str,
    iface_title: &'a str,
    iface: &'a str,
    calls: [&'a str; 3],
    version: &'a str,
    files: Vec<String>,
    spec: String,
}

#[derive(Serialize)]
struct QueryCtx<'a> {
    area: &'a str,
    title: String,
    major: u64,
    version: &'a str,
    features_call: &'a str,
    valid: String,
    placement: &'a str,
    path: &'a str,
    function: &'a str,
    variable: &'a str,
}

#[derive(Serialize)]
struct CoverCtx<'a> {
    title: String,
    profile_doc: &'a str,
    inputs: Vec<&'a str>,
    edited: Vec<&'a str>,
}

/// The subject area of the patches that belong to the query's placement.
fn area(q: &LinuxQuery) -> &'static str {
    match q.placement {
        Placement::Inline => "rsi",
        Placement::File => "rhi",
    }
}

fn inserts(
    pp: &ProfilePlan<'_>,
    q: &LinuxQueryPlan<'_>,
    wanted: &[Fragment],
) -> Result<Vec<Change>, String> {
    let mut out = Vec::new();
    for e in pp
        .profile
        .edits
        .iter()
        .filter(|e| wanted.contains(&e.fragment))
    {
        out.push(Change::Insert {
            edit: e.clone(),
            text: fragment(pp, q, e.fragment)?,
        });
    }
    Ok(out)
}

/// Every header file of the profile whose interfaces `keep` admits, whole.
fn whole_headers(
    pp: &ProfilePlan<'_>,
    keep: impl Fn(&HeaderPlan<'_>) -> bool,
) -> Result<Vec<Change>, String> {
    header_files(pp, keep)
        .iter()
        .map(|f| {
            Ok(Change::Whole {
                path: f.path.to_string(),
                contents: render_header(pp, f, None)?,
            })
        })
        .collect()
}

/// Patch 1: the carrier interface's header without the query's interface,
/// and `rsi_host_call()`.
fn transport(pp: &ProfilePlan<'_>, q: &LinuxQueryPlan<'_>) -> Result<Patch, String> {
    let queried = q.plan.iface;
    let c = &q.carrier;
    let mut changes = whole_headers(pp, |h| !std::ptr::eq(h.iface, queried))?;
    changes.extend(inserts(pp, q, &[Fragment::RsiHostCall])?);
    let spec = &c.header.iface.spec;
    let ctx = TransportCtx {
        call_source: &c.call.source,
        struct_source: &c.structure.source,
        struct_size: format!("{:#x}", c.structure.size),
        struct_align: format!("{:#x}", c.structure.align),
        spec: format!("{} {}", spec.document, spec.revision),
    };
    let (subject, body) = commit("1-transport", TRANSPORT, &ctx)?;
    Ok(Patch {
        slug: "1-transport",
        subject,
        body,
        changes,
    })
}

/// Patch 2: the headers that hold the query's interface, without the prototype.
fn definitions(pp: &ProfilePlan<'_>, q: &LinuxQueryPlan<'_>) -> Result<Patch, String> {
    let iface = q.plan.iface;
    // Each file that holds the interface, whole (with any other it holds).
    let paths: Vec<&str> = header_files(pp, |h| std::ptr::eq(h.iface, iface))
        .iter()
        .map(|f| f.path)
        .collect();
    let changes = whole_headers(pp, |h| paths.contains(&h.header.path.as_str()))?;
    let files = paths
        .iter()
        .map(|p| p.rsplit('/').next().unwrap_or(p).to_string())
        .collect();
    let ctx = DefinitionsCtx {
        area: area(q.config),
        iface_title: &iface.title,
        iface: &iface.name,
        calls: q.plan.calls().map(|f| f.name.as_str()),
        version: &q.plan.version.constant.name,
        files,
        spec: format!("{} {}", iface.spec.document, iface.spec.revision),
    };
    let (subject, body) = commit("2-definitions", DEFINITIONS, &ctx)?;
    Ok(Patch {
        slug: "2-definitions",
        subject,
        body,
        changes,
    })
}

/// Patch 3: the routine, where its result lives, and the call in arm64_rsi_init().
fn query_patch(pp: &ProfilePlan<'_>, q: &LinuxQueryPlan<'_>) -> Result<Patch, String> {
    let c = q.config;
    let mut changes = Vec::new();
    if let Some(header) = &c.header {
        changes.push(Change::Whole {
            path: c.path.clone(),
            contents: query::file(pp, q)?,
        });
        for f in header_files(pp, |h| h.header.path == *header) {
            changes.push(Change::Whole {
                path: f.path.to_string(),
                contents: render_header(pp, &f, Some(query::prototype(c)))?,
            });
        }
    }
    let wanted: Vec<Fragment> = Fragment::needed(c.placement)
        .into_iter()
        .filter(|f| *f != Fragment::RsiHostCall)
        .collect();
    changes.extend(inserts(pp, q, &wanted)?);
    let ctx = QueryCtx {
        area: area(c),
        title: title(q),
        major: q.plan.version.major,
        version: &q.plan.version.constant.name,
        features_call: &q.plan.feature.call.name,
        valid: rule::to_words(&q.plan.rules),
        placement: c.placement.name(),
        path: &c.path,
        function: &c.function,
        variable: &c.variable,
    };
    let (subject, body) = commit("3-query", QUERY, &ctx)?;
    Ok(Patch {
        slug: "3-query",
        subject,
        body,
        changes,
    })
}

fn cover(pp: &ProfilePlan<'_>, q: &LinuxQueryPlan<'_>) -> Result<(String, String), String> {
    let mut edited: Vec<&str> = Vec::new();
    for e in &pp.profile.edits {
        let name = e.path.rsplit('/').next().unwrap_or(&e.path);
        if !edited.contains(&name) {
            edited.push(name);
        }
    }
    let ctx = CoverCtx {
        title: title(q),
        profile_doc: pp.profile.doc.trim(),
        inputs: crate::emit::inputs(pp.model),
        edited,
    };
    commit("cover", COVER, &ctx)
}

/// The patch series of a profile.
pub fn series(pp: &ProfilePlan<'_>) -> Result<Series, String> {
    let Some(q) = &pp.query else {
        return super::definitions::series(pp);
    };
    let patches = vec![transport(pp, q)?, definitions(pp, q)?, query_patch(pp, q)?];
    let (subject, body) = cover(pp, q)?;
    Ok(Series {
        subject,
        body,
        patches,
    })
}
