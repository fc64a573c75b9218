//! Groups: the headings an interface's functions and version constants are
//! listed under, scoped to the interface.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 5 (group names are
//! identifiers), 7 (unique within the interface) and 34 (a referenced group
//! exists).

use super::Ctx;
use crate::check::Scope;
use crate::model;
use crate::schema::{self, S};

/// The groups of one interface.
pub(super) struct Groups {
    pub list: Vec<model::Group>,
    names: Scope,
}

/// Rules 5 and 7: each group has an identifier for a name, unique within the
/// interface; a duplicate is left out.
pub(super) fn groups(cx: &mut Ctx<'_>, gs: &[schema::Group]) -> Groups {
    let mut list = Vec::new();
    let mut names = Scope::default();
    for g in gs {
        if !cx.ident(&g.name, "group") || !names.first(cx, &g.name, "group", "") {
            continue;
        }
        list.push(model::Group {
            name: g.name.value.clone(),
            title: g.title.clone(),
            source: g.source.clone(),
            doc: g.doc.clone(),
            note: g.note.clone(),
        });
    }
    Groups { list, names }
}

impl Groups {
    /// Rule 34: a referenced group exists.
    pub(super) fn reference(&self, cx: &mut Ctx<'_>, g: &Option<S<String>>) -> Option<String> {
        let g = g.as_ref()?;
        if self.names.contains(&g.value) {
            Some(g.value.clone())
        } else {
            super::unknown(cx, g, "group", self.names.names());
            None
        }
    }
}
