//! Memory structures, with a `static_assert` of every size, alignment and
//! offset.

use super::{Names, cite, comment, hex};
use crate::model::{self, Interface, TypeRef};

pub(super) fn structs(n: &Names<'_>) -> Vec<String> {
    n.iface
        .structs
        .iter()
        .filter(|s| n.whole_items(s.status))
        .map(|s| struct_block(n, s))
        .collect()
}

pub(super) fn c_type(ty: &TypeRef, iface: &Interface) -> &'static str {
    match model::storage_bits(iface.width_of(ty)) {
        8 => "u8",
        16 => "u16",
        32 => "u32",
        _ => "u64",
    }
}

/// A member as C declares it: type, name, array length, offset and a note.
pub(super) struct CMember {
    ty: String,
    name: String,
    len: String,
    offset: u64,
    note: String,
}

/// The members of a struct in C, with the profile's C types applied: a
/// wider type takes its extra bytes from the reserved member after it.
pub(super) fn c_members(n: &Names<'_>, s: &model::Struct) -> Vec<CMember> {
    let mut out = Vec::new();
    let mut taken = 0;
    for m in &s.members {
        let over = n.profile.c_type(&s.name, &m.name);
        let (ty, len) = match (&m.ty, m.count, over) {
            (_, _, Some(c)) => (c.ty.clone(), String::new()),
            (Some(TypeRef::Struct(inner)), count, None) => (
                format!("struct {}", n.struct_name(n.iface.struct_of(inner))),
                count.map(|c| format!("[{c}]")).unwrap_or_default(),
            ),
            (Some(t), Some(c), None) => (c_type(t, n.iface).to_string(), format!("[{c}]")),
            (Some(t), None, None) => (c_type(t, n.iface).to_string(), String::new()),
            (None, _, None) => ("u8".into(), format!("[{}]", hex(m.size - taken))),
        };
        let name = n.member(s, m);
        let mut note = Vec::new();
        if m.reserved {
            note.push("reserved, zero".to_string());
        }
        if name != m.name {
            note.push(format!("{} in the spec", m.name));
        }
        if let Some(t) = &m.ty {
            let width = u64::from(n.iface.width_of(t));
            let primitive = matches!(
                t,
                TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 | TypeRef::Struct(_)
            );
            if over.is_some_and(|c| c.size * 8 != width) {
                note.push(format!("{}, {width} bits", t.yaml_name()));
            } else if !primitive {
                note.push(t.yaml_name().to_string());
            }
        }
        out.push(CMember {
            ty,
            name,
            len,
            offset: m.offset + taken,
            note: if note.is_empty() {
                String::new()
            } else {
                format!(" /* {} */", note.join("; "))
            },
        });
        taken = over.map_or(0, |c| c.size.saturating_sub(m.size));
    }
    out
}

pub(super) fn struct_block(n: &Names<'_>, s: &model::Struct) -> String {
    let name = n.struct_name(s);
    let members = c_members(n, s);
    let mut out = comment(
        &[format!(
            "{} ({}): {} bytes, {}-byte aligned.",
            s.name,
            cite(&s.source),
            hex(s.size),
            hex(s.align)
        )],
        "",
    );
    out.push_str(&format!("\nstruct {name} {{\n"));
    for m in &members {
        out.push_str(&format!("\t{} {}{};{}\n", m.ty, m.name, m.len, m.note));
    }
    out.push_str(&format!("}} __aligned({});\n\n", hex(s.align)));
    out.push_str(&format!(
        "static_assert(sizeof(struct {name}) == {});\n",
        hex(s.size)
    ));
    out.push_str(&format!(
        "static_assert(__alignof__(struct {name}) == {});\n",
        hex(s.align)
    ));
    for m in &members {
        out.push_str(&format!(
            "static_assert(offsetof(struct {name}, {}) == {});\n",
            m.name,
            hex(m.offset)
        ));
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::cite;

    #[test]
    fn a_kernel_citation_keeps_the_documents_and_drops_their_file_paths() {
        assert_eq!(
            cite("Linux HOSTCONF v4 asm/rhi.h, kernel/rhi.c; ACS val/common/inc/val_rhi.h"),
            "Linux HOSTCONF v4; ACS"
        );
        assert_eq!(
            cite("Linux HOSTCONF v4 rhi.h (RHI_HOSTCONF_VER_1_0 = 0x10000); ACS val_rhi.h (X)"),
            "Linux HOSTCONF v4 (RHI_HOSTCONF_VER_1_0 = 0x10000); ACS (X)"
        );
        assert_eq!(cite("DEN0137 1.0-rel0 B5.3.4"), "DEN0137 1.0-rel0 B5.3.4");
    }
}
