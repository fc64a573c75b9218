//! The hints a new user needs, on the shipped description with one mistake
//! each (issue 15, item 2): the exact headline, position and notes.

mod common;

use codegen::Source;
use common::report;

/// The shipped sources, `rhi.yaml` or `rsi.yaml` with `from` replaced by `to` once.
fn with(file: &str, from: &str, to: &str) -> Vec<Source> {
    let mut src = common::shipped_sources();
    let s = src
        .iter_mut()
        .find(|s| s.name == format!("abi/{file}"))
        .expect("file");
    assert!(s.text.contains(from), "{from}");
    s.text = s.text.replacen(from, to, 1);
    src
}

/// `abi/FILE:line:col` of the first `needle` in `src`, plus `offset` columns.
fn at(src: &[Source], file: &str, needle: &str, offset: usize) -> String {
    let s = src
        .iter()
        .find(|s| s.name == format!("abi/{file}"))
        .expect("file");
    let (n, line) = s
        .text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .expect("needle");
    let col = line.find(needle).expect("col") + 1 + offset;
    format!("abi/{file}:{}:{col}", n + 1)
}

#[test]
fn rule_33_a_type_name_with_the_wrong_case_gets_the_right_one_and_no_follow_up() {
    let src = with(
        "rhi.yaml",
        "{ name: features, gpr: 0, type: RhiHostconfFeatures }",
        "{ name: features, gpr: 0, type: RhiHostConfFeatures }",
    );
    let pos = at(&src, "rhi.yaml", "RhiHostConfFeatures", 0);
    assert_eq!(
        report(&src),
        (
            vec![format!(
                "{pos}: error: unknown type `RhiHostConfFeatures`; did you mean `RhiHostconfFeatures`? (the builtin types are u8, u16, u32, u64 and address)"
            )],
            vec![]
        )
    );
}

#[test]
fn rule_33_a_c_type_name_gets_the_builtin_it_means() {
    let src = with(
        "rsi.yaml",
        "{ name: vdev_id, reg: X1, type: u64, doc: \"Realm device identifier.\" }\n    outputs:\n      - { name: result, reg: X0, type: RsiCommandReturnCode }\n    failures:\n      - RSI_ERROR_STATE if device assignment is not enabled for the Realm.\n      - RSI_ERROR_DEVICE",
        "{ name: vdev_id, reg: X1, type: uint64_t, doc: \"Realm device identifier.\" }\n    outputs:\n      - { name: result, reg: X0, type: RsiCommandReturnCode }\n    failures:\n      - RSI_ERROR_STATE if device assignment is not enabled for the Realm.\n      - RSI_ERROR_DEVICE",
    );
    let pos = at(&src, "rsi.yaml", "uint64_t", 0);
    assert_eq!(
        report(&src),
        (
            vec![format!(
                "{pos}: error: unknown type `uint64_t`; did you mean `u64`? (the builtin types are u8, u16, u32, u64 and address)"
            )],
            vec![]
        )
    );
}

/// A new field overlapping an old one: the error is at the later of the two,
/// and a note points at the earlier, so both lines are shown.
#[test]
fn rule_18_an_overlap_names_both_fields() {
    let src = with(
        "rhi.yaml",
        "      - { bits: \"63:1\", reserved: true }\n      - { name: GET_IPA_CHANGE_ALIGNMENT, bits: \"0\",",
        "      - { bits: \"63:2\", reserved: true }\n      - { name: GET_HOST_PAGE_SIZES, bits: \"1:0\", doc: \"A new bit.\" }\n      - { name: GET_IPA_CHANGE_ALIGNMENT, bits: \"0\",",
    );
    let later = at(
        &src,
        "rhi.yaml",
        "GET_IPA_CHANGE_ALIGNMENT, bits: \"0\"",
        32,
    );
    let earlier = at(&src, "rhi.yaml", "GET_HOST_PAGE_SIZES, bits", 27);
    assert_eq!(
        report(&src),
        (
            vec![format!(
                "{later}: error: field `GET_IPA_CHANGE_ALIGNMENT` (bits 0:0) overlaps field `GET_HOST_PAGE_SIZES` (bits 1:0) of `RhiHostconfFeatures`"
            )],
            vec![format!(
                "{earlier}: note: field `GET_HOST_PAGE_SIZES` (bits 1:0) is declared here"
            )]
        )
    );
}

#[test]
fn rule_46_a_feature_bit_that_advertises_nothing_is_refused() {
    let src = with(
        "rhi.yaml",
        "      - { bits: \"63:1\", reserved: true }\n      - { name: GET_IPA_CHANGE_ALIGNMENT, bits: \"0\",",
        "      - { bits: \"63:2\", reserved: true }\n      - { name: GET_HOST_PAGE_SIZES, bits: \"1\", doc: \"A new bit.\" }\n      - { name: GET_IPA_CHANGE_ALIGNMENT, bits: \"0\",",
    );
    let bit = at(&src, "rhi.yaml", "GET_HOST_PAGE_SIZES, bits", 27);
    let entry = at(&src, "rhi.yaml", "register: RhiHostconfFeatures", 10);
    assert_eq!(
        report(&src),
        (
            vec![format!(
                "{bit}: error: feature bit `GET_HOST_PAGE_SIZES` of `RhiHostconfFeatures` advertises nothing: list it under `advertises:` of the `features:` entry for RHI_HOSTCONF_FEATURES with the function it advertises, or under `no_function:` with why"
            )],
            vec![format!("{entry}: note: the `features:` entry is here")]
        )
    );
}

#[test]
fn rule_34_a_misspelt_group_gets_the_right_one() {
    let src = with("rhi.yaml", "    group: HOSTCONF\n", "    group: HOSTCNF\n");
    let pos = at(&src, "rhi.yaml", "HOSTCNF", 0);
    assert_eq!(
        report(&src),
        (
            vec![format!(
                "{pos}: error: unknown group `HOSTCNF`; did you mean `HOSTCONF`?"
            )],
            vec![]
        )
    );
}

#[test]
fn rule_25_a_member_overlap_names_both_members() {
    let src = with(
        "rsi.yaml",
        "{ name: pad0, offset: 0x2, size: 6, reserved: true }",
        "{ name: pad0, offset: 0x2, size: 8, reserved: true }",
    );
    let later = at(&src, "rsi.yaml", "{ name: gprs, offset: 0x8", 22);
    let earlier = at(&src, "rsi.yaml", "{ name: pad0, offset: 0x2, size: 8", 22);
    assert_eq!(
        report(&src),
        (
            vec![format!(
                "{later}: error: member `gprs` (0x8..0x100) overlaps `pad0` (0x2..0xa) in `RsiHostCall`"
            )],
            vec![format!("{earlier}: note: `pad0` is declared here")]
        )
    );
}

/// A function past RHI's range: the note says where the range is declared
/// and that it is the numbers in use.
#[test]
fn rule_48_a_number_past_an_in_use_range_points_at_it() {
    let src = with(
        "rhi.yaml",
        "number: 0x56\n    fid: 0xC5000056\n",
        "number: 0x57\n    fid: 0xC5000057\n",
    );
    let number = at(&src, "rhi.yaml", "number: 0x57", 8);
    let range = at(&src, "rhi.yaml", "numbers: {", 9);
    let (heads, notes) = report(&src);
    assert_eq!(
        heads,
        [format!(
            "{number}: error: function number 0x57 of `RHI_DA_VDEV_ABORT` is outside the RHI range 0x40..=0x56"
        )]
    );
    assert_eq!(
        notes,
        [format!(
            "{range}: note: the RHI range is declared here, as the numbers in use (`in_use: true`); a function of another party belongs in an interface of its own (abi/README.md, \"Vendor extensions\")"
        )]
    );
}

/// Widening an `in_use` range without a function to show for it is refused.
#[test]
fn rule_48_an_in_use_range_is_exactly_the_numbers_used() {
    let src = with(
        "rhi.yaml",
        "last: 0x56, in_use: true",
        "last: 0x5F, in_use: true",
    );
    let range = at(&src, "rhi.yaml", "numbers: {", 9);
    assert_eq!(
        report(&src),
        (
            vec![format!(
                "{range}: error: `in_use: true` says 0x40..=0x5f are the numbers RHI uses, but they are 0x40..=0x56; make the range match, or drop `in_use` where a specification reserves the wider block"
            )],
            vec![]
        )
    );
}
