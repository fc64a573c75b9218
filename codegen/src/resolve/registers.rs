//! The register values of a function (its inputs and outputs), what an
//! address input's callee does to memory, and `outputs_on:`.
//!
//! Rules of `abi/README.md` ("Checks") enforced here: 5 and 7 (value names
//! are identifiers, unique among the inputs or the outputs), 17 (bit ranges,
//! through `Ctx::bits`), 30 (X0-X17 on SMC interfaces, `gprs[0..=30]` on
//! host-call ones, with the key of the transport), 31 (no input in the
//! register of the function ID), 32 (values sharing a register do not
//! overlap), 33 (a value's type is known, not a struct, and fits its bits),
//! 41 (`memory:` on address inputs, and only there) and 42 (`outputs_on:`).

use super::{Ctx, Types};
use crate::check::{Report, Scope};
use crate::diag::Loc;
use crate::model::{self, Reg, TypeRef};
use crate::schema;

/// SMCCC 1.2: arguments and results travel in X0-X17.
const SMCCC_MAX_REG: u8 = model::Transport::Smc.max_reg();
/// `RsiHostCall.gprs` has 31 entries.
const HOST_CALL_MAX_GPR: u8 = model::Transport::HostCall.max_reg();

/// Rules 5 and 7: resolve a function's inputs (`inputs`) or outputs, each
/// name an identifier unique among them.
pub(super) fn reg_values(
    cx: &mut Ctx<'_>,
    values: &[schema::RegValue],
    transport: model::Transport,
    types: &Types,
    inputs: bool,
) -> Vec<model::RegValue> {
    let dir = if inputs { "input" } else { "output" };
    let mut out: Vec<model::RegValue> = Vec::new();
    let mut names = Scope::default();
    for v in values {
        if cx.ident(&v.name, dir) {
            names.latest(cx, &v.name, dir, "");
        }
        if let Some(value) = reg_value(cx, v, transport, types, inputs, &out) {
            out.push(value);
        }
    }
    out
}

/// Rules 17 and 30-33, 41: one value, checked against those before it.
fn reg_value(
    cx: &mut Ctx<'_>,
    v: &schema::RegValue,
    transport: model::Transport,
    types: &Types,
    inputs: bool,
    before: &[model::RegValue],
) -> Option<model::RegValue> {
    let dir = if inputs { "input" } else { "output" };
    let reg = register(cx, v, transport, dir)?;
    if inputs && matches!(reg, Reg::X(0) | Reg::Gpr(0)) {
        carries_fid(cx, v, reg);
        return None;
    }
    let (hi, lo) = match &v.bits {
        Some(b) => cx.bits(b, 64, &format!("register {reg}"))?,
        None => (63, 0),
    };
    let (ty, tw) = value_type(cx, v, types)?;
    let span = hi - lo + 1;
    if tw > span {
        cx.err(
            &v.ty,
            format!(
                "type `{}` is {tw} bits wide but {dir} `{}` has only bits {hi}:{lo} of {reg}",
                v.ty.value, v.name.value
            ),
        );
    }
    overlap(cx, v, dir, (reg, hi, lo), before);
    let memory = memory(cx, v, &ty, inputs);
    Some(model::RegValue {
        name: v.name.value.clone(),
        reg,
        hi,
        lo,
        ty,
        optional: v.optional,
        memory,
        doc: v.doc.clone(),
        note: v.note.clone(),
        loc: cx.loc(&v.name),
    })
}

/// Rule 30: the register, named with the key of the interface's transport.
fn register(
    cx: &mut Ctx<'_>,
    v: &schema::RegValue,
    transport: model::Transport,
    dir: &str,
) -> Option<Reg> {
    match (&v.reg, &v.gpr, transport) {
        (Some(r), None, model::Transport::Smc) => smc_register(cx, r),
        (None, Some(g), model::Transport::HostCall) => {
            let n = g.value.0;
            if !(0..=i128::from(HOST_CALL_MAX_GPR)).contains(&n) {
                cx.err(
                    g,
                    format!("gpr {n} is outside RsiHostCall.gprs[0..={HOST_CALL_MAX_GPR}]"),
                );
                return None;
            }
            Some(Reg::Gpr(n as u8))
        }
        (Some(r), None, model::Transport::HostCall) => {
            cx.err(
                r,
                "`reg:` names an SMC register, but this interface is carried by RSI_HOST_CALL: use `gpr:`",
            );
            None
        }
        (None, Some(g), model::Transport::Smc) => {
            cx.err(
                g,
                "`gpr:` names a host-call register, but this interface is called by SMC: use `reg:`",
            );
            None
        }
        _ => {
            cx.err(
                &v.name,
                format!(
                    "{dir} `{}` needs exactly one of `reg:` and `gpr:`",
                    v.name.value
                ),
            );
            None
        }
    }
}

/// Rule 30: an SMC register is one of X0-X17 (SMCCC 1.2).
fn smc_register(cx: &mut Ctx<'_>, r: &schema::S<String>) -> Option<Reg> {
    let n = r
        .value
        .strip_prefix('X')
        .filter(|d| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit()))
        .and_then(|d| d.parse::<u32>().ok());
    match n {
        Some(n) if n <= u32::from(SMCCC_MAX_REG) => Some(Reg::X(n as u8)),
        Some(n) => {
            cx.err(
                r,
                format!(
                    "register X{n} is outside the SMCCC 1.2 argument registers X0-X{SMCCC_MAX_REG}"
                ),
            );
            None
        }
        None => {
            cx.err(
                r,
                format!("`{}` is not a register name X0-X{SMCCC_MAX_REG}", r.value),
            );
            None
        }
    }
}

/// Where a value's register is named: its `reg:` or its `gpr:`.
fn reg_loc(cx: &Ctx<'_>, v: &schema::RegValue) -> Option<Loc> {
    v.reg
        .as_ref()
        .map(|r| cx.loc(r))
        .or_else(|| v.gpr.as_ref().map(|g| cx.loc(g)))
}

/// Rule 31: no input in X0 or `gprs[0]`, which carry the function ID.
fn carries_fid(cx: &mut Ctx<'_>, v: &schema::RegValue, reg: Reg) {
    if let Some(loc) = reg_loc(cx, v) {
        cx.diags.push(
            loc,
            format!(
                "input `{}` cannot use {reg}: it carries the function ID",
                v.name.value
            ),
        );
    }
}

/// Rule 33: a value's type is known and is not a struct.
fn value_type(cx: &mut Ctx<'_>, v: &schema::RegValue, types: &Types) -> Option<(TypeRef, u8)> {
    let found = types.lookup(&v.ty.value);
    if found.is_none() {
        let msg = if types.structs.contains_key(&v.ty.value) {
            format!(
                "type `{}` is a struct; a register carries its address (`type: address`)",
                v.ty.value
            )
        } else {
            let (msg, notes) = types.unknown(cx, &v.ty.value, "type", true);
            cx.err_with(&v.ty, msg, notes);
            return None;
        };
        cx.err(&v.ty, msg);
    }
    found
}

/// Rule 32: values sharing a register do not overlap.
fn overlap(
    cx: &mut Ctx<'_>,
    v: &schema::RegValue,
    dir: &str,
    (reg, hi, lo): (Reg, u8, u8),
    before: &[model::RegValue],
) {
    let Some(p) = before
        .iter()
        .find(|p| p.reg == reg && p.lo <= hi && lo <= p.hi)
    else {
        return;
    };
    let at = v
        .bits
        .as_ref()
        .map(|b| cx.loc(b))
        .or_else(|| reg_loc(cx, v));
    if let Some(loc) = at {
        let msg = format!(
            "{dir} `{}` (bits {hi}:{lo} of {reg}) overlaps `{}` (bits {}:{})",
            v.name.value, p.name, p.hi, p.lo
        );
        let here = super::note(&p.loc, format!("`{}` is declared here", p.name));
        cx.diags.push_with(loc, msg, vec![here]);
    }
}

/// Rule 41: an address input says what the callee does to the memory it
/// names (`memory: read`, `write` or `none`); no other value has `memory:`.
/// Required, so that a forgotten annotation fails closed rather than make a
/// memory-writing call safe to send.
fn memory(
    cx: &mut Ctx<'_>,
    v: &schema::RegValue,
    ty: &TypeRef,
    input: bool,
) -> Option<model::Memory> {
    let address_input = input && *ty == TypeRef::Address;
    let Some(m) = v.memory.as_ref() else {
        if address_input {
            let msg = format!(
                "address input `{}` needs `memory:` (read, write or none): what the callee does to the memory it names",
                v.name.value
            );
            cx.err(&v.ty, msg);
        }
        return None;
    };
    if !address_input {
        let msg = format!(
            "`memory:` belongs on an address input; `{}` is {}",
            v.name.value,
            if input { "not an address" } else { "an output" }
        );
        cx.err(m, msg);
        return None;
    }
    match m.value.as_str() {
        "read" => Some(model::Memory::Read),
        "write" => Some(model::Memory::Write),
        "none" => Some(model::Memory::NotAccessed),
        other => {
            cx.err(
                m,
                format!("unknown memory access `{other}`; expected read, write or none"),
            );
            None
        }
    }
}

/// Rule 42: `outputs_on:` names values of the function's status (the
/// return code or status enum filling register 0), none of them success
/// (value 0), each once.
pub(super) fn outputs_on(
    cx: &mut Ctx<'_>,
    func: &schema::Function,
    outputs: &[model::RegValue],
    return_codes: Option<&model::ReturnCodes>,
    enums: &[model::Enum],
) -> Vec<model::Ref> {
    let Some(first) = func.outputs_on.first() else {
        return Vec::new();
    };
    let status = model::status_output(outputs).map(|v| &v.ty);
    let Some((ty, values)) = status_values(status, return_codes, enums) else {
        let msg = format!(
            "`outputs_on:` needs a status output of `{}`: a return code or status enum filling register 0",
            func.name.value
        );
        cx.err(first, msg);
        return Vec::new();
    };
    let mut out: Vec<model::Ref> = Vec::new();
    for name in &func.outputs_on {
        let msg = match values.iter().find(|(n, _)| *n == name.value) {
            None => format!("`{}` is not a value of `{ty}`", name.value),
            Some((_, 0)) => format!(
                "`{}` is success, whose outputs are always defined; `outputs_on:` lists the other statuses",
                name.value
            ),
            Some(_) if out.iter().any(|r| r.name == name.value) => {
                format!("`{}` is listed twice in `outputs_on:`", name.value)
            }
            Some((n, _)) => {
                out.push(model::Ref::new(*n));
                continue;
            }
        };
        cx.err(name, msg);
    }
    out
}

/// The name of a status type (a return code or an enum) and its values.
fn status_values<'m>(
    status: Option<&'m TypeRef>,
    return_codes: Option<&'m model::ReturnCodes>,
    enums: &'m [model::Enum],
) -> Option<(&'m str, Vec<(&'m str, u64)>)> {
    match status? {
        TypeRef::ReturnCode(t) => {
            let values = return_codes
                .map(|rc| rc.values.iter().map(|c| (c.name.as_str(), c.raw)).collect())
                .unwrap_or_default();
            Some((t.as_str(), values))
        }
        TypeRef::Enum(e) => {
            let values = enums
                .iter()
                .find(|x| x.name == e.name)
                .map(|x| {
                    x.values
                        .iter()
                        .map(|v| (v.name.as_str(), v.value))
                        .collect()
                })
                .unwrap_or_default();
            Some((e.name.as_str(), values))
        }
        _ => None,
    }
}
