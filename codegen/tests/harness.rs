//! The C the test tools run: the query routine's test driver and the layout
//! probe take every interface-specific name from the model and the profile.

mod common;

use std::path::Path;

use codegen::config::{Fragment, LinuxProfile};
use codegen::emit::c::{HarnessCall, HarnessCase, harness, layout_probe, probe_figures};
use codegen::{Model, Outputs, Source, load, load_outputs};

fn shipped() -> (Model, Outputs) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../abi");
    let read = |f: &str| {
        Source::new(
            format!("abi/{f}"),
            std::fs::read_to_string(dir.join(f)).expect("read"),
        )
    };
    let sources = vec![read("rhi.yaml"), read("rsi.yaml")];
    let model = load(&sources).unwrap_or_else(|d| panic!("{}", d.render(&sources)));
    let src = read("outputs.yaml");
    let outputs = load_outputs(&src, &model).unwrap_or_else(|d| panic!("{}", d.render(&[src])));
    (model, outputs)
}

fn one_case() -> Vec<HarnessCase> {
    vec![HarnessCase {
        name: "good".into(),
        calls: vec![HarnessCall {
            carrier: 0,
            answer: 0x10000,
        }],
        expect: "granule 0x1000".into(),
    }]
}

fn profile<'o>(outputs: &'o Outputs, name: &str) -> &'o LinuxProfile {
    outputs.linux.profile(name).expect("shipped profile")
}

#[test]
fn the_driver_includes_the_header_the_profile_puts_the_carrier_in() {
    let (model, outputs) = shipped();
    let mut p = profile(&outputs, "rsi-c").clone();
    let edit = p
        .edits
        .iter_mut()
        .find(|e| e.fragment == Fragment::RsiHostCall);
    edit.expect("a carrier edit").path = "arch/arm64/include/asm/rsi_host.h".into();
    let view = codegen::plan::View::new(&model, &p);
    let plan = common::plan_of(&model, &view);
    let c = harness(plan.query.as_ref().expect("query"), &one_case(), "4k").expect("driver");
    assert!(c.contains("#include <asm/rsi_host.h>\n"), "{c}");
    assert!(!c.contains("rsi_cmds.h"), "{c}");
}

#[test]
fn the_driver_runs_the_profiles_routine_on_the_querys_fids() {
    let (model, outputs) = shipped();
    let view = codegen::plan::View::new(&model, profile(&outputs, "rhi-c"));
    let plan = common::plan_of(&model, &view);
    let q = plan.query.as_ref().expect("query");
    let c = harness(q, &one_case(), "64k").expect("driver");
    let fids = q.plan.calls().map(|f| f.fid);
    let want = format!(
        "fids[3] = {{ {:#x}UL, {:#x}UL, {:#x}UL }};",
        fids[0], fids[1], fids[2]
    );
    assert!(c.contains(&want), "{c}");
    assert!(
        c.contains("err = rhi_get_ipa_change_alignment(&value);"),
        "{c}"
    );
    assert!(
        c.contains("\t{ \"good\", calls_0, 1, \"granule 0x1000\" },"),
        "{c}"
    );
    assert!(c.contains("printf(\"ok %s@64k\\n\", t->name);"), "{c}");
}

#[test]
fn the_layout_probe_prints_exactly_the_listed_figures() {
    let (model, outputs) = shipped();
    for p in &outputs.linux.profiles {
        let view = codegen::plan::View::new(&model, p);
        let plan = common::plan_of(&model, &view);
        let probe = layout_probe(&plan);
        let printed: Vec<&str> = probe
            .lines()
            .filter_map(|l| l.split('"').nth(1))
            .filter(|l| !l.starts_with('%'))
            .map(|l| l.trim_end_matches(" %zu\\n"))
            .collect();
        let listed: Vec<String> = probe_figures(&plan).iter().map(|f| f.label()).collect();
        assert!(!listed.is_empty(), "{}", p.name);
        assert_eq!(printed, listed, "{}", p.name);
    }
}
