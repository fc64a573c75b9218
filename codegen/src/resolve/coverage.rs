//! Every revision complete on its own: an item refers only to types that
//! exist in each revision that has it, so a model narrowed to any revision
//! (`Model::at`) resolves as a model read on its own would.
//!
//! Rule of `abi/README.md` ("Checks") enforced here: 45.

use crate::diag::{Diagnostics, Loc};
use crate::model::{Interface, Model, TypeRef, status_output};

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
        if i.bitfield(&v.encoding.name).is_none() {
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
            let ty = f.ty.as_ref().filter(|t| i.enumeration(&t.name).is_none());
            if let (Some(ty), Some(n)) = (ty, &f.name) {
                gap(&b.loc, format!("`{}.{n}`", b.name), &ty.name);
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
    outputs_on(i, diags);
}

/// Rule 45 for `outputs_on:`: each status it lists is a value its status
/// type has in every revision of the function.
fn outputs_on(i: &Interface, diags: &mut Diagnostics) {
    for f in &i.functions {
        let values: Vec<&str> = match status_output(&f.outputs).map(|v| &v.ty) {
            Some(TypeRef::Enum(r)) => (i.enumeration(&r.name).iter())
                .flat_map(|e| e.values.iter().map(|v| v.name.as_str()))
                .collect(),
            Some(TypeRef::ReturnCode(_)) => (i.return_codes.iter())
                .flat_map(|rc| rc.values.iter().map(|v| v.name.as_str()))
                .collect(),
            _ => continue,
        };
        for r in f
            .outputs_on
            .iter()
            .filter(|r| !values.contains(&r.name.as_str()))
        {
            let msg = format!(
                "`outputs_on:` of `{}` lists `{}`, which revision {} does not have",
                f.name, r.name, i.spec.revision
            );
            diags.push(f.loc.clone(), msg);
        }
    }
}

/// The name of an enum, bit-field or struct type `ty` names that `i` lacks.
fn missing<'t>(i: &Interface, ty: Option<&'t TypeRef>) -> Option<&'t str> {
    match ty? {
        TypeRef::Enum(r) if i.enumeration(&r.name).is_none() => Some(&r.name),
        TypeRef::Bitfield(r) if i.bitfield(&r.name).is_none() => Some(&r.name),
        TypeRef::Struct(r) if i.structure(&r.name).is_none() => Some(&r.name),
        _ => None,
    }
}
