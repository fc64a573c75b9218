//! Function identifiers: the FID macro and one commented `#define` per
//! function, with its registers.

use super::{Names, cite, comment, defines, hex, owner_macro};
use crate::model::{self, Reg, Status};

pub(super) fn fid_macro(n: &Names<'_>) -> String {
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

pub(super) fn reg_label(r: Reg, input: bool) -> String {
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
pub(super) fn register_lines(f: &model::Function) -> Vec<String> {
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

pub(super) fn function_block(n: &Names<'_>, f: &model::Function) -> String {
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
