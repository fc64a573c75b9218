//! References between items of one interface: a name, as the description
//! and the JSON spell it, and the position of the item it names, linked
//! once when the interface is resolved and again when it is narrowed
//! (`Interface::at`). Emitters follow a reference to its item by position
//! (`Interface::enum_of`, …): they look nothing up by name.

use serde::Serialize;

use super::{Bitfield, Enum, Interface, Struct, TypeRef};

/// A reference to an enum, bit-field type or struct of the same interface.
/// Two references are equal when they name the same item.
#[derive(Clone, Debug, Eq)]
pub struct Ref {
    pub name: String,
    /// The item's index in its list; `usize::MAX` until linked.
    at: usize,
}

impl Ref {
    /// The item's position in its list (`Interface::link`).
    pub fn index(&self) -> usize {
        self.at
    }

    /// A reference to `name`, not yet linked.
    pub fn new(name: impl Into<String>) -> Self {
        Ref {
            name: name.into(),
            at: usize::MAX,
        }
    }
}

impl PartialEq for Ref {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl From<&str> for Ref {
    fn from(name: &str) -> Self {
        Ref::new(name)
    }
}

impl std::ops::Deref for Ref {
    type Target = str;
    fn deref(&self) -> &str {
        &self.name
    }
}

impl std::fmt::Display for Ref {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

impl Serialize for Ref {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

/// Link `r` to the item of `names` it names.
fn link(r: &mut Ref, names: &[String]) {
    r.at = names
        .iter()
        .position(|n| *n == r.name)
        .unwrap_or(usize::MAX);
}

impl Interface {
    /// Link every reference to the items the interface now has. In a
    /// loaded model every reference links, in every revision (rules 34 and
    /// 45); one that does not is left unlinked, and following it would be a
    /// defect of those checks.
    pub(crate) fn link(&mut self) {
        let enums: Vec<String> = self.enums.iter().map(|e| e.name.clone()).collect();
        let bitfields: Vec<String> = self.bitfields.iter().map(|b| b.name.clone()).collect();
        let structs: Vec<String> = self.structs.iter().map(|s| s.name.clone()).collect();
        let ty = |t: &mut TypeRef| match t {
            TypeRef::Enum(r) => link(r, &enums),
            TypeRef::Bitfield(r) => link(r, &bitfields),
            TypeRef::Struct(r) => link(r, &structs),
            _ => {}
        };
        for f in &mut self.functions {
            f.inputs
                .iter_mut()
                .chain(&mut f.outputs)
                .for_each(|v| ty(&mut v.ty));
        }
        // `outputs_on:` names values of the function's status type.
        let codes: Vec<String> = self
            .return_codes
            .iter()
            .flat_map(|rc| rc.values.iter().map(|v| v.name.clone()))
            .collect();
        for f in &mut self.functions {
            let values = match super::status_output(&f.outputs).map(|v| &v.ty) {
                Some(TypeRef::Enum(r)) => self
                    .enums
                    .get(r.at)
                    .map(|e| e.values.iter().map(|v| v.name.clone()).collect::<Vec<_>>()),
                Some(TypeRef::ReturnCode(_)) => Some(codes.clone()),
                _ => None,
            };
            for r in &mut f.outputs_on {
                link(r, values.as_deref().unwrap_or_default());
            }
        }
        for s in &mut self.structs {
            s.members
                .iter_mut()
                .filter_map(|m| m.ty.as_mut())
                .for_each(ty);
        }
        for b in &mut self.bitfields {
            for r in b.fields.iter_mut().filter_map(|f| f.ty.as_mut()) {
                link(r, &enums);
            }
        }
        for v in &mut self.versions {
            link(&mut v.encoding, &bitfields);
        }
    }

    /// The enum `r` names.
    pub fn enum_of(&self, r: &Ref) -> &Enum {
        &self.enums[r.at]
    }

    /// The bit-field type `r` names.
    pub fn bitfield_of(&self, r: &Ref) -> &Bitfield {
        &self.bitfields[r.at]
    }

    /// The bit-field type `r` names, if linked: for lowering, which runs
    /// on a narrowed interface before rule 45 is known to hold.
    pub fn linked_bitfield(&self, r: &Ref) -> Option<&Bitfield> {
        self.bitfields.get(r.at)
    }

    /// The struct `r` names.
    pub fn struct_of(&self, r: &Ref) -> &Struct {
        &self.structs[r.at]
    }
}
