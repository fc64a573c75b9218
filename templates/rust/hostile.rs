//! Runs the hostile-host table against the generated Rust query routine, once
//! per case and guest page size of the table (cases in the table's order,
//! page sizes in name order), and prints for each run
//!
//! ```text
//! result CASE@PS granule 0x…      (or: result CASE@PS error CLASS)
//! ok CASE@PS                      (or: FAIL CASE@PS: reasons)
//! ```
//!
//! where `PS` is the page size's name in the table (`4k`, `64k`) and `CLASS`
//! is `transport` or `invalid`, then `N passed, M failed` on a line of its
//! own. A run passes when its outcome is the expected one, the routine made
//! exactly the scripted host calls, asked for the version, features and value
//! function identifiers in that order, and sent every request with `imm` and
//! `gprs[1..=30]` zero (the scripted host scribbles over them after each
//! call). `cargo xtask c-test` compares the `result` lines with the C
//! routine's. Exit status: 0 when every run passed, 1 when one failed, 2 when
//! the table cannot be read.
//!
//! Usage: `cargo run -p cca-abi --example hostile -- codegen/tests/data/hostile-host.yaml`

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};

use cca_abi::model_host::{ScriptedCall, ScriptedHost};
use cca_abi::{QueryError, rhi};
use serde::Deserialize;

/// The query this example runs.
const QUERY: &str = "ipa_change_alignment";

/// The function identifiers the routine must ask for, in order.
const FIDS: [u32; 3] = [
    rhi::RHI_HOSTCONF_VERSION,
    rhi::RHI_HOSTCONF_FEATURES,
    rhi::RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT,
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    query: String,
    page_sizes: BTreeMap<String, u64>,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    calls: Vec<Call>,
    expect: Expect,
}

/// One scripted host call; values are register bits, written as a `u64` or
/// a negative `i64` (`-1` is `SMCCC_RET_NOT_SUPPORTED`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Call {
    #[serde(default, deserialize_with = "register")]
    rsi: u64,
    #[serde(default, deserialize_with = "register")]
    answer: u64,
}

/// Register bits of a table value; anything that does not fit 64 bits is an
/// error, never wrapped.
fn register<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let v = i128::deserialize(d)?;
    u64::try_from(v)
        .ok()
        .or_else(|| i64::try_from(v).ok().map(|x| x as u64))
        .ok_or_else(|| serde::de::Error::custom(format!("{v} does not fit a 64-bit register")))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "lowercase")]
enum Expect {
    /// The granule the routine gives, per page-size name.
    Granule(BTreeMap<String, u64>),
    /// The failure class of the error it returns.
    Error(ErrorClass),
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ErrorClass {
    Transport,
    Invalid,
}

impl ErrorClass {
    const fn name(self) -> &'static str {
        match self {
            ErrorClass::Transport => "transport",
            ErrorClass::Invalid => "invalid",
        }
    }
}

/// The outcome of one run, as the `result` line prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Granule(u64),
    Error(&'static str),
}

impl From<Result<u64, QueryError>> for Outcome {
    fn from(r: Result<u64, QueryError>) -> Self {
        match r {
            Ok(g) => Outcome::Granule(g),
            Err(e) => Outcome::Error(e.class()),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Granule(g) => write!(f, "granule {g:#x}"),
            Outcome::Error(class) => write!(f, "error {class}"),
        }
    }
}

/// A case's script as the scripted host takes it.
fn script(case: &Case) -> Vec<ScriptedCall> {
    case.calls
        .iter()
        .map(|c| ScriptedCall {
            rsi: c.rsi,
            answer: c.answer,
        })
        .collect()
}

/// The table's own consistency: the query this example runs, and one granule
/// per page size, named as the page sizes are.
fn check_table(table: &Table) -> Result<(), String> {
    if table.query != QUERY {
        return Err(format!(
            "the table is for `{}`, this example runs `{QUERY}`",
            table.query
        ));
    }
    let names: Vec<&String> = table.page_sizes.keys().collect();
    for case in &table.cases {
        if let Expect::Granule(g) = &case.expect {
            let got: Vec<&String> = g.keys().collect();
            if got != names {
                return Err(format!(
                    "case {}: granule names {got:?}, the page sizes are {names:?}",
                    case.name
                ));
            }
        }
    }
    Ok(())
}

/// Read and check the table at `path`.
fn load(path: &str) -> Result<Table, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let table: Table = serde_saphyr::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    check_table(&table).map_err(|e| format!("{path}: {e}"))?;
    Ok(table)
}

/// The expected outcome of `case` for the page size named `ps`.
fn expected(case: &Case, ps: &str) -> Option<Outcome> {
    match &case.expect {
        Expect::Granule(g) => g.get(ps).copied().map(Outcome::Granule),
        Expect::Error(class) => Some(Outcome::Error(class.name())),
    }
}

/// What is wrong with the requests the routine sent to `host`.
fn request_problems(host: &ScriptedHost<'_>, scripted: usize) -> Vec<String> {
    let mut problems = Vec::new();
    if host.calls != scripted {
        problems.push(format!(
            "made {} host calls, expected {scripted}",
            host.calls
        ));
    }
    if host.dirty_requests != 0 {
        problems.push(format!(
            "{} requests had imm or gprs[1..=30] set",
            host.dirty_requests
        ));
    }
    for (k, (&fid, &want)) in host.fids.iter().zip(&FIDS).take(host.calls).enumerate() {
        if fid != u64::from(want) {
            problems.push(format!("call {k} asked for {fid:#x}, expected {want:#x}"));
        }
    }
    problems
}

/// Run `case` on a guest with `page_size`: the outcome, and every problem.
fn run_one(case: &Case, ps: &str, page_size: u64) -> (Outcome, Vec<String>) {
    let script = script(case);
    let mut host = ScriptedHost::new(&script);
    let got = Outcome::from(rhi::ipa_change_alignment(&mut host, page_size));
    let mut problems = Vec::new();
    match expected(case, ps) {
        Some(want) if want == got => {}
        Some(want) => problems.push(format!("expected {want}, got {got}")),
        None => problems.push(format!("no expected outcome for page size {ps}")),
    }
    problems.extend(request_problems(&host, script.len()));
    (got, problems)
}

/// Run every case at every page size, printing to `out`: (passed, failed).
fn run(table: &Table, out: &mut impl Write) -> io::Result<(usize, usize)> {
    let (mut passed, mut failed) = (0, 0);
    for case in &table.cases {
        for (ps, &page_size) in &table.page_sizes {
            let id = format!("{}@{ps}", case.name);
            let (got, problems) = run_one(case, ps, page_size);
            writeln!(out, "result {id} {got}")?;
            if problems.is_empty() {
                passed += 1;
                writeln!(out, "ok {id}")?;
            } else {
                failed += 1;
                writeln!(out, "FAIL {id}: {}", problems.join("; "))?;
            }
        }
    }
    writeln!(out, "{passed} passed, {failed} failed")?;
    Ok((passed, failed))
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: hostile TABLE.yaml");
        std::process::exit(2);
    };
    let table = load(&path).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2);
    });
    match run(&table, &mut io::stdout().lock()) {
        Ok((_, 0)) => {}
        Ok(_) => std::process::exit(1),
        Err(e) => {
            eprintln!("error: writing the results: {e}");
            std::process::exit(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped table, where this crate sits in its workspace.
    const TABLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../codegen/tests/data/hostile-host.yaml"
    );

    #[test]
    fn the_hostile_host_table_passes() {
        let table = load(TABLE).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        let (passed, failed) = run(&table, &mut out).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&out);
        assert_eq!(failed, 0, "{text}");
        assert_eq!(passed, table.cases.len() * table.page_sizes.len());
        assert_eq!(
            text.lines().filter(|l| l.starts_with("result ")).count(),
            passed
        );
    }

    #[test]
    fn a_granule_map_must_name_every_page_size() {
        let text = "query: ipa_change_alignment\n\
                    page_sizes: { 4k: 0x1000, 64k: 0x10000 }\n\
                    cases:\n  - { name: c, calls: [], expect: { granule: { 4k: 0x1000 } } }\n";
        let table: Table = serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        assert!(check_table(&table).is_err());
    }
}
