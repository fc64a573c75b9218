//! A vendor extension in a file of its own (`tests/data/vendor.yaml`): it
//! loads beside the shipped description and gets JSON, Rust and C; with its
//! range overlapping an Arm one, it is refused.

mod common;

use std::path::Path;

use codegen::{Source, load, load_outputs};
use common::report;

fn sources(vendor: &str) -> Vec<Source> {
    let mut out = common::shipped_sources();
    out.push(Source::new("abi/vendor.yaml", vendor.to_string()));
    out
}

fn vendor() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vendor.yaml");
    std::fs::read_to_string(p).expect("read the vendor file")
}

const PROFILE: &str = r#"linux:
  default: p
  profiles:
    - name: p
      doc: d
      spdx: GPL-2.0-only
      copyright: Copyright (C) 2026 A Vendor
      headers:
        - interface: VND
          path: arch/arm64/include/asm/vnd.h
          guard: __ASM_VND_H_
          fid_macro: SMC_VND_CALL
          fid_prefix: ""
          statuses: [stable]
"#;

#[test]
fn a_vendor_function_and_feature_bit_get_json_rust_and_c() {
    let src = sources(&vendor());
    let model = load(&src).unwrap_or_else(|d| panic!("{}", d.render(&src)));
    let vnd = model.interface("VND").expect("VND");
    let f = vnd.function("VND_GET_WIDGET").expect("the vendor function");
    assert_eq!(f.fid, 0xC600_0002, "fast, SMC64, owner 6, number 2");
    let feature = &vnd.features[0];
    assert_eq!(
        (
            feature.advertises[0].bit.as_str(),
            feature.advertises[0].shift
        ),
        ("GET_WIDGET", 0)
    );

    let json = codegen::emit::json::render(&model);
    assert!(json.contains("\"VND_GET_WIDGET\""), "JSON");

    let rust = codegen::emit::rust::files(&model, 2);
    let module = rust
        .iter()
        .find(|f| f.path == "rust/src/vnd.rs")
        .expect("rust/src/vnd.rs");
    assert!(
        module.contents.contains("pub const VND_GET_WIDGET: u32"),
        "Rust FID constant"
    );
    assert!(
        module.contents.contains("GetWidget = 0xC600_0002"),
        "Rust function identifier"
    );
    assert!(
        module.contents.contains("pub struct VndFeatures"),
        "Rust feature register"
    );

    let outputs = load_outputs(&Source::new("o.yaml", PROFILE), &model)
        .unwrap_or_else(|d| panic!("{}", d.render(&[])));
    let view = codegen::plan::View::new(&model, &outputs.linux.profiles[0]);
    let c = codegen::emit::c::header_files(&common::plan_of(&model, &view)).expect("C");
    let h = &c[0].contents;
    assert!(h.contains("#define VND_GET_WIDGET\t"), "C FID macro:\n{h}");
    assert!(h.contains("SMC_VND_CALL(0x2)"), "C FID macro value:\n{h}");
    assert!(h.contains("ARM_SMCCC_OWNER_VENDOR_HYP"), "C owner:\n{h}");
    assert!(
        h.contains("VND_FEATURES_GET_WIDGET_SHIFT"),
        "C feature bit:\n{h}"
    );
}

#[test]
fn rule_47_a_vendor_range_overlapping_an_arm_range_is_refused() {
    let text = vendor()
        .replace("owner: 6 ", "owner: 5 ")
        .replace(
            "numbers: { first: 0x0, last: 0x1F }",
            "numbers: { first: 0x50, last: 0x6F }",
        )
        .replace("number: 0x0\n", "number: 0x50\n")
        .replace("number: 0x1\n", "number: 0x51\n")
        .replace("number: 0x2\n", "number: 0x52\n");
    let (headlines, notes) = report(&sources(&text));
    assert_eq!(
        headlines,
        [
            "abi/vendor.yaml:13:12: error: numbers 0x50..=0x6f of VND overlap RHI's 0x40..=0x56 (SMCCC owner 5); give each interface a range of its own, a vendor one outside Arm's"
        ]
    );
    assert_eq!(
        notes,
        ["abi/rhi.yaml:44:12: note: RHI's range is declared here"]
    );
}

#[test]
fn rule_34_a_vendor_bit_in_an_arm_feature_register_is_refused_with_why() {
    let text = vendor().replace("register: VndFeatures", "register: RhiHostconfFeatures");
    let (headlines, notes) = report(&sources(&text));
    assert_eq!(
        headlines,
        [
            "abi/vendor.yaml:74:15: error: unknown bit-field type `RhiHostconfFeatures`: it belongs to RHI, and an interface refers only to its own items"
        ]
    );
    assert_eq!(
        notes,
        ["abi/rhi.yaml:210:11: note: `RhiHostconfFeatures` is defined here"]
    );
}
