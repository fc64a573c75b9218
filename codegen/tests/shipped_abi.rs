//! Facts about the shipped ABI description, and the loader's robustness on it.

mod common;

use codegen::model::{Status, TypeRef};
use codegen::{Model, Source, load};
use common::{abi_dir, shipped_model as model, shipped_sources as sources};

#[test]
fn rsi_1_0_has_its_ten_commands_at_the_spec_fids() {
    let m = model();
    let rsi = m.interface("RSI").expect("RSI");
    let stable: Vec<(&str, u32)> = rsi
        .functions
        .iter()
        .filter(|f| f.status == Status::Stable)
        .map(|f| (f.name.as_str(), f.fid))
        .collect();
    assert_eq!(
        stable,
        [
            ("RSI_VERSION", 0xC400_0190),
            ("RSI_FEATURES", 0xC400_0191),
            ("RSI_MEASUREMENT_READ", 0xC400_0192),
            ("RSI_MEASUREMENT_EXTEND", 0xC400_0193),
            ("RSI_ATTESTATION_TOKEN_INIT", 0xC400_0194),
            ("RSI_ATTESTATION_TOKEN_CONTINUE", 0xC400_0195),
            ("RSI_REALM_CONFIG", 0xC400_0196),
            ("RSI_IPA_STATE_SET", 0xC400_0197),
            ("RSI_IPA_STATE_GET", 0xC400_0198),
            ("RSI_HOST_CALL", 0xC400_0199),
        ]
    );
    for f in rsi.functions.iter().filter(|f| f.status == Status::Stable) {
        assert!(
            f.source.starts_with("DEN0137 1.0-rel0 B5.3."),
            "{}: {}",
            f.name,
            f.source
        );
    }
}

#[test]
fn rsi_return_codes_match_the_spec() {
    let m = model();
    let rc = m
        .interface("RSI")
        .and_then(|i| i.return_codes.as_ref())
        .expect("RSI return codes");
    let stable: Vec<(&str, i128)> = rc
        .values
        .iter()
        .filter(|v| v.status == Status::Stable)
        .map(|v| (v.name.as_str(), v.value))
        .collect();
    assert_eq!(
        stable,
        [
            ("RSI_SUCCESS", 0),
            ("RSI_ERROR_INPUT", 1),
            ("RSI_ERROR_STATE", 2),
            ("RSI_INCOMPLETE", 3),
            ("RSI_ERROR_UNKNOWN", 4),
        ]
    );
}

#[test]
fn host_call_struct_is_256_bytes_with_31_gprs() {
    let m = model();
    let hc = m
        .interface("RSI")
        .and_then(|i| i.structure("RsiHostCall"))
        .expect("RsiHostCall");
    assert_eq!((hc.size, hc.align), (0x100, 0x100));
    let imm = &hc.members[0];
    assert_eq!(
        (imm.name.as_str(), imm.offset, imm.ty.clone()),
        ("imm", 0, Some(TypeRef::U16))
    );
    let gprs = hc.members.iter().find(|m| m.name == "gprs").expect("gprs");
    assert_eq!((gprs.offset, gprs.count, gprs.size), (8, Some(31), 248));
}

#[test]
fn rhi_hostconf_group_matches_the_linux_patch() {
    let m = model();
    let rhi = m.interface("RHI").expect("RHI");
    let fid = |n: &str| rhi.function(n).map(|f| f.fid);
    assert_eq!(fid("RHI_HOSTCONF_VERSION"), Some(0xC500_004E));
    assert_eq!(fid("RHI_HOSTCONF_FEATURES"), Some(0xC500_004F));
    assert_eq!(
        fid("RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT"),
        Some(0xC500_0050)
    );
    let v = rhi.version("RHI_HOSTCONF_VER_1_0").expect("version");
    assert_eq!((v.major, v.minor, v.value), (1, 0, 0x1_0000));
    assert!(rhi.functions.iter().all(|f| f.status == Status::Draft));
}

#[test]
fn ipa_change_alignment_query_is_fully_resolved() {
    let m = model();
    let q = m
        .interface("RHI")
        .and_then(|i| i.queries.iter().find(|q| q.name == "ipa_change_alignment"))
        .expect("query");
    assert_eq!(q.version.call, "RHI_HOSTCONF_VERSION");
    assert_eq!((q.version.major, q.version.minor), (1, 0));
    assert_eq!(q.feature.call, "RHI_HOSTCONF_FEATURES");
    assert_eq!(q.feature.shift, 0);
    assert_eq!(q.value.call, "RHI_HOSTCONF_GET_IPA_CHANGE_ALIGNMENT");
    assert!(q.validate.power_of_two);
    assert_eq!(
        (q.validate.min, q.validate.max),
        (Some(0x1000), Some(0x2000_0000))
    );
}

fn outputs(model: &Model) -> codegen::Outputs {
    let text = std::fs::read_to_string(abi_dir().join("outputs.yaml")).expect("read outputs.yaml");
    let src = Source::new("abi/outputs.yaml", text);
    codegen::load_outputs(&src, model).unwrap_or_else(|d| panic!("{}", d.render(&[src])))
}

#[test]
fn output_is_identical_across_loads() {
    let (m1, m2) = (model(), model());
    let (o1, o2) = (outputs(&m1), outputs(&m2));
    let (v1, v2) = (
        codegen::plan::views(&m1, &o1),
        codegen::plan::views(&m2, &o2),
    );
    let p1 = codegen::plan::lower(&m1, &o1, &v1).expect("lower");
    let p2 = codegen::plan::lower(&m2, &o2, &v2).expect("lower");
    let a = codegen::emit::all(&p1, 2).expect("emit");
    let b = codegen::emit::all(&p2, 1).expect("emit");
    assert_eq!(a, b);
}

/// No input makes the loader panic: each interface file with every line
/// deleted in turn, with every line's value swapped for something odd, and
/// cut short every few lines. (Coverage-guided fuzzing goes further; this is
/// the deterministic floor that runs on every test.)
#[test]
fn loader_never_panics_on_damaged_input() {
    const ODD: [&str; 7] = [
        "-1",
        "0xFFFFFFFFFFFFFFFFFFFF",
        "\"63:0:1\"",
        "[]",
        "~",
        "\"\"",
        "{ a: 1 }",
    ];
    for s in sources() {
        let lines: Vec<&str> = s.text.lines().collect();
        let try_text = |text: String| {
            let _ = load(&[Source::new(s.name.clone(), text)]);
        };
        for k in 0..lines.len() {
            let mut l = lines.clone();
            l.remove(k);
            try_text(l.join("\n"));
            if let Some((key, _)) = lines[k].split_once(": ") {
                let mut l: Vec<String> = lines.iter().map(|x| x.to_string()).collect();
                l[k] = format!("{key}: {}", ODD[k % ODD.len()]);
                try_text(l.join("\n"));
            }
            if k % 16 == 0 {
                try_text(lines[..k].join("\n"));
            }
        }
    }
}
