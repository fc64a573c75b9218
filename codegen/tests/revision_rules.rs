//! Diagnostics of specification revisions (rules 43-45 of `abi/README.md`,
//! and 6 and 13 per revision): each test breaks one rule and asserts the
//! complete headline, position included.

#[macro_use]
mod common;

use codegen::Source;
use common::headlines;

/// Lines 1-14 of every test file: an interface with three revisions.
const HEAD: &str = concat!(
    t_interface!(),
    r#"  revisions:
    - { name: r1, reports: "1.0", status: stable, source: s }
    - { name: r2, reports: "1.1", status: draft, source: s }
    - { name: r3, reports: "1.1", status: draft, source: s }
  spec: { document: D, title: Test }
  source: test
"#
);

fn errors(body: &str) -> Vec<String> {
    headlines(&[Source::new("t.yaml", format!("{HEAD}{body}"))])
}

/// A function `name` at `number` in revisions `since..=until`.
fn func(name: &str, number: &str, since: &str, extra: &str) -> String {
    format!(
        "  - name: {name}\n    number: {number}\n    since: {since}\n    status: draft\n{extra}    source: s\n    doc: d.\n"
    )
}

/// Two functions at number 0x19C: `(name, extra keys)` since r2, then since r3.
fn pair(old: (&str, &str), new: (&str, &str)) -> String {
    format!(
        "functions:\n{}{}",
        func(old.0, "0x19C", "r2", old.1),
        func(new.0, "0x19C", "r3", new.1)
    )
}

#[test]
fn rule_44_a_number_reused_in_disjoint_revisions_with_its_record_loads() {
    let body = pair(
        ("T_OLD", "    until: r2\n"),
        ("T_NEW", "    reuses: T_OLD\n"),
    );
    assert_eq!(errors(&body), Vec::<String>::new());
}

#[test]
fn rule_44_a_reused_number_needs_reuses() {
    let body = pair(("T_OLD", "    until: r2\n"), ("T_NEW", ""));
    assert_eq!(
        errors(&body),
        [
            "t.yaml:24:13: error: function number 0x19c of `T_NEW` was `T_OLD`'s until r2; record the reuse with `reuses: T_OLD`"
        ]
    );
}

#[test]
fn rule_44_reuses_names_the_previous_owner() {
    let body = pair(
        ("T_OLD", "    until: r2\n"),
        ("T_NEW", "    reuses: T_OTHER\n"),
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:27:13: error: `reuses: T_OTHER` does not name the function that had number 0x19c before r3: `T_OLD` had it"
        ]
    );
}

#[test]
fn rule_13_a_number_twice_in_one_revision() {
    let body = pair(("T_OLD", ""), ("T_NEW", "    reuses: T_OLD\n"));
    assert_eq!(
        errors(&body),
        [
            "t.yaml:23:13: error: function number 0x19c of `T_NEW` is already used by `T_OLD` (owner 4) at t.yaml:17:13"
        ]
    );
}

const ENUM_R2: &str = "enums:
  - name: TState
    width: 8
    since: r2
    until: r2
    status: draft
    source: s
    values:
      - { name: T_A, value: 0 }
";

#[test]
fn rule_6_one_name_in_two_revisions_loads_in_one_twice_fails() {
    let again = ENUM_R2
        .replace("enums:\n", "")
        .replace("since: r2\n    until: r2", "since: r3");
    assert_eq!(errors(&format!("{ENUM_R2}{again}")), Vec::<String>::new());
    let overlap = ENUM_R2
        .replace("enums:\n", "")
        .replace("until: r2", "until: r3");
    assert_eq!(
        errors(&format!("{ENUM_R2}{overlap}")),
        ["t.yaml:24:11: error: duplicate name `TState`; first defined at t.yaml:16:11"]
    );
}

#[test]
fn rule_6_a_name_keeps_its_kind() {
    let body = format!(
        "{ENUM_R2}bitfields:\n  - name: TState\n    width: 8\n    since: r3\n    status: draft\n    source: s\n    fields:\n      - {{ name: a, bits: \"7:0\" }}\n"
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:25:11: error: `TState` is a bit-field set here and a enum at t.yaml:16:11 (revisions r2); a name keeps its kind in every revision"
        ]
    );
}

#[test]
fn rule_43_since_and_until_name_listed_revisions_in_order() {
    let e = ENUM_R2
        .replace("since: r2", "since: r9")
        .replace("until: r2", "until: r1");
    assert_eq!(
        errors(&e),
        [
            "t.yaml:18:12: error: since `r9` is not a revision of the interface; its revisions are r1, r2, r3"
        ]
    );
    let e = ENUM_R2.replace("until: r2", "until: r1");
    assert_eq!(
        errors(&e),
        ["t.yaml:19:12: error: until r1 is older than since r2"]
    );
}

#[test]
fn rule_43_an_item_of_a_draft_revision_is_draft() {
    let e = ENUM_R2.replace("status: draft", "status: stable");
    assert_eq!(
        errors(&e),
        ["t.yaml:18:12: error: since r2 is a draft revision; its items must be `status: draft`"]
    );
}

#[test]
fn rule_43_the_revision_list() {
    let head = HEAD.replace(
        r#"reports: "1.1", status: draft, source: s }
    - { name: r3"#,
        r#"reports: "0.9", status: stable, source: s }
    - { name: r1"#,
    );
    let src = [Source::new("t.yaml", head)];
    let got = headlines(&src);
    assert_eq!(
        got,
        [
            "t.yaml:11:28: error: reports 0.9 is older than 1.0 of r1",
            "t.yaml:12:15: error: duplicate revision `r1`; first defined at t.yaml:10:15",
        ]
    );
}

#[test]
fn rule_43_no_stable_revision_after_a_draft() {
    let head = HEAD
        .replace(
            r#"{ name: r3, reports: "1.1", status: draft"#,
            r#"{ name: r3, reports: "1.1", status: stable"#,
        )
        .replace(
            r#"{ name: r1, reports: "1.0", status: stable"#,
            r#"{ name: r1, reports: "1.0", status: deprecated"#,
        );
    assert_eq!(
        headlines(&[Source::new("t.yaml", head)]),
        [
            "t.yaml:10:43: error: a revision is `stable` or `draft`",
            "t.yaml:12:43: error: stable revision r3 follows draft r2",
        ]
    );
}

#[test]
fn no_revision_resolves_and_items_still_report_cleanly() {
    let head = HEAD
        .replace(r#"reports: "1.0""#, r#"reports: "one""#)
        .replace(
            r#"reports: "1.1", status: draft, source: s }
    - { name: r3, reports: "1.1""#,
            r#"reports: "x", status: draft, source: s }
    - { name: r3, reports: "y""#,
        );
    let src = [Source::new("t.yaml", format!("{head}{ENUM_R2}"))];
    let got = headlines(&src);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.iter().all(|g| g.contains("reports `")), "{got:?}");
}

#[test]
fn rule_43_revisions_replace_the_legacy_keys() {
    let head = HEAD.replace(
        "  spec: { document: D,",
        "  revision: \"1.0\"\n  spec: { document: D,",
    );
    let src = [Source::new("t.yaml", head)];
    let got = headlines(&src);
    assert_eq!(
        got,
        ["t.yaml:13:13: error: `revision` is given by `revisions:`; leave it out"]
    );
}

#[test]
fn rule_45_every_revision_resolves_on_its_own() {
    let body = format!(
        "{ENUM_R2}functions:\n{}",
        func("T_GET", "0x190", "r2", "").replace(
            "    source: s\n",
            "    source: s\n    outputs:\n      - { name: state, reg: X1, bits: \"7:0\", type: TState }\n"
        )
    );
    assert_eq!(
        errors(&body),
        [
            "t.yaml:31:17: error: `state` of `T_GET` has type `TState`, which revision r3 does not have"
        ]
    );
}

#[test]
fn rule_45_a_version_constant_is_encoded_in_every_revision_it_is_in() {
    let body = concat!(
        "bitfields:\n",
        "  - name: TVersion\n    width: 32\n    since: r2\n    status: draft\n    source: s\n",
        "    fields:\n      - { bits: \"31\", reserved: true }\n",
        "      - { bits: \"30:16\", name: major }\n      - { bits: \"15:0\", name: minor }\n",
        "versions:\n",
        "  - { name: T_VER_1_0, major: 1, minor: 0, encoding: TVersion, since: r1, status: stable, source: s }\n",
    );
    assert_eq!(
        errors(body),
        [
            "t.yaml:26:13: error: `T_VER_1_0` is encoded as `TVersion`, which revision r1 does not have"
        ]
    );
}

#[test]
fn rule_45_outputs_on_names_a_status_of_every_revision() {
    let body = concat!(
        "enums:\n  - name: TStatus\n    width: 64\n    since: r1\n    status: stable\n    source: s\n",
        "    values:\n      - { name: T_SUCCESS, value: 0 }\n      - { name: T_BUSY, value: 1, since: r3, status: draft }\n",
        "functions:\n  - name: T_GET\n    number: 0x190\n    since: r2\n    status: draft\n    source: s\n    doc: d.\n",
        "    outputs:\n      - { name: status, reg: X0, type: TStatus }\n      - { name: v, reg: X1, type: u64 }\n",
        "    outputs_on: [T_BUSY]\n",
    );
    assert_eq!(
        errors(body),
        [
            "t.yaml:25:11: error: `outputs_on:` of `T_GET` lists `T_BUSY`, which revision r2 does not have"
        ]
    );
}

#[test]
fn rule_43_until_needs_a_revision_list() {
    let legacy = HEAD
        .replace("  revisions:\n", "  revision: \"1.0\"\n")
        .replace(
            "    - { name: r1, reports: \"1.0\", status: stable, source: s }\n",
            "",
        )
        .replace(
            "    - { name: r2, reports: \"1.1\", status: draft, source: s }\n",
            "",
        )
        .replace(
            "    - { name: r3, reports: \"1.1\", status: draft, source: s }\n",
            "",
        )
        .replace("title: Test }", "revision: x, title: Test }");
    let body = ENUM_R2
        .replace("since: r2", "since: \"1.0\"")
        .replace("status: draft", "status: stable");
    let src = [Source::new("t.yaml", format!("{legacy}{body}"))];
    let got = headlines(&src);
    assert_eq!(
        got,
        [
            "t.yaml:16:12: error: `until` names a specification revision; list them in `interface.revisions` first"
        ]
    );
}

#[test]
fn a_header_names_a_revision_of_its_interface() {
    let src = [Source::new("t.yaml", HEAD)];
    let model = common::model_of(&src);
    let outputs = concat!(
        profile_head!(),
        r#"        - interface: T
          path: arch/arm64/include/asm/t.h
          guard: __ASM_T_H_
          fid_macro: SMC_T_FID
          fid_prefix: SMC_
          revision: r4
          statuses: [stable]
"#
    );
    assert_eq!(
        common::output_headlines(outputs, &model),
        ["o.yaml:14:21: error: `T` has no revision `r4`; its revisions are r1, r2, r3"]
    );
}

/// The same function described again for a later revision (other
/// registers, same name and number) is no reuse: it needs no `reuses:`.
#[test]
fn rule_44_a_function_described_again_is_no_reuse() {
    let body = pair(("T_SAME", "    until: r2\n"), ("T_SAME", ""));
    assert_eq!(errors(&body), Vec::<String>::new());
}

/// An item of a draft revision without `since:` is still a draft; the
/// error is at its `status:`.
#[test]
fn rule_43_a_stable_item_of_a_list_that_starts_with_a_draft() {
    let head = HEAD.replace(
        r#"{ name: r1, reports: "1.0", status: stable, source: s }"#,
        r#"{ name: r1, reports: "1.0", status: draft, source: s }"#,
    );
    let body = ENUM_R2
        .replace("    since: r2\n    until: r2\n", "")
        .replace("status: draft", "status: stable");
    let src = [Source::new("t.yaml", format!("{head}{body}"))];
    let got = headlines(&src);
    assert_eq!(
        got,
        ["t.yaml:18:13: error: since r1 is a draft revision; its items must be `status: draft`"]
    );
}

/// A struct whose layout changed between revisions is nested only where one
/// layout spans every revision of the struct that holds it.
#[test]
fn rule_29_a_nested_struct_has_one_layout_in_the_revisions_of_its_holder() {
    let inner = |until_or_since: &str, size: u32| {
        format!(
            "  - name: A\n    size: {size}\n    align: 8\n    {until_or_since}\n    status: draft\n    source: s\n    members:\n      - {{ name: a, offset: 0, type: u64 }}\n{}",
            if size > 8 {
                "      - { name: b, offset: 8, type: u64 }\n"
            } else {
                ""
            }
        )
    };
    let outer = |since: &str| {
        format!(
            "  - name: S\n    size: 16\n    align: 8\n    since: {since}\n    status: draft\n    source: s\n    members:\n      - {{ name: a, offset: 0, type: A }}\n"
        )
    };
    let two = format!(
        "structs:\n{}{}",
        inner("since: r2\n    until: r2", 8),
        inner("since: r3", 16)
    );
    assert_eq!(
        errors(&format!("{two}{}", outer("r3"))),
        Vec::<String>::new()
    );
    assert_eq!(
        errors(&format!("{two}{}", outer("r2"))),
        [
            "t.yaml:41:37: error: `A` is laid out differently in the revisions of `S`; describe `S` once per layout of `A`"
        ]
    );
}

/// A host-call interface carried by `T_CALL` of `T`, which `T` has from
/// `since` on.
fn carried(since: &str) -> Vec<String> {
    let t = format!(
        "{HEAD}return_codes:\n  name: TStatus\n  width: 64\n  signed: false\n  source: s\n  values:\n    - {{ name: T_SUCCESS, value: 0, meaning: Done. }}\nstructs:\n  - name: TCall\n    size: 0x100\n    align: 0x100\n    source: s\n    members:\n      - {{ name: imm, offset: 0x0, type: u16 }}\n      - {{ name: pad0, offset: 0x2, size: 6, reserved: true }}\n      - {{ name: gprs, offset: 0x8, type: u64, count: 31 }}\nfunctions:\n{}    inputs:\n      - {{ name: addr, reg: X1, type: address, memory: write }}\n    outputs:\n      - {{ name: result, reg: X0, type: TStatus }}\n",
        func("T_CALL", "0x190", since, "")
    );
    let h = "interface:\n  name: H\n  title: Host\n  transport: host_call\n  owner: 5\n  call_type: fast\n  width: 64\n  numbers: { first: 0x0, last: 0xF }\n  revision: \"1.0\"\n  spec: { document: H, revision: \"1.0\", title: H }\n  source: s\n  carrier: { function: T_CALL, structure: TCall }\n";
    headlines(&[
        Source::new("t.yaml", t),
        Source::new("h.yaml", h.to_string()),
    ])
}

#[test]
fn rule_49_the_carrier_is_in_every_revision_of_its_interface() {
    assert_eq!(carried("r1"), Vec::<String>::new());
    assert_eq!(
        carried("r2"),
        [
            "h.yaml:12:24: error: carrier `T_CALL` with `TCall` is not in revision r1 of `T`; a host-call interface is used with every revision of its carrier"
        ]
    );
}
