//! The shape of `codegen/src`: no import cycle between its files, no file
//! that reaches up into `lib.rs`, and no file longer than 600 lines.
//!
//! A file depends on another when it names an item the other defines: by
//! a path from `crate` or `super`, by a name a `use` brought in (a module
//! alias, a child module), or through a glob. A name is followed through
//! re-exports (`pub use`, globs included) to the file that defines it, so
//! a module file that re-exports its children is not a dependency of
//! theirs, and neither is a re-export a dependency of the module file;
//! every other path, in any file, counts. Paths are read from the tokens:
//! comments, strings, macro bodies (`quote!` and friends spell the
//! generated code's paths, not ours) and `#[cfg(test)]` items are not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

type Module = Vec<String>;

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
fn module_of(file: &Path) -> Module {
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

fn punct(t: Option<&TokenTree>, c: char) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

fn ident_is(t: Option<&TokenTree>, s: &str) -> bool {
    matches!(t, Some(TokenTree::Ident(i)) if i == s)
}

/// What one file says about paths.
#[derive(Default)]
struct Read {
    /// Paths its code names (`use` trees and qualified paths), as written.
    paths: Vec<Vec<String>>,
    /// Paths its `pub use` items re-export, as written.
    reexports: Vec<Vec<String>>,
    /// Names its top-level items define.
    items: BTreeSet<String>,
    /// Names followed by `::` where the name is not `crate`, `super` or
    /// `self` (a module alias or child module, resolved later).
    relative: Vec<Vec<String>>,
}

/// Read a `use` tree after `use`: `a::b::{c, d::e}`, `a::*`; one path per
/// leaf (`*` and `self` kept as segments).
fn use_tree(tokens: &[TokenTree], mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut i = 0;
    loop {
        match tokens.get(i) {
            Some(TokenTree::Ident(id)) => {
                prefix.push(id.to_string());
                i += 1;
            }
            Some(TokenTree::Punct(p)) if p.as_char() == '*' => {
                prefix.push("*".into());
                break;
            }
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                for part in inner.split(|t| punct(Some(t), ',')) {
                    use_tree(part, prefix.clone(), out);
                }
                return;
            }
            _ => break,
        }
        if !(punct(tokens.get(i), ':') && punct(tokens.get(i + 1), ':')) {
            break;
        }
        i += 2;
    }
    // `use x as y`: the path is `x`.
    if !prefix.is_empty() {
        out.push(prefix);
    }
}

/// A path `a::b::c` starting at `tokens[0]`, up to the last name.
fn qualified(tokens: &[TokenTree]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(TokenTree::Ident(id)) = tokens.get(i) {
        out.push(id.to_string());
        if !(punct(tokens.get(i + 1), ':') && punct(tokens.get(i + 2), ':')) {
            break;
        }
        i += 3;
    }
    out
}

/// The end (exclusive) of the item starting at `tokens[i]`: after its first
/// `;` or brace group.
fn item_end(tokens: &[TokenTree], i: usize) -> usize {
    (i..tokens.len())
        .find(|&k| {
            punct(tokens.get(k), ';')
                || matches!(&tokens[k], TokenTree::Group(g) if g.delimiter() == Delimiter::Brace)
        })
        .map_or(tokens.len(), |k| k + 1)
}

/// Whether `tokens[i..]` start with `#[cfg(test)]`.
fn is_cfg_test(tokens: &[TokenTree], i: usize) -> bool {
    let Some(TokenTree::Group(attr)) = tokens.get(i + 1) else {
        return false;
    };
    let attr: String = attr.stream().to_string().split_whitespace().collect();
    punct(tokens.get(i), '#') && attr == "cfg(test)"
}

const ITEM_KEYWORDS: [&str; 9] = [
    "fn", "struct", "enum", "trait", "type", "const", "static", "union", "mod",
];

/// Read a block of items or statements: `use` items (at the top level a
/// `pub use` is a re-export), the names items define, and every path
/// inside the rest; `#[cfg(test)]` items left out.
fn read_block(tokens: &[TokenTree], top: bool, r: &mut Read) {
    let mut i = 0;
    while i < tokens.len() {
        if is_cfg_test(tokens, i) {
            i = item_end(tokens, i + 2);
            continue;
        }
        let use_at = use_item(tokens, i);
        // A `use` item ends at its `;` (its tree may hold braces).
        let end = match use_at {
            Some(u) => (u..tokens.len())
                .find(|&k| punct(tokens.get(k), ';'))
                .map_or(tokens.len(), |k| k + 1),
            None => item_end(tokens, i),
        };
        if let Some(u) = use_at {
            let public = top && (i..u).any(|k| ident_is(tokens.get(k), "pub"));
            let mut found = Vec::new();
            use_tree(
                &tokens[u + 1..end.saturating_sub(1)],
                Vec::new(),
                &mut found,
            );
            if public {
                r.reexports.extend(found);
            } else {
                r.paths.extend(found);
            }
        } else {
            if top {
                r.items.extend(item_name(&tokens[i..end]));
            }
            read_paths(&tokens[i..end], r);
        }
        i = end;
    }
}

/// Where the `use` of a `use` item starting at `tokens[i]` is, after its
/// attributes and visibility.
fn use_item(tokens: &[TokenTree], mut i: usize) -> Option<usize> {
    loop {
        match tokens.get(i)? {
            TokenTree::Punct(p) if p.as_char() == '#' => i += 2,
            TokenTree::Ident(id) if id == "pub" => i += 1,
            TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => i += 1,
            TokenTree::Ident(id) if id == "use" => return Some(i),
            _ => return None,
        }
    }
}

/// The name an item defines: the name after its keyword.
fn item_name(tokens: &[TokenTree]) -> Option<String> {
    tokens.windows(2).find_map(|w| match w {
        [TokenTree::Ident(kw), TokenTree::Ident(name)]
            if ITEM_KEYWORDS.contains(&kw.to_string().as_str()) =>
        {
            Some(name.to_string())
        }
        _ => None,
    })
}

/// Every path inside `tokens`, macro bodies aside.
fn read_paths(tokens: &[TokenTree], r: &mut Read) {
    let mut i = 0;
    while i < tokens.len() {
        let after_colons = i > 0 && punct(tokens.get(i - 1), ':');
        match &tokens[i] {
            // A macro call: its body is not our code's paths.
            TokenTree::Ident(_)
                if punct(tokens.get(i + 1), '!')
                    && matches!(tokens.get(i + 2), Some(TokenTree::Group(_))) =>
            {
                i += 3;
                continue;
            }
            TokenTree::Group(g) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                if g.delimiter() == Delimiter::Brace {
                    read_block(&inner, false, r);
                } else {
                    read_paths(&inner, r);
                }
            }
            TokenTree::Ident(id) if !after_colons => {
                let path = qualified(&tokens[i..]);
                if path.len() > 1 {
                    if id == "crate" || id == "super" || id == "self" {
                        r.paths.push(path.clone());
                    } else {
                        r.relative.push(path.clone());
                    }
                    i += path.len() * 3 - 2;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn read(text: &str) -> Read {
    let ts = TokenStream::from_str(text).expect("tokens");
    let tokens: Vec<TokenTree> = ts.into_iter().collect();
    let mut r = Read::default();
    read_block(&tokens, true, &mut r);
    r.paths.sort();
    r.paths.dedup();
    r.relative.sort();
    r.relative.dedup();
    r
}

/// The whole source tree: every file read, by module.
struct Tree {
    file_of: BTreeMap<Module, PathBuf>,
    read: BTreeMap<Module, Read>,
}

impl Tree {
    fn load() -> Tree {
        let mut all = Vec::new();
        files(&src_dir(), &mut all);
        let mut file_of = BTreeMap::new();
        let mut read_of = BTreeMap::new();
        for f in all {
            let text = std::fs::read_to_string(src_dir().join(&f)).expect("read");
            let m = module_of(&f);
            read_of.insert(m.clone(), read(&text));
            file_of.insert(m, f);
        }
        Tree {
            file_of,
            read: read_of,
        }
    }

    /// `path` as written in module `from`, made absolute: `crate`,
    /// `super` and `self` resolved; a first name that is a child module
    /// or a name `from` imports resolved through that.
    fn absolute(&self, path: &[String], from: &Module) -> Option<Module> {
        let mut abs = from.clone();
        let mut rest = path;
        match rest.first()?.as_str() {
            "crate" => {
                abs.clear();
                rest = &rest[1..];
            }
            "super" => {
                while rest.first().is_some_and(|s| s == "super") {
                    abs.pop()?;
                    rest = &rest[1..];
                }
            }
            "self" => rest = &rest[1..],
            first => {
                let mut child = from.clone();
                child.push(first.to_string());
                if !self.file_of.contains_key(&child) {
                    let import = self.import(first, from)?;
                    abs = import;
                    rest = &rest[1..];
                }
            }
        }
        abs.extend(rest.iter().filter(|s| *s != "self").cloned());
        Some(abs)
    }

    /// What a `use` of `from` brings in under `name` (a module or an item).
    fn import(&self, name: &str, from: &Module) -> Option<Module> {
        let r = self.read.get(from)?;
        r.paths.iter().chain(&r.reexports).find_map(|p| {
            let last = p.iter().rev().find(|s| *s != "self")?;
            let is_self = p.last().is_some_and(|s| s == "self");
            let named = last == name && (is_self || p.last() == Some(last));
            if !named || !matches!(p[0].as_str(), "crate" | "super" | "self") {
                return None;
            }
            self.absolute(p, from)
        })
    }

    /// The file that defines what `abs` names: the longest module prefix,
    /// followed through re-exports and globs.
    fn defining(&self, abs: &Module) -> Option<&PathBuf> {
        let mut abs = abs.clone();
        for _ in 0..16 {
            let n = (0..=abs.len())
                .rev()
                .find(|&n| self.file_of.contains_key(&abs[..n]))?;
            let m: Module = abs[..n].to_vec();
            let Some(name) = abs.get(n).cloned() else {
                return self.file_of.get(&m);
            };
            let r = &self.read[&m];
            if r.items.contains(&name) {
                return self.file_of.get(&m);
            }
            let via = r.reexports.iter().find_map(|p| {
                let target = self.absolute(p, &m)?;
                match target.last().map(String::as_str) {
                    Some("*") => {
                        let module = target[..target.len() - 1].to_vec();
                        let defines = self.read.get(&module)?.items.contains(&name)
                            || self
                                .file_of
                                .contains_key(&[module.clone(), vec![name.clone()]].concat());
                        defines.then(|| [module, vec![name.clone()]].concat())
                    }
                    Some(last) if *last == name => Some(target),
                    _ => None,
                }
            });
            match via {
                Some(t) => abs = [t, abs[n + 1..].to_vec()].concat(),
                None => return self.file_of.get(&m),
            }
        }
        None
    }

    /// file -> the files it depends on.
    fn graph(&self) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
        let mut g = BTreeMap::new();
        for (m, f) in &self.file_of {
            let r = &self.read[m];
            let deps: BTreeSet<PathBuf> = r
                .paths
                .iter()
                .chain(&r.relative)
                .filter_map(|p| self.absolute(p, m))
                // Bringing a module's name in (`use crate::model::{self}`)
                // is no use of it; what is named through it counts.
                .filter(|abs| !self.file_of.contains_key(abs))
                .filter_map(|abs| self.defining(&abs).cloned())
                .filter(|d| d != f)
                .collect();
            g.insert(f.clone(), deps);
        }
        g
    }
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
    let g = Tree::load().graph();
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
    let g = Tree::load().graph();
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

/// The reader on a small tree: what counts as a dependency, and what not.
#[test]
fn the_reader_follows_paths_aliases_globs_and_reexports() {
    let source = |text: &str| read(text);
    let mut tree = Tree {
        file_of: BTreeMap::new(),
        read: BTreeMap::new(),
    };
    let mut add = |m: &[&str], file: &str, text: &str| {
        let m: Module = m.iter().map(|s| s.to_string()).collect();
        tree.file_of.insert(m.clone(), PathBuf::from(file));
        tree.read.insert(m, source(text));
    };
    add(&[], "lib.rs", "mod a; mod b; pub fn load() {}");
    add(
        &["a"],
        "a/mod.rs",
        "mod x; mod y; pub use x::X; pub use y::*; pub fn helper() {}",
    );
    add(&["a", "x"], "a/x.rs", "pub struct X; use super::helper;");
    add(&["a", "y"], "a/y.rs", "pub struct Y;");
    add(
        &["b"],
        "b.rs",
        "use crate::a::{self}; #[cfg(test)] use crate::load; fn f() { a::X; crate::a::Y; quote!(crate::load); }",
    );
    let g = tree.graph();
    let deps = |f: &str| -> Vec<String> {
        g[&PathBuf::from(f)]
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    };
    // Through the alias `a` and the re-exports, to the defining files.
    assert_eq!(deps("b.rs"), ["a/x.rs", "a/y.rs"]);
    // A child's use of its parent counts; the parent's re-exports do not.
    assert_eq!(deps("a/x.rs"), ["a/mod.rs"]);
    assert!(deps("a/mod.rs").is_empty(), "{:?}", deps("a/mod.rs"));
    let mut with_call = tree;
    with_call
        .read
        .insert(vec!["a".into()], source("mod x; pub fn helper() { x::X; }"));
    let g = with_call.graph();
    assert!(
        cycle(&g, &PathBuf::from("a/mod.rs")).is_some(),
        "a parent that calls a child that uses it"
    );
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
