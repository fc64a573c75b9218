//! Bad-input corpus: each test feeds a small file that breaks one rule and
//! asserts the complete diagnostic, position included.

#[macro_use]
mod common;

use codegen::{Source, load};

/// Lines 1-12 of every test file: a valid SMC interface.
const HEAD: &str = concat!(
    t_interface!(),
    r#"  revision: "1.0"
  draft_revision: "1.1"
  spec: { document: DEN0137, revision: 1.0-rel0, title: RMM }
  source: test
"#
);

/// The same for a host-call interface (owner 5).
const HEAD_HOST: &str = r#"interface:
  name: H
  title: Test host interface
  transport: host_call
  owner: 5
  call_type: fast
  width: 64
  numbers: { first: 0x0, last: 0xFF }
  revision: "1.0"
  draft_revision: "1.1"
  spec: { document: RHI, revision: beta, title: RHI }
  source: test
  carrier: { function: C_CALL, structure: CCall }
"#;

/// The SMC interface that carries `H`'s calls (rule 49).
const CARRIER: &str = r#"interface:
  name: C
  title: Test carrier
  transport: smc
  owner: 4
  call_type: fast
  width: 64
  numbers: { first: 0x0, last: 0xF }
  revision: "1.0"
  spec: { document: C, revision: "1.0", title: C }
  source: test
return_codes:
  name: CStatus
  width: 64
  signed: false
  source: test
  values:
    - { name: C_SUCCESS, value: 0, meaning: Done. }
structs:
  - name: CCall
    size: 0x100
    align: 0x100
    source: test
    members:
      - { name: imm, offset: 0x0, type: u16 }
      - { name: pad0, offset: 0x2, size: 6, reserved: true }
      - { name: gprs, offset: 0x8, type: u64, count: 31 }
functions:
  - name: C_CALL
    number: 0x0
    since: "1.0"
    status: stable
    source: test
    doc: Passes a host call on.
    inputs:
      - { name: addr, reg: X1, type: address, memory: write }
    outputs:
      - { name: result, reg: X0, type: CStatus }
"#;

/// The sources of `(name, text)` pairs.
fn sources(files: &[(&str, String)]) -> Vec<Source> {
    files
        .iter()
        .map(|(n, t)| Source::new(*n, t.clone()))
        .collect()
}

/// Headlines (`file:line:col: error: message`) for a set of files.
fn errors_of(files: &[(&str, String)]) -> Vec<String> {
    common::headlines(&sources(files))
}

fn errors(body: &str) -> Vec<String> {
    errors_of(&[("t.yaml", format!("{HEAD}{body}"))])
}

fn host_errors(body: &str) -> Vec<String> {
    errors_of(&[
        ("c.yaml", CARRIER.to_string()),
        ("h.yaml", format!("{HEAD_HOST}{body}")),
    ])
}

/// An SMC test body moved onto the host-call interface `H`, where queries live.
fn on_host(body: &str) -> String {
    body.replace("T_", "H_")
        .replace("reg: X0", "gpr: 0")
        .replace("reg: X1", "gpr: 0")
        .replace("number: 0x19", "number: 0x9")
}

const FUNC_OK: &str = r#"functions:
  - name: T_VERSION
    number: 0x190
    since: "1.0"
    status: stable
    source: test
    doc: Version.
"#;

/// `FUNC_OK` with a second function, its copy with `from` replaced by `to`.
fn func_ok_twice(from: &str, to: &str) -> String {
    format!(
        "{FUNC_OK}{}",
        &FUNC_OK["functions:\n".len()..].replace(from, to)
    )
}

#[test]
fn valid_base_loads() {
    assert_eq!(errors(FUNC_OK), Vec::<String>::new());
}

#[test]
fn rule_2_unknown_key() {
    assert_eq!(
        errors("functions:\n  - name: T_A\n    numbr: 0x190\n"),
        [
            "t.yaml:15:5: error: unknown field `numbr`, expected one of name, number, fid, since, until, reuses, status, aliases, group, source, doc, note, inputs, outputs, outputs_on, failures"
        ]
    );
}

#[test]
fn rule_2_unknown_top_level_key() {
    assert_eq!(
        errors("function: []\n"),
        [
            "t.yaml:13:1: error: unknown field `function`, expected one of interface, groups, versions, return_codes, enums, bitfields, structs, functions, aliases, features, queries"
        ]
    );
}

#[test]
fn rule_3_duplicate_key() {
    assert_eq!(
        errors("enums:\n  - name: E\n    name: F\n"),
        ["t.yaml:15:5: error: duplicate key `name`"]
    );
}

#[test]
fn rule_1_yaml_syntax_error() {
    assert_eq!(
        errors("enums: [\n"),
        ["t.yaml:13:8: error: unclosed bracket '['"]
    );
}

#[test]
fn rule_4_missing_required_key() {
    assert_eq!(
        errors("enums:\n  - name: E\n    source: s\n    values: []\n"),
        ["t.yaml:16:5: error: missing field `width`"]
    );
}

#[test]
fn rule_6_duplicate_function_name() {
    assert_eq!(
        errors(&func_ok_twice("0x190", "0x191")),
        ["t.yaml:20:11: error: duplicate name `T_VERSION`; first defined at t.yaml:14:11"]
    );
}

#[test]
fn rule_6_duplicate_name_across_kinds() {
    let body = format!(
        "enums:\n  - name: T_VERSION\n    width: 8\n    source: s\n    values: []\n{FUNC_OK}"
    );
    assert_eq!(
        errors(&body),
        ["t.yaml:19:11: error: duplicate name `T_VERSION`; first defined at t.yaml:14:11"]
    );
}

#[test]
fn rule_13_duplicate_function_number() {
    assert_eq!(
        errors(&func_ok_twice("T_VERSION", "T_OTHER")),
        [
            "t.yaml:21:13: error: function number 0x190 of `T_OTHER` is already used by `T_VERSION` (owner 4) at t.yaml:15:13"
        ]
    );
}

#[test]
fn rule_47_duplicate_function_number_across_files_of_one_owner() {
    // Two interfaces of one owner share a number only through their ranges,
    // so rule 47 reports the ranges (with a note at the first), not each number.
    let other = HEAD.replace("name: T\n", "name: U\n") + &FUNC_OK.replace("T_VERSION", "U_VERSION");
    let files = [("t.yaml", format!("{HEAD}{FUNC_OK}")), ("u.yaml", other)];
    assert_eq!(
        errors_of(&files),
        [
            "u.yaml:8:12: error: numbers 0x190..=0x1af of U overlap T's 0x190..=0x1af (SMCCC owner 4); give each interface a range of its own, a vendor one outside Arm's"
        ]
    );
    assert_eq!(
        notes_of(&files),
        ["t.yaml:8:12: note: T's range is declared here"]
    );
}

/// The notes of every diagnostic, in order.
fn notes_of(files: &[(&str, String)]) -> Vec<String> {
    common::notes(&sources(files))
}

#[test]
fn rule_14_literal_fid_disagrees_with_derived() {
    let body = FUNC_OK.replace("    since:", "    fid: 0xC4000191\n    since:");
    assert_eq!(
        errors(&body),
        [
            "t.yaml:16:10: error: fid 0xC4000191 does not match 0xC4000190, derived from owner 4, number 0x190 (fast, SMC64)"
        ]
    );
}

#[test]
fn rule_14_literal_fid_that_agrees_is_accepted() {
    let body = FUNC_OK.replace("    since:", "    fid: 0xC4000190\n    since:");
    assert_eq!(errors(&body), Vec::<String>::new());
}

#[test]
fn rule_12_function_number_outside_range() {
    assert_eq!(
        errors(&FUNC_OK.replace("0x190", "0x1B0")),
        [
            "t.yaml:15:13: error: function number 0x1b0 of `T_VERSION` is outside the T range 0x190..=0x1af"
        ]
    );
}

const BF: &str = "bitfields:\n  - name: B\n    width: 8\n    source: s\n    fields:\n";

#[test]
fn rule_18_bitfield_overlap() {
    let body =
        format!("{BF}      - {{ name: a, bits: \"7:4\" }}\n      - {{ name: b, bits: \"5:0\" }}\n");
    assert_eq!(
        errors(&body),
        ["t.yaml:19:26: error: field `b` (bits 5:0) overlaps field `a` (bits 7:4) of `B`"]
    );
}

#[test]
fn rule_20_bitfield_gap_without_reserved_range() {
    let body =
        format!("{BF}      - {{ name: a, bits: \"7:4\" }}\n      - {{ name: b, bits: \"2:0\" }}\n");
    assert_eq!(
        errors(&body),
        [
            "t.yaml:14:11: error: bit 3 of `B` is not covered; declare a field or `reserved: true` range for it"
        ]
    );
}

#[test]
fn rule_20_bitfield_low_bits_not_covered() {
    let body = format!("{BF}      - {{ name: a, bits: \"7:4\" }}\n");
    assert_eq!(
        errors(&body),
        [
            "t.yaml:14:11: error: bits 3:0 of `B` are not covered; declare a field or `reserved: true` range for it"
        ]
    );
}

#[test]
fn rule_20_bitfield_explicit_reserved_range_is_accepted() {
    let body = format!(
        "{BF}      - {{ name: a, bits: \"7:4\" }}\n      - {{ bits: \"3:0\", reserved: true }}\n"
    );
    assert_eq!(errors(&body), Vec::<String>::new());
}

#[test]
fn rule_17_bitfield_exceeds_width() {
    let body = format!("{BF}      - {{ name: a, bits: \"8:0\" }}\n");
    assert_eq!(
        errors(&body),
        ["t.yaml:18:26: error: bits 8:0 exceed the 8-bit width of `B`"]
    );
}

#[test]
fn rule_19_bitfield_declared_least_significant_first() {
    let body = format!(
        "{BF}      - {{ name: a, bits: \"3:0\", reserved: false }}\n      - {{ name: b, bits: \"7:4\" }}\n"
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:19:26: error: field `b` (bits 7:4) is declared after field `a` (bits 3:0); declare fields from the most significant bit down"
        ]
    );
}

#[test]
fn rule_17_bitfield_range_written_backwards() {
    let body = format!("{BF}      - {{ name: a, bits: \"0:7\" }}\n");
    assert_eq!(
        errors(&body),
        ["t.yaml:18:26: error: bits 0:7 have hi below lo; write them as 7:0"]
    );
}

#[test]
fn rule_16_enum_value_too_wide_for_enum() {
    let body = "enums:\n  - name: E\n    width: 2\n    source: s\n    values:\n      - { name: T_A, value: 4 }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:18:29: error: value 0x4 of `E::T_A` does not fit in 2 bits"]
    );
}

#[test]
fn rule_22_enum_value_too_wide_for_its_field() {
    let body = format!(
        "enums:\n  - name: E\n    width: 8\n    source: s\n    values:\n      - {{ name: T_A, value: 2 }}\n{BF}      - {{ name: a, bits: \"7:1\", reserved: true }}\n      - {{ name: f, bits: \"0\", type: E }}\n"
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:24:17: error: a reserved range has no name; drop `name:` or `reserved:`",
            "t.yaml:25:37: error: enum `E` has value 0x2 which does not fit the 1-bit field `f` of `B`",
        ]
    );
}

#[test]
fn rule_16_duplicate_enum_value_number() {
    let body = "enums:\n  - name: E\n    width: 8\n    source: s\n    values:\n      - { name: T_A, value: 1 }\n      - { name: T_B, value: 1 }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:19:29: error: `E::T_B` has the value 0x1 of `T_A`"]
    );
}

const ST: &str =
    "structs:\n  - name: S\n    size: 0x10\n    align: 8\n    source: s\n    members:\n";

#[test]
fn rule_25_struct_members_overlap() {
    let body = format!(
        "{ST}      - {{ name: a, offset: 0x0, type: u64 }}\n      - {{ name: b, offset: 0x4, type: u32 }}\n      - {{ name: c, offset: 0x8, type: u64 }}\n"
    );
    assert_eq!(
        errors(&body),
        ["t.yaml:20:28: error: member `b` (0x4..0x8) overlaps `a` (0x0..0x8) in `S`"]
    );
}

#[test]
fn rule_26_struct_member_runs_past_size() {
    let body = format!(
        "{ST}      - {{ name: a, offset: 0x0, type: u64 }}\n      - {{ name: b, offset: 0x8, type: u64, count: 2 }}\n"
    );
    assert_eq!(
        errors(&body),
        ["t.yaml:20:28: error: member `b` (0x8..0x18) runs past the size 0x10 of `S`"]
    );
}

#[test]
fn rule_27_struct_member_breaks_alignment() {
    let body = format!(
        "{ST}      - {{ name: a, offset: 0x0, type: u32 }}\n      - {{ name: p, offset: 0x4, size: 2, reserved: true }}\n      - {{ name: b, offset: 0x6, type: u64 }}\n      - {{ name: c, offset: 0xe, size: 2, reserved: true }}\n"
    );
    assert_eq!(
        errors(&body),
        ["t.yaml:21:28: error: member `b` at offset 0x6 breaks its 8-byte alignment"]
    );
}

#[test]
fn rule_24_struct_size_not_multiple_of_alignment() {
    let body = "structs:\n  - name: S\n    size: 0xc\n    align: 8\n    source: s\n    members:\n      - { name: a, offset: 0x0, type: u32, count: 3 }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:15:11: error: size 0xc of `S` is not a multiple of its alignment 0x8"]
    );
}

#[test]
fn rule_28_struct_gap_without_reserved_range() {
    let body = format!(
        "{ST}      - {{ name: a, offset: 0x0, type: u32 }}\n      - {{ name: b, offset: 0x8, type: u64 }}\n"
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:20:28: error: bytes 0x4..0x8 of `S` are not covered; declare a member or a `reserved: true` range"
        ]
    );
}

#[test]
fn rule_28_struct_tail_not_covered() {
    let body = format!("{ST}      - {{ name: a, offset: 0x0, type: u64 }}\n");
    assert_eq!(
        errors(&body),
        [
            "t.yaml:15:11: error: bytes 0x8..0x10 of `S` are not covered; declare a member or a `reserved: true` range"
        ]
    );
}

#[test]
fn rule_24_struct_alignment_not_power_of_two() {
    let body = "structs:\n  - name: S\n    size: 0xc\n    align: 12\n    source: s\n    members:\n      - { name: a, offset: 0x0, type: u32, count: 3 }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:16:12: error: alignment 0xc of `S` is not a power of two"]
    );
}

fn func_with(io: &str) -> String {
    format!("{FUNC_OK}{io}")
}

#[test]
fn rule_33_unknown_type_in_register() {
    assert_eq!(
        errors(&func_with(
            "    inputs:\n      - { name: a, reg: X1, type: RsiNope }\n"
        )),
        [
            "t.yaml:21:35: error: unknown type `RsiNope` (the builtin types are u8, u16, u32, u64 and address)"
        ]
    );
}

#[test]
fn rule_33_struct_type_in_register() {
    let body = format!(
        "structs:\n  - name: S\n    size: 8\n    align: 8\n    source: s\n    members:\n      - {{ name: a, offset: 0, type: u64 }}\n{}",
        func_with("    inputs:\n      - { name: a, reg: X1, type: S }\n")
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:28:35: error: type `S` is a struct; a register carries its address (`type: address`)"
        ]
    );
}

#[test]
fn rule_30_register_beyond_smccc_1_2() {
    assert_eq!(
        errors(&func_with(
            "    outputs:\n      - { name: a, reg: X18, type: u64 }\n"
        )),
        ["t.yaml:21:25: error: register X18 is outside the SMCCC 1.2 argument registers X0-X17"]
    );
}

#[test]
fn rule_30_register_name_malformed() {
    assert_eq!(
        errors(&func_with(
            "    outputs:\n      - { name: a, reg: x1, type: u64 }\n"
        )),
        ["t.yaml:21:25: error: `x1` is not a register name X0-X17"]
    );
}

#[test]
fn rule_31_input_in_x0_would_overwrite_the_fid() {
    assert_eq!(
        errors(&func_with(
            "    inputs:\n      - { name: a, reg: X0, type: u64 }\n"
        )),
        ["t.yaml:21:25: error: input `a` cannot use X0: it carries the function ID"]
    );
}

#[test]
fn rule_32_register_used_twice() {
    assert_eq!(
        errors(&func_with(
            "    inputs:\n      - { name: a, reg: X1, type: u64 }\n      - { name: b, reg: X1, bits: \"7:0\", type: u8 }\n"
        )),
        ["t.yaml:22:35: error: input `b` (bits 7:0 of X1) overlaps `a` (bits 63:0)"]
    );
}

#[test]
fn rule_33_type_wider_than_its_bits() {
    assert_eq!(
        errors(&func_with(
            "    inputs:\n      - { name: a, reg: X1, bits: \"7:0\", type: u64 }\n"
        )),
        ["t.yaml:21:48: error: type `u64` is 64 bits wide but input `a` has only bits 7:0 of X1"]
    );
}

#[test]
fn rule_30_host_call_gpr_above_30() {
    let body = "functions:\n  - name: H_A\n    number: 0x1\n    since: \"1.0\"\n    status: draft\n    source: s\n    doc: d\n    outputs:\n      - { name: a, gpr: 31, type: u64 }\n";
    assert_eq!(
        host_errors(body),
        ["h.yaml:22:25: error: gpr 31 is outside RsiHostCall.gprs[0..=30]"]
    );
}

#[test]
fn rule_30_smc_register_on_host_call_interface() {
    let body = "functions:\n  - name: H_A\n    number: 0x1\n    since: \"1.0\"\n    status: draft\n    source: s\n    doc: d\n    outputs:\n      - { name: a, reg: X1, type: u64 }\n";
    assert_eq!(
        host_errors(body),
        [
            "h.yaml:22:25: error: `reg:` names an SMC register, but this interface is carried by RSI_HOST_CALL: use `gpr:`"
        ]
    );
}

#[test]
fn rule_11_stable_since_newer_than_revision() {
    assert_eq!(
        errors(&FUNC_OK.replace("since: \"1.0\"", "since: \"1.1\"")),
        [
            "t.yaml:16:12: error: since 1.1 is newer than the interface revision 1.0; a later-revision item must be `status: draft`"
        ]
    );
}

#[test]
fn rule_11_draft_since_newer_than_draft_revision() {
    assert_eq!(
        errors(
            &FUNC_OK
                .replace("since: \"1.0\"", "since: \"2.0\"")
                .replace("stable", "draft")
        ),
        ["t.yaml:16:12: error: since 2.0 is newer than the interface draft_revision 1.1"]
    );
}

#[test]
fn rule_8_unknown_status() {
    assert_eq!(
        errors(&FUNC_OK.replace("stable", "beta")),
        ["t.yaml:17:13: error: unknown status `beta`; expected stable, draft or deprecated"]
    );
}

#[test]
fn rule_35_alias_to_nothing() {
    assert_eq!(
        errors(&format!(
            "{FUNC_OK}aliases:\n  - {{ name: SMC_T, of: T_VERSIONN }}\n"
        )),
        ["t.yaml:21:24: error: alias `SMC_T` names `T_VERSIONN`, which is not defined"]
    );
}

#[test]
fn rule_35_alias_cycle() {
    assert_eq!(
        errors("aliases:\n  - { name: A, of: B }\n  - { name: B, of: A }\n"),
        [
            "t.yaml:14:20: error: alias cycle: A -> B -> A",
            "t.yaml:15:20: error: alias cycle: B -> A -> B",
        ]
    );
}

#[test]
fn rule_35_alias_chain_resolves_to_the_function() {
    let body =
        format!("{FUNC_OK}aliases:\n  - {{ name: A, of: B }}\n  - {{ name: B, of: T_VERSION }}\n");
    assert_eq!(errors(&body), Vec::<String>::new());
}

const FEAT_BASE: &str = r#"bitfields:
  - name: F
    width: 64
    source: s
    fields:
      - { bits: "63:1", reserved: true }
      - { name: X, bits: "0" }
functions:
  - name: T_FEATURES
    number: 0x191
    since: "1.0"
    status: stable
    source: s
    doc: d
    outputs:
      - { name: features, reg: X0, type: F }
  - name: T_X
    number: 0x192
    since: "1.0"
    status: stable
    source: s
    doc: d
"#;

#[test]
fn rule_34_feature_names_unknown_function() {
    let body = format!(
        "{FEAT_BASE}features:\n  - via: T_FEATURES\n    register: F\n    source: s\n    advertises:\n      - {{ bit: X, function: T_Y }}\n"
    );
    assert_eq!(
        errors(&body),
        ["t.yaml:40:29: error: unknown function `T_Y`; did you mean `T_X`?"]
    );
}

#[test]
fn rule_36_feature_names_unknown_bit() {
    let body = format!(
        "{FEAT_BASE}features:\n  - via: T_FEATURES\n    register: F\n    source: s\n    advertises:\n      - {{ bit: Y, function: T_X }}\n"
    );
    assert_eq!(
        errors(&body),
        ["t.yaml:40:16: error: unknown feature bit `Y` in `F`"]
    );
}

#[test]
fn rule_36_feature_index_on_call_without_inputs() {
    let body = format!(
        "{FEAT_BASE}features:\n  - via: T_FEATURES\n    index: 0\n    register: F\n    source: s\n    advertises:\n      - {{ bit: X, function: T_X }}\n"
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:37:12: error: `index:` given, but `T_FEATURES` takes no input to select a register"
        ]
    );
}

#[test]
fn rule_38_query_bounds_are_checked() {
    let body = format!(
        "{FEAT_BASE}features:\n  - via: T_FEATURES\n    register: F\n    source: s\n    advertises:\n      - {{ bit: X, function: T_X }}\n{}",
        "queries:\n  - name: q\n    doc: d\n    source: s\n    version: { call: T_FEATURES, output: features, requires: V }\n    feature: { call: T_FEATURES, output: features, register: F, bit: X }\n    value: { call: T_X, output: v }\n    validate: { power_of_two: true, min: 0x3000, max: 0x1000 }\n"
    );
    assert_eq!(
        host_errors(&on_host(&body)),
        [
            "h.yaml:46:62: error: unknown version constant `V`",
            "h.yaml:48:33: error: `H_X` has no output `v`",
            "h.yaml:49:42: error: 0x3000 is not a power of two, but the value must be",
            "h.yaml:49:55: error: max 0x1000 is below min 0x3000",
        ]
    );
}

#[test]
fn rule_15_return_code_outside_its_width() {
    let body = "return_codes:\n  name: R\n  width: 8\n  signed: true\n  source: s\n  values:\n    - { name: T_OK, value: 0, meaning: ok }\n    - { name: T_BAD, value: -129, meaning: bad }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:20:29: error: return code `T_BAD` = -0x81 does not fit the 8-bit signed type `R`"]
    );
}

#[test]
fn rule_23_version_does_not_fit_its_encoding() {
    let body = "bitfields:\n  - name: V\n    width: 32\n    source: s\n    fields:\n      - { bits: \"31\", reserved: true }\n      - { name: major, bits: \"30:16\" }\n      - { name: minor, bits: \"15:0\" }\nversions:\n  - { name: T_V_1_0, major: 0x8000, minor: 0, encoding: V, source: s }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:22:29: error: major must be in 0..=0x7fff, got 0x8000"]
    );
}

#[test]
fn rule_34_unknown_group() {
    assert_eq!(
        errors(&FUNC_OK.replace("    source: test\n", "    group: NOPE\n    source: test\n")),
        ["t.yaml:18:12: error: unknown group `NOPE`"]
    );
}

#[test]
fn rule_9_interface_width_must_be_32_or_64() {
    assert_eq!(
        errors_of(&[("t.yaml", HEAD.replace("width: 64", "width: 48"))]),
        ["t.yaml:7:10: error: interface width must be 32 or 64, got 48"]
    );
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let body = format!(
        "{}{}",
        FUNC_OK.replace("0x190", "0x1B0"),
        "    inputs:\n      - { name: a, reg: X19, type: u64 }\n      - { name: b, reg: X2, type: Nope }\n"
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:15:13: error: function number 0x1b0 of `T_VERSION` is outside the T range 0x190..=0x1af",
            "t.yaml:21:25: error: register X19 is outside the SMCCC 1.2 argument registers X0-X17",
            "t.yaml:22:35: error: unknown type `Nope` (the builtin types are u8, u16, u32, u64 and address)",
        ]
    );
}

#[test]
fn rendered_diagnostic_shows_the_line_and_a_caret() {
    let text = format!("{HEAD}{}", FUNC_OK.replace("0x190", "0x1B0"));
    let sources = [Source::new("t.yaml", text)];
    let Err(d) = load(&sources) else {
        panic!("expected a diagnostic")
    };
    assert_eq!(
        d.render(&sources),
        "t.yaml:15:13: error: function number 0x1b0 of `T_VERSION` is outside the T range 0x190..=0x1af\n   |\n15 |     number: 0x1B0\n   |             ^\nt.yaml:8:12: note: the T range is declared here\n  |\n8 |   numbers: { first: 0x190, last: 0x1AF }\n  |            ^\n"
    );
}

#[test]
fn rule_8_unknown_transport_and_call_type() {
    let head = HEAD
        .replace("transport: smc", "transport: hvc")
        .replace("call_type: fast", "call_type: slow");
    assert_eq!(
        errors_of(&[("t.yaml", head)]),
        [
            "t.yaml:4:14: error: unknown transport `hvc`; expected smc or host_call",
            "t.yaml:6:14: error: unknown call_type `slow`; expected fast or yielding",
        ]
    );
}

#[test]
fn rule_9_owner_beyond_six_bits() {
    assert_eq!(
        errors_of(&[("t.yaml", HEAD.replace("owner: 4", "owner: 64"))]),
        ["t.yaml:5:10: error: SMCCC owner must be in 0..=0x3f, got 0x40"]
    );
}

#[test]
fn rule_10_revision_not_major_dot_minor() {
    assert_eq!(
        errors_of(&[(
            "t.yaml",
            HEAD.replace("revision: \"1.0\"", "revision: \"1\"")
        )]),
        ["t.yaml:9:13: error: revision `1` is not of the form MAJOR.MINOR (each 0-65535)"]
    );
}

#[test]
fn rule_10_draft_revision_older_than_revision() {
    assert_eq!(
        errors_of(&[(
            "t.yaml",
            HEAD.replace("draft_revision: \"1.1\"", "draft_revision: \"0.9\"")
        )]),
        ["t.yaml:10:19: error: draft_revision 0.9 is older than revision 1.0"]
    );
}

#[test]
fn rule_7_duplicate_interface_across_files() {
    assert_eq!(
        errors_of(&[("t.yaml", HEAD.to_string()), ("u.yaml", HEAD.to_string())]),
        ["u.yaml:2:9: error: duplicate interface `T`; first defined at t.yaml:2:9"]
    );
}

#[test]
fn rule_5_name_that_is_not_an_identifier() {
    assert_eq!(
        errors(&FUNC_OK.replace("T_VERSION", "T-VERSION")),
        [
            "t.yaml:14:11: error: function name `T-VERSION` is not an identifier ([A-Za-z_][A-Za-z0-9_]*)"
        ]
    );
}

#[test]
fn rule_7_duplicate_field_name_in_a_bitfield() {
    let body =
        format!("{BF}      - {{ name: a, bits: \"7:4\" }}\n      - {{ name: a, bits: \"3:0\" }}\n");
    assert_eq!(
        errors(&body),
        ["t.yaml:19:17: error: duplicate field `a` in `B`; first defined at t.yaml:18:17"]
    );
}

#[test]
fn rule_15_duplicate_return_code_value() {
    let body = "return_codes:\n  name: R\n  width: 8\n  source: s\n  values:\n    - { name: T_OK, value: 0, meaning: ok }\n    - { name: T_ALSO, value: 0, meaning: ok }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:19:30: error: return code `T_ALSO` has the value 0x0 of `T_OK`"]
    );
}

#[test]
fn rule_29_a_struct_never_contains_itself_and_counts_are_positive() {
    let body = "structs:\n  - name: A\n    size: 8\n    align: 8\n    source: s\n    members:\n      - { name: a, offset: 0, type: u64 }\n  - name: S\n    size: 8\n    align: 8\n    source: s\n    members:\n      - { name: a, offset: 0, type: S }\n      - { name: b, offset: 0, type: u8, count: 0 }\n";
    assert_eq!(
        errors(body),
        [
            "t.yaml:25:37: error: struct `S` cannot contain itself",
            "t.yaml:26:48: error: array count must be at least 1",
        ]
    );
}

/// A struct declared above may be a member: its size and alignment are the
/// member's, and rule 27 holds it to that alignment.
#[test]
fn rule_29_a_nested_struct_is_laid_out_by_its_own_size_and_alignment() {
    let inner = "structs:\n  - name: A\n    size: 16\n    align: 8\n    source: s\n    members:\n      - { name: a, offset: 0, type: u64, count: 2 }\n";
    let outer = |off: u32| {
        format!(
            "{inner}  - name: S\n    size: 40\n    align: 8\n    source: s\n    members:\n      - {{ name: x, offset: 0, type: u32 }}\n      - {{ name: r, offset: 4, reserved: true, size: {} }}\n      - {{ name: a, offset: {off}, type: A, count: 2 }}\n",
            off - 4
        )
    };
    assert_eq!(errors(&outer(8)), Vec::<String>::new());
    let model = load(&[Source::new("t.yaml", format!("{HEAD}{}", outer(8)))]).expect("loads");
    let s = model.interfaces[0].structure("S").expect("S");
    let a = &s.members[2];
    assert_eq!((a.offset, a.size, a.count), (8, 32, Some(2)));
    assert_eq!(a.ty, Some(codegen::model::TypeRef::Struct("A".into())));
    assert_eq!(
        errors(&outer(12)),
        [
            "t.yaml:27:28: error: member `a` (0xc..0x2c) runs past the size 0x28 of `S`",
            "t.yaml:27:28: error: member `a` at offset 0xc breaks its 8-byte alignment",
        ]
    );
}

#[test]
fn rule_30_both_reg_and_gpr() {
    assert_eq!(
        errors(&func_with(
            "    inputs:\n      - { name: a, reg: X1, gpr: 1, type: u64 }\n"
        )),
        ["t.yaml:21:17: error: input `a` needs exactly one of `reg:` and `gpr:`"]
    );
}

#[test]
fn rule_36_feature_bit_wider_than_one_bit() {
    let body = FEAT_BASE.replace(
        "      - { bits: \"63:1\", reserved: true }\n      - { name: X, bits: \"0\" }\n",
        "      - { bits: \"63:2\", reserved: true }\n      - { name: X, bits: \"1:0\" }\n",
    ) + "features:\n  - via: T_FEATURES\n    register: F\n    source: s\n    advertises:\n      - { bit: X, function: T_X }\n";
    assert_eq!(
        errors(&body),
        ["t.yaml:40:16: error: feature bit `X` of `F` is 2 bits wide; a feature is one bit"]
    );
}

/// A host-call interface with a valid query `q`: version from `H_FEATURES`,
/// feature bit `X` of `F` advertising `H_X`, value `v` of `H_X`; `H_Y`
/// answers `v` too.
fn host_query() -> String {
    let body = format!(
        "{}{FEAT_BASE}{}",
        "versions:\n  - { name: T_V_1_0, major: 1, minor: 0, encoding: V, source: s }\n",
        "    outputs:\n      - { name: v, reg: X1, type: u64 }\n  - name: T_Y\n    number: 0x193\n    since: \"1.0\"\n    status: stable\n    source: s\n    doc: d\n    outputs:\n      - { name: v, reg: X1, type: u64 }\nfeatures:\n  - via: T_FEATURES\n    register: F\n    source: s\n    advertises:\n      - { bit: X, function: T_X }\nqueries:\n  - name: q\n    doc: d\n    source: s\n    version: { call: T_FEATURES, output: features, requires: T_V_1_0 }\n    feature: { call: T_FEATURES, output: features, register: F, bit: X }\n    value: { call: T_X, output: v }\n    validate: { power_of_two: true, min: 0x1000, max: 0x10000 }\n"
    );
    let body = body.replace(
        "bitfields:\n",
        "bitfields:\n  - name: V\n    width: 32\n    source: s\n    fields:\n      - { bits: \"31\", reserved: true }\n      - { name: major, bits: \"30:16\" }\n      - { name: minor, bits: \"15:0\" }\n",
    );
    on_host(&body)
}

#[test]
fn a_valid_query_loads() {
    assert_eq!(host_errors(&host_query()), Vec::<String>::new());
}

#[test]
fn rule_37_query_feature_bit_advertises_another_function() {
    let body = host_query().replace("value: { call: H_X", "value: { call: H_Y");
    assert_eq!(
        host_errors(&body),
        ["h.yaml:66:70: error: feature bit `X` advertises `H_X`, not the queried `H_Y`"]
    );
}

#[test]
fn rule_37_a_query_feature_bit_is_listed_under_features() {
    let body = host_query().replace(
        "features:\n  - via: H_FEATURES\n    register: F\n    source: s\n    advertises:\n      - { bit: X, function: H_X }\n",
        "",
    );
    assert_eq!(
        host_errors(&body),
        ["h.yaml:60:22: error: no `features:` entry says that `H_FEATURES` returns `F`",]
    );
}

#[test]
fn rule_40_a_query_sends_no_index() {
    let body = host_query()
        .replace(
            "    outputs:\n      - { name: features, gpr: 0",
            "    inputs:\n      - { name: index, gpr: 1, type: u64 }\n    outputs:\n      - { name: features, gpr: 0",
        )
        .replace("  - via: H_FEATURES\n", "  - via: H_FEATURES\n    index: 0\n");
    assert_eq!(
        host_errors(&body),
        [
            "h.yaml:69:62: error: a query sends no index, but `features:` selects `F` of `H_FEATURES` with one",
        ]
    );
}

#[test]
fn rule_39_constant_names_carry_the_interface_prefix() {
    let body = format!(
        "{}enums:\n  - name: E\n    width: 8\n    source: s\n    values:\n      - {{ name: VCA, value: 0 }}\n",
        FUNC_OK.replace("name: T_VERSION", "name: VERSION")
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:14:11: error: function `VERSION` must start with `T_`: it becomes a C name beside every other interface's",
            "t.yaml:25:17: error: enum value `VCA` must start with `T_`: it becomes a C name beside every other interface's",
        ]
    );
}

#[test]
fn rule_40_a_query_lives_on_a_host_call_interface_and_reads_gprs_0() {
    let body = format!(
        "{FEAT_BASE}    outputs:\n      - {{ name: v, reg: X1, type: u64 }}\nfeatures:\n  - via: T_FEATURES\n    register: F\n    source: s\n    advertises:\n      - {{ bit: X, function: T_X }}\nqueries:\n  - name: q\n    doc: d\n    source: s\n    version: {{ call: T_FEATURES, output: features, requires: V }}\n    feature: {{ call: T_FEATURES, output: features, register: F, bit: X }}\n    value: {{ call: T_X, output: v }}\n    validate: {{ power_of_two: true }}\n"
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:44:11: error: query `q` asks the host through RSI_HOST_CALL; its interface needs `transport: host_call`",
            "t.yaml:47:42: error: a query reads the whole of gprs[0], but output `features` is in X0 bits 63:0",
            "t.yaml:47:62: error: unknown version constant `V`",
            "t.yaml:48:42: error: a query reads the whole of gprs[0], but output `features` is in X0 bits 63:0",
            "t.yaml:49:33: error: a query reads the whole of gprs[0], but output `v` is in X1 bits 63:0",
        ]
    );
}

#[test]
fn rule_10_revision_parts_fit_16_bits() {
    assert_eq!(
        errors_of(&[(
            "t.yaml",
            HEAD.replace("revision: \"1.0\"", "revision: \"65536.0\"")
        )]),
        ["t.yaml:9:13: error: revision `65536.0` is not of the form MAJOR.MINOR (each 0-65535)"]
    );
}

#[test]
fn rule_41_memory_access_belongs_on_an_address_input() {
    assert_eq!(
        errors(&func_with(
            "    inputs:\n      - { name: a, reg: X1, type: address, memory: write }\n      - { name: b, reg: X2, type: u64, memory: read }\n      - { name: c, reg: X3, type: address, memory: both }\n    outputs:\n      - { name: d, reg: X1, type: address, memory: read }\n"
        )),
        [
            "t.yaml:22:48: error: `memory:` belongs on an address input; `b` is not an address",
            "t.yaml:23:52: error: unknown memory access `both`; expected read, write or none",
            "t.yaml:25:52: error: `memory:` belongs on an address input; `d` is an output",
        ]
    );
}

#[test]
fn rule_41_an_address_input_says_what_the_callee_does_to_its_memory() {
    assert_eq!(
        errors(&func_with(
            "    inputs:\n      - { name: a, reg: X1, type: address }\n"
        )),
        [
            "t.yaml:21:35: error: address input `a` needs `memory:` (read, write or none): what the callee does to the memory it names"
        ]
    );
}

/// Rule 42: `outputs_on:` names non-success values of the status output.
#[test]
fn rule_42_outputs_on_names_other_statuses_of_the_status_output() {
    let codes = "return_codes:\n  name: R\n  width: 64\n  source: s\n  values:\n    - { name: T_SUCCESS, value: 0, meaning: ok }\n    - { name: T_INCOMPLETE, value: 3, meaning: more }\n";
    let func = "    outputs:\n      - { name: result, reg: X0, type: R }\n      - { name: len, reg: X1, type: u64 }\n    outputs_on: [T_INCOMPLETE, T_SUCCESS, T_NOPE, T_INCOMPLETE]\n";
    assert_eq!(
        errors(&format!("{codes}{}", func_with(func))),
        [
            "t.yaml:30:32: error: `T_SUCCESS` is success, whose outputs are always defined; `outputs_on:` lists the other statuses",
            "t.yaml:30:43: error: `T_NOPE` is not a value of `R`",
            "t.yaml:30:51: error: `T_INCOMPLETE` is listed twice in `outputs_on:`",
        ]
    );
    let value_answer =
        "    outputs:\n      - { name: len, reg: X1, type: u64 }\n    outputs_on: [T_INCOMPLETE]\n";
    assert_eq!(
        errors(&format!("{codes}{}", func_with(value_answer))),
        [
            "t.yaml:29:18: error: `outputs_on:` needs a status output of `T_VERSION`: a return code or status enum filling register 0"
        ]
    );
}

#[test]
fn rule_4_a_number_beyond_128_bits_is_not_an_integer() {
    let head = HEAD.replace("owner: 4", "owner: 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
    assert_eq!(
        errors_of(&[("t.yaml", head)]),
        [
            "t.yaml:5:3: error: invalid type: string \"0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\", expected an integer",
        ]
    );
}

#[test]
fn rule_7_duplicate_enum_value_name() {
    let body = "enums:\n  - name: E\n    width: 8\n    source: s\n    values:\n      - { name: T_A, value: 0 }\n      - { name: T_A, value: 1 }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:19:17: error: duplicate value `T_A` in enum `E`; first defined at t.yaml:18:17",]
    );
}

#[test]
fn rule_9_number_range_in_order() {
    let head = HEAD.replace(
        "numbers: { first: 0x190, last: 0x1AF }",
        "numbers: { first: 0x1AF, last: 0x190 }",
    );
    assert_eq!(
        errors_of(&[("t.yaml", head)]),
        ["t.yaml:8:12: error: numbers: first 0x1af is above last 0x190",]
    );
}

#[test]
fn rule_10_without_revisions_the_legacy_keys_are_needed() {
    let head = HEAD
        .replace("  revision: \"1.0\"\n", "")
        .replace(" revision: 1.0-rel0,", "");
    assert_eq!(
        errors_of(&[("t.yaml", head)]),
        [
            "t.yaml:2:9: error: interface needs `revision` (or a `revisions:` list)",
            "t.yaml:2:9: error: interface needs `spec.revision` (or a `revisions:` list)",
        ]
    );
}

#[test]
fn rule_15_return_code_width_at_least_1() {
    let body = "return_codes:\n  name: R\n  width: 0\n  source: s\n  values:\n    - { name: T_OK, value: 0, meaning: ok }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:15:10: error: return-code width must be at least 1",]
    );
}

#[test]
fn rule_16_enum_width_1_to_64() {
    let body = "enums:\n  - name: E\n    width: 65\n    source: s\n    values:\n      - { name: T_A, value: 0 }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:15:12: error: enum width must be in 1..=64 bits, got 65",]
    );
}

#[test]
fn rule_17_bits_not_a_range() {
    let body = format!("{BF}      - {{ name: a, bits: \"7-0\" }}\n");
    assert_eq!(
        errors(&body),
        ["t.yaml:18:26: error: bits `7-0` is not of the form `hi:lo` or `n`",]
    );
}

#[test]
fn rule_18_a_field_overlapping_a_reserved_range() {
    let body = format!(
        "{BF}      - {{ bits: \"7:4\", reserved: true }}\n      - {{ name: a, bits: \"5:0\" }}\n"
    );
    assert_eq!(
        errors(&body),
        ["t.yaml:19:26: error: field `a` (bits 5:0) overlaps reserved range (bits 7:4) of `B`",]
    );
}

#[test]
fn rule_21_a_reserved_range_has_no_name_any_other_field_has_one() {
    let body = format!(
        "{BF}      - {{ name: r, bits: \"7:4\", reserved: true }}\n      - {{ bits: \"3:0\" }}\n"
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:18:17: error: a reserved range has no name; drop `name:` or `reserved:`",
            "t.yaml:19:17: error: field at bits 3:0 of `B` needs a `name:` or `reserved: true`",
        ]
    );
}

#[test]
fn rule_22_a_field_type_is_a_known_enum() {
    let body = format!("{BF}      - {{ name: f, bits: \"7:0\", type: Nope }}\n");
    assert_eq!(
        errors(&body),
        ["t.yaml:18:39: error: unknown enum type `Nope`",]
    );
}

#[test]
fn rule_23_a_version_encoding_has_major_and_minor() {
    let body = "bitfields:\n  - name: V\n    width: 32\n    source: s\n    fields:\n      - { name: x, bits: \"31:0\" }\nversions:\n  - { name: T_V_1_0, major: 1, minor: 0, encoding: V, source: s }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:20:52: error: version encoding `V` must have fields `major` and `minor`",]
    );
}

#[test]
fn rule_24_struct_size_non_zero() {
    let body = "structs:\n  - name: S\n    size: 0\n    align: 8\n    source: s\n    members: []\n";
    assert_eq!(
        errors(body),
        ["t.yaml:15:11: error: struct `S` has size 0",]
    );
}

#[test]
fn rule_27_member_alignment_the_struct_can_provide() {
    let body = "structs:\n  - name: S\n    size: 8\n    align: 4\n    source: s\n    members:\n      - { name: a, offset: 0, type: u64 }\n";
    assert_eq!(
        errors(body),
        ["t.yaml:19:28: error: member `a` needs 8-byte alignment but `S` is only 4-byte aligned",]
    );
}

#[test]
fn rule_29_a_member_has_a_type_a_reserved_range_a_size() {
    let body = format!(
        "{ST}      - {{ name: a, offset: 0x0, type: u32, size: 4 }}\n      - {{ name: b, offset: 0x4, size: 4 }}\n      - {{ name: c, offset: 0x8 }}\n      - {{ name: d, offset: 0xc, size: 2, count: 2, reserved: true }}\n      - {{ name: e, offset: 0xe, size: 0, reserved: true }}\n"
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:19:39: error: give either `type:` or `size:`, not both",
            "t.yaml:20:39: error: `size:` is for reserved ranges; a member takes `type:`",
            "t.yaml:21:17: error: member `c` needs `type:`",
            "t.yaml:22:39: error: a reserved range gives `size:` in bytes, not `count:`",
            "t.yaml:23:39: error: reserved size must be at least 1 byte",
        ]
    );
}

#[test]
fn rule_30_gpr_on_an_smc_interface() {
    assert_eq!(
        errors(&func_with(
            "    outputs:\n      - { name: a, gpr: 1, type: u64 }\n"
        )),
        [
            "t.yaml:21:25: error: `gpr:` names a host-call register, but this interface is called by SMC: use `reg:`",
        ]
    );
}

#[test]
fn rule_35_alias_chain_ends_at_nothing() {
    assert_eq!(
        errors("aliases:\n  - { name: A, of: B }\n  - { name: B, of: NOPE }\n"),
        [
            "t.yaml:14:20: error: alias `A` ends at `NOPE`, which is not defined (via A -> B)",
            "t.yaml:15:20: error: alias `B` names `NOPE`, which is not defined",
        ]
    );
}

#[test]
fn a_line_longer_than_64_kib_is_refused() {
    let body = format!("# {}\n", "x".repeat(70_000));
    assert_eq!(
        errors(&body),
        [
            "t.yaml:13:65537: error: line 13 is 70002 bytes long; a line may hold at most 65536 bytes (split long text with YAML's `>-`)",
        ]
    );
}

#[test]
fn more_than_10000_aliases_are_refused() {
    let body = FUNC_OK.to_string() + "    failures: [&a x" + &", *a".repeat(10_001) + "]\n";
    assert_eq!(
        errors(&body),
        ["t.yaml:20:40022: error: the file uses more than 10000 YAML aliases (`*name`)",]
    );
}

/// Host-call errors for `H`, with the carrier interface `C` changed by `edit`.
fn carrier_errors(edit: impl Fn(&str) -> String, head: impl Fn(&str) -> String) -> Vec<String> {
    errors_of(&[("c.yaml", edit(CARRIER)), ("h.yaml", head(HEAD_HOST))])
}

#[test]
fn rule_49_a_host_call_interface_names_its_carrier_and_an_smc_one_does_not() {
    let without = |h: &str| h.replace("  carrier: { function: C_CALL, structure: CCall }\n", "");
    assert_eq!(
        carrier_errors(str::to_string, without),
        [
            "h.yaml:4:14: error: host-call interface `H` needs `carrier: { function: …, structure: … }`: the SMC call that passes its calls on"
        ]
    );
    let on_smc = |c: &str| {
        c.replace(
            "  source: test\nreturn_codes:",
            "  source: test\n  carrier: { function: C_CALL, structure: CCall }\nreturn_codes:",
        )
    };
    assert_eq!(
        carrier_errors(on_smc, str::to_string),
        ["c.yaml:12:24: error: `carrier:` is for `transport: host_call` interfaces"]
    );
}

#[test]
fn rule_49_the_carrier_is_an_smc_function_with_an_address_input() {
    let renamed = |c: &str| c.replace("name: C_CALL", "name: C_CALLS");
    assert_eq!(
        carrier_errors(renamed, str::to_string),
        ["h.yaml:13:24: error: unknown SMC function `C_CALL`; did you mean `C_CALLS`?"]
    );
    let no_address = |c: &str| {
        c.replace("type: address, memory: write", "type: u64")
            .replace("type: CStatus", "type: u64")
    };
    assert_eq!(
        carrier_errors(no_address, str::to_string),
        [
            "h.yaml:13:24: error: carrier `C_CALL` needs its interface's return code in X0, with a value 0 for success",
            "h.yaml:13:24: error: carrier `C_CALL` takes no address input the callee writes (`memory: write`) to pass the structure in",
        ]
    );
}

#[test]
fn rule_49_the_carrier_structure_holds_one_u64_per_register() {
    let renamed = |c: &str| c.replace("name: CCall", "name: CCalls");
    assert_eq!(
        carrier_errors(renamed, str::to_string),
        ["h.yaml:13:43: error: `C` has no struct `CCall`; did you mean `CCalls`?"]
    );
    let short = |c: &str| {
        c.replace(
            "{ name: gprs, offset: 0x8, type: u64, count: 31 }",
            "{ name: gprs, offset: 0x8, type: u64, count: 30 }\n      - { name: pad1, offset: 0xF8, size: 8, reserved: true }",
        )
    };
    assert_eq!(
        carrier_errors(short, str::to_string),
        ["h.yaml:13:43: error: `CCall` carries no registers: it needs a member `gprs` of 31 u64"]
    );
}

/// A member naming a struct that failed is not reported again, and a stable
/// struct cannot hold a draft one (a stable-only header would lack it).
#[test]
fn rule_29_a_nested_struct_failed_once_and_stable_holds_stable() {
    let inner = |align: u32, status: &str| {
        format!(
            "structs:\n  - name: A\n    size: 8\n    align: {align}\n    since: \"1.0\"\n    status: {status}\n    source: s\n    members:\n      - {{ name: a, offset: 0, type: u64 }}\n"
        )
    };
    let outer = "  - name: S\n    size: 8\n    align: 8\n    source: s\n    members:\n      - { name: a, offset: 0, type: A }\n";
    assert_eq!(
        errors(&format!("{}{outer}", inner(3, "stable"))),
        ["t.yaml:16:12: error: alignment 0x3 of `A` is not a power of two"]
    );
    assert_eq!(
        errors(&format!("{}{outer}", inner(8, "draft"))),
        [
            "t.yaml:27:37: error: stable struct `S` cannot hold draft struct `A`: a header that shows the one would lack the other"
        ]
    );
}
