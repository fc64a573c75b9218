//! `rename:`, `omit:` and `aliases:`: keys that name items of the model
//! (struct members and bit fields as `Type.member`).

use std::collections::BTreeMap;

use super::Cx;
use super::raw::{AliasRaw, OmitRaw, RenameRaw};
use crate::check::{self, Report};
use crate::model::{Interface, Model};
use crate::schema::S;

/// The model's item names ([`Interface::item_names`]), gathered once for a
/// profile's lookups.
pub(super) struct Known(Vec<String>);

impl Known {
    pub(super) fn new(model: &Model) -> Self {
        Known(
            model
                .interfaces
                .iter()
                .flat_map(Interface::item_names)
                .collect(),
        )
    }

    /// Whether `at` names an item; if not, it is reported with the nearest
    /// name that does.
    fn item(&self, cx: &mut Cx<'_>, at: &S<String>) -> bool {
        let known = self.0.contains(&at.value);
        if !known {
            check::unknown(cx, at, "item", self.0.iter().map(String::as_str));
        }
        known
    }

    pub(super) fn renames(&self, cx: &mut Cx<'_>, raw: &[RenameRaw]) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for r in raw {
            if !self.item(cx, &r.from) || !cx.c_ident(&r.to, "name") {
                continue;
            }
            if out
                .insert(r.from.value.clone(), r.to.value.clone())
                .is_some()
            {
                cx.err(&r.from, format!("`{}` is renamed twice", r.from.value));
            }
        }
        out
    }

    pub(super) fn omits(&self, cx: &mut Cx<'_>, raw: &[OmitRaw]) -> Vec<(String, String)> {
        raw.iter()
            .filter(|o| self.item(cx, &o.item))
            .map(|o| (o.item.value.clone(), o.reason.clone()))
            .collect()
    }

    pub(super) fn aliases(&self, cx: &mut Cx<'_>, raw: &[AliasRaw]) -> Vec<(String, String)> {
        raw.iter()
            .filter(|a| self.item(cx, &a.of) && cx.c_ident(&a.name, "alias"))
            .map(|a| (a.name.value.clone(), a.of.value.clone()))
            .collect()
    }
}
