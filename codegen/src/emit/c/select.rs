//! What a header shows: the items of its statuses, or, for a header of
//! `items: used`, only what the profile's query uses: the items its plan
//! links to, compared by identity. Every C emitter (the
//! header, the routine, the layout probe and with it c-test) asks here.

use super::Names;
use crate::model::{self, Status};

impl Names<'_> {
    pub(super) fn shown(&self, status: Status) -> bool {
        self.header.statuses.contains(&status)
    }
    pub(super) fn function(&self, f: &model::Function) -> bool {
        self.shown(f.status)
            && self
                .used
                .is_none_or(|q| q.calls().iter().any(|c| std::ptr::eq(*c, f)))
    }
    pub(super) fn version(&self, v: &model::VersionConst) -> bool {
        self.shown(v.status)
            && self
                .used
                .is_none_or(|q| std::ptr::eq(q.version.constant, v))
    }
    /// The named fields of a bit-field type the header shows.
    pub(super) fn fields<'b>(&self, b: &'b model::Bitfield) -> Vec<&'b model::Field> {
        if !self.shown(b.status) {
            return Vec::new();
        }
        let named = b.fields.iter().filter(|f| !f.reserved && f.name.is_some());
        let Some(q) = self.used else {
            return named.collect();
        };
        let encoding = std::ptr::eq(q.version.encoding, b);
        let register = std::ptr::eq(q.feature.register, b);
        named
            .filter(|f| encoding || (register && f.name.as_deref() == Some(q.feature.bit)))
            .collect()
    }
    /// `_SHIFT`, `_WIDTH` and `_MASK` of every field, or only the mask the routine uses.
    pub(super) fn field_suffixes(&self) -> &'static [&'static str] {
        if self.used.is_some() {
            &["MASK"]
        } else {
            &["SHIFT", "WIDTH", "MASK"]
        }
    }
    /// Enums, structs and return codes: none of them serve the query.
    pub(super) fn whole_items(&self, status: Status) -> bool {
        self.used.is_none() && self.shown(status)
    }
}
