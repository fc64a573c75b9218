//! The series of a profile without a query: one patch that adds its headers.
//! An interface other than RSI and RHI (a vendor service, the host-side RMI)
//! gets its definitions into a tree this way, with a message made from the
//! model.

use serde::Serialize;

use super::header::{header_files, render_header};
use super::patch::{Change, Patch, Series, commit, message};
use crate::model::Interface;
use crate::plan::ProfilePlan;

const TEMPLATE: &str = include_str!("../../../../templates/c/series/definitions.txt.tera");

#[derive(Serialize)]
struct DefinitionsCtx<'a> {
    interfaces: Vec<&'a str>,
    summaries: Vec<String>,
}

/// "Example service (EXS), EXS-0001 1.0: 2 calls of SMCCC owner 2".
fn summary(i: &Interface) -> String {
    format!(
        "{} ({}), {} {}: {} calls of SMCCC owner {}, described in {}",
        i.title,
        i.name,
        i.spec.document,
        i.spec.revision,
        i.functions.len(),
        i.owner,
        i.file
    )
}

/// One patch with every header of the profile, whole.
pub(super) fn series(pp: &ProfilePlan<'_>) -> Result<Series, String> {
    let profile = pp.profile;
    let mut changes = Vec::new();
    for f in header_files(pp, |_| true) {
        changes.push(Change::Whole {
            path: f.path.to_string(),
            contents: render_header(pp, &f, None)?,
        });
    }
    let shown: Vec<&Interface> = pp.headers.iter().map(|h| h.iface).collect();
    let ctx = DefinitionsCtx {
        interfaces: shown.iter().map(|i| i.name.as_str()).collect(),
        summaries: shown.iter().map(|i| summary(i)).collect(),
    };
    let (subject, body) = commit("definitions", TEMPLATE, &ctx)?;
    Ok(Series {
        subject: subject.clone(),
        body: message(&[profile.doc.trim().to_string(), body.clone()]),
        patches: vec![Patch {
            slug: "1-definitions",
            subject,
            body,
            changes,
        }],
    })
}
