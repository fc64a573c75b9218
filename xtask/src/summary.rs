//! `cargo xtask model` without `--json`: a readable summary of the resolved
//! model, one block per interface.

use std::fmt::Write as _;

use codegen::Model;
use codegen::model::{Function, Interface, Transport};

/// The summary of every interface.
pub fn model(model: &Model) -> String {
    let blocks: Vec<String> = model.interfaces.iter().map(interface).collect();
    blocks.join("\n")
}

fn interface(i: &Interface) -> String {
    let mut s = String::new();
    let transport = match i.transport {
        Transport::Smc => "SMC",
        Transport::HostCall => "host call (RSI_HOST_CALL)",
    };
    let _ = writeln!(s, "{} - {} ({})", i.name, i.title, i.file);
    let _ = writeln!(
        s,
        "  {transport}, SMCCC owner {}, SMC{}, numbers {:#x}..={:#x}",
        i.owner, i.width, i.first_number, i.last_number
    );
    let revisions: Vec<String> = i
        .revisions
        .iter()
        .map(|r| format!("{} ({:?}, reports {})", r.name, r.status, r.reports).to_lowercase())
        .collect();
    let _ = writeln!(
        s,
        "  {} revisions: {}",
        i.spec.document,
        revisions.join(", ")
    );
    let _ = writeln!(s, "  functions ({}):", i.functions.len());
    for f in &i.functions {
        let _ = writeln!(s, "{}", function(i, f));
    }
    let _ = writeln!(s, "  {}", types(i));
    for f in &i.features {
        let bits: Vec<String> = f
            .advertises
            .iter()
            .map(|a| format!("{} -> {}", a.bit, a.function))
            .collect();
        let _ = writeln!(
            s,
            "  feature register {} (from {}): {}",
            f.register,
            f.via,
            bits.join(", ")
        );
    }
    for q in &i.queries {
        let _ = writeln!(s, "  query {} ({}): {}", q.name, q.title, q.value.call);
    }
    s
}

/// `    0xC4000190  RSI_VERSION  stable, 1.0-rel0..`
fn function(i: &Interface, f: &Function) -> String {
    let span = match &f.revisions.until {
        Some(u) => format!("{}..{u}", f.revisions.since),
        None => format!("{}..", f.revisions.since),
    };
    let status = format!("{:?}", f.status).to_lowercase();
    let span = if i.revisions.len() > 1 {
        format!(", {span}")
    } else {
        String::new()
    };
    format!("    {}  {:<40} {status}{span}", f.fid_hex, f.name)
}

/// `return codes RsiCommandReturnCode (6), 15 enums, 13 bit-field sets, 7 structs`
fn types(i: &Interface) -> String {
    let rc = i
        .return_codes
        .as_ref()
        .map_or("no return codes".to_string(), |r| {
            format!("return codes {} ({})", r.name, r.values.len())
        });
    format!(
        "{rc}, {} enums, {} bit-field sets, {} structs, {} version constants, {} aliases",
        i.enums.len(),
        i.bitfields.len(),
        i.structs.len(),
        i.versions.len(),
        i.aliases.len()
    )
}
