//! Every revision complete on its own: an item refers only to types that
//! exist in each revision that has it, so a model narrowed to any revision
//! (`Model::at`) resolves as a model read on its own would.
//!
//! Rule of `abi/README.md` ("Checks") enforced here: 45.

use crate::diag::{Diagnostics, Loc};
use crate::model::{Interface, Model, TypeRef};

/// Rule 45, for every revision of every interface. With one revision every
/// item is in it, and resolving the types has already checked this.
pub(crate) fn check(model: &Model, diags: &mut Diagnostics) {
    for i in model.interfaces.iter().filter(|i| i.revisions.len() > 1) {
        for r in &i.revisions {
            let at = i.at(&r.name);
            revision(&at, diags);
        }
    }
}

/// Rule 45 in one narrowed interface (`Diagnostics::finish` drops a gap
/// reported again for another revision only when the message is the same).
fn revision(i: &Interface, diags: &mut Diagnostics) {
    let rev = i.spec.revision.as_str();
    for v in &i.versions {
        if i.bitfield(&v.encoding).is_none() {
            let msg = format!(
                "`{}` is encoded as `{}`, which revision {rev} does not have",
                v.name, v.encoding
            );
            diags.push(v.loc.clone(), msg);
        }
    }
    let mut gap = |loc: &Loc, what: String, ty: &str| {
        let msg = format!("{what} has type `{ty}`, which revision {rev} does not have");
        diags.push(loc.clone(), msg);
    };
    for s in &i.structs {
        for m in &s.members {
            if let Some(ty) = missing(i, m.ty.as_ref()) {
                gap(&s.loc, format!("`{}.{}`", s.name, m.name), ty);
            }
        }
    }
    for b in &i.bitfields {
        for f in &b.fields {
            let ty = f.ty.as_ref().filter(|t| i.enumeration(t).is_none());
            if let (Some(ty), Some(n)) = (ty, &f.name) {
                gap(&b.loc, format!("`{}.{n}`", b.name), ty);
            }
        }
    }
    for f in &i.functions {
        for v in f.inputs.iter().chain(&f.outputs) {
            if let Some(ty) = missing(i, Some(&v.ty)) {
                gap(&v.loc, format!("`{}` of `{}`", v.name, f.name), ty);
            }
        }
    }
}

/// The name of an enum, bit-field or struct type `ty` names that `i` lacks.
fn missing<'t>(i: &Interface, ty: Option<&'t TypeRef>) -> Option<&'t str> {
    match ty? {
        TypeRef::Enum(n) if i.enumeration(n).is_none() => Some(n),
        TypeRef::Bitfield(n) if i.bitfield(n).is_none() => Some(n),
        TypeRef::Struct(n) if i.structure(n).is_none() => Some(n),
        _ => None,
    }
}
