//! One kernel header: the interfaces a profile places in one file, each as
//! tab-aligned `#define`s with their sources, then structs (with a
//! `static_assert` of every size, alignment and offset) and prototypes.

use serde::Serialize;

use super::{Names, comment, defines, hex, must, owner_macro, render};
use crate::config::{LinuxHeader, LinuxProfile};
use crate::model::{self, Interface, Model, Reg, Status, TypeRef};

const TEMPLATE: &str = include_str!("../../../../templates/c/header.h.tera");

#[derive(Serialize)]
struct HeaderCtx {
    spdx: String,
    copyright: String,
    guard: String,
    includes: Vec<String>,
    blocks: Vec<String>,
    c_includes: Vec<String>,
    c_blocks: Vec<String>,
}

/// Render the header at `path` with the interfaces `include` admits, and the
/// query's prototype when `prototype` is given.
pub(super) fn render_header(
    model: &Model,
    profile: &LinuxProfile,
    path: &str,
    include: &dyn Fn(&LinuxHeader) -> bool,
    prototype: Option<String>,
) -> Result<String, String> {
    let entries: Vec<&LinuxHeader> = profile
        .headers
        .iter()
        .filter(|h| h.path == path && include(h))
        .collect();
    let first = must(entries.first(), path)?;
    let mut blocks = Vec::new();
    let mut c_blocks = Vec::new();
    for h in &entries {
        let n = must(Names::new(model, profile, h), &h.interface)?;
        blocks.extend(interface_blocks(&n));
        c_blocks.extend(structs(&n));
    }
    let mut c_includes: Vec<String> = Vec::new();
    if !c_blocks.is_empty() {
        c_includes
            .extend(["linux/build_bug.h", "linux/stddef.h", "linux/types.h"].map(String::from));
    }
    c_includes.sort();
    c_blocks.extend(prototype);
    let ctx = HeaderCtx {
        spdx: profile.spdx.clone(),
        copyright: first
            .copyright
            .clone()
            .unwrap_or_else(|| profile.copyright.clone()),
        guard: first.guard.clone(),
        includes: vec!["linux/arm-smccc.h".into(), "linux/bits.h".into()],
        blocks,
        c_includes,
        c_blocks,
    };
    render("header.h", TEMPLATE, &ctx)
}

/// The `#define` blocks of one interface, in header order.
fn interface_blocks(n: &Names<'_>) -> Vec<String> {
    let mut blocks = vec![intro(n)];
    blocks.extend(version_macros(n));
    blocks.extend(version_constants(n));
    blocks.extend(return_codes(n));
    blocks.push(fid_macro(n));
    for f in n.iface.functions.iter().filter(|f| n.function(f)) {
        blocks.push(function_block(n, f));
    }
    blocks.extend(enums(n));
    blocks.extend(bitfields(n));
    blocks.extend(aliases(n));
    blocks
}

/// A source as a kernel file cites it: the documents it names, without the
/// paths of their files, so that a header in a patch points at nothing
/// outside the kernel tree ("Linux HOSTCONF v4 asm/rhi.h; ACS
/// val/common/inc/val_rhi.h" becomes "Linux HOSTCONF v4; ACS"). The ABI
/// description keeps the full citation.
fn cite(source: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for word in source.split_whitespace() {
        let core = word.trim_matches(|c: char| ",;.()".contains(c));
        let file = core.contains('/') || core.ends_with(".h") || core.ends_with(".c");
        if !file {
            out.push(word.to_string());
            continue;
        }
        // Keep what closes a clause: `;` and `)`.
        let tail: String = word
            [word.len() - word.trim_start_matches(|c| c != ';' && c != ')').len()..]
            .chars()
            .filter(|c| *c == ';' || *c == ')')
            .collect();
        match out.last_mut() {
            Some(last) => last.push_str(&tail),
            None => out.push(tail),
        }
    }
    out.join(" ")
        .replace(",;", ";")
        .replace(", )", ")")
        .trim_end_matches(',')
        .to_string()
}

fn intro(n: &Names<'_>) -> String {
    let iface = n.iface;
    let mut text = format!(
        "{} ({}) ABI: {} {}, {}. Every value below is derived from the ABI description; each item cites its source.",
        iface.title, iface.name, iface.spec.document, iface.spec.revision, iface.spec.title
    );
    if n.used.is_some() {
        text.push_str(" Only the items the kernel uses are defined.");
    }
    if let Some(r) = draft_revision(iface) {
        let what = r.doc.as_deref().map(lower_first).unwrap_or_default();
        text.push_str(&format!(
            " {} {} is a draft, which implementations report as {} {}{}{what}",
            iface.spec.document,
            r.name,
            iface.name,
            r.reports,
            if what.is_empty() { "." } else { ": " }
        ));
    }
    comment(&[text], "")
}

/// `text` with its first letter in lower case, to follow a colon.
fn lower_first(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// The revision a header follows, when it is one of several and a draft.
fn draft_revision(iface: &Interface) -> Option<&model::SpecRevision> {
    let selected = iface.selected.as_deref()?;
    let r = iface.revisions.iter().find(|r| r.name == selected)?;
    (iface.revisions.len() > 1 && r.status == Status::Draft).then_some(r)
}

/// `NAME_MAJOR`, `NAME_MINOR`, `NAME` and the `GET` macros, as mainline
/// spells them: the top field is shifted, not masked. Where the encoding
/// reserves bits above it, a comment says so rather than change the macro.
fn version_macros(n: &Names<'_>) -> Vec<String> {
    let Some((constant, name)) = &n.header.version else {
        return Vec::new();
    };
    let iface = n.iface;
    let Some(v) = iface.version(constant) else {
        return Vec::new();
    };
    let Some(enc) = iface.bitfield(&v.encoding) else {
        return Vec::new();
    };
    let (Some(maj), Some(min)) = (enc.field("major"), enc.field("minor")) else {
        return Vec::new();
    };
    let place = |f: &model::Field, v: &str| {
        if f.lo == 0 {
            v.to_string()
        } else {
            format!("({v} << {})", f.lo)
        }
    };
    let value = comment(
        &[format!(
            "The {} revision this header describes ({}), encoded as {}.",
            iface.name,
            cite(&v.source),
            enc.name
        )],
        "",
    );
    let value = format!(
        "{value}\n{}",
        defines(&[
            (format!("{name}_MAJOR"), format!("UL({})", v.major)),
            (format!("{name}_MINOR"), format!("UL({})", v.minor)),
            (
                name.clone(),
                format!(
                    "({} | {})",
                    place(maj, &format!("{name}_MAJOR")),
                    place(min, &format!("{name}_MINOR"))
                ),
            ),
        ])
    );
    let mut getters = Vec::new();
    let reserved: Vec<String> = enc
        .fields
        .iter()
        .filter(|f| f.reserved && f.lo > maj.hi)
        .map(|f| format!("{}:{}", f.hi, f.lo))
        .collect();
    if !reserved.is_empty() {
        getters.push(comment(
            &[format!(
                "{} ({}) reserves bits {} as zero; like the kernel's existing macro, _GET_MAJOR shifts without masking them.",
                enc.name,
                cite(&enc.source),
                reserved.join(", ")
            )],
            "",
        ));
    }
    let minor_mask = if min.width() >= 64 {
        u64::MAX
    } else {
        ((1u64 << min.width()) - 1) << min.lo
    };
    getters.push(defines(&[
        (
            format!("{name}_GET_MAJOR(_version)"),
            format!("((_version) >> {})", maj.lo),
        ),
        (
            format!("{name}_GET_MINOR(_version)"),
            format!("((_version) & 0x{minor_mask:X})"),
        ),
    ]));
    vec![value, getters.join("\n")]
}

fn version_constants(n: &Names<'_>) -> Option<String> {
    let versions: Vec<(String, String)> = n
        .iface
        .versions
        .iter()
        .filter(|v| n.version(v))
        .map(|v| (v.name.clone(), format!("UL({})", hex(v.value))))
        .collect();
    (!versions.is_empty()).then(|| {
        format!(
            "{}\n{}",
            comment(
                &["Version constants, encoded as their version register.".into()],
                ""
            ),
            defines(&versions)
        )
    })
}

fn return_codes(n: &Names<'_>) -> Option<String> {
    let rc = n.iface.return_codes.as_ref().filter(|_| n.used.is_none())?;
    let items: Vec<(String, String)> = rc
        .values
        .iter()
        .filter(|v| n.shown(v.status))
        .map(|v| {
            let val = if v.value < 0 {
                format!("({})", v.value)
            } else {
                format!("UL({})", v.value)
            };
            (v.name.clone(), val)
        })
        .collect();
    Some(format!(
        "{}\n{}",
        comment(&[format!("{} ({}).", rc.name, cite(&rc.source))], ""),
        defines(&items)
    ))
}

fn fid_macro(n: &Names<'_>) -> String {
    let iface = n.iface;
    let owner = owner_macro(iface.owner)
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}", iface.owner));
    let call = match iface.call_type {
        model::CallType::Fast => "ARM_SMCCC_FAST_CALL",
        model::CallType::Yielding => "ARM_SMCCC_STD_CALL",
    };
    let conv = if iface.width == 64 {
        "ARM_SMCCC_SMC_64"
    } else {
        "ARM_SMCCC_SMC_32"
    };
    format!(
        "#define {}(n)\t\tARM_SMCCC_CALL_VAL({call}, {conv}, \\\n\t\t\t\t\t\t   {owner}, (n))",
        n.header.fid_macro
    )
}

fn reg_label(r: Reg, input: bool) -> String {
    let n = match r {
        Reg::X(n) | Reg::Gpr(n) => n,
    };
    if input {
        format!("arg{n}")
    } else {
        format!("ret{n}")
    }
}

/// The `argN == name[bits] (type)` lines of a function's comment.
fn register_lines(f: &model::Function) -> Vec<String> {
    let width = f
        .inputs
        .iter()
        .map(|v| reg_label(v.reg, true))
        .chain(f.outputs.iter().map(|v| reg_label(v.reg, false)))
        .map(|l| l.len())
        .max()
        .unwrap_or(0);
    let mut regs = Vec::new();
    for (values, input) in [(&f.inputs, true), (&f.outputs, false)] {
        for v in values.iter() {
            let bits = if (v.hi, v.lo) == (63, 0) {
                String::new()
            } else if v.hi == v.lo {
                format!("[{}]", v.hi)
            } else {
                format!("[{}:{}]", v.hi, v.lo)
            };
            regs.push(format!(
                "{:<width$} == {}{bits} ({})",
                reg_label(v.reg, input),
                v.name,
                v.ty.yaml_name()
            ));
        }
    }
    regs
}

fn function_block(n: &Names<'_>, f: &model::Function) -> String {
    let mut paras = vec![format!("{}: {}", f.name, f.doc.trim())];
    let regs = register_lines(f);
    if !regs.is_empty() {
        paras.push(regs.join("\n"));
    }
    let mut src = format!("Source: {}.", cite(&f.source).trim_end_matches('.'));
    if f.status == Status::Draft {
        src = format!("Draft ({} {}). {src}", n.iface.name, f.since);
    }
    paras.push(src);
    let value = format!("{}({})", n.header.fid_macro, hex(u64::from(f.number)));
    let mut items = vec![(n.fid(f), value)];
    let default = n.default_fid(f);
    if n.header.aliases && default != n.fid(f) {
        items.push((default, n.fid(f)));
    }
    format!("{}\n{}", comment(&paras, ""), defines(&items))
}

fn enums(n: &Names<'_>) -> Vec<String> {
    let mut blocks = Vec::new();
    for e in n.iface.enums.iter().filter(|e| n.whole_items(e.status)) {
        if let Some(reason) = n.profile.omitted(&e.name) {
            blocks.push(comment(
                &[format!(
                    "{} ({}) is not defined here: {reason}.",
                    e.name,
                    cite(&e.source)
                )],
                "",
            ));
            continue;
        }
        let items: Vec<(String, String)> = e
            .values
            .iter()
            .filter(|v| n.shown(v.status))
            .map(|v| (v.name.clone(), format!("UL({})", v.value)))
            .collect();
        let head = match &e.doc {
            Some(d) => format!(
                "{}: {} ({}).",
                e.name,
                d.trim_end_matches('.'),
                cite(&e.source)
            ),
            None => format!("{} ({}).", e.name, cite(&e.source)),
        };
        blocks.push(format!("{}\n{}", comment(&[head], ""), defines(&items)));
    }
    blocks
}

fn bitfields(n: &Names<'_>) -> Vec<String> {
    let mut blocks = Vec::new();
    for b in &n.iface.bitfields {
        let fields = n.fields(b);
        if fields.is_empty() {
            continue;
        }
        let mut items = Vec::new();
        for f in fields {
            let Some(name) = &f.name else { continue };
            let p = n.field_prefix(b, name);
            for suffix in n.field_suffixes() {
                let value = match *suffix {
                    "SHIFT" => format!("{}", f.lo),
                    "WIDTH" => format!("{}", f.width()),
                    _ if f.hi == f.lo => format!("BIT({})", f.lo),
                    _ => format!("GENMASK({}, {})", f.hi, f.lo),
                };
                items.push((format!("{p}_{suffix}"), value));
            }
        }
        let reserved: Vec<String> = b
            .fields
            .iter()
            .filter(|f| f.reserved)
            .map(|f| {
                if f.hi == f.lo {
                    format!("{}", f.hi)
                } else {
                    format!("{}:{}", f.hi, f.lo)
                }
            })
            .collect();
        let mut para = format!("{} ({} bits, {})", b.name, b.width, cite(&b.source));
        if !reserved.is_empty() {
            para.push_str(&format!(
                "; reserved bits {} must be zero",
                reserved.join(", ")
            ));
        }
        para.push('.');
        blocks.push(format!("{}\n{}", comment(&[para], ""), defines(&items)));
    }
    blocks
}

/// Spec and other names kept beside the names Linux uses: only on request.
fn aliases(n: &Names<'_>) -> Option<String> {
    if !n.header.aliases {
        return None;
    }
    let iface = n.iface;
    let mut aliases = Vec::new();
    for f in iface.functions.iter().filter(|f| n.function(f)) {
        for a in &f.aliases {
            if *a != n.fid(f) && *a != n.default_fid(f) {
                aliases.push((a.clone(), n.fid(f)));
            }
        }
    }
    for a in &iface.aliases {
        if let Some(f) = iface.function(&a.target).filter(|f| n.function(f)) {
            aliases.push((a.name.clone(), n.fid(f)));
        }
    }
    for (alias, of) in &n.profile.aliases {
        let target = match of.split_once('.') {
            Some((ty, field)) => iface
                .bitfield(ty)
                .filter(|b| n.fields(b).iter().any(|f| f.name.as_deref() == Some(field)))
                .map(|b| format!("{}_MASK", n.field_prefix(b, field))),
            None => iface
                .function(of)
                .filter(|f| n.function(f))
                .map(|f| n.fid(f)),
        };
        if let Some(t) = target {
            aliases.push((alias.clone(), t));
        }
    }
    (!aliases.is_empty()).then(|| {
        format!(
            "{}\n{}",
            comment(&["Other names in use for the items above.".into()], ""),
            defines(&aliases)
        )
    })
}

fn structs(n: &Names<'_>) -> Vec<String> {
    n.iface
        .structs
        .iter()
        .filter(|s| n.whole_items(s.status))
        .map(|s| struct_block(n, s))
        .collect()
}

fn c_type(ty: &TypeRef, iface: &Interface) -> &'static str {
    match model::storage_bits(iface.width_of(ty)) {
        8 => "u8",
        16 => "u16",
        32 => "u32",
        _ => "u64",
    }
}

/// A member as C declares it: type, name, array length, offset and a note.
struct CMember {
    ty: String,
    name: String,
    len: String,
    offset: u64,
    note: String,
}

/// The members of a struct in C, with the profile's C types applied: a
/// wider type takes its extra bytes from the reserved member after it.
fn c_members(n: &Names<'_>, s: &model::Struct) -> Vec<CMember> {
    let mut out = Vec::new();
    let mut taken = 0;
    for m in &s.members {
        let over = n.profile.c_type(&s.name, &m.name);
        let (ty, len) = match (&m.ty, m.count, over) {
            (_, _, Some(c)) => (c.ty.clone(), String::new()),
            (Some(TypeRef::Struct(inner)), count, None) => (
                n.iface
                    .structure(inner)
                    .map_or_else(|| inner.clone(), |i| format!("struct {}", n.struct_name(i))),
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

fn struct_block(n: &Names<'_>, s: &model::Struct) -> String {
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
