//! Rules are numbered once: every rule of `abi/README.md` ("Checks") has a
//! test named `rule_N_…` in these tests, and every diagnostic message the
//! library can produce occurs in a test.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `.rs` files directly in `dir`, with their text, sorted by path.
fn rs_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            let text = read(&p);
            (p, text)
        })
        .collect();
    out.sort();
    out
}

/// The rule numbers of the table under "## Checks" of `abi/README.md`: its
/// rows `| N | … |`.
fn readme_rules() -> BTreeSet<u32> {
    let text = read(&manifest().join("../abi/README.md"));
    let (_, checks) = text
        .split_once("\n## Checks\n")
        .expect("abi/README.md has a section `## Checks`");
    let checks = checks.split("\n## ").next().unwrap_or(checks);
    checks
        .lines()
        .filter_map(|l| {
            let (n, _) = l.strip_prefix("| ")?.split_once(" |")?;
            n.trim().parse().ok()
        })
        .collect()
}

/// Every `fn rule_N_…` of the integration tests: N, and where.
fn rule_tests() -> BTreeMap<u32, Vec<String>> {
    let mut out: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (path, text) in rs_files(&manifest().join("tests")) {
        let file = path.file_name().expect("name").to_string_lossy();
        for (at, _) in text.match_indices("fn rule_") {
            let rest = &text[at + "fn rule_".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if let (Ok(n), true) = (digits.parse(), rest[digits.len()..].starts_with('_')) {
                out.entry(n)
                    .or_default()
                    .push(format!("{file}: rule_{name}"));
            }
        }
    }
    out
}

#[test]
fn every_rule_of_the_readme_has_a_test() {
    let rules = readme_rules();
    assert!(rules.len() >= 40, "too few rules read: {rules:?}");
    let tests = rule_tests();
    let untested: Vec<String> = rules
        .iter()
        .filter(|n| !tests.contains_key(n))
        .map(|n| format!("rule {n} has no test `fn rule_{n}_…`"))
        .collect();
    let unknown: Vec<String> = tests
        .iter()
        .filter(|(n, _)| !rules.contains(n))
        .flat_map(|(n, t)| {
            t.iter()
                .map(move |t| format!("{t}: abi/README.md has no rule {n}"))
        })
        .collect();
    let problems = [untested, unknown].concat();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

// Every diagnostic message has a test.
//
// The scanner reads the Rust files of `codegen/src` but `emit/` and `diff/`
// (emitters return files and `diff` a report; neither makes diagnostics).
// A string literal is a message when it is the format string of `format!`
// or an argument of a call that makes a diagnostic or its note: `err`,
// `err_with`, `push`, `push_with`, `note`, `Err`, `custom` (serde's error).
// Its fixed text is what lies between `{…}` placeholders. A message is
// tested when its first fixed run of at least `DISTINCT` characters occurs
// in a test file (`codegen/tests/*.rs`, `xtask/tests/*.rs`); a literal
// without such a run (a fragment a message is assembled from, or a message
// made mostly of placeholders) when its fixed runs occur in order on one
// line of a test file; a literal whose fixed text has no word is no message.

/// Fewer characters than this say too little to find a message by.
const DISTINCT: usize = 12;

/// Calls whose string arguments are messages.
const MESSAGE_CALLS: [&str; 7] = [
    "err",
    "err_with",
    "push",
    "push_with",
    "note",
    "Err",
    "custom",
];

/// Messages (their first distinct run) that no test can produce, and why.
const EXCEPTIONS: [(&str, &str); 4] = [
    (
        "internal error: profile `",
        "lowering refused a profile without saying why: a defect of lowering, which every refusal it has reports (plan::lower)",
    ),
    (
        "mappings and sequences nest more than ",
        "the typed format refuses a nested value at its first level, long before the parser's depth limit (xtask/tests/bounds.rs, nesting_10000_deep_is_refused_at_the_first_level)",
    ),
    (
        "the file exceeds a parser limit (",
        "the fallback for parser budgets `limits::options` does not set",
    ),
    (
        "integer out of range",
        "serde-saphyr hands a number beyond 64 bits over as a string or a float, never as a u128 (rule_4_a_number_beyond_128_bits_is_not_an_integer)",
    ),
];

/// A string literal of a source file: its text (escapes resolved), line,
/// and the call it is an argument of, with its position among the arguments.
struct Literal {
    text: String,
    line: usize,
    call: Option<String>,
    arg: usize,
}

/// The string literals of Rust source `src`, outside comments.
fn literals(src: &str) -> Vec<Literal> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    // One entry per open bracket: the name called (for `(`), and the index
    // of the argument being read.
    let mut stack: Vec<(Option<String>, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let rest = &src[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
            continue;
        }
        let prev_word = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if b[i] == b'\'' {
            // A char literal ('x', '\n', '"'); else a lifetime.
            let end = if rest[1..].starts_with('\\') {
                rest[2..].find('\'').map(|e| e + 2)
            } else {
                rest.char_indices()
                    .nth(2)
                    .filter(|(_, c)| *c == '\'')
                    .map(|(e, _)| e)
            };
            i += end.map_or(1, |e| e + 1);
            continue;
        }
        let raw = rest.strip_prefix('r').filter(|_| !prev_word).and_then(|r| {
            let hashes = r.len() - r.trim_start_matches('#').len();
            r[hashes..].starts_with('"').then_some(hashes)
        });
        if raw.is_some() || b[i] == b'"' {
            let (text, len) = match raw {
                Some(h) => {
                    let open = 1 + h + 1;
                    let close = format!("\"{}", "#".repeat(h));
                    let end = rest[open..].find(&close).expect("raw string ends") + open;
                    (rest[open..end].to_string(), end + close.len())
                }
                None => string_literal(rest),
            };
            let (call, arg) = stack.last().cloned().unwrap_or((None, 0));
            let line = src[..i].matches('\n').count() + 1;
            out.push(Literal {
                text,
                line,
                call,
                arg,
            });
            i += len;
            continue;
        }
        match b[i] {
            b'(' => {
                let name: String = src[..i]
                    .trim_end()
                    .chars()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '!')
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                stack.push(((!name.is_empty()).then_some(name), 0));
            }
            b'[' | b'{' => stack.push((None, 0)),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
            }
            _ => {}
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// A `"…"` literal at the start of `s`: its text, escapes resolved, and
/// its length in `s`.
fn string_literal(s: &str) -> (String, usize) {
    let mut text = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return (text, at + 1),
            '\\' => match chars.next() {
                Some((_, 'n')) => text.push('\n'),
                Some((_, 't')) => text.push('\t'),
                // A line continuation drops the line end and the indent.
                Some((_, '\n')) => {
                    while chars.clone().next().is_some_and(|(_, w)| w.is_whitespace()) {
                        chars.next();
                    }
                }
                Some((_, other)) => text.push(other),
                None => break,
            },
            c => text.push(c),
        }
    }
    (text, s.len())
}

/// The fixed runs of a format string: the text between its `{…}`
/// placeholders (`{{` and `}}` stand for braces).
fn fixed_runs(s: &str) -> Vec<String> {
    let mut runs = vec![String::new()];
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                runs.last_mut().expect("a run").push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                runs.last_mut().expect("a run").push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                runs.push(String::new());
            }
            c => runs.last_mut().expect("a run").push(c),
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// The Rust files of `dir` and below.
fn tree(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.expect("directory entry").path();
        if p.is_dir() {
            tree(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every message of `codegen/src`: where, and its fixed runs.
fn messages() -> Vec<(String, Vec<String>)> {
    let src = manifest().join("src");
    let mut files = Vec::new();
    tree(&src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let rel = path.strip_prefix(manifest()).expect("under the crate");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.starts_with("src/emit/") || rel.starts_with("src/diff/") {
            continue;
        }
        let text = read(&path);
        // Unit tests at the end of a file are no source of messages.
        let text = text.split("#[cfg(test)]").next().unwrap_or(&text);
        for l in literals(text) {
            let Some(call) = l.call.as_deref() else {
                continue;
            };
            let message = (call == "format!" && l.arg == 0) || MESSAGE_CALLS.contains(&call);
            let runs = fixed_runs(&l.text);
            let words = runs
                .iter()
                .any(|r| r.chars().filter(char::is_ascii_alphabetic).count() >= 3);
            if message && words {
                out.push((format!("{rel}:{}", l.line), runs));
            }
        }
    }
    out
}

#[test]
fn every_diagnostic_message_has_a_test() {
    let mut tests = rs_files(&manifest().join("tests"));
    tests.retain(|(p, _)| !p.ends_with("rules.rs"));
    tests.extend(rs_files(&manifest().join("../xtask/tests")));
    // Test sources as the messages read: `\"` in a Rust string is `"`.
    let tests: Vec<String> = tests
        .into_iter()
        .map(|(_, t)| t.replace("\\\"", "\"").replace("\\\\", "\\"))
        .collect();
    let found = |key: &str| tests.iter().any(|t| t.contains(key));
    let in_order = |runs: &[String]| {
        tests.iter().flat_map(|t| t.lines()).any(|line| {
            let mut rest = line;
            runs.iter().all(|r| match rest.find(r.as_str()) {
                Some(at) => {
                    rest = &rest[at + r.len()..];
                    true
                }
                None => false,
            })
        })
    };
    let all = messages();
    assert!(all.len() > 100, "too few messages read: {}", all.len());
    let mut untested = Vec::new();
    let mut excepted = BTreeSet::new();
    for (at, runs) in &all {
        let key = runs.iter().find(|r| r.chars().count() >= DISTINCT);
        let ok = match key {
            Some(k) if EXCEPTIONS.iter().any(|(e, _)| e == k) => {
                excepted.insert(k.as_str());
                true
            }
            Some(k) => found(k),
            None => in_order(runs),
        };
        if !ok {
            let shown = key.cloned().unwrap_or_else(|| runs.join("…"));
            untested.push(format!("{at}: `{shown}`"));
        }
    }
    let stale: Vec<String> = EXCEPTIONS
        .iter()
        .filter(|(e, _)| !excepted.contains(e))
        .map(|(e, _)| format!("exception `{e}` names no message"))
        .collect();
    let problems = [untested, stale].concat();
    assert!(
        problems.is_empty(),
        "{} messages without a test:\n{}\n",
        problems.len(),
        problems.join("\n")
    );
}
