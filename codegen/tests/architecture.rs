//! The shape of `codegen/src`: no import cycle between its files, no file
//! that reaches up into `lib.rs`, and no file longer than 600 lines.
//!
//! A file depends on another when it names a path into that file's module
//! (`use` or a qualified path, starting at `crate` or `super`). A module
//! file (`lib.rs`, `mod.rs`) that names its own descendants composes them
//! and is not counted; every other dependency is, a child's on its parent
//! included. Paths are read from the file's tokens, so comments and strings
//! do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, relative to `src`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p.strip_prefix(src_dir()).expect("under src").to_path_buf());
        }
    }
}

/// `emit/c/mod.rs` -> `["emit", "c"]`; `lib.rs` -> `[]`.
fn module_of(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

fn is_module_file(file: &Path) -> bool {
    file.ends_with("mod.rs") || file == Path::new("lib.rs")
}

/// Every path in `ts` that starts at `crate` or `super`, as its segments
/// (a `use` group yields one path per member).
fn paths(ts: TokenStream, out: &mut Vec<Vec<String>>) {
    let tokens: Vec<TokenTree> = ts.into_iter().collect();
    let mut skip_to = 0;
    for (i, t) in tokens.iter().enumerate() {
        if i < skip_to {
            continue;
        }
        // Unit tests (`#[cfg(test)] mod tests { … }`) are not the library.
        if is_cfg_test(&tokens[i..]) {
            skip_to = tokens[i..]
                .iter()
                .position(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))
                .map_or(tokens.len(), |n| i + n + 1);
            continue;
        }
        match t {
            TokenTree::Group(g) => paths(g.stream(), out),
            TokenTree::Ident(id) if id == "crate" || id == "super" => {
                let before_colon =
                    i > 0 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == ':');
                if !before_colon {
                    follow(&tokens[i..], Vec::new(), out);
                }
            }
            _ => {}
        }
    }
}

/// Whether `tokens` start with `#[cfg(test)]`.
fn is_cfg_test(tokens: &[TokenTree]) -> bool {
    let [TokenTree::Punct(hash), TokenTree::Group(attr), ..] = tokens else {
        return false;
    };
    let attr: String = attr.stream().to_string().split_whitespace().collect();
    hash.as_char() == '#' && attr == "cfg(test)"
}

/// Read `a::b::{c, d::e}` from the start of `tokens`, after `prefix`.
fn follow(tokens: &[TokenTree], mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut i = 0;
    loop {
        match tokens.get(i) {
            Some(TokenTree::Ident(id)) => {
                prefix.push(id.to_string());
                i += 1;
            }
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                for part in inner.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
                {
                    follow(part, prefix.clone(), out);
                }
                return;
            }
            _ => break,
        }
        let colons = tokens.get(i..i + 2).is_some_and(|w| {
            w.iter()
                .all(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ':'))
        });
        if !colons {
            break;
        }
        i += 2;
    }
    // `pub(crate)` and `pub(super)` are visibilities, not paths.
    if prefix.len() > 1 {
        out.push(prefix);
    }
}

/// The module a path names an item of (or is): `super` and `crate`
/// resolved from `from`, then the longest prefix that is a module.
fn target(
    path: &[String],
    from: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let mut abs: Vec<String> = from.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            abs.clear();
            rest = &rest[1..];
        }
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                abs.pop();
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    abs.extend(rest.iter().filter(|s| *s != "self").cloned());
    (0..=abs.len())
        .rev()
        .map(|n| abs[..n].to_vec())
        .find(|m| modules.contains(m))
}

/// The dependency graph: file -> files it depends on.
fn graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mut all = Vec::new();
    files(&src_dir(), &mut all);
    let file_of: BTreeMap<Vec<String>, PathBuf> =
        all.iter().map(|f| (module_of(f), f.clone())).collect();
    let modules: BTreeSet<Vec<String>> = file_of.keys().cloned().collect();
    let mut g = BTreeMap::new();
    for f in &all {
        let text = std::fs::read_to_string(src_dir().join(f)).expect("read");
        let ts = TokenStream::from_str(&text).expect("tokens");
        let mut found = Vec::new();
        paths(ts, &mut found);
        let from = module_of(f);
        let deps: BTreeSet<PathBuf> = found
            .iter()
            .filter_map(|p| target(p, &from, &modules))
            .filter(|m| *m != from)
            // A module file composing its descendants.
            .filter(|m| !(is_module_file(f) && m.starts_with(&from)))
            .filter_map(|m| file_of.get(&m).cloned())
            .collect();
        g.insert(f.clone(), deps);
    }
    g
}

/// A cycle through `start`, if there is one.
fn cycle(g: &BTreeMap<PathBuf, BTreeSet<PathBuf>>, start: &PathBuf) -> Option<Vec<PathBuf>> {
    let mut stack = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((node, trail)) = stack.pop() {
        for next in g.get(&node).into_iter().flatten() {
            if next == start {
                return Some(trail.clone());
            }
            if seen.insert(next.clone()) {
                let mut t = trail.clone();
                t.push(next.clone());
                stack.push((next.clone(), t));
            }
        }
    }
    None
}

#[test]
fn no_import_cycle_between_files() {
    let g = graph();
    let cycles: BTreeSet<String> = g
        .keys()
        .filter_map(|f| cycle(&g, f))
        .map(|mut c| {
            // One spelling per cycle: from its least file.
            let least = c
                .iter()
                .enumerate()
                .min_by_key(|(_, f)| (*f).clone())
                .map_or(0, |(i, _)| i);
            c.rotate_left(least);
            let names: Vec<String> = c.iter().map(|f| f.display().to_string()).collect();
            names.join(" -> ")
        })
        .collect();
    assert!(
        cycles.is_empty(),
        "import cycles:\n{}",
        cycles.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn no_file_reaches_up_into_lib_rs() {
    let g = graph();
    let up: Vec<String> = g
        .iter()
        .filter(|(_, deps)| deps.contains(Path::new("lib.rs")))
        .map(|(f, _)| f.display().to_string())
        .collect();
    assert!(up.is_empty(), "files that name an item of lib.rs: {up:?}");
}

#[test]
fn no_file_is_longer_than_600_lines() {
    let mut all = Vec::new();
    files(&src_dir(), &mut all);
    let long: Vec<String> = all
        .iter()
        .map(|f| {
            let n = std::fs::read_to_string(src_dir().join(f))
                .expect("read")
                .lines()
                .count();
            (f, n)
        })
        .filter(|(_, n)| *n > 600)
        .map(|(f, n)| format!("{}: {n} lines", f.display()))
        .collect();
    assert!(long.is_empty(), "{long:?}");
}

/// The reader itself: a cycle and a reach into `lib.rs` are seen.
#[test]
fn the_reader_sees_paths_in_use_groups_and_expressions() {
    let mut found = Vec::new();
    let ts = TokenStream::from_str(
        "use super::{header::cite, Names}; fn f() { crate::emit::wrap(\"crate::no\", 1); x.super_y; }",
    )
    .expect("tokens");
    paths(ts, &mut found);
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        ["super::header::cite", "super::Names", "crate::emit::wrap"]
    );
    let modules: BTreeSet<Vec<String>> =
        [vec![], vec!["emit".into()], vec!["emit".into(), "c".into()]]
            .into_iter()
            .collect();
    let from = vec!["emit".to_string(), "c".to_string(), "query".to_string()];
    let t = |p: &str| {
        target(
            &p.split("::").map(String::from).collect::<Vec<_>>(),
            &from,
            &modules,
        )
    };
    assert_eq!(t("super::Names"), Some(vec!["emit".into(), "c".into()]));
    assert_eq!(t("crate::load"), Some(vec![]));
}

#[test]
fn the_cycle_search_finds_a_cycle_and_only_one() {
    let edge = |a: &str, b: &[&str]| (PathBuf::from(a), b.iter().map(PathBuf::from).collect());
    let g: BTreeMap<PathBuf, BTreeSet<PathBuf>> = [
        edge("a.rs", &["b.rs"]),
        edge("b.rs", &["c.rs"]),
        edge("c.rs", &["a.rs"]),
        edge("d.rs", &["a.rs"]),
    ]
    .into_iter()
    .collect();
    assert_eq!(cycle(&g, &PathBuf::from("a.rs")).map(|c| c.len()), Some(3));
    assert_eq!(cycle(&g, &PathBuf::from("d.rs")), None);
}
