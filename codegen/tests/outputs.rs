//! `outputs.yaml`: each mistake reported at its position, checked against the model.

use std::path::Path;

use codegen::{Source, load, load_outputs};

fn model() -> codegen::Model {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../abi");
    let sources: Vec<Source> = ["rhi.yaml", "rsi.yaml"]
        .iter()
        .map(|f| {
            Source::new(
                format!("abi/{f}"),
                std::fs::read_to_string(dir.join(f)).expect("read"),
            )
        })
        .collect();
    load(&sources).unwrap_or_else(|d| panic!("{}", d.render(&sources)))
}

const PROFILE: &str = r#"linux:
  default: p
  profiles:
    - name: p
      doc: d
      headers:
        - interface: RHI
          path: arch/arm64/include/asm/rhi.h
          guard: __ASM_RHI_H_
          fid_macro: SMC_RHI_CALL
          fid_prefix: ""
          statuses: [draft]
      queries:
        - query: ipa_change_alignment
          path: arch/arm64/kernel/rhi.c
          header: arch/arm64/include/asm/rhi.h
          function: rhi_get_ipa_change_alignment
          fallback: rhi_ipa_change_alignment
"#;

fn errors(text: &str) -> Vec<String> {
    match load_outputs(&Source::new("o.yaml", text), &model()) {
        Ok(_) => Vec::new(),
        Err(d) => d.0.iter().map(|d| d.headline()).collect(),
    }
}

#[test]
fn a_valid_profile_loads() {
    assert_eq!(errors(PROFILE), Vec::<String>::new());
}

#[test]
fn unknown_interface_query_and_default() {
    let text = PROFILE
        .replace("interface: RHI", "interface: RHX")
        .replace("query: ipa_change_alignment", "query: ipa_alignment")
        .replace("default: p", "default: q");
    assert_eq!(
        errors(&text),
        [
            "o.yaml:2:12: error: unknown default profile `q`",
            "o.yaml:7:22: error: unknown interface `RHX`",
            "o.yaml:14:18: error: unknown query `ipa_alignment`",
        ]
    );
}

#[test]
fn paths_must_be_relative_and_names_c_identifiers() {
    let text = PROFILE
        .replace("path: arch/arm64/kernel/rhi.c", "path: /abs/rhi.c")
        .replace(
            "function: rhi_get_ipa_change_alignment",
            "function: rhi-get",
        );
    assert_eq!(
        errors(&text),
        [
            "o.yaml:15:17: error: path `/abs/rhi.c` must be relative, without `.` or `..`, and end in `.c`",
            "o.yaml:17:21: error: function name `rhi-get` is not a C identifier",
        ]
    );
}

#[test]
fn rename_omit_and_alias_name_real_items() {
    let text = format!(
        "{PROFILE}      rename:\n        - {{ from: RHI_NOPE, to: x }}\n      omit:\n        - {{ item: RhiNope, reason: r }}\n      aliases:\n        - {{ name: A, of: RhiVersion.nope }}\n"
    );
    assert_eq!(
        errors(&text),
        [
            "o.yaml:20:19: error: unknown item `RHI_NOPE`",
            "o.yaml:22:19: error: unknown item `RhiNope`",
            "o.yaml:24:26: error: unknown item `RhiVersion.nope`",
        ]
    );
}

#[test]
fn extends_names_an_earlier_profile() {
    let text = format!("{PROFILE}    - name: q\n      extends: z\n      doc: d\n");
    assert_eq!(
        errors(&text),
        ["o.yaml:20:16: error: unknown profile `z` (a profile extends one declared before it)"]
    );
}

#[test]
fn unknown_key_in_a_profile() {
    let text = PROFILE.replace("      doc: d\n", "      doc: d\n      colour: blue\n");
    assert_eq!(
        errors(&text),
        [
            "o.yaml:6:7: error: unknown field `colour`, expected one of name, extends, doc, headers, rename, omit, aliases, queries"
        ]
    );
}
