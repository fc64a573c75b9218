//! `abi/outputs.yaml`: which files to generate, where, under which names.
//!
//! Facts stay in the interface files; a profile only chooses presentation
//! (paths, include guards, the names Linux already uses) and is checked
//! against the `Model` like everything else, with positions.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diag::{Diagnostics, Loc, Source};
use crate::model::{Model, Status};
use crate::schema::S;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    linux: LinuxRaw,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinuxRaw {
    default: S<String>,
    profiles: Vec<ProfileRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileRaw {
    name: S<String>,
    extends: Option<S<String>>,
    doc: String,
    headers: Option<Vec<HeaderRaw>>,
    rename: Option<Vec<RenameRaw>>,
    omit: Option<Vec<OmitRaw>>,
    aliases: Option<Vec<AliasRaw>>,
    queries: Option<Vec<QueryRaw>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasRaw {
    name: S<String>,
    of: S<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderRaw {
    interface: S<String>,
    path: S<String>,
    guard: S<String>,
    fid_macro: S<String>,
    fid_prefix: S<String>,
    version: Option<VersionRaw>,
    statuses: Vec<S<String>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionRaw {
    constant: S<String>,
    name: S<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RenameRaw {
    from: S<String>,
    to: S<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OmitRaw {
    item: S<String>,
    reason: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryRaw {
    query: S<String>,
    path: S<String>,
    header: S<String>,
    function: S<String>,
    fallback: S<String>,
}

/// The resolved output configuration.
#[derive(Clone, Debug)]
pub struct Outputs {
    pub linux: Linux,
}

#[derive(Clone, Debug)]
pub struct Linux {
    /// Name of the profile written to `generated/linux/`.
    pub default: String,
    pub profiles: Vec<LinuxProfile>,
}

impl Linux {
    pub fn profile(&self, name: &str) -> Option<&LinuxProfile> {
        self.profiles.iter().find(|p| p.name == name)
    }
    pub fn default_profile(&self) -> &LinuxProfile {
        // `resolve` guarantees the default names a profile.
        self.profile(&self.default)
            .unwrap_or_else(|| &self.profiles[0])
    }
}

#[derive(Clone, Debug)]
pub struct LinuxProfile {
    pub name: String,
    pub doc: String,
    pub headers: Vec<LinuxHeader>,
    /// Spec name (or `Type.member`) to the name Linux uses.
    pub rename: BTreeMap<String, String>,
    /// Items left out, with the reason written into the header.
    pub omit: Vec<(String, String)>,
    /// Extra C names: (alias, spec item or `Type.field`).
    pub aliases: Vec<(String, String)>,
    pub queries: Vec<LinuxQuery>,
}

impl LinuxProfile {
    /// The C name of a spec item: its rename, or `default`.
    pub fn name_of(&self, spec: &str, default: impl FnOnce() -> String) -> String {
        self.rename.get(spec).cloned().unwrap_or_else(default)
    }
    pub fn omitted(&self, item: &str) -> Option<&str> {
        self.omit
            .iter()
            .find(|(i, _)| i == item)
            .map(|(_, r)| r.as_str())
    }
    pub fn header_for(&self, interface: &str) -> Option<&LinuxHeader> {
        self.headers.iter().find(|h| h.interface == interface)
    }
}

#[derive(Clone, Debug)]
pub struct LinuxHeader {
    pub interface: String,
    /// Path in the kernel tree, e.g. `arch/arm64/include/asm/rsi_smc.h`.
    pub path: String,
    pub guard: String,
    pub fid_macro: String,
    pub fid_prefix: String,
    /// A version constant spelled as `NAME_MAJOR`, `NAME_MINOR`, `NAME`.
    pub version: Option<(String, String)>,
    pub statuses: Vec<Status>,
}

#[derive(Clone, Debug)]
pub struct LinuxQuery {
    pub query: String,
    pub interface: String,
    pub path: String,
    pub header: String,
    pub function: String,
    pub fallback: String,
}

struct Cx<'a> {
    file: &'a str,
    diags: Diagnostics,
}

impl Cx<'_> {
    fn err<T>(&mut self, at: &S<T>, msg: impl Into<String>) {
        let loc = Loc {
            file: self.file.to_string(),
            line: u32::try_from(at.referenced.line()).unwrap_or(u32::MAX),
            col: u32::try_from(at.referenced.column()).unwrap_or(u32::MAX),
        };
        self.diags.push(loc, msg);
    }

    fn c_ident(&mut self, s: &S<String>, what: &str) -> bool {
        let mut chars = s.value.chars();
        let ok = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            self.err(s, format!("{what} `{}` is not a C identifier", s.value));
        }
        ok
    }

    fn path(&mut self, s: &S<String>, ext: &str) -> bool {
        let p = &s.value;
        let ok = !p.starts_with('/')
            && !p.contains('\\')
            && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
            && p.ends_with(ext);
        if !ok {
            self.err(
                s,
                format!("path `{p}` must be relative, without `.` or `..`, and end in `{ext}`"),
            );
        }
        ok
    }
}

/// Parse and check `outputs.yaml` against a loaded model.
pub fn load_outputs(src: &Source, model: &Model) -> Result<Outputs, Diagnostics> {
    let raw: File = crate::parse_yaml(src).map_err(|(loc, msg)| {
        let mut d = Diagnostics::default();
        d.push(loc, msg);
        d
    })?;
    let mut cx = Cx {
        file: &src.name,
        diags: Diagnostics::default(),
    };
    let mut profiles: Vec<LinuxProfile> = Vec::new();
    for p in &raw.linux.profiles {
        if !cx.c_ident(
            &S::new(
                p.name.value.replace('-', "_"),
                p.name.referenced,
                p.name.defined,
            ),
            "profile name",
        ) {
            continue;
        }
        if profiles.iter().any(|q| q.name == p.name.value) {
            cx.err(&p.name, format!("duplicate profile `{}`", p.name.value));
            continue;
        }
        let base = match &p.extends {
            Some(e) => match profiles.iter().find(|q| q.name == e.value) {
                Some(b) => Some(b.clone()),
                None => {
                    cx.err(
                        e,
                        format!(
                            "unknown profile `{}` (a profile extends one declared before it)",
                            e.value
                        ),
                    );
                    continue;
                }
            },
            None => None,
        };
        let headers = match (&p.headers, &base) {
            (Some(h), _) => headers(&mut cx, h, model),
            (None, Some(b)) => b.headers.clone(),
            (None, None) => {
                cx.err(
                    &p.name,
                    format!("profile `{}` needs `headers:`", p.name.value),
                );
                continue;
            }
        };
        let rename = match (&p.rename, &base) {
            (Some(r), _) => renames(&mut cx, r, model),
            (None, Some(b)) => b.rename.clone(),
            (None, None) => BTreeMap::new(),
        };
        let omit = match (&p.omit, &base) {
            (Some(o), _) => o
                .iter()
                .filter(|o| {
                    let known = item_exists(model, &o.item.value);
                    if !known {
                        cx.err(&o.item, format!("unknown item `{}`", o.item.value));
                    }
                    known
                })
                .map(|o| (o.item.value.clone(), o.reason.clone()))
                .collect(),
            (None, Some(b)) => b.omit.clone(),
            (None, None) => Vec::new(),
        };
        let aliases = match (&p.aliases, &base) {
            (Some(a), _) => a
                .iter()
                .filter(|a| {
                    let known = item_exists(model, &a.of.value);
                    if !known {
                        cx.err(&a.of, format!("unknown item `{}`", a.of.value));
                    }
                    known && cx.c_ident(&a.name, "alias")
                })
                .map(|a| (a.name.value.clone(), a.of.value.clone()))
                .collect(),
            (None, Some(b)) => b.aliases.clone(),
            (None, None) => Vec::new(),
        };
        let queries = match (&p.queries, &base) {
            (Some(q), _) => queries(&mut cx, q, model, &headers),
            (None, Some(b)) => b.queries.clone(),
            (None, None) => Vec::new(),
        };
        profiles.push(LinuxProfile {
            name: p.name.value.clone(),
            doc: p.doc.clone(),
            headers,
            rename,
            omit,
            aliases,
            queries,
        });
    }
    if !profiles.iter().any(|p| p.name == raw.linux.default.value) {
        let msg = format!("unknown default profile `{}`", raw.linux.default.value);
        cx.err(&raw.linux.default, msg);
    }
    if !cx.diags.is_empty() {
        return Err(cx.diags.finish());
    }
    Ok(Outputs {
        linux: Linux {
            default: raw.linux.default.value.clone(),
            profiles,
        },
    })
}

fn headers(cx: &mut Cx<'_>, raw: &[HeaderRaw], model: &Model) -> Vec<LinuxHeader> {
    let mut out: Vec<LinuxHeader> = Vec::new();
    for h in raw {
        let Some(iface) = model.interface(&h.interface.value) else {
            cx.err(
                &h.interface,
                format!("unknown interface `{}`", h.interface.value),
            );
            continue;
        };
        if out.iter().any(|o| o.interface == iface.name) {
            cx.err(
                &h.interface,
                format!("interface `{}` has two headers", iface.name),
            );
            continue;
        }
        let mut ok = cx.path(&h.path, ".h");
        ok &= cx.c_ident(&h.guard, "include guard");
        ok &= cx.c_ident(&h.fid_macro, "macro name");
        if !h.fid_prefix.value.is_empty() {
            ok &= cx.c_ident(&h.fid_prefix, "prefix");
        }
        let version = match &h.version {
            Some(v) => {
                if iface.version(&v.constant.value).is_none() {
                    cx.err(
                        &v.constant,
                        format!(
                            "`{}` has no version constant `{}`",
                            iface.name, v.constant.value
                        ),
                    );
                    ok = false;
                }
                ok &= cx.c_ident(&v.name, "macro name");
                Some((v.constant.value.clone(), v.name.value.clone()))
            }
            None => None,
        };
        let mut statuses = Vec::new();
        for s in &h.statuses {
            match s.value.as_str() {
                "stable" => statuses.push(Status::Stable),
                "draft" => statuses.push(Status::Draft),
                "deprecated" => statuses.push(Status::Deprecated),
                other => {
                    cx.err(
                        s,
                        format!("unknown status `{other}`; expected stable, draft or deprecated"),
                    );
                    ok = false;
                }
            }
        }
        if ok {
            out.push(LinuxHeader {
                interface: iface.name.clone(),
                path: h.path.value.clone(),
                guard: h.guard.value.clone(),
                fid_macro: h.fid_macro.value.clone(),
                fid_prefix: h.fid_prefix.value.clone(),
                version,
                statuses,
            });
        }
    }
    out
}

/// Whether `name` (or `Type.member`) names an item of the model.
fn item_exists(model: &Model, name: &str) -> bool {
    model.interfaces.iter().any(|i| {
        if let Some((ty, member)) = name.split_once('.') {
            return i
                .structure(ty)
                .is_some_and(|s| s.members.iter().any(|m| m.name == member))
                || i.bitfield(ty).is_some_and(|b| b.field(member).is_some());
        }
        i.function(name).is_some()
            || i.structure(name).is_some()
            || i.bitfield(name).is_some()
            || i.enumeration(name).is_some()
            || i.version(name).is_some()
            || i.return_codes
                .as_ref()
                .is_some_and(|r| r.name == name || r.values.iter().any(|v| v.name == name))
    })
}

fn renames(cx: &mut Cx<'_>, raw: &[RenameRaw], model: &Model) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for r in raw {
        if !item_exists(model, &r.from.value) {
            cx.err(&r.from, format!("unknown item `{}`", r.from.value));
            continue;
        }
        if !cx.c_ident(&r.to, "name") {
            continue;
        }
        if out
            .insert(r.from.value.clone(), r.to.value.clone())
            .is_some()
        {
            cx.err(&r.from, format!("`{}` is renamed twice", r.from.value));
        }
    }
    out
}

fn queries(
    cx: &mut Cx<'_>,
    raw: &[QueryRaw],
    model: &Model,
    headers: &[LinuxHeader],
) -> Vec<LinuxQuery> {
    let mut out = Vec::new();
    for q in raw {
        let iface = model
            .interfaces
            .iter()
            .find(|i| i.queries.iter().any(|x| x.name == q.query.value));
        let Some(iface) = iface else {
            cx.err(&q.query, format!("unknown query `{}`", q.query.value));
            continue;
        };
        if headers.iter().all(|h| h.interface != iface.name) {
            let msg = format!(
                "query `{}` belongs to `{}`, which has no header in this profile",
                q.query.value, iface.name
            );
            cx.err(&q.query, msg);
            continue;
        }
        let mut ok = cx.path(&q.path, ".c");
        ok &= cx.path(&q.header, ".h");
        ok &= cx.c_ident(&q.function, "function name");
        ok &= cx.c_ident(&q.fallback, "function name");
        if ok {
            out.push(LinuxQuery {
                query: q.query.value.clone(),
                interface: iface.name.clone(),
                path: q.path.value.clone(),
                header: q.header.value.clone(),
                function: q.function.value.clone(),
                fallback: q.fallback.value.clone(),
            });
        }
    }
    out
}
