//! Hostile descriptions are refused with a clear `file:line:col` message in
//! bounded memory (the xtask runs under `ulimit -v`), and the largest real
//! description, 10,000 functions, still loads. No time is asserted: `cargo
//! xtask bench` reports the times.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// The generator the performance figures use (`cargo xtask bench`).
#[allow(dead_code)]
#[path = "../src/bench/synthetic.rs"]
mod synthetic;

use synthetic::HEAD;

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");
/// The address-space limit of every run, in KiB (1 GiB).
const MEMORY_KIB: u64 = 1 << 20;

/// `xtask model --json --abi DIR` under the memory limit.
fn model_under_limit(abi: &Path) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_KIB} && exec \"$0\" model --json --abi \"$1\""
        ))
        .arg(XTASK)
        .arg(abi)
        .output()
        .expect("sh runs")
}

/// A directory holding one description file with `text`.
fn abi_with(text: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("big.yaml"), text).expect("write");
    dir
}

fn assert_refused(text: &[u8], message: &str) {
    let dir = abi_with(text);
    let out = model_under_limit(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(message),
        "expected `{message}` in:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_100_mb_file_is_refused_before_parsing() {
    let mut text = HEAD.as_bytes().to_vec();
    text.resize(100 << 20, b'#');
    assert_refused(
        &text,
        "big.yaml:1:1: error: the file is 104857600 bytes; a description file may hold at most 16777216 bytes",
    );
}

#[test]
fn a_1_mb_line_is_refused() {
    let text = format!("{HEAD}  note: {}\n", "x".repeat(1 << 20));
    assert_refused(
        text.as_bytes(),
        "big.yaml:12:65537: error: line 12 is 1048584 bytes long",
    );
}

#[test]
fn nesting_10000_deep_is_refused_at_the_first_level() {
    // Block sequences nest on one line: `- - - x`; where the format wants
    // a list of functions the parser stops at the first level.
    let text = format!("{HEAD}functions:\n  {}x\n", "- ".repeat(10_000));
    assert_refused(
        text.as_bytes(),
        "big.yaml:13:5: error: expected mapping start",
    );
}

#[test]
fn an_alias_expansion_bomb_is_refused() {
    // Ten levels of ten aliases each (10^10 values expanded) in the only
    // lists of free text the format has: a typed format stops the second
    // level, where a text is expected and a list is found.
    let mut text = format!("{HEAD}functions:\n");
    for level in 0..10 {
        let items = if level == 0 {
            vec!["x".to_string(); 10]
        } else {
            vec![format!("*b{}", level - 1); 10]
        };
        let _ = writeln!(
            text,
            "  - {{ name: SYN_F{level}, number: {level}, since: \"1.0\", status: stable, source: s, doc: d, failures: &b{level} [{}] }}",
            items.join(", ")
        );
    }
    assert_refused(text.as_bytes(), "big.yaml:14:");
}

#[test]
fn more_values_than_the_node_budget_are_refused() {
    // 4.2 million one-letter texts in one list, 2,000 to a line.
    let mut text = format!(
        "{HEAD}functions:\n  - name: SYN_F0\n    number: 0\n    since: \"1.0\"\n    status: stable\n    source: s\n    doc: d\n    failures: [\n"
    );
    let line = format!("      {}\n", "a, ".repeat(2000));
    for _ in 0..2100 {
        text.push_str(&line);
    }
    text.push_str("    ]\n");
    assert!(text.len() < 16 << 20);
    assert_refused(
        text.as_bytes(),
        "error: the file holds more than 4000000 YAML values; split it into several files",
    );
}

#[test]
fn ten_thousand_functions_load_within_the_limits() {
    let text = synthetic::description(10_000);
    assert!(
        text.lines().count() > 120_000,
        "{} lines",
        text.lines().count()
    );
    let dir = abi_with(text.as_bytes());
    let out = model_under_limit(dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = String::from_utf8_lossy(&out.stdout);
    assert_eq!(json.matches("\"name\": \"SYN_F").count(), 10_000);
}
