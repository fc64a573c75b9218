//! Specification revisions of the shipped RSI description: the 1.1-alp17
//! and 2.0-bet0 layouts side by side, the history of reused function
//! numbers, and the C and Rust generated for each revision naming it.

#[macro_use]
mod common;

use codegen::Source;
use codegen::load_outputs;
use codegen::model::Interface;
use codegen::narrow::Selection;
use common::shipped_model as model;

fn rsi_at(rev: &str) -> Interface {
    model().interface("RSI").expect("RSI").at(rev)
}

/// `(member, offset)` of every named member of a struct.
fn offsets(i: &Interface, s: &str) -> Vec<(String, u64)> {
    let s = i.structure(s).expect("struct");
    s.members
        .iter()
        .filter(|m| !m.reserved)
        .map(|m| (m.name.clone(), m.offset))
        .collect()
}

fn offset(i: &Interface, s: &str, member: &str) -> u64 {
    let all = offsets(i, s);
    all.iter()
        .find(|(m, _)| m == member)
        .unwrap_or_else(|| panic!("{s}.{member} in {all:?}"))
        .1
}

/// `(field, hi, lo)` of every named field of a bit-field type.
fn fields(i: &Interface, b: &str) -> Vec<(String, u8, u8)> {
    let b = i.bitfield(b).expect("bit-field type");
    b.fields
        .iter()
        .filter_map(|f| Some((f.name.clone()?, f.hi, f.lo)))
        .collect()
}

fn values(i: &Interface, e: &str) -> Vec<(String, u64)> {
    let e = i.enumeration(e).expect("enum");
    e.values.iter().map(|v| (v.name.clone(), v.value)).collect()
}

fn owned<const N: usize>(v: [(&str, u64); N]) -> Vec<(String, u64)> {
    v.iter().map(|(n, x)| (n.to_string(), *x)).collect()
}

#[test]
fn vdev_info_alp17_has_state_at_0x38_and_digests_from_0x40() {
    let i = rsi_at("1.1-alp17");
    let s = i.structure("RsiVdevInfo").expect("RsiVdevInfo");
    assert_eq!((s.size, s.align), (0x200, 0x200));
    assert_eq!(offset(&i, "RsiVdevInfo", "tdisp_version"), 0x30);
    assert_eq!(offset(&i, "RsiVdevInfo", "state"), 0x38);
    assert_eq!(offset(&i, "RsiVdevInfo", "vca_digest"), 0x40);
    assert_eq!(offset(&i, "RsiVdevInfo", "cert_digest"), 0x80);
    assert_eq!(offset(&i, "RsiVdevInfo", "pubkey_digest"), 0xC0);
    assert_eq!(offset(&i, "RsiVdevInfo", "meas_digest"), 0x100);
    assert_eq!(offset(&i, "RsiVdevInfo", "report_digest"), 0x140);
    assert!(
        !offsets(&i, "RsiVdevInfo")
            .iter()
            .any(|(m, _)| m == "vsmmu_addr")
    );
}

#[test]
fn vdev_info_bet0_has_state_at_0x40_and_digests_from_0x80() {
    let i = rsi_at("2.0-bet0");
    let s = i.structure("RsiVdevInfo").expect("RsiVdevInfo");
    assert_eq!((s.size, s.align), (0x200, 0x200));
    assert_eq!(offset(&i, "RsiVdevInfo", "format_type"), 0x30);
    assert_eq!(offset(&i, "RsiVdevInfo", "format_version"), 0x38);
    assert_eq!(offset(&i, "RsiVdevInfo", "state"), 0x40);
    assert_eq!(offset(&i, "RsiVdevInfo", "vca_digest"), 0x80);
    assert_eq!(offset(&i, "RsiVdevInfo", "report_digest"), 0x180);
    assert_eq!(offset(&i, "RsiVdevInfo", "vsmmu_addr"), 0x1C0);
    assert_eq!(offset(&i, "RsiVdevInfo", "vsmmu_vsid"), 0x1C8);
}

#[test]
fn vdev_flags_p2p_bits_in_alp17_vsmmu_in_bet0() {
    let p2p = vec![
        ("p2p_bound".to_string(), 1, 1),
        ("p2p_enabled".to_string(), 0, 0),
    ];
    assert_eq!(fields(&rsi_at("1.1-alp17"), "RsiVdevFlags"), p2p);
    let vsmmu = vec![("vsmmu".to_string(), 0, 0)];
    assert_eq!(fields(&rsi_at("2.0-bet0"), "RsiVdevFlags"), vsmmu);
}

#[test]
fn vdev_state_numbering_per_revision() {
    let alp17 = owned([
        ("RSI_VDEV_STATE_NEW", 0),
        ("RSI_VDEV_STATE_UNLOCKED", 1),
        ("RSI_VDEV_STATE_LOCKED", 2),
        ("RSI_VDEV_STATE_STARTED", 3),
        ("RSI_VDEV_STATE_ERROR", 4),
    ]);
    assert_eq!(values(&rsi_at("1.1-alp17"), "RsiVdevState"), alp17);
    let bet0 = owned([
        ("RSI_VDEV_STATE_UNLOCKED", 0),
        ("RSI_VDEV_STATE_LOCKED", 1),
        ("RSI_VDEV_STATE_STARTED", 2),
        ("RSI_VDEV_STATE_ERROR", 3),
    ]);
    assert_eq!(values(&rsi_at("2.0-bet0"), "RsiVdevState"), bet0);
}

#[test]
fn validate_mapping_flags_coh_bit_0_lor_bit_1_in_both() {
    for rev in ["1.1-alp17", "2.0-bet0"] {
        let f = fields(&rsi_at(rev), "RsiDevMemFlags");
        assert_eq!(
            f,
            vec![("lor".to_string(), 1, 1), ("coh".to_string(), 0, 0)],
            "{rev}"
        );
    }
}

/// The name of the function at `number` in revision `rev`.
fn at_number(rev: &str, number: u16) -> Option<String> {
    let i = rsi_at(rev);
    i.functions
        .iter()
        .find(|f| f.number == number)
        .map(|f| f.name.clone())
}

#[test]
fn reused_numbers_per_revision() {
    let rows = [
        (
            0x19B,
            [
                "",
                "RSI_VSMMU_ACTIVATE",
                "RSI_VSMMU_ACTIVATE",
                "RSI_ARCH_DEV_ACTIVATE",
            ],
        ),
        (
            0x19C,
            [
                "",
                "RSI_RDEV_GET_INSTANCE_ID",
                "RSI_VDEV_DMA_ENABLE",
                "RSI_VDEV_DMA_ENABLE",
            ],
        ),
        (
            0x1A4,
            [
                "",
                "RSI_RDEV_CONTINUE",
                "RSI_VDEV_DMA_DISABLE",
                "RSI_VDEV_DMA_DISABLE",
            ],
        ),
        (0x1A9, ["", "RSI_RDEV_LOCK", "", ""]),
    ];
    let revs = ["1.0-rel0", "1.1-alp12", "1.1-alp17", "2.0-bet0"];
    for (number, names) in rows {
        for (rev, want) in revs.iter().zip(names) {
            let got = at_number(rev, number).unwrap_or_default();
            assert_eq!(got, want, "{number:#x} in {rev}");
        }
    }
    let m = model();
    let f = m
        .interface("RSI")
        .and_then(|i| i.function("RSI_VDEV_DMA_ENABLE"));
    assert_eq!(
        f.and_then(|f| f.reuses.clone()).as_deref(),
        Some("RSI_RDEV_GET_INSTANCE_ID")
    );
}

#[test]
fn every_draft_revision_reports_rsi_1_1() {
    let m = model();
    let i = m.interface("RSI").expect("RSI");
    let r: Vec<(String, String)> = i
        .revisions
        .iter()
        .map(|r| (r.name.clone(), r.reports.to_string()))
        .collect();
    let want = [
        ("1.0-rel0", "1.0"),
        ("1.1-alp12", "1.1"),
        ("1.1-alp17", "1.1"),
        ("2.0-bet0", "1.1"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(r, want);
}

/// A profile whose RSI header follows `rev`, with every stable and draft item.
fn profile(rev: &str) -> String {
    format!(
        concat!(
            profile_head!(),
            r#"        - interface: RSI
          path: arch/arm64/include/asm/rsi_smc.h
          guard: __ASM_RSI_SMC_H_
          fid_macro: SMC_RSI_FID
          fid_prefix: SMC_
          revision: {rev}
          statuses: [stable, draft]
"#
        ),
        rev = rev
    )
}

/// The C probe of a profile at `rev`: it checks every offset against the
/// narrowed model, so it names exactly that revision's layout.
fn c_probe(rev: &str) -> String {
    let m = model();
    let outputs = load_outputs(&Source::new("o.yaml", profile(rev)), &m)
        .unwrap_or_else(|d| panic!("{}", d.render(&[])));
    let view = codegen::plan::View::new(&m, &outputs.linux.profiles[0]);
    codegen::emit::c::layout_probe(&common::plan_of(&m, &view))
}

#[test]
fn c_header_of_each_revision_names_it_and_has_its_layout() {
    let m = model();
    for (rev, state, vca) in [("1.1-alp17", "0x38", "0x40"), ("2.0-bet0", "0x40", "0x80")] {
        let outputs = load_outputs(&Source::new("o.yaml", profile(rev)), &m)
            .unwrap_or_else(|d| panic!("{}", d.render(&[])));
        let p = &outputs.linux.profiles[0];
        let view = codegen::plan::View::new(&m, p);
        let files = codegen::emit::c::header_files(&common::plan_of(&m, &view)).expect("C header");
        let h = &files
            .iter()
            .find(|f| f.path.ends_with("rsi_smc.h"))
            .expect("header")
            .contents;
        assert!(
            h.contains(&format!("DEN0137 {rev}")),
            "{rev}: revision not named"
        );
        let prose: String = h
            .lines()
            .map(|l| l.trim_start_matches([' ', '*', '/']).trim_end())
            .collect::<Vec<_>>()
            .join(" ");
        let draft = format!("DEN0137 {rev} is a draft, which implementations report as RSI 1.1");
        assert!(prose.contains(&draft), "{rev}: {draft}\n{}", &h[..2500]);
        let want = format!("static_assert(offsetof(struct rsi_vdev_info, state) == {state});");
        assert!(h.contains(&want), "{rev}: {want}");
        let want = format!("static_assert(offsetof(struct rsi_vdev_info, vca_digest) == {vca});");
        assert!(h.contains(&want), "{rev}: {want}");
        assert!(c_probe(rev).contains("offset RsiVdevInfo.state"), "{rev}");
    }
}

#[test]
fn rust_module_of_each_revision_names_it_and_has_its_layout() {
    let m = model();
    let files = codegen::emit::rust::files(&m, 2);
    let find = |p: &str| {
        files
            .iter()
            .find(|f| f.path == p)
            .unwrap_or_else(|| panic!("{p}"))
            .contents
            .clone()
    };
    for (path, rev, state) in [
        ("rust/src/rsi_1_1_alp17.rs", "1.1-alp17", "0x38"),
        ("rust/src/rsi.rs", "2.0-bet0", "0x40"),
    ] {
        let text = find(path);
        assert!(
            text.contains(&format!("pub const SPEC_REVISION: &str = \"{rev}\";")),
            "{path}"
        );
        let want = format!("core::mem::offset_of!(RsiVdevInfo, state) != {state}");
        assert!(text.contains(&want), "{path}: {want}");
    }
    let cargo = find("rust/Cargo.toml");
    assert!(cargo.contains("default = [\"rsi-2-0-bet0\"]"), "{cargo}");
    assert!(cargo.contains("rsi-1-1-alp17 = []"), "{cargo}");
    let lib = find("rust/src/lib.rs");
    assert!(lib.contains("#[path = \"rsi_1_1_alp17.rs\"]"), "{lib}");
}

#[test]
fn narrowing_to_a_revision_is_idempotent_and_keeps_names_unique() {
    let m = model();
    for r in &m.interface("RSI").expect("RSI").revisions {
        let sel: Selection = [("RSI".to_string(), r.name.clone())].into();
        let once = m.at(&sel);
        let i = once.interface("RSI").expect("RSI");
        let mut names: Vec<&str> = i.structs.iter().map(|s| s.name.as_str()).collect();
        names.extend(i.enums.iter().map(|e| e.name.as_str()));
        names.extend(i.bitfields.iter().map(|b| b.name.as_str()));
        names.extend(i.functions.iter().map(|f| f.name.as_str()));
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "{}", r.name);
        let twice = once.at(&sel);
        assert_eq!(
            serde_json::to_string(&twice).expect("json"),
            serde_json::to_string(&once).expect("json")
        );
    }
}
