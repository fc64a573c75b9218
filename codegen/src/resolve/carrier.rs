//! The carrier of a host-call interface: the SMC function that passes its
//! calls on (answering with its interface's return code), and the structure
//! whose `gprs` member holds their registers.
//! Checked once every interface is resolved, since the carrier is usually
//! another file's (RHI is carried by RSI's `RSI_HOST_CALL`).
//!
//! Rule of `abi/README.md` ("Checks") enforced here: 49.

use crate::check::{did_you_mean, loc};
use crate::diag::Diagnostics;
use crate::model::{self, Interface, Memory, Model, Transport, TypeRef};
use crate::schema::{self, S};

/// Rule 49 for every interface; sets each host-call interface's carrier.
/// `files` are the parsed files of `model.interfaces`, in the same order.
pub(crate) fn check(model: &mut Model, files: &[(&str, &schema::File)], diags: &mut Diagnostics) {
    let carriers: Vec<Option<model::Carrier>> = files
        .iter()
        .zip(&model.interfaces)
        .map(|((file, f), i)| carrier(model, file, &f.interface, i, diags))
        .collect();
    for (i, c) in model.interfaces.iter_mut().zip(carriers) {
        i.carrier = c;
    }
}

/// Rule 49: a host-call interface names its carrier, an SMC one does not.
fn carrier(
    model: &Model,
    file: &str,
    spec: &schema::Interface,
    i: &Interface,
    diags: &mut Diagnostics,
) -> Option<model::Carrier> {
    match (i.transport, &spec.carrier) {
        (Transport::HostCall, Some(c)) => resolve(model, file, c, diags),
        (Transport::HostCall, None) => {
            let msg = format!(
                "host-call interface `{}` needs `carrier: {{ function: …, structure: … }}`: the SMC call that passes its calls on",
                i.name
            );
            diags.push(loc(file, &spec.transport), msg);
            None
        }
        (Transport::Smc, Some(c)) => {
            let msg = "`carrier:` is for `transport: host_call` interfaces";
            diags.push(loc(file, &c.function), msg);
            None
        }
        (Transport::Smc, None) => None,
    }
}

/// Rule 49: the function is an SMC function with an address input; the
/// structure is of its interface and has `gprs`, one `u64` per register.
fn resolve(
    model: &Model,
    file: &str,
    c: &schema::Carrier,
    diags: &mut Diagnostics,
) -> Option<model::Carrier> {
    let fname = &c.function.value;
    let owner = model
        .interfaces
        .iter()
        .find(|i| i.transport == Transport::Smc && i.function(fname).is_some());
    let Some(owner) = owner else {
        let known = model
            .interfaces
            .iter()
            .filter(|i| i.transport == Transport::Smc)
            .flat_map(|i| i.functions.iter().map(|f| f.name.as_str()));
        let msg = format!(
            "unknown SMC function `{fname}`{}",
            did_you_mean(fname, known)
        );
        diags.push(loc(file, &c.function), msg);
        return None;
    };
    let f = owner.function(fname)?;
    let writes = |v: &model::RegValue| v.ty == TypeRef::Address && v.memory == Some(Memory::Write);
    if !f.inputs.iter().any(writes) {
        let msg = format!(
            "carrier `{fname}` takes no address input the callee writes (`memory: write`) to pass the structure in"
        );
        diags.push(loc(file, &c.function), msg);
    }
    let success = success(owner, f);
    if success.is_none() {
        let msg = format!(
            "carrier `{fname}` needs its interface's return code in X0, with a value 0 for success"
        );
        diags.push(loc(file, &c.function), msg);
    }
    registers(owner, file, &c.structure, diags)?;
    in_every_revision(owner, file, c, diags)?;
    Some(model::Carrier {
        interface: owner.name.clone(),
        function: fname.clone(),
        structure: c.structure.value.clone(),
        success: success?,
    })
}

/// The name of the return code 0 of `owner`, when `f` answers with it in X0.
fn success(owner: &Interface, f: &model::Function) -> Option<String> {
    let status = model::status_output(&f.outputs)?;
    let TypeRef::ReturnCode(_) = status.ty else {
        return None;
    };
    let rc = owner.return_codes.as_ref()?;
    rc.values
        .iter()
        .find(|v| v.value == 0)
        .map(|v| v.name.clone())
}

/// Rule 49: the carrier's function and structure are in every revision of
/// their interface, since a host-call interface is used with any of them.
fn in_every_revision(
    owner: &Interface,
    file: &str,
    c: &schema::Carrier,
    diags: &mut Diagnostics,
) -> Option<()> {
    let (fname, sname) = (&c.function.value, &c.structure.value);
    let missing = owner.revisions.iter().find(|r| {
        let at = owner.at(&r.name);
        at.function(fname).is_none() || at.structure(sname).is_none()
    });
    let Some(r) = missing.filter(|_| owner.revisions.len() > 1) else {
        return Some(());
    };
    let msg = format!(
        "carrier `{fname}` with `{sname}` is not in revision {} of `{}`; a host-call interface is used with every revision of its carrier",
        r.name, owner.name
    );
    diags.push(loc(file, &c.function), msg);
    None
}

/// Rule 49: `structure` is a struct of `owner` whose `gprs` member is an
/// array of one `u64` per host-call register.
fn registers(owner: &Interface, file: &str, at: &S<String>, diags: &mut Diagnostics) -> Option<()> {
    let name = &at.value;
    let Some(s) = owner.structure(name) else {
        let known = owner.structs.iter().map(|s| s.name.as_str());
        let msg = format!(
            "`{}` has no struct `{name}`{}",
            owner.name,
            did_you_mean(name, known)
        );
        diags.push(loc(file, at), msg);
        return None;
    };
    let count = Transport::HostCall.reg_count() as u64;
    let gprs = s.members.iter().find(|m| m.name == "gprs");
    if !gprs.is_some_and(|m| m.ty == Some(TypeRef::U64) && m.count == Some(count)) {
        let msg = format!("`{name}` carries no registers: it needs a member `gprs` of {count} u64");
        diags.push(loc(file, at), msg);
        return None;
    }
    Some(())
}
