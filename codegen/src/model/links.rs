//! Linking the references between items of one interface (`Ref`): once
//! when the interface is resolved and again when it is narrowed
//! (`Interface::at`). Emitters follow a reference to its item by position
//! (`Interface::enum_of`, …): they look nothing up by name.

use super::reference::Ref;
use super::{Bitfield, Enum, Interface, Struct, TypeRef};

/// Link `r` to the item of `names` it names.
fn link(r: &mut Ref, names: &[String]) {
    let at = names.iter().position(|n| *n == r.name);
    r.set_index(at);
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
                    .get(r.index())
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
        &self.enums[r.index()]
    }

    /// The bit-field type `r` names.
    pub fn bitfield_of(&self, r: &Ref) -> &Bitfield {
        &self.bitfields[r.index()]
    }

    /// The bit-field type `r` names, if linked: for lowering, which runs
    /// on a narrowed interface before rule 45 is known to hold.
    pub fn linked_bitfield(&self, r: &Ref) -> Option<&Bitfield> {
        self.bitfields.get(r.index())
    }

    /// The struct `r` names.
    pub fn struct_of(&self, r: &Ref) -> &Struct {
        &self.structs[r.index()]
    }
}
