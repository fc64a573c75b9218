//! Runs the hostile-host table against the generated Rust query routine and
//! prints one `result NAME value 0x…` or `result NAME error CLASS` line per
//! case, then `N passed, M failed`. `cargo xtask conformance` compares these
//! lines with the C routine's, case by case.
//!
//! Usage: `cargo run -p cca-abi --example hostile -- codegen/tests/data/hostile-host.yaml`

use cca_abi::model_host::{ScriptedCall, ScriptedHost};
use cca_abi::rhi;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    query: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    calls: Vec<Call>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Call {
    #[serde(default)]
    rsi: i128,
    #[serde(default)]
    answer: i128,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    value: Option<u64>,
    error: Option<String>,
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: hostile TABLE.yaml");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let table: Table = match serde_saphyr::from_str(&text) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(2);
        }
    };
    assert_eq!(table.query, "ipa_change_alignment", "this example runs that query");
    let fids = [
        u64::from(rhi::RHI_HOSTCONF_VERSION),
        u64::from(rhi::RHI_HOSTCONF_FEATURES),
        u64::from(rhi::RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT),
    ];
    let (mut passed, mut failed) = (0, 0);
    for case in &table.cases {
        let script: Vec<ScriptedCall> = case
            .calls
            .iter()
            .map(|c| ScriptedCall {
                rsi: c.rsi as u64,
                answer: c.answer as u64,
            })
            .collect();
        let mut host = ScriptedHost::new(&script);
        let got = rhi::ipa_change_alignment(&mut host);
        match &got {
            Ok(v) => println!("result {} value {v:#x}", case.name),
            Err(e) => println!("result {} error {}", case.name, e.class()),
        }
        let mut problems = Vec::new();
        match (&got, &case.expect.value, &case.expect.error) {
            (Ok(v), Some(w), None) if v == w => {}
            (Err(e), None, Some(class)) if e.class() == class => {}
            _ => problems.push(format!(
                "expected {:?}/{:?}, got {got:?}",
                case.expect.value, case.expect.error
            )),
        }
        if host.calls != case.calls.len() {
            problems.push(format!("made {} host calls, expected {}", host.calls, case.calls.len()));
        }
        if host.dirty_requests != 0 {
            problems.push(format!("{} requests had imm or gprs[1..30] set", host.dirty_requests));
        }
        for (k, fid) in host.fids.iter().take(host.calls.min(3)).enumerate() {
            if *fid != fids[k] {
                problems.push(format!("call {k} asked for {fid:#x}, expected {:#x}", fids[k]));
            }
        }
        if problems.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {}: {}", case.name, problems.join("; "));
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}
