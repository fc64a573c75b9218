//! A model narrowed to one specification revision per interface: what the C
//! headers, the Rust modules and the proc-macro are generated from. Items
//! outside the revision go, and so do the aliases, feature bits and queries
//! that name them; the names left are unique.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Interface, Model, Span, SpecRevision, Status};
use crate::plan::QueryPlan;

/// The specification revision each interface is narrowed to, by interface
/// name; an interface left out keeps its newest.
pub type Selection = BTreeMap<String, String>;

impl Model {
    /// The model as the selected revisions describe it. Every revision named
    /// must be one of its interface's (`Interface::revision_index`).
    pub fn at(&self, sel: &Selection) -> Model {
        let mut interfaces: Vec<Interface> = self
            .interfaces
            .iter()
            .map(|i| {
                let name = sel.get(&i.name).map_or(i.newest(), String::as_str);
                i.at(name)
            })
            .collect();
        // What an alias may end at; `Type.member` names are never its target.
        let names: BTreeSet<String> = interfaces.iter().flat_map(Interface::item_names).collect();
        for i in &mut interfaces {
            i.aliases.retain(|a| names.contains(&a.target));
        }
        Model { interfaces }
    }
}

impl Interface {
    /// The newest specification revision.
    pub fn newest(&self) -> &str {
        self.revisions.last().map_or("", |r| r.name.as_str())
    }

    /// The revision a narrowed interface describes.
    pub fn selected_revision(&self) -> Option<&SpecRevision> {
        self.revisions.get(self.selected_at?)
    }

    /// The index of the revision called `name`.
    pub fn revision_index(&self, name: &str) -> Option<usize> {
        self.revisions.iter().position(|r| r.name == name)
    }

    /// The interface as revision `name` describes it; unchanged when it has
    /// no such revision.
    pub fn at(&self, name: &str) -> Interface {
        let mut i = self.clone();
        let Some(r) = self.revision_index(name) else {
            return i;
        };
        let has = |s: &Span| s.has(r);
        i.versions.retain(|v| has(&v.revisions));
        if let Some(rc) = &mut i.return_codes {
            rc.values.retain(|v| has(&v.revisions));
        }
        i.enums.retain(|e| has(&e.revisions));
        for e in &mut i.enums {
            e.values.retain(|v| has(&v.revisions));
        }
        i.bitfields.retain(|b| has(&b.revisions));
        i.structs.retain(|s| has(&s.revisions));
        i.functions.retain(|f| has(&f.revisions));
        i.link();
        narrow_features(&mut i);
        narrow_queries(&mut i);
        let rev = &self.revisions[r];
        i.draft_revision = (rev.status == Status::Draft).then_some(rev.reports);
        i.spec.revision = rev.name.clone();
        i.selected = Some(rev.name.clone());
        i.selected_at = Some(r);
        i
    }
}

/// Feature registers of the revision, advertising its functions only.
fn narrow_features(i: &mut Interface) {
    let functions: BTreeSet<String> = i.functions.iter().map(|f| f.name.clone()).collect();
    let registers: BTreeSet<String> = i.bitfields.iter().map(|b| b.name.clone()).collect();
    i.features
        .retain(|f| functions.contains(&f.via) && registers.contains(&f.register));
    for f in &mut i.features {
        f.advertises.retain(|a| functions.contains(&a.function));
    }
}

/// Queries whose calls, version constant, its encoding and feature register
/// the revision has: exactly those that lower (`plan::QueryPlan::lower`),
/// so every query of a narrowed interface has its plan.
fn narrow_queries(i: &mut Interface) {
    let keep: Vec<bool> = i
        .queries
        .iter()
        .map(|q| QueryPlan::lower(i, q).is_some())
        .collect();
    let mut keep = keep.into_iter();
    i.queries.retain(|_| keep.next().unwrap_or(false));
}
