//! `c_types:`: a C type in place of a struct member's own, as Linux spells
//! some members (`phys_addr_t`, `unsigned long`).

use super::Cx;
use super::raw::CTypeRaw;
use crate::check::{self, Report};
use crate::model::{Member, Model, Struct, TypeRef};

/// A C type in place of a struct member's own; a wider type takes its extra
/// bytes from the reserved member that follows (checked when loaded).
#[derive(Clone, Debug)]
pub struct CType {
    pub structure: String,
    pub member: String,
    pub ty: String,
    pub size: u64,
}

/// C types a profile may give a struct member, and their sizes on arm64.
const C_TYPES: [(&str, u64); 7] = [
    ("u8", 1),
    ("u16", 2),
    ("u32", 4),
    ("u64", 8),
    ("unsigned int", 4),
    ("unsigned long", 8),
    ("phys_addr_t", 8),
];

pub(super) fn c_types(cx: &mut Cx<'_>, raw: &[CTypeRaw], model: &Model) -> Vec<CType> {
    raw.iter().filter_map(|c| c_type(cx, c, model)).collect()
}

fn c_type(cx: &mut Cx<'_>, c: &CTypeRaw, model: &Model) -> Option<CType> {
    let (st, at) = member(cx, c, model)?;
    let size = check::keyword(cx, &c.ty, "C type", &C_TYPES)?;
    if let Err(why) = widening_fits(&st.members, at, size) {
        cx.err(
            &c.ty,
            format!("`{}` cannot be `{}`: {why}", c.member.value, c.ty.value),
        );
        return None;
    }
    Some(CType {
        structure: st.name.clone(),
        member: st.members[at].name.clone(),
        ty: c.ty.value.clone(),
        size,
    })
}

/// The struct `Struct.member` names, and the member's index in it.
fn member<'m>(cx: &mut Cx<'_>, c: &CTypeRaw, model: &'m Model) -> Option<(&'m Struct, usize)> {
    let Some((sname, mname)) = c.member.value.split_once('.') else {
        cx.err(&c.member, "expected `Struct.member`");
        return None;
    };
    let found = model.interfaces.iter().find_map(|i| i.structure(sname));
    let Some(st) = found else {
        cx.err(&c.member, format!("unknown struct `{sname}`"));
        return None;
    };
    let Some(at) = st.members.iter().position(|m| m.name == mname) else {
        cx.err(&c.member, format!("`{sname}` has no member `{mname}`"));
        return None;
    };
    Some((st, at))
}

/// A member of a struct may take `size` bytes if it is a single value, the
/// size keeps its offset aligned, and any extra bytes come from a reserved
/// member right after it that has them to give.
fn widening_fits(members: &[Member], at: usize, size: u64) -> Result<(), String> {
    let m = &members[at];
    if m.ty.is_none() || m.count.is_some() {
        return Err("only a single value can change its C type".into());
    }
    if let Some(TypeRef::Struct(s)) = &m.ty {
        return Err(format!("it is a struct `{s}`, which keeps its own C type"));
    }
    if !m.offset.is_multiple_of(size) {
        return Err(format!(
            "offset {:#x} is not a multiple of {size}",
            m.offset
        ));
    }
    if size < m.size {
        return Err(format!("the ABI gives it {} bytes", m.size));
    }
    let extra = size - m.size;
    if extra == 0 {
        return Ok(());
    }
    match members.get(at + 1) {
        Some(next) if next.reserved && next.size > extra => Ok(()),
        _ => Err(format!(
            "the {extra} bytes after it are not part of a larger reserved member"
        )),
    }
}
