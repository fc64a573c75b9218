//! The series of a profile without a query: one patch that adds its headers.
//! An interface other than RSI and RHI (a vendor service, the host-side RMI)
//! gets its definitions into a tree this way, with a message made from the
//! model.

use super::header::render_header;
use serde::Serialize;

use super::patch::{Change, Patch, Series, commit, header_paths, message};
use crate::config::LinuxProfile;
use crate::model::{Interface, Model};

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

/// One patch with every header of `profile`, whole.
pub(super) fn series(model: &Model, profile: &LinuxProfile) -> Result<Series, String> {
    let mut changes = Vec::new();
    for path in header_paths(profile, |_| true) {
        changes.push(Change::Whole {
            contents: render_header(model, profile, &path, &|_| true, None)?,
            path,
        });
    }
    let shown: Vec<&Interface> = profile
        .headers
        .iter()
        .filter_map(|h| model.interface(&h.interface))
        .collect();
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
