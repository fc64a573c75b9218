//! Functions: added, removed, renumbered; numbers reused; register changes.

use super::{Cx, Pair, bits, change, hex, line, pair};
use crate::model::{Function, Memory, RegValue};

/// `0x19B (FID 0xC400019B)`.
fn number(f: &Function) -> String {
    format!("{} (FID {})", hex(u64::from(f.number)), f.fid_hex)
}

/// Functions only one side has, and those whose number or FID changed.
pub(super) fn functions(cx: &Cx) -> String {
    let mut out = String::new();
    for p in pair(&cx.from.functions, &cx.to.functions, |f| f.name.clone()) {
        match p {
            Pair::Added(t) => out.push_str(&format!(
                "- `{}` added: {} {}\n",
                t.name,
                number(t),
                cx.added(&t.source)
            )),
            Pair::Removed(f) => out.push_str(&format!(
                "- `{}` removed: {} {}\n",
                f.name,
                number(f),
                cx.removed(&f.source)
            )),
            Pair::Both(f, t) => {
                if f.number != t.number || f.fid != t.fid {
                    out.push_str(&format!(
                        "- `{}` renumbered: {} → {} {}\n",
                        t.name,
                        number(f),
                        number(t),
                        cx.both(&f.source, &t.source)
                    ));
                }
            }
        }
    }
    out
}

/// Numbers that name one function on the older side and another on the newer.
pub(super) fn reuses(cx: &Cx) -> String {
    let mut out = String::new();
    for t in &cx.to.functions {
        let Some(f) = cx.from.functions.iter().find(|f| f.number == t.number) else {
            continue;
        };
        if f.name != t.name {
            out.push_str(&format!(
                "- {}: `{}` → `{}` {}\n",
                number(t),
                f.name,
                t.name,
                cx.both(&f.source, &t.source)
            ));
        }
    }
    out
}

/// Inputs and outputs of every function both sides have.
pub(super) fn registers(cx: &Cx) -> String {
    let mut out = String::new();
    for t in &cx.to.functions {
        let Some(f) = cx.from.function(&t.name) else {
            continue;
        };
        let sources = cx.both(&f.source, &t.source);
        values(&mut out, &t.name, "input", &f.inputs, &t.inputs, &sources);
        values(
            &mut out, &t.name, "output", &f.outputs, &t.outputs, &sources,
        );
    }
    out
}

/// `X2 bits 63:0, address`.
fn place(v: &RegValue) -> String {
    format!("{} bits {}, {}", v.reg, bits(v.hi, v.lo), v.ty.yaml_name())
}

fn values(
    out: &mut String,
    func: &str,
    kind: &str,
    from: &[RegValue],
    to: &[RegValue],
    sources: &str,
) {
    for p in pair(from, to, |v| v.name.clone()) {
        match p {
            Pair::Added(t) => out.push_str(&format!(
                "- `{func}` {kind} `{}` added: {} {sources}\n",
                t.name,
                place(t)
            )),
            Pair::Removed(f) => out.push_str(&format!(
                "- `{func}` {kind} `{}` removed: was {} {sources}\n",
                f.name,
                place(f)
            )),
            Pair::Both(f, t) => {
                let changes = [
                    change("register", f.reg.to_string(), t.reg.to_string()),
                    change("bits", bits(f.hi, f.lo), bits(t.hi, t.lo)),
                    change("type", f.ty.yaml_name(), t.ty.yaml_name()),
                    change("optional", f.optional, t.optional),
                    change("memory", memory(f), memory(t)),
                ];
                line(
                    out,
                    &format!("`{func}` {kind} `{}`", t.name),
                    &changes,
                    sources,
                );
            }
        }
    }
}

fn memory(v: &RegValue) -> String {
    match v.memory {
        None => "-",
        Some(Memory::Read) => "read",
        Some(Memory::Write) => "write",
        Some(Memory::NotAccessed) => "none",
    }
    .to_string()
}
