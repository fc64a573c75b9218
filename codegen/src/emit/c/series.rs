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

use super::header::render_header;
use super::patch::{Change, Patch, Series, commit, header_paths};
use super::query::{self, fragment, title};
use super::{must, query_of, query_plan};
use crate::config::{Fragment, LinuxProfile, LinuxQuery, Placement};
use crate::model::Model;
use crate::plan::rule;

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
    model: &Model,
    profile: &LinuxProfile,
    wanted: &[Fragment],
) -> Result<Vec<Change>, String> {
    let mut out = Vec::new();
    for e in profile
        .edits
        .iter()
        .filter(|e| wanted.contains(&e.fragment))
    {
        out.push(Change::Insert {
            edit: e.clone(),
            text: fragment(model, profile, e.fragment)?,
        });
    }
    Ok(out)
}

/// Patch 1: the carrier interface's header without the query's interface,
/// and `rsi_host_call()`.
fn transport(model: &Model, profile: &LinuxProfile, q: &LinuxQuery) -> Result<Patch, String> {
    let queried = must(model.interface(&q.interface), &q.interface)?;
    let (rsi, hc, st) = must(model.carrier_of(queried), "the carrier")?;
    let mut changes = Vec::new();
    for path in header_paths(profile, |i| i != q.interface) {
        let only_rsi = |h: &crate::config::LinuxHeader| h.interface != q.interface;
        changes.push(Change::Whole {
            contents: render_header(model, profile, &path, &only_rsi, None)?,
            path,
        });
    }
    changes.extend(inserts(model, profile, &[Fragment::RsiHostCall])?);
    let ctx = TransportCtx {
        call_source: &hc.source,
        struct_source: &st.source,
        struct_size: format!("{:#x}", st.size),
        struct_align: format!("{:#x}", st.align),
        spec: format!("{} {}", rsi.spec.document, rsi.spec.revision),
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
fn definitions(model: &Model, profile: &LinuxProfile, q: &LinuxQuery) -> Result<Patch, String> {
    let (iface, mq) = must(query_of(model, q), &q.query)?;
    let mut changes = Vec::new();
    let mut files = Vec::new();
    for path in header_paths(profile, |i| i == q.interface) {
        files.push(path.rsplit('/').next().unwrap_or(&path).to_string());
        changes.push(Change::Whole {
            contents: render_header(model, profile, &path, &|_| true, None)?,
            path,
        });
    }
    let ctx = DefinitionsCtx {
        area: area(q),
        iface_title: &iface.title,
        iface: &iface.name,
        calls: [&mq.version.call, &mq.feature.call, &mq.value.call],
        version: &mq.version.requires,
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
fn query_patch(model: &Model, profile: &LinuxProfile, q: &LinuxQuery) -> Result<Patch, String> {
    let (_, mq) = must(query_of(model, q), &q.query)?;
    let mut changes = Vec::new();
    if q.placement == Placement::File {
        let header = must(q.header.clone(), "the query's header")?;
        changes.push(Change::Whole {
            path: q.path.clone(),
            contents: query::file(model, profile, q)?,
        });
        changes.push(Change::Whole {
            contents: render_header(
                model,
                profile,
                &header,
                &|_| true,
                Some(query::prototype(q)),
            )?,
            path: header,
        });
    }
    let wanted: Vec<Fragment> = Fragment::needed(q.placement)
        .into_iter()
        .filter(|f| *f != Fragment::RsiHostCall)
        .collect();
    changes.extend(inserts(model, profile, &wanted)?);
    let p = query_plan(model, q)?;
    let ctx = QueryCtx {
        area: area(q),
        title: title(mq, q),
        major: mq.version.major,
        version: &mq.version.requires,
        features_call: &mq.feature.call,
        valid: rule::to_words(&p.rules),
        placement: q.placement.name(),
        path: &q.path,
        function: &q.function,
        variable: &q.variable,
    };
    let (subject, body) = commit("3-query", QUERY, &ctx)?;
    Ok(Patch {
        slug: "3-query",
        subject,
        body,
        changes,
    })
}

fn cover(
    model: &Model,
    profile: &LinuxProfile,
    q: &LinuxQuery,
) -> Result<(String, String), String> {
    let (_, mq) = must(query_of(model, q), &q.query)?;
    let title = title(mq, q);
    let inputs = crate::emit::inputs(model);
    let mut edited: Vec<&str> = Vec::new();
    for e in &profile.edits {
        let name = e.path.rsplit('/').next().unwrap_or(&e.path);
        if !edited.contains(&name) {
            edited.push(name);
        }
    }
    let ctx = CoverCtx {
        title,
        profile_doc: profile.doc.trim(),
        inputs,
        edited,
    };
    commit("cover", COVER, &ctx)
}

/// The patch series of a profile.
pub fn series(model: &Model, profile: &LinuxProfile) -> Result<Series, String> {
    let model = &model.at(&profile.selection());
    let Some(q) = profile.query.as_ref() else {
        return super::definitions::series(model, profile);
    };
    let patches = vec![
        transport(model, profile, q)?,
        definitions(model, profile, q)?,
        query_patch(model, profile, q)?,
    ];
    let (subject, body) = cover(model, profile, q)?;
    Ok(Series {
        subject,
        body,
        patches,
    })
}
