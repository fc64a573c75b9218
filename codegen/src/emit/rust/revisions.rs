//! Specification revisions in the crate: an interface with more than one
//! revision gets one cargo feature per revision (`rsi-1-1-alp17`), one
//! module file per revision, and one round-trip test file per revision; the
//! newest is the default, none selected means the oldest, and two selected
//! at once is a compile error.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::ident;
use crate::model::{Interface, Model};

/// The cargo feature that selects revision `rev` of `iface`.
pub(super) fn feature(iface: &Interface, rev: &str) -> String {
    format!(
        "{}-{}",
        iface.name.to_ascii_lowercase(),
        rev.replace(['.', '_'], "-").to_ascii_lowercase()
    )
}

/// The suffix of a revision's files: `_1_1_alp17`.
fn suffix(rev: &str) -> String {
    format!("_{}", rev.replace(['.', '-'], "_").to_ascii_lowercase())
}

/// Interfaces whose revision the crate's features choose.
pub(super) fn selectable(model: &Model) -> impl Iterator<Item = &Interface> {
    model.interfaces.iter().filter(|i| i.revisions.len() > 1)
}

/// A configuration of the crate other than the default: one interface at
/// one of its older revisions.
pub(super) struct Variant<'m> {
    pub iface: &'m Interface,
    pub index: usize,
}

impl Variant<'_> {
    pub fn revision(&self) -> &str {
        &self.iface.revisions[self.index].name
    }

    /// The file-name suffix of this variant's files: `_rsi_1_1_alp17`.
    pub fn suffix(&self) -> String {
        format!(
            "_{}{}",
            self.iface.name.to_ascii_lowercase(),
            suffix(self.revision())
        )
    }

    /// `#[cfg(…)]` under which this revision is selected.
    pub fn predicate(&self) -> TokenStream {
        predicate(self.iface, self.index)
    }
}

/// Every variant: each selectable interface at each revision but its newest.
pub(super) fn variants(model: &Model) -> Vec<Variant<'_>> {
    selectable(model)
        .flat_map(|iface| (0..iface.revisions.len() - 1).map(move |index| Variant { iface, index }))
        .collect()
}

/// The cfg predicate under which revision `index` of `iface` is selected:
/// its feature is the newest one set (the oldest: no newer one is set).
/// Exactly one revision is selected however many features are set, so two
/// at once give only the `compile_error!` of [`exclusive`].
fn predicate(iface: &Interface, index: usize) -> TokenStream {
    let newer: Vec<String> = iface.revisions[index + 1..]
        .iter()
        .map(|r| feature(iface, &r.name))
        .collect();
    let own = feature(iface, &iface.revisions[index].name);
    match (index, newer.is_empty()) {
        (_, true) => quote!(feature = #own),
        (0, false) => quote!(not(any(#(feature = #newer),*))),
        _ => quote!(all(feature = #own, not(any(#(feature = #newer),*)))),
    }
}

/// The predicate of the default configuration, for the files only it has
/// (`None` when no interface has revisions to choose).
pub(super) fn default_predicate(model: &Model) -> Option<TokenStream> {
    let all: Vec<TokenStream> = selectable(model)
        .map(|i| predicate(i, i.revisions.len() - 1))
        .collect();
    match all.len() {
        0 => None,
        1 => all.into_iter().next(),
        _ => Some(quote!(all(#(#all),*))),
    }
}

/// `pub mod rsi;` under each revision's predicate, with the revision's file,
/// and a compile error when two revisions of one interface are selected.
pub(super) fn modules(model: &Model) -> TokenStream {
    model.interfaces.iter().map(module).collect()
}

fn module(iface: &Interface) -> TokenStream {
    let name = iface.name.to_ascii_lowercase();
    let m = ident(&name);
    let doc = format!(
        " {} ({} {}).",
        iface.title, iface.spec.document, iface.spec.revision
    );
    let n = iface.revisions.len();
    if n < 2 {
        return quote!(#[doc = #doc] pub mod #m;);
    }
    let mut out = TokenStream::new();
    for (index, r) in iface.revisions.iter().enumerate() {
        let pred = predicate(iface, index);
        let doc = format!(" {} ({} {}).", iface.title, iface.spec.document, r.name);
        if index + 1 == n {
            out.extend(quote!(#[doc = #doc] #[cfg(#pred)] pub mod #m;));
        } else {
            let path = format!("{name}{}.rs", suffix(&r.name));
            out.extend(quote!(#[doc = #doc] #[cfg(#pred)] #[path = #path] pub mod #m;));
        }
    }
    out.extend(exclusive(iface));
    out
}

/// A compile error for every pair of this interface's features set together.
fn exclusive(iface: &Interface) -> TokenStream {
    let features: Vec<String> = iface
        .revisions
        .iter()
        .map(|r| feature(iface, &r.name))
        .collect();
    let mut pairs = Vec::new();
    for (k, a) in features.iter().enumerate() {
        for b in &features[k + 1..] {
            pairs.push(quote!(all(feature = #a, feature = #b)));
        }
    }
    let msg = format!(
        "select at most one {} revision: the features {} are exclusive (none: {})",
        iface.name,
        features.join(", "),
        iface.revisions[0].name
    );
    quote!(#[cfg(any(#(#pairs),*))] compile_error!(#msg);)
}

/// The cargo features that select an interface's older revision (every
/// revision feature but the defaults), for tests that build each one.
pub fn older_revision_features(model: &Model) -> Vec<String> {
    variants(model)
        .iter()
        .map(|v| feature(v.iface, v.revision()))
        .collect()
}

/// The crate docs' line for an interface: its specification and, when the
/// crate's features choose among several revisions, which.
pub(super) fn crate_doc_line(i: &Interface) -> String {
    let head = format!("- [`{}`]: {}", i.name.to_ascii_lowercase(), i.title);
    if i.revisions.len() < 2 {
        return format!(
            "{head} ({} {}, {})",
            i.spec.document, i.spec.revision, i.spec.title
        );
    }
    let features: Vec<String> = i
        .revisions
        .iter()
        .map(|r| format!("`{}`", feature(i, &r.name)))
        .collect();
    format!(
        "{head} ({} {}; revision {} by default; with `default-features = false`, one of the features {} selects another, none the oldest)",
        i.spec.document,
        i.spec.title,
        i.newest(),
        features.join(", ")
    )
}

/// The `[features]` lines for the revisions, and the default features.
pub(super) fn cargo_features(model: &Model) -> (String, Vec<String>) {
    let mut lines = String::new();
    let mut default = Vec::new();
    for iface in selectable(model) {
        lines.push_str(&format!(
            "# The {} specification revision of `{}` (at most one; none: {}).\n",
            iface.spec.document,
            iface.name.to_ascii_lowercase(),
            iface.revisions[0].name
        ));
        for r in &iface.revisions {
            lines.push_str(&format!("{} = []\n", feature(iface, &r.name)));
        }
        if let Some(newest) = iface.revisions.last() {
            default.push(feature(iface, &newest.name));
        }
    }
    (lines, default)
}
