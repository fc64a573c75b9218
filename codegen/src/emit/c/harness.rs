//! The hostile-host test driver of a profile's query routine: a userspace C
//! program that includes the routine (`routine.c`), runs it against a
//! scripted fake host (`fake_host.h`, which stands in for the carrier's
//! call) once per case, and prints `result CASE@PAGE …`, `ok`/`FAIL` lines
//! and `N passed, M failed`. The cases are data from the caller
//! (`cargo xtask c-test` reads them from `codegen/tests/data/hostile-host.yaml`);
//! the routine's name, its function IDs and the carrier's header come from
//! the model and the profile.

use serde::Serialize;

use super::query::{ROUTINE_INCLUDES, carrier_include};
use super::render;
use crate::plan::LinuxQueryPlan;

const HARNESS: &str = include_str!("../../../../templates/c/harness.c.tera");

/// One scripted call of the carrier: what the call itself returns, and what
/// the host leaves in `gprs[0]`; both as register bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HarnessCall {
    pub carrier: u64,
    pub answer: u64,
}

/// One case of the driver: the calls the routine must make, in order, and
/// the line it must print (`granule 0x…` or `error CLASS`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HarnessCase {
    pub name: String,
    pub calls: Vec<HarnessCall>,
    pub expect: String,
}

#[derive(Serialize)]
struct CaseCtx<'a> {
    name: &'a str,
    calls: Vec<String>,
    expect: &'a str,
}

#[derive(Serialize)]
struct HarnessCtx<'a> {
    includes: Vec<String>,
    fids: Vec<String>,
    cases: Vec<CaseCtx<'a>>,
    function: &'a str,
    page: &'a str,
}

/// The driver for `profile`'s routine with the guest page size named `page`
/// (`4k`; it only labels the output, the caller compiles the driver with
/// that page size).
pub fn harness(
    q: &LinuxQueryPlan<'_>,
    cases: &[HarnessCase],
    page: &str,
) -> Result<String, String> {
    let mut includes: Vec<String> = ROUTINE_INCLUDES.map(String::from).to_vec();
    includes.push(carrier_include(q));
    let cases = cases
        .iter()
        .map(|c| CaseCtx {
            name: &c.name,
            calls: c
                .calls
                .iter()
                .map(|k| format!("{{ {:#x}UL, {:#x}UL }}", k.carrier, k.answer))
                .collect(),
            expect: &c.expect,
        })
        .collect();
    let ctx = HarnessCtx {
        includes,
        fids: q
            .plan
            .calls()
            .iter()
            .map(|f| format!("{:#x}UL", f.fid))
            .collect(),
        cases,
        function: &q.config.function,
        page,
    };
    render("harness.c", HARNESS, &ctx)
}
