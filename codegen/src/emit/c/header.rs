//! One kernel header: the interfaces a profile places in one file, each as
//! tab-aligned `#define`s with their sources, then structs (with a
//! `static_assert` of every size, alignment and offset) and prototypes.

use serde::Serialize;

use super::{Names, aliases, bitfields, comment, enums, functions, render, return_codes};
use super::{structs, versions};
use crate::emit::Constructs;
use crate::model::{self, Interface, Status};
use crate::plan::{HeaderPlan, ProfilePlan};

const TEMPLATE: &str = include_str!("../../../../templates/c/header.h.tera");

#[derive(Serialize)]
struct HeaderCtx {
    spdx: String,
    copyright: String,
    guard: String,
    includes: Vec<String>,
    blocks: Vec<String>,
    c_includes: Vec<String>,
    c_blocks: Vec<String>,
}

/// One header file of a profile: its path and the headers (one per
/// interface) it holds, never none.
pub(super) struct HeaderFile<'a, 'm> {
    pub path: &'a str,
    first: &'a HeaderPlan<'m>,
    rest: Vec<&'a HeaderPlan<'m>>,
}

impl<'a, 'm> HeaderFile<'a, 'm> {
    fn entries(&self) -> impl Iterator<Item = &'a HeaderPlan<'m>> + '_ {
        std::iter::once(self.first).chain(self.rest.iter().copied())
    }
}

/// The profile's header files in order, each with the headers `keep`
/// admits; a file with none is left out.
pub(super) fn header_files<'a, 'm>(
    pp: &'a ProfilePlan<'m>,
    keep: impl Fn(&HeaderPlan<'m>) -> bool,
) -> Vec<HeaderFile<'a, 'm>> {
    let mut files: Vec<HeaderFile<'a, 'm>> = Vec::new();
    for h in pp.headers.iter().filter(|h| keep(h)) {
        match files.iter_mut().find(|f| f.path == h.header.path) {
            Some(f) => f.rest.push(h),
            None => files.push(HeaderFile {
                path: &h.header.path,
                first: h,
                rest: Vec::new(),
            }),
        }
    }
    files
}

/// Render one header file, with the query's prototype when `prototype` is given.
pub(super) fn render_header(
    pp: &ProfilePlan<'_>,
    file: &HeaderFile<'_, '_>,
    prototype: Option<String>,
) -> Result<String, String> {
    let profile = pp.profile;
    let mut blocks = Vec::new();
    let mut c_blocks = Vec::new();
    for h in file.entries() {
        let n = Names::new(pp, h);
        blocks.extend(interface_blocks(&n));
        c_blocks.extend(n.structs());
    }
    let mut c_includes: Vec<String> = Vec::new();
    if !c_blocks.is_empty() {
        c_includes
            .extend(["linux/build_bug.h", "linux/stddef.h", "linux/types.h"].map(String::from));
    }
    c_includes.sort();
    c_blocks.extend(prototype);
    let first = file.first.header;
    let ctx = HeaderCtx {
        spdx: profile.spdx.clone(),
        copyright: first
            .copyright
            .clone()
            .unwrap_or_else(|| profile.copyright.clone()),
        guard: first.guard.clone(),
        includes: vec!["linux/arm-smccc.h".into(), "linux/bits.h".into()],
        blocks,
        c_includes,
        c_blocks,
    };
    render("header.h", TEMPLATE, &ctx)
}

/// The `#define` blocks of one interface, in header order (its structs go
/// after them, outside `__ASSEMBLER__`).
fn interface_blocks(n: &Names<'_>) -> Vec<String> {
    let mut blocks = vec![intro(n)];
    for construct in [
        n.versions(),
        n.return_codes(),
        n.functions(),
        n.enums(),
        n.bitfields(),
        n.aliases(),
        n.groups(),
        n.features(),
        n.queries(),
    ] {
        blocks.extend(construct);
    }
    blocks
}

/// What one interface's part of a kernel header shows of each construct.
impl Constructs for Names<'_> {
    type Out = Vec<String>;

    /// Groups only sort functions in the description.
    fn groups(&self) -> Vec<String> {
        Vec::new()
    }
    fn versions(&self) -> Vec<String> {
        let mut out = versions::version_macros(self);
        out.extend(versions::version_constants(self));
        out
    }
    fn return_codes(&self) -> Vec<String> {
        return_codes::return_codes(self).into_iter().collect()
    }
    fn enums(&self) -> Vec<String> {
        enums::enums(self)
    }
    fn bitfields(&self) -> Vec<String> {
        bitfields::bitfields(self)
    }
    fn structs(&self) -> Vec<String> {
        structs::structs(self)
    }
    fn functions(&self) -> Vec<String> {
        let mut out = vec![functions::fid_macro(self)];
        for f in self.iface.functions.iter().filter(|f| self.function(f)) {
            out.push(functions::function_block(self, f));
        }
        out
    }
    fn aliases(&self) -> Vec<String> {
        aliases::aliases(self).into_iter().collect()
    }
    /// A feature bit is a field of its register, shown with the bit fields.
    fn features(&self) -> Vec<String> {
        Vec::new()
    }
    /// The query routine is a file of its own (`query.rs`).
    fn queries(&self) -> Vec<String> {
        Vec::new()
    }
}

fn intro(n: &Names<'_>) -> String {
    let iface = n.iface;
    let mut text = format!(
        "{} ({}) ABI: {} {}, {}. Every value below is derived from the ABI description; each item cites its source.",
        iface.title, iface.name, iface.spec.document, iface.spec.revision, iface.spec.title
    );
    if n.used.is_some() {
        text.push_str(" Only the items the kernel uses are defined.");
    }
    if let Some(r) = draft_revision(iface) {
        let what = r.doc.as_deref().map(lower_first).unwrap_or_default();
        text.push_str(&format!(
            " {} {} is a draft, which implementations report as {} {}{}{what}",
            iface.spec.document,
            r.name,
            iface.name,
            r.reports,
            if what.is_empty() { "." } else { ": " }
        ));
    }
    comment(&[text], "")
}

/// `text` with its first letter in lower case, to follow a colon.
fn lower_first(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// The revision a header follows, when it is one of several and a draft.
fn draft_revision(iface: &Interface) -> Option<&model::SpecRevision> {
    let r = iface.selected_revision()?;
    (iface.revisions.len() > 1 && r.status == Status::Draft).then_some(r)
}
