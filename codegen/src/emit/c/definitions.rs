//! The series of a profile without a query: one patch that adds its headers.
//! An interface other than RSI and RHI (a vendor service, the host-side RMI)
//! gets its definitions into a tree this way, with a message made from the
//! model.

use super::header::render_header;
use super::series::{Change, Patch, Series, header_paths, message};
use crate::config::LinuxProfile;
use crate::model::{Interface, Model};

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
    let names: Vec<&str> = shown.iter().map(|i| i.name.as_str()).collect();
    let mut paragraphs: Vec<String> = shown
        .iter()
        .map(|i| format!("Add {}.", summary(i)))
        .collect();
    paragraphs.push(
        "The headers are generated from that description, which cites the source of every value."
            .into(),
    );
    let subject = format!("arm64: Add the {} definitions", names.join(" and "));
    let body = message(&paragraphs);
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
