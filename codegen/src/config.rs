//! `abi/outputs.yaml`: which files to generate, where, under which names.
//!
//! Facts stay in the interface files; a profile only chooses presentation
//! (paths, include guards, the names Linux already uses) and is checked
//! against the `Model` like everything else, with positions.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::check::{self, Report};
use crate::diag::{Diagnostics, Source};
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
    spdx: Option<S<String>>,
    copyright: Option<S<String>>,
    headers: Option<Vec<HeaderRaw>>,
    rename: Option<Vec<RenameRaw>>,
    c_types: Option<Vec<CTypeRaw>>,
    omit: Option<Vec<OmitRaw>>,
    aliases: Option<Vec<AliasRaw>>,
    query: Option<QueryRaw>,
    edits: Option<Vec<EditRaw>>,
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
    revision: Option<S<String>>,
    statuses: Vec<S<String>>,
    items: Option<S<String>>,
    aliases: Option<bool>,
    copyright: Option<S<String>>,
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
struct CTypeRaw {
    member: S<String>,
    #[serde(rename = "type")]
    ty: S<String>,
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
    title: Option<String>,
    placement: S<String>,
    path: S<String>,
    header: Option<S<String>>,
    copyright: Option<S<String>>,
    function: S<String>,
    variable: S<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditRaw {
    path: S<String>,
    before: Option<S<String>>,
    after: Option<S<String>>,
    append: Option<S<String>>,
    insert: S<String>,
}

/// The resolved output configuration.
#[derive(Clone, Debug)]
pub struct Outputs {
    pub linux: Linux,
}

#[derive(Clone, Debug)]
pub struct Linux {
    /// Name of the default profile (`cargo xtask kernel-patch` without `--profile`).
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
    /// The SPDX licence of every file the series adds or replaces.
    pub spdx: String,
    /// The copyright line of those files, unless a header or the query says otherwise.
    pub copyright: String,
    pub headers: Vec<LinuxHeader>,
    /// Spec name (or `Type.member`) to the name Linux uses.
    pub rename: BTreeMap<String, String>,
    /// C types that replace a struct member's own (`Struct.member` to type).
    pub c_types: Vec<CType>,
    /// Items left out, with the reason written into the header.
    pub omit: Vec<(String, String)>,
    /// Extra C names: (alias, spec item or `Type.field`), for headers with `aliases: true`.
    pub aliases: Vec<(String, String)>,
    pub query: Option<LinuxQuery>,
    /// Insertions into hand-written kernel files, in the order given.
    pub edits: Vec<Edit>,
}

impl LinuxProfile {
    /// The specification revision each header's interface follows.
    pub fn selection(&self) -> crate::narrow::Selection {
        self.headers
            .iter()
            .filter_map(|h| Some((h.interface.clone(), h.revision.clone()?)))
            .collect()
    }

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
    /// The C type a profile gives `Struct.member`, if it overrides the ABI's.
    pub fn c_type(&self, structure: &str, member: &str) -> Option<&CType> {
        self.c_types
            .iter()
            .find(|c| c.structure == structure && c.member == member)
    }
    /// The edit that places `fragment`; `resolve` guarantees one for each the profile needs.
    pub fn edit(&self, fragment: Fragment) -> Option<&Edit> {
        self.edits.iter().find(|e| e.fragment == fragment)
    }
}

/// Which items of an interface a header carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Items {
    /// Every item of the header's statuses.
    All,
    /// Only what the profile's query uses.
    Used,
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
    /// The specification revision the header follows (`None`: the newest).
    pub revision: Option<String>,
    pub statuses: Vec<Status>,
    pub items: Items,
    /// Whether spec and other aliases (`#define OLD NEW`) are emitted.
    pub aliases: bool,
    pub copyright: Option<String>,
}

/// A C type in place of a struct member's own; a wider type takes its extra
/// bytes from the reserved member that follows (checked when loaded).
#[derive(Clone, Debug)]
pub struct CType {
    pub structure: String,
    pub member: String,
    pub ty: String,
    pub size: u64,
}

/// Where the query routine goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// A static `__init` routine inserted into an existing file.
    Inline,
    /// A file of its own, the routine its one global symbol.
    File,
}

#[derive(Clone, Debug)]
pub struct LinuxQuery {
    pub query: String,
    pub interface: String,
    /// How prose names the value; the query's own title by default.
    pub title: Option<String>,
    pub placement: Placement,
    /// The `.c` file the routine lives in.
    pub path: String,
    /// The header that declares it (`Placement::File` only).
    pub header: Option<String>,
    pub copyright: Option<String>,
    pub function: String,
    /// The static variable in `rsi.c` that keeps the result.
    pub variable: String,
}

/// The pieces of C a series inserts into hand-written files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fragment {
    RsiHostCall,
    QueryInclude,
    QueryVariable,
    QueryRoutine,
    QueryCall,
    MakefileObject,
}

impl Fragment {
    pub const ALL: [Fragment; 6] = [
        Fragment::RsiHostCall,
        Fragment::QueryInclude,
        Fragment::QueryVariable,
        Fragment::QueryRoutine,
        Fragment::QueryCall,
        Fragment::MakefileObject,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Fragment::RsiHostCall => "rsi_host_call",
            Fragment::QueryInclude => "query_include",
            Fragment::QueryVariable => "query_variable",
            Fragment::QueryRoutine => "query_routine",
            Fragment::QueryCall => "query_call",
            Fragment::MakefileObject => "makefile_object",
        }
    }
    /// The fragments a placement needs, each exactly once.
    pub fn needed(placement: Placement) -> Vec<Fragment> {
        let mut v = vec![
            Fragment::RsiHostCall,
            Fragment::QueryInclude,
            Fragment::QueryVariable,
            Fragment::QueryCall,
        ];
        v.push(match placement {
            Placement::Inline => Fragment::QueryRoutine,
            Placement::File => Fragment::MakefileObject,
        });
        v.sort();
        v
    }
}

/// Where an insertion goes relative to its anchor line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    Before,
    After,
    /// At the end of the anchor line, after a space.
    Append,
}

/// An insertion into a hand-written file at the one line matching `anchor`
/// (compared with runs of white space taken as one space).
#[derive(Clone, Debug)]
pub struct Edit {
    pub path: String,
    pub position: Position,
    pub anchor: String,
    pub fragment: Fragment,
}

struct Cx<'a> {
    file: &'a str,
    diags: Diagnostics,
}

impl Report for Cx<'_> {
    fn file(&self) -> &str {
        self.file
    }

    fn diags(&mut self) -> &mut Diagnostics {
        &mut self.diags
    }
}

impl Cx<'_> {
    /// Rule 5 of `abi/README.md`, in the wording of a C name.
    fn c_ident(&mut self, s: &S<String>, what: &str) -> bool {
        check::ident(self, s, |name| {
            format!("{what} `{name}` is not a C identifier")
        })
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
        if let Some(profile) = profile(&mut cx, p, &profiles, model) {
            profiles.push(profile);
        }
    }
    if !profiles.iter().any(|p| p.name == raw.linux.default.value) {
        let names = profiles.iter().map(|p| p.name.as_str());
        let hint = check::did_you_mean(&raw.linux.default.value, names);
        let msg = format!(
            "unknown default profile `{}`{hint}",
            raw.linux.default.value
        );
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

/// The base a profile `extends`, if any; `Err` when it names no earlier profile.
fn base_of(
    cx: &mut Cx<'_>,
    p: &ProfileRaw,
    earlier: &[LinuxProfile],
) -> Result<Option<LinuxProfile>, ()> {
    let Some(e) = &p.extends else { return Ok(None) };
    match earlier.iter().find(|q| q.name == e.value) {
        Some(b) => Ok(Some(b.clone())),
        None => {
            let hint = check::did_you_mean(&e.value, earlier.iter().map(|q| q.name.as_str()));
            let msg = format!(
                "unknown profile `{}` (a profile extends one declared before it){hint}",
                e.value
            );
            cx.err(e, msg);
            Err(())
        }
    }
}

/// A key of the profile, else the base's value, else `need` reports it missing.
fn key_or_base<T>(
    cx: &mut Cx<'_>,
    p: &ProfileRaw,
    own: Option<T>,
    base: Option<T>,
    key: &str,
) -> Option<T> {
    let v = own.or(base);
    if v.is_none() {
        cx.err(
            &p.name,
            format!("profile `{}` needs `{key}:`", p.name.value),
        );
    }
    v
}

fn profile(
    cx: &mut Cx<'_>,
    p: &ProfileRaw,
    earlier: &[LinuxProfile],
    model: &Model,
) -> Option<LinuxProfile> {
    let dashed = S::new(
        p.name.value.replace('-', "_"),
        p.name.referenced,
        p.name.defined,
    );
    if !cx.c_ident(&dashed, "profile name") {
        return None;
    }
    if earlier.iter().any(|q| q.name == p.name.value) {
        check::duplicate(cx, &p.name, "profile", "", None);
        return None;
    }
    let base = base_of(cx, p, earlier).ok()?;
    let b = base.as_ref();
    let spdx = p.spdx.as_ref().map(|s| s.value.clone());
    let spdx = key_or_base(cx, p, spdx, b.map(|b| b.spdx.clone()), "spdx");
    let copyright = p.copyright.as_ref().map(|s| s.value.clone());
    let copyright = key_or_base(
        cx,
        p,
        copyright,
        b.map(|b| b.copyright.clone()),
        "copyright",
    );
    let headers = p.headers.as_ref().map(|h| headers(cx, h, model));
    let headers = key_or_base(cx, p, headers, b.map(|b| b.headers.clone()), "headers");
    let rename = match &p.rename {
        Some(r) => renames(cx, r, model),
        None => b.map(|b| b.rename.clone()).unwrap_or_default(),
    };
    let c_types = match &p.c_types {
        Some(c) => c_types(cx, c, model),
        None => b.map(|b| b.c_types.clone()).unwrap_or_default(),
    };
    let omit = match &p.omit {
        Some(o) => omits(cx, o, model),
        None => b.map(|b| b.omit.clone()).unwrap_or_default(),
    };
    let aliases = match &p.aliases {
        Some(a) => aliases(cx, a, model),
        None => b.map(|b| b.aliases.clone()).unwrap_or_default(),
    };
    let headers = headers?;
    // The interfaces the profile names a header for, as written: a header
    // with a mistake of its own is reported once, not again by the query.
    let named: Vec<String> = match &p.headers {
        Some(raw) => raw.iter().map(|h| h.interface.value.clone()).collect(),
        None => headers.iter().map(|h| h.interface.clone()).collect(),
    };
    let query = match &p.query {
        Some(q) => query(cx, q, model, &headers, &named),
        None => b
            .and_then(|b| b.query.clone())
            .filter(|q| inherited_query(cx, p, q, model, &named)),
    };
    let edits = match &p.edits {
        Some(e) => edits(cx, e, &headers, query.as_ref()),
        None => b.map(|b| b.edits.clone()).unwrap_or_default(),
    };
    if let Some(q) = &query {
        needed_edits(cx, p, q, &edits);
    }
    Some(LinuxProfile {
        name: p.name.value.clone(),
        doc: p.doc.clone(),
        spdx: spdx?,
        copyright: copyright?,
        headers,
        rename,
        c_types,
        omit,
        aliases,
        query,
        edits,
    })
}

fn omits(cx: &mut Cx<'_>, raw: &[OmitRaw], model: &Model) -> Vec<(String, String)> {
    raw.iter()
        .filter(|o| {
            let known = item_exists(model, &o.item.value);
            if !known {
                unknown_item(cx, &o.item, model);
            }
            known
        })
        .map(|o| (o.item.value.clone(), o.reason.clone()))
        .collect()
}

fn aliases(cx: &mut Cx<'_>, raw: &[AliasRaw], model: &Model) -> Vec<(String, String)> {
    raw.iter()
        .filter(|a| {
            let known = item_exists(model, &a.of.value);
            if !known {
                unknown_item(cx, &a.of, model);
            }
            known && cx.c_ident(&a.name, "alias")
        })
        .map(|a| (a.name.value.clone(), a.of.value.clone()))
        .collect()
}

fn headers(cx: &mut Cx<'_>, raw: &[HeaderRaw], model: &Model) -> Vec<LinuxHeader> {
    let mut out: Vec<LinuxHeader> = Vec::new();
    for h in raw {
        let Some(iface) = model.interface(&h.interface.value) else {
            let names = model.interfaces.iter().map(|i| i.name.as_str());
            let hint = check::did_you_mean(&h.interface.value, names);
            let msg = format!("unknown interface `{}`{hint}", h.interface.value);
            cx.err(&h.interface, msg);
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
        if let Some(r) = &h.revision
            && iface.revision_index(&r.value).is_none()
        {
            let names: Vec<&str> = iface.revisions.iter().map(|r| r.name.as_str()).collect();
            let msg = format!(
                "`{}` has no revision `{}`; its revisions are {}",
                iface.name,
                r.value,
                names.join(", ")
            );
            cx.err(r, msg);
            ok = false;
        }
        let mut statuses = Vec::new();
        for s in &h.statuses {
            match check::status(cx, s) {
                Some(status) => statuses.push(status),
                None => ok = false,
            }
        }
        let items = match h.items.as_ref().map(|i| i.value.as_str()) {
            None | Some("all") => Items::All,
            Some("used") => Items::Used,
            Some(other) => {
                let msg = format!("unknown item selection `{other}`; expected all or used");
                cx.err(h.items.as_ref().unwrap_or(&h.path), msg);
                ok = false;
                Items::All
            }
        };
        if let Some(first) = out.iter().find(|o| o.path == h.path.value)
            && first.guard != h.guard.value
        {
            let msg = format!(
                "`{}` is shared with {}, whose include guard is `{}`",
                h.path.value, first.interface, first.guard
            );
            cx.err(&h.guard, msg);
            ok = false;
        }
        if ok {
            out.push(LinuxHeader {
                interface: iface.name.clone(),
                path: h.path.value.clone(),
                guard: h.guard.value.clone(),
                fid_macro: h.fid_macro.value.clone(),
                fid_prefix: h.fid_prefix.value.clone(),
                version,
                revision: h.revision.as_ref().map(|r| r.value.clone()),
                statuses,
                items,
                aliases: h.aliases.unwrap_or(false),
                copyright: h.copyright.as_ref().map(|c| c.value.clone()),
            });
        }
    }
    out
}

/// Report `at` as naming no item, with the nearest name that does.
fn unknown_item(cx: &mut Cx<'_>, at: &S<String>, model: &Model) {
    let names = item_names(model);
    let hint = check::did_you_mean(&at.value, names.iter().map(String::as_str));
    cx.err(at, format!("unknown item `{}`{hint}", at.value));
}

/// Every name `item_exists` accepts, members and fields as `Type.member`.
fn item_names(model: &Model) -> Vec<String> {
    let mut out = Vec::new();
    for i in &model.interfaces {
        out.extend(i.functions.iter().map(|f| f.name.clone()));
        out.extend(i.enums.iter().map(|e| e.name.clone()));
        out.extend(i.versions.iter().map(|v| v.name.clone()));
        for s in &i.structs {
            out.push(s.name.clone());
            out.extend(s.members.iter().map(|m| format!("{}.{}", s.name, m.name)));
        }
        for b in &i.bitfields {
            out.push(b.name.clone());
            let named = b.fields.iter().filter_map(|f| f.name.as_ref());
            out.extend(named.map(|f| format!("{}.{f}", b.name)));
        }
        if let Some(rc) = &i.return_codes {
            out.push(rc.name.clone());
            out.extend(rc.values.iter().map(|v| v.name.clone()));
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
            unknown_item(cx, &r.from, model);
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

/// C types a profile may give a struct member, and their sizes on arm64.
const C_TYPES: [(&str, u64); 7] = [
    ("u8", 1),
    ("u16", 2),
    ("u32", 4),
    ("u64", 8),
    ("unsigned int", 4),
    ("unsigned long", 8),
    ("phys_addr_t", 8),
];

fn c_types(cx: &mut Cx<'_>, raw: &[CTypeRaw], model: &Model) -> Vec<CType> {
    let mut out = Vec::new();
    for c in raw {
        let Some((sname, mname)) = c.member.value.split_once('.') else {
            cx.err(&c.member, "expected `Struct.member`");
            continue;
        };
        let found = model.interfaces.iter().find_map(|i| i.structure(sname));
        let Some(st) = found else {
            cx.err(&c.member, format!("unknown struct `{sname}`"));
            continue;
        };
        let Some(at) = st.members.iter().position(|m| m.name == mname) else {
            cx.err(&c.member, format!("`{sname}` has no member `{mname}`"));
            continue;
        };
        let Some(&(_, size)) = C_TYPES.iter().find(|(t, _)| *t == c.ty.value) else {
            let known: Vec<&str> = C_TYPES.iter().map(|(t, _)| *t).collect();
            let msg = format!(
                "unknown C type `{}`; expected one of {}",
                c.ty.value,
                known.join(", ")
            );
            cx.err(&c.ty, msg);
            continue;
        };
        if let Err(why) = widening_fits(&st.members, at, size) {
            cx.err(
                &c.ty,
                format!("`{}` cannot be `{}`: {why}", c.member.value, c.ty.value),
            );
            continue;
        }
        out.push(CType {
            structure: sname.to_string(),
            member: mname.to_string(),
            ty: c.ty.value.clone(),
            size,
        });
    }
    out
}

/// A member of a struct may take `size` bytes if it is a single value, the
/// size keeps its offset aligned, and any extra bytes come from a reserved
/// member right after it that has them to give.
fn widening_fits(members: &[crate::model::Member], at: usize, size: u64) -> Result<(), String> {
    let m = &members[at];
    if m.ty.is_none() || m.count.is_some() {
        return Err("only a single value can change its C type".into());
    }
    if !m.offset.is_multiple_of(size) {
        return Err(format!(
            "offset {:#x} is not a multiple of {size}",
            m.offset
        ));
    }
    if size < m.size {
        return Err(format!("the ABI gives it {} bytes", m.size));
    }
    let extra = size - m.size;
    if extra == 0 {
        return Ok(());
    }
    match members.get(at + 1) {
        Some(next) if next.reserved && next.size > extra => Ok(()),
        _ => Err(format!(
            "the {extra} bytes after it are not part of a larger reserved member"
        )),
    }
}

/// A query taken from the base needs the headers its own profile had: of
/// its interface and of the carrier. Reported at the profile's name.
fn inherited_query(
    cx: &mut Cx<'_>,
    p: &ProfileRaw,
    q: &LinuxQuery,
    model: &Model,
    named: &[String],
) -> bool {
    let carrier = model
        .interface(&q.interface)
        .and_then(|i| model.carrier_of(i))
        .map_or("", |(c, _, _)| c.name.as_str());
    let missing: Vec<&str> = [q.interface.as_str(), carrier]
        .into_iter()
        .filter(|i| named.iter().all(|n| n != i))
        .collect();
    let Some(first) = missing.first() else {
        return true;
    };
    let msg = format!(
        "profile `{}` takes query `{}` from the profile it extends, so it needs a header of interface `{first}`",
        p.name.value, q.query
    );
    cx.err(&p.name, msg);
    false
}

fn query(
    cx: &mut Cx<'_>,
    q: &QueryRaw,
    model: &Model,
    headers: &[LinuxHeader],
    named: &[String],
) -> Option<LinuxQuery> {
    let iface = model
        .interfaces
        .iter()
        .find(|i| i.queries.iter().any(|x| x.name == q.query.value));
    let Some(iface) = iface else {
        let names = model
            .interfaces
            .iter()
            .flat_map(|i| &i.queries)
            .map(|x| x.name.as_str());
        let hint = check::did_you_mean(&q.query.value, names);
        cx.err(&q.query, format!("unknown query `{}`{hint}", q.query.value));
        return None;
    };
    if named.iter().all(|i| *i != iface.name) {
        let msg = format!(
            "query `{}` belongs to `{}`, which has no header in this profile",
            q.query.value, iface.name
        );
        cx.err(&q.query, msg);
        return None;
    }
    // Rules 40 and 49: a query lives on a host-call interface, which names
    // its carrier.
    let (carrier, call, _) = model.carrier_of(iface)?;
    let (carrier, call) = (carrier.name.as_str(), call.name.as_str());
    if named.iter().all(|i| i != carrier) {
        let msg = format!(
            "query `{}` is sent through `{call}`, so the profile needs a header of interface `{carrier}`",
            q.query.value
        );
        cx.err(&q.query, msg);
        return None;
    }
    let placement = match q.placement.value.as_str() {
        "inline" => Placement::Inline,
        "file" => Placement::File,
        other => {
            let msg = format!("unknown placement `{other}`; expected inline or file");
            cx.err(&q.placement, msg);
            return None;
        }
    };
    let mut ok = cx.path(&q.path, ".c");
    ok &= cx.c_ident(&q.function, "function name");
    ok &= cx.c_ident(&q.variable, "variable name");
    ok &= query_header(cx, q, placement, headers);
    ok.then(|| LinuxQuery {
        query: q.query.value.clone(),
        interface: iface.name.clone(),
        title: q.title.clone(),
        placement,
        path: q.path.value.clone(),
        header: q.header.as_ref().map(|h| h.value.clone()),
        copyright: q.copyright.as_ref().map(|c| c.value.clone()),
        function: q.function.value.clone(),
        variable: q.variable.value.clone(),
    })
}

/// A routine in a file of its own is declared in one of the profile's
/// headers; an inline one is static and declared nowhere.
fn query_header(
    cx: &mut Cx<'_>,
    q: &QueryRaw,
    placement: Placement,
    headers: &[LinuxHeader],
) -> bool {
    match (placement, &q.header) {
        (Placement::File, Some(h)) if headers.iter().any(|x| x.path == h.value) => true,
        (Placement::File, Some(h)) => {
            let msg = format!("`{}` is not one of this profile's headers", h.value);
            cx.err(h, msg);
            false
        }
        (Placement::File, None) => {
            cx.err(
                &q.placement,
                "a routine in a file of its own needs `header:`",
            );
            false
        }
        (Placement::Inline, Some(h)) => {
            cx.err(h, "an inline routine is static: it has no `header:`");
            false
        }
        (Placement::Inline, None) => true,
    }
}

fn edits(
    cx: &mut Cx<'_>,
    raw: &[EditRaw],
    headers: &[LinuxHeader],
    query: Option<&LinuxQuery>,
) -> Vec<Edit> {
    let mut out: Vec<Edit> = Vec::new();
    for e in raw {
        let Some(fragment) = Fragment::ALL
            .into_iter()
            .find(|f| f.name() == e.insert.value)
        else {
            let known: Vec<&str> = Fragment::ALL.iter().map(|f| f.name()).collect();
            let msg = format!(
                "unknown fragment `{}`; expected one of {}",
                e.insert.value,
                known.join(", ")
            );
            cx.err(&e.insert, msg);
            continue;
        };
        if out.iter().any(|o| o.fragment == fragment) {
            cx.err(
                &e.insert,
                format!("fragment `{}` is inserted twice", e.insert.value),
            );
            continue;
        }
        let generated = headers.iter().any(|h| h.path == e.path.value)
            || query.is_some_and(|q| q.placement == Placement::File && q.path == e.path.value);
        if generated {
            let msg = format!(
                "`{}` is generated whole; an edit cannot go into it",
                e.path.value
            );
            cx.err(&e.path, msg);
            continue;
        }
        let anchors = [
            (Position::Before, &e.before),
            (Position::After, &e.after),
            (Position::Append, &e.append),
        ];
        let given: Vec<(Position, &S<String>)> = anchors
            .iter()
            .filter_map(|(p, a)| a.as_ref().map(|a| (*p, a)))
            .collect();
        let [(position, anchor)] = given[..] else {
            cx.err(
                &e.path,
                "an edit needs exactly one of `before:`, `after:` and `append:`",
            );
            continue;
        };
        if anchor.value.trim().is_empty() {
            cx.err(anchor, "an anchor must contain more than white space");
            continue;
        }
        out.push(Edit {
            path: e.path.value.clone(),
            position,
            anchor: anchor.value.clone(),
            fragment,
        });
    }
    out
}

/// Every fragment the query's placement needs has an edit, and no other.
fn needed_edits(cx: &mut Cx<'_>, p: &ProfileRaw, q: &LinuxQuery, edits: &[Edit]) {
    let needed = Fragment::needed(q.placement);
    for f in &needed {
        if !edits.iter().any(|e| e.fragment == *f) {
            let msg = format!(
                "profile `{}` has no edit that inserts `{}`",
                p.name.value,
                f.name()
            );
            cx.err(&p.name, msg);
        }
    }
    for e in edits.iter().filter(|e| !needed.contains(&e.fragment)) {
        let msg = format!(
            "profile `{}` inserts `{}`, which a routine placed `{}` does not use",
            p.name.value,
            e.fragment.name(),
            match q.placement {
                Placement::Inline => "inline",
                Placement::File => "file",
            }
        );
        cx.err(&p.name, msg);
    }
}
