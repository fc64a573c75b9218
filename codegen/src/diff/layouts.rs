//! Layouts: structures and bit-field types (and, through `values`, enums,
//! return codes, feature bits and version constants).

use super::{Cx, Pair, bits, change, hex, line, pair, values};
use crate::model::{Bitfield, Field, Member, Struct, TypeRef};

/// Every layout subsection that has lines.
pub(super) fn layouts(cx: &Cx) -> String {
    let parts = [
        ("Structures", structs(cx)),
        ("Bit-field types", bitfields(cx)),
        ("Enums", values::enums(cx)),
        ("Return codes", values::return_codes(cx)),
        ("Feature bits", values::features(cx)),
        ("Version constants", values::versions(cx)),
    ];
    let mut out = String::new();
    for (title, body) in parts {
        if !body.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("### {title}\n\n{body}"));
        }
    }
    out
}

fn structs(cx: &Cx) -> String {
    let mut out = String::new();
    for p in pair(&cx.from.structs, &cx.to.structs, |s| s.name.clone()) {
        match p {
            Pair::Added(t) => out.push_str(&format!(
                "- `{}` added: size {}, align {} {}\n",
                t.name,
                hex(t.size),
                hex(t.align),
                cx.added(&t.source)
            )),
            Pair::Removed(f) => out.push_str(&format!(
                "- `{}` removed: size {}, align {} {}\n",
                f.name,
                hex(f.size),
                hex(f.align),
                cx.removed(&f.source)
            )),
            Pair::Both(f, t) => struct_changes(cx, &mut out, f, t),
        }
    }
    out
}

/// `offset 0x38, size 0x1, RsiVdevState` (or `u8[0x40]` for an array).
fn member(m: &Member) -> String {
    format!(
        "offset {}, size {}, {}",
        hex(m.offset),
        hex(m.size),
        member_type(m)
    )
}

fn member_type(m: &Member) -> String {
    let ty = m.ty.as_ref().map_or("bytes", TypeRef::yaml_name);
    match m.count {
        Some(n) => format!("{ty}[{}]", hex(n)),
        None => ty.to_string(),
    }
}

fn struct_changes(cx: &Cx, out: &mut String, f: &Struct, t: &Struct) {
    let sources = cx.both(&f.source, &t.source);
    let whole = [
        change("size", hex(f.size), hex(t.size)),
        change("align", hex(f.align), hex(t.align)),
    ];
    line(out, &format!("`{}`", t.name), &whole, &sources);
    let named =
        |s: &Struct| -> Vec<Member> { s.members.iter().filter(|m| !m.reserved).cloned().collect() };
    let (fm, tm) = (named(f), named(t));
    for p in pair(&fm, &tm, |m| m.name.clone()) {
        match p {
            Pair::Added(m) => out.push_str(&format!(
                "- `{}.{}` added: {} {sources}\n",
                t.name,
                m.name,
                member(m)
            )),
            Pair::Removed(m) => out.push_str(&format!(
                "- `{}.{}` removed: was {} {sources}\n",
                t.name,
                m.name,
                member(m)
            )),
            Pair::Both(a, b) => {
                let changes = [
                    change("offset", hex(a.offset), hex(b.offset)),
                    change("size", hex(a.size), hex(b.size)),
                    change("type", member_type(a), member_type(b)),
                ];
                line(out, &format!("`{}.{}`", t.name, b.name), &changes, &sources);
            }
        }
    }
}

fn bitfields(cx: &Cx) -> String {
    let mut out = String::new();
    for p in pair(&cx.from.bitfields, &cx.to.bitfields, |b| b.name.clone()) {
        match p {
            Pair::Added(t) => out.push_str(&format!(
                "- `{}` added: {} bits {}\n",
                t.name,
                t.width,
                cx.added(&t.source)
            )),
            Pair::Removed(f) => out.push_str(&format!(
                "- `{}` removed: {} bits {}\n",
                f.name,
                f.width,
                cx.removed(&f.source)
            )),
            Pair::Both(f, t) => bitfield_changes(cx, &mut out, f, t),
        }
    }
    out
}

/// `bits 1, RsiFeature`.
fn field(f: &Field) -> String {
    match &f.ty {
        Some(ty) => format!("bits {}, {ty}", bits(f.hi, f.lo)),
        None => format!("bits {}", bits(f.hi, f.lo)),
    }
}

fn bitfield_changes(cx: &Cx, out: &mut String, f: &Bitfield, t: &Bitfield) {
    let sources = cx.both(&f.source, &t.source);
    line(
        out,
        &format!("`{}`", t.name),
        &[change("width", f.width, t.width)],
        &sources,
    );
    let named =
        |b: &Bitfield| -> Vec<Field> { b.fields.iter().filter(|x| !x.reserved).cloned().collect() };
    let (ff, tf) = (named(f), named(t));
    let name = |x: &Field| x.name.clone().unwrap_or_default();
    for p in pair(&ff, &tf, name) {
        match p {
            Pair::Added(x) => out.push_str(&format!(
                "- `{}.{}` added: {} {sources}\n",
                t.name,
                name(x),
                field(x)
            )),
            Pair::Removed(x) => out.push_str(&format!(
                "- `{}.{}` removed: was {} {sources}\n",
                t.name,
                name(x),
                field(x)
            )),
            Pair::Both(a, b) => {
                let ty = |x: &Field| x.ty.as_ref().map_or_else(|| "-".into(), |t| t.name.clone());
                let changes = [
                    change("bits", bits(a.hi, a.lo), bits(b.hi, b.lo)),
                    change("type", ty(a), ty(b)),
                ];
                line(
                    out,
                    &format!("`{}.{}`", t.name, name(b)),
                    &changes,
                    &sources,
                );
            }
        }
    }
}
