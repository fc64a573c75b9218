//! The JSON Schema of the description format (`generated/json/abi.schema.json`,
//! derived from the loader's serde types): the shipped files validate against
//! it and name it for editors, and broken files fail it.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The description files: every `abi/*.yaml` but the output profiles.
fn abi_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("abi"))
        .expect("abi/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter(|p| !p.ends_with("outputs.yaml"))
        .collect();
    files.sort();
    files
}

/// Validate a YAML text against the schema; the errors as text.
fn validate(yaml: &str) -> Result<(), String> {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(root().join("generated/json/abi.schema.json")).expect("schema"),
    )
    .expect("the schema is JSON");
    let doc: Value = serde_saphyr::from_str(yaml).map_err(|e| format!("not YAML: {e}"))?;
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = "https://cca-abi.invalid/abi.schema.json";
    compiler
        .add_resource(url, schema)
        .expect("the schema loads");
    let index = compiler
        .compile(url, &mut schemas)
        .expect("the schema compiles");
    schemas.validate(&doc, index).map_err(|e| format!("{e:#}"))
}

#[test]
fn the_shipped_descriptions_validate_against_the_schema() {
    let files = abi_files();
    assert!(files.len() >= 2, "abi/ holds the RSI and RHI descriptions");
    for f in files {
        let text = fs::read_to_string(&f).expect("readable");
        assert_eq!(validate(&text), Ok(()), "{}", f.display());
    }
}

#[test]
fn the_shipped_descriptions_name_the_schema_for_editors() {
    for f in abi_files() {
        let text = fs::read_to_string(&f).expect("readable");
        assert_eq!(
            text.lines().next(),
            Some("# yaml-language-server: $schema=../generated/json/abi.schema.json"),
            "{}",
            f.display()
        );
    }
}

const GOOD: &str = r#"
interface:
  name: T
  title: Test interface
  transport: smc
  owner: 4
  call_type: fast
  width: 64
  numbers: { first: 0x190, last: 0x1AF }
  revision: "1.0"
  spec: { document: DEN0137, revision: 1.0-rel0, title: RMM }
  source: test
functions:
  - { name: T_VERSION, number: 0x190, since: "1.0", status: stable, source: test, doc: Version. }
"#;

#[test]
fn a_small_good_file_validates() {
    assert_eq!(validate(GOOD), Ok(()));
}

#[test]
fn broken_files_fail_the_schema() {
    let broken = [
        (
            "an unknown key",
            GOOD.replace("doc: Version.", "doc: Version., numbr: 1"),
        ),
        (
            "a number where a name belongs",
            GOOD.replace("name: T_VERSION", "name: 7"),
        ),
        (
            "a transport not in the list",
            GOOD.replace("transport: smc", "transport: hvc"),
        ),
        (
            "a missing required key",
            GOOD.replace("  source: test\nfunctions", "functions"),
        ),
        (
            "a string where an integer belongs",
            GOOD.replace("owner: 4", "owner: four"),
        ),
        (
            "a status not in the list",
            GOOD.replace("status: stable", "status: final"),
        ),
    ];
    for (what, text) in broken {
        assert!(
            validate(&text).is_err(),
            "{what} passed the schema:\n{text}"
        );
    }
}
