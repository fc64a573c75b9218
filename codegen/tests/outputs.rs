//! `outputs.yaml`: each mistake reported at its position, checked against the model.

#[macro_use]
mod common;

use codegen::Source;
use common::{model_of, output_headlines, shipped_model as model};

const PROFILE: &str = concat!(
    profile_head!(),
    r##"        - interface: RHI
          path: arch/arm64/include/asm/rhi.h
          guard: __ASM_RHI_H_
          fid_macro: SMC_RHI_CALL
          fid_prefix: ""
          statuses: [stable, draft]
          items: used
        - interface: RSI
          path: arch/arm64/include/asm/rsi_smc.h
          guard: __ASM_RSI_SMC_H_
          fid_macro: SMC_RSI_FID
          fid_prefix: SMC_
          statuses: [stable]
      query:
        query: ipa_change_alignment
        placement: file
        path: arch/arm64/kernel/rhi.c
        header: arch/arm64/include/asm/rhi.h
        function: rhi_get_ipa_change_alignment
        variable: ipa_change_alignment
      edits:
        - { path: arch/arm64/include/asm/rsi_cmds.h, before: "#endif", insert: rsi_host_call }
        - { path: arch/arm64/kernel/Makefile, append: "rsi.o", insert: makefile_object }
        - { path: arch/arm64/kernel/rsi.c, after: "#include <asm/rsi.h>", insert: query_include }
        - { path: arch/arm64/kernel/rsi.c, after: "static struct realm_config config;", insert: query_variable }
        - { path: arch/arm64/kernel/rsi.c, before: "prot_ns_shared = 0;", insert: query_call }
"##
);

fn errors(text: &str) -> Vec<String> {
    output_headlines(text, &model())
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
            "o.yaml:9:22: error: unknown interface `RHX`; did you mean `RHI`?",
            "o.yaml:23:16: error: unknown query `ipa_alignment`",
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
            "o.yaml:25:15: error: path `/abs/rhi.c` must be relative, without `.` or `..`, and end in `.c`",
            "o.yaml:27:19: error: function name `rhi-get` is not a C identifier",
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
            "o.yaml:36:19: error: unknown item `RHI_NOPE`",
            "o.yaml:38:19: error: unknown item `RhiNope`",
            "o.yaml:40:26: error: unknown item `RhiVersion.nope`",
        ]
    );
}

#[test]
fn extends_names_an_earlier_profile() {
    let text = format!("{PROFILE}    - name: q\n      extends: z\n      doc: d\n");
    assert_eq!(
        errors(&text),
        ["o.yaml:36:16: error: unknown profile `z` (a profile extends one declared before it)"]
    );
}

#[test]
fn a_misspelt_profile_gets_the_right_one() {
    let text = PROFILE
        .replace("    - name: p\n", "    - name: rsi-c\n")
        .replace("default: p", "default: rsi_c");
    let text = format!("{text}    - name: q\n      extends: rsic\n      doc: d\n");
    assert_eq!(
        errors(&text),
        [
            "o.yaml:2:12: error: unknown default profile `rsi_c`; did you mean `rsi-c`?",
            "o.yaml:36:16: error: unknown profile `rsic` (a profile extends one declared before it); did you mean `rsi-c`?"
        ]
    );
}

#[test]
fn unknown_key_in_a_profile() {
    let text = PROFILE.replace("      doc: d\n", "      doc: d\n      colour: blue\n");
    assert_eq!(
        errors(&text),
        [
            "o.yaml:6:7: error: unknown field `colour`, expected one of name, extends, doc, spdx, copyright, headers, rename, c_types, omit, aliases, query, edits"
        ]
    );
}

#[test]
fn every_fragment_the_placement_needs_has_one_edit() {
    let text = PROFILE
        .replace("        - { path: arch/arm64/kernel/Makefile, append: \"rsi.o\", insert: makefile_object }\n", "")
        .replace("insert: query_include", "insert: query_routine");
    assert_eq!(
        errors(&text),
        [
            "o.yaml:4:13: error: profile `p` has no edit that inserts `makefile_object`",
            "o.yaml:4:13: error: profile `p` has no edit that inserts `query_include`",
            "o.yaml:4:13: error: profile `p` inserts `query_routine`, which a routine placed `file` does not use",
        ]
    );
}

#[test]
fn an_edit_has_one_anchor_a_known_fragment_and_a_hand_written_file() {
    let text = PROFILE
        .replace(
            "before: \"#endif\", insert: rsi_host_call",
            "before: \"#endif\", after: x, insert: rsi_host_call",
        )
        .replace("insert: makefile_object", "insert: makefile")
        .replace(
            "path: arch/arm64/kernel/rsi.c, after: \"#include",
            "path: arch/arm64/kernel/rhi.c, after: \"#include",
        );
    assert_eq!(
        errors(&text),
        [
            "o.yaml:4:13: error: profile `p` has no edit that inserts `makefile_object`",
            "o.yaml:4:13: error: profile `p` has no edit that inserts `query_include`",
            "o.yaml:4:13: error: profile `p` has no edit that inserts `rsi_host_call`",
            "o.yaml:30:19: error: an edit needs exactly one of `before:`, `after:` and `append:`",
            "o.yaml:31:72: error: unknown fragment `makefile`; expected one of rsi_host_call, query_include, query_variable, query_routine, query_call, makefile_object",
            "o.yaml:32:19: error: `arch/arm64/kernel/rhi.c` is generated whole; an edit cannot go into it",
        ]
    );
}

#[test]
fn a_file_placement_needs_one_of_the_profiles_headers() {
    let text = PROFILE.replace(
        "header: arch/arm64/include/asm/rhi.h",
        "header: arch/arm64/include/asm/other.h",
    );
    assert_eq!(
        errors(&text),
        [
            "o.yaml:26:17: error: `arch/arm64/include/asm/other.h` is not one of this profile's headers"
        ]
    );
}

#[test]
fn c_types_widen_only_into_reserved_bytes() {
    let text = format!(
        "{PROFILE}      c_types:\n        - {{ member: RsiRealmConfig.hash_algo, type: unsigned long }}\n        - {{ member: RsiRealmConfig.rpv, type: u64 }}\n        - {{ member: RsiHostCall.imm, type: unsigned long }}\n        - {{ member: RsiHostCall.gprs, type: uint64_t }}\n        - {{ member: RsiPlaneRun.enter, type: u64 }}\n"
    );
    assert_eq!(
        errors(&text),
        [
            "o.yaml:37:47: error: `RsiRealmConfig.rpv` cannot be `u64`: only a single value can change its C type",
            "o.yaml:38:44: error: `RsiHostCall.imm` cannot be `unsigned long`: the 6 bytes after it are not part of a larger reserved member",
            "o.yaml:39:45: error: unknown C type `uint64_t`; expected one of u8, u16, u32, u64, unsigned int, unsigned long, phys_addr_t",
            "o.yaml:40:46: error: `RsiPlaneRun.enter` cannot be `u64`: it is a struct `RsiPlaneEnter`, which keeps its own C type",
        ]
    );
}

#[test]
fn headers_sharing_a_file_share_its_guard() {
    let text = PROFILE.replace(
        "path: arch/arm64/include/asm/rsi_smc.h",
        "path: arch/arm64/include/asm/rhi.h",
    );
    assert_eq!(
        errors(&text),
        [
            "o.yaml:18:18: error: `arch/arm64/include/asm/rhi.h` is shared with RHI, whose include guard is `__ASM_RHI_H_`"
        ]
    );
}

/// Found by the `pipeline` fuzz target: a description without the host-call
/// carrier passed the profile check and failed in the C emitter.
#[test]
fn a_query_needs_a_header_of_the_carrier_interface() {
    let a = PROFILE
        .find("        - interface: RSI")
        .expect("RSI header");
    let b = PROFILE.find("      query:").expect("query");
    let text = format!("{}{}", &PROFILE[..a], &PROFILE[b..]);
    assert_eq!(
        errors(&text),
        [
            "o.yaml:17:16: error: query `ipa_change_alignment` is sent through `RSI_HOST_CALL`, so the profile needs a header of interface `RSI`"
        ]
    );
}

/// Found by the scaling bench: a profile that extends one with a query and
/// names its own headers, without the query's interface, passed the check
/// and failed in the C emitter.
#[test]
fn an_inherited_query_needs_the_headers_of_its_profile() {
    let text = format!(
        "{PROFILE}    - name: q\n      extends: p\n      doc: d\n      headers:\n        - interface: RSI\n          path: arch/arm64/include/asm/rsi_smc.h\n          guard: __ASM_RSI_SMC_H_\n          fid_macro: SMC_RSI_FID\n          fid_prefix: SMC_\n          statuses: [stable]\n"
    );
    assert_eq!(
        errors(&text),
        [
            "o.yaml:35:13: error: profile `q` takes query `ipa_change_alignment` from the profile it extends, so it needs a header of interface `RHI`"
        ]
    );
}

/// A profile that extends none gives every key itself.
#[test]
fn a_profile_without_a_base_gives_its_keys() {
    let text = format!("{PROFILE}    - name: q\n      doc: d\n");
    assert_eq!(
        errors(&text),
        [
            "o.yaml:35:13: error: profile `q` needs `copyright:`",
            "o.yaml:35:13: error: profile `q` needs `headers:`",
            "o.yaml:35:13: error: profile `q` needs `spdx:`",
        ]
    );
}

#[test]
fn an_interface_has_one_header() {
    let text = PROFILE.replace("        - interface: RSI\n", "        - interface: RHI\n");
    assert_eq!(
        errors(&text),
        [
            "o.yaml:16:22: error: interface `RHI` has two headers",
            "o.yaml:23:16: error: query `ipa_change_alignment` is sent through `RSI_HOST_CALL`, so the profile needs a header of interface `RSI`",
        ]
    );
}

#[test]
fn a_header_version_names_a_version_constant() {
    let text = PROFILE.replace(
        "          items: used\n",
        "          items: used\n          version: { constant: RHI_NOPE, name: v }\n",
    );
    assert_eq!(
        errors(&text),
        [
            "o.yaml:16:32: error: `RHI` has no version constant `RHI_NOPE`",
            "o.yaml:27:17: error: `arch/arm64/include/asm/rhi.h` is not one of this profile's headers",
        ]
    );
}

#[test]
fn items_are_all_or_used() {
    let text = PROFILE.replace("items: used", "items: some");
    assert_eq!(
        errors(&text),
        [
            "o.yaml:15:18: error: unknown item selection `some`; expected all or used",
            "o.yaml:26:17: error: `arch/arm64/include/asm/rhi.h` is not one of this profile's headers",
        ]
    );
}

#[test]
fn an_item_is_renamed_once() {
    let text = format!(
        "{PROFILE}      rename:\n        - {{ from: RHI_HOSTCONF_VERSION, to: a }}\n        - {{ from: RHI_HOSTCONF_VERSION, to: b }}\n"
    );
    assert_eq!(
        errors(&text),
        ["o.yaml:37:19: error: `RHI_HOSTCONF_VERSION` is renamed twice",]
    );
}

#[test]
fn c_types_name_a_member_of_a_struct() {
    let text = format!(
        "{PROFILE}      c_types:\n        - {{ member: hash_algo, type: u64 }}\n        - {{ member: RsiNope.x, type: u64 }}\n        - {{ member: RsiRealmConfig.nope, type: u64 }}\n        - {{ member: RsiHostCall.imm, type: u8 }}\n"
    );
    assert_eq!(
        errors(&text),
        [
            "o.yaml:36:21: error: expected `Struct.member`",
            "o.yaml:37:21: error: unknown struct `RsiNope`",
            "o.yaml:38:21: error: `RsiRealmConfig` has no member `nope`",
            "o.yaml:39:44: error: `RsiHostCall.imm` cannot be `u8`: the ABI gives it 2 bytes",
        ]
    );
}

#[test]
fn a_query_needs_a_header_of_its_interface() {
    let a = PROFILE
        .find("        - interface: RHI")
        .expect("RHI header");
    let b = PROFILE
        .find("        - interface: RSI")
        .expect("RSI header");
    let text = format!("{}{}", &PROFILE[..a], &PROFILE[b..]);
    assert_eq!(
        errors(&text),
        [
            "o.yaml:16:16: error: query `ipa_change_alignment` belongs to `RHI`, which has no header in this profile",
        ]
    );
}

#[test]
fn a_placement_is_inline_or_file() {
    let text = PROFILE.replace("placement: file", "placement: elsewhere");
    assert_eq!(
        errors(&text),
        ["o.yaml:24:20: error: unknown placement `elsewhere`; expected inline or file",]
    );
}

#[test]
fn a_file_placement_names_its_header() {
    let text = PROFILE.replace("        header: arch/arm64/include/asm/rhi.h\n", "");
    assert_eq!(
        errors(&text),
        ["o.yaml:24:20: error: a routine in a file of its own needs `header:`",]
    );
}

#[test]
fn an_inline_routine_has_no_header() {
    let text = PROFILE.replace("placement: file", "placement: inline");
    assert_eq!(
        errors(&text),
        ["o.yaml:26:17: error: an inline routine is static: it has no `header:`",]
    );
}

#[test]
fn a_fragment_is_inserted_once_at_a_real_anchor() {
    let text = PROFILE
        .replace(
            "insert: query_call }\n",
            "insert: query_call }\n        - { path: arch/arm64/kernel/rsi.c, before: \"x\", insert: query_call }\n",
        )
        .replace("before: \"#endif\"", "before: \"  \"");
    assert_eq!(
        errors(&text),
        [
            "o.yaml:4:13: error: profile `p` has no edit that inserts `rsi_host_call`",
            "o.yaml:30:62: error: an anchor must contain more than white space",
            "o.yaml:35:65: error: fragment `query_call` is inserted twice",
        ]
    );
}

/// A widened member keeps its natural alignment.
#[test]
fn c_types_widen_only_at_an_aligned_offset() {
    let abi = concat!(
        t_interface!(),
        r#"  revision: "1.0"
  spec: { document: D, revision: r, title: Test }
  source: test
structs:
  - name: TPair
    size: 8
    align: 8
    source: s
    members:
      - { name: a, offset: 0x0, type: u32 }
      - { name: b, offset: 0x4, type: u8 }
      - { name: pad, offset: 0x5, size: 3, reserved: true }
"#
    );
    let model = model_of(&[Source::new("t.yaml", abi)]);
    let text = concat!(
        profile_head!(),
        r#"        - interface: T
          path: arch/arm64/include/asm/t.h
          guard: __ASM_T_H_
          fid_macro: SMC_T_FID
          fid_prefix: SMC_
          statuses: [stable]
      c_types:
        - { member: TPair.b, type: u64 }
"#
    );
    assert_eq!(
        output_headlines(text, &model),
        ["o.yaml:16:36: error: `TPair.b` cannot be `u64`: offset 0x4 is not a multiple of 8",]
    );
}

/// The upper-case identifiers `text` uses, without those in comments.
fn macro_uses(text: &str) -> std::collections::BTreeSet<String> {
    let mut code = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        code.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    code.push_str(rest);
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            w.len() > 3 && w.starts_with("RHI_") && !w.contains(|c: char| c.is_ascii_lowercase())
        })
        .map(str::to_string)
        .collect()
}

/// A profile may rename any field of the version encoding, the version
/// constant and the functions the query calls: the routine uses the header's
/// names, so every RHI macro it uses is one a header of the series defines.
#[test]
fn the_query_uses_the_names_its_profile_gives() {
    let model = model();
    let text = format!(
        "{PROFILE}      rename:\n        - {{ from: RhiVersion.major, to: RHI_REV_MAJ }}\n        - {{ from: RhiVersion.minor, to: RHI_REV_MIN }}\n        - {{ from: RHI_HOSTCONF_VERSION, to: RHI_HC_VERSION }}\n        - {{ from: RhiHostconfFeatures.GET_IPA_CHANGE_ALIGNMENT, to: RHI_HC_ALIGN }}\n        - {{ from: RHI_HOSTCONF_FEATURES, to: RHI_HC_FEATURES }}\n"
    );
    let outputs = codegen::load_outputs(&Source::new("o.yaml", &text), &model)
        .unwrap_or_else(|d| panic!("{d:?}"));
    let profile = outputs.linux.default_profile();
    let view = codegen::plan::View::new(&model, profile);
    let files = codegen::emit::c::series(&common::plan_of(&model, &view))
        .expect("series")
        .whole_files();
    let text_of = |suffix: &str| {
        files
            .iter()
            .filter(|f| f.path.ends_with(suffix))
            .map(|f| f.contents.clone())
            .collect::<String>()
    };
    let headers = text_of(".h");
    let routine = text_of("rhi.c");
    assert!(
        routine.contains("RHI_REV_MAJ_MASK") && routine.contains("RHI_HC_FEATURES"),
        "{routine}"
    );
    let undefined: Vec<String> = macro_uses(&routine)
        .into_iter()
        .filter(|m| !headers.contains(&format!("#define {m}")))
        .collect();
    assert!(
        undefined.is_empty(),
        "the routine uses undefined {undefined:?}:\n{routine}"
    );
}

/// A header that leaves out a status of an item the query uses would leave
/// the routine naming a macro no header defines.
#[test]
fn the_query_header_shows_every_item_the_routine_uses() {
    let text = PROFILE.replacen("statuses: [stable, draft]", "statuses: [draft]", 1);
    assert_eq!(
        errors(&text),
        [
            "o.yaml:23:16: error: query `ipa_change_alignment` uses `RHI_HOSTCONF_VER_1_0` (stable), which the header of `RHI` leaves out: add the status to its `statuses:`"
        ]
    );
}

/// A profile without a query is its headers alone: edits would insert
/// fragments of a routine it does not have.
#[test]
fn a_profile_without_a_query_has_no_edits() {
    // `items: used` would show what a query uses: every item here.
    let all = PROFILE.replace("          items: used\n", "");
    let a = all.find("      query:").expect("query");
    let b = all.find("      edits:").expect("edits");
    let text = format!("{}{}", &all[..a], &all[b..]);
    assert_eq!(
        errors(&text),
        ["o.yaml:4:13: error: profile `p` has no query, so its edits would insert nothing"]
    );
    let headers_only = &all[..a];
    assert_eq!(errors(headers_only), Vec::<String>::new());
}

/// A header of `items: used` shows what the profile's query uses, so the
/// profile has a query of its interface (before lowering checked it, such
/// a profile loaded and its emission failed with an internal error).
#[test]
fn items_used_needs_a_query_of_the_interface() {
    let a = PROFILE.find("      query:").expect("query");
    assert_eq!(
        errors(&PROFILE[..a]),
        [
            "o.yaml:15:18: error: `items: used` shows what the profile's query uses, and the profile has no query of `RHI`"
        ]
    );
}

/// A reference `outputs.yaml` makes into the model that does not link is
/// one diagnostic of the lowering pass, at its position; lowering returns
/// no plan, so no emitter can run.
#[test]
fn a_dangling_reference_is_one_diagnostic_of_lowering() {
    let model = model();
    let text = PROFILE.replace("query: ipa_change_alignment", "query: ipa_change_alignmnt");
    // The configuration's own rules hold: what is wrong is the link.
    let (outputs, own) =
        codegen::config::read_outputs(&Source::new("o.yaml", &text), &model).expect("parses");
    assert!(own.is_empty(), "{own:?}");
    let views = codegen::plan::views(&model, &outputs);
    let diags = codegen::plan::lower(&model, &outputs, &views).expect_err("does not lower");
    let lines: Vec<String> = diags.0.iter().map(|d| d.headline()).collect();
    assert_eq!(
        lines,
        [
            "o.yaml:23:16: error: unknown query `ipa_change_alignmnt`; did you mean `ipa_change_alignment`?"
        ]
    );
    assert_eq!(errors(&text), lines, "the loader reports it the same way");
}

/// A header's version constant is one of the revision the header follows.
#[test]
fn a_header_version_is_in_the_revision_the_header_follows() {
    let text = PROFILE.replace(
        "          fid_prefix: SMC_\n",
        "          fid_prefix: SMC_\n          revision: 1.0-rel0\n          version: { constant: RSI_ABI_VERSION_1_1, name: RSI_ABI_VERSION }\n",
    );
    assert_eq!(
        errors(&text),
        [
            "o.yaml:22:32: error: `RSI_ABI_VERSION_1_1` is not in RSI 1.0-rel0, the revision this header follows"
        ]
    );
}

/// A changed copy of a profile is lowered on a view of its own: its files
/// show the revision its headers follow now.
#[test]
fn a_changed_profile_is_lowered_on_its_own_view() {
    let model = model();
    let src = Source::new("o.yaml", PROFILE);
    let outputs = codegen::load_outputs(&src, &model).unwrap_or_else(|d| panic!("{d:?}"));
    let mut p = outputs.linux.profiles[0].clone();
    for h in p.headers.iter_mut().filter(|h| h.interface == "RSI") {
        h.revision = Some("1.1-alp17".into());
    }
    let view = codegen::plan::View::new(&model, &p);
    let plan = codegen::plan::lower_profile(&model, &view).expect("lowers");
    let rsi = plan
        .headers
        .iter()
        .find(|h| h.iface.name == "RSI")
        .expect("RSI");
    assert_eq!(rsi.iface.selected.as_deref(), Some("1.1-alp17"));
}
