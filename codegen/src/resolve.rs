//! Resolve the parsed YAML into the `Model`, checking every rule on the way.
//!
//! Each check reports at the span of the value it is about and carries on, so
//! one run lists every problem. Nothing here panics on any input: numbers are
//! range-checked before they are narrowed, and lookups that fail are reported.

use std::collections::BTreeMap;

use crate::diag::{Diagnostics, Loc};
use crate::model::{self, Reg, Revision, Status, TypeRef};
use crate::schema::{self, Int, S};

/// SMCCC 1.2: arguments and results travel in X0-X17.
const SMCCC_MAX_REG: u8 = 17;
/// `RsiHostCall.gprs` has 31 entries.
const HOST_CALL_MAX_GPR: u8 = 30;

/// Where a name was first defined, for "duplicate name" reports.
#[derive(Clone, Debug)]
struct Defined {
    loc: Loc,
    kind: Kind,
    target: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Function,
    FunctionAlias,
    Alias,
    ReturnCodeType,
    ReturnCode,
    Enum,
    Bitfield,
    Struct,
    Version,
}

/// Model-wide state: names must be unique across every interface because they
/// all end up in one C namespace; function numbers are unique per owner.
#[derive(Default)]
pub(crate) struct Global {
    names: BTreeMap<String, Defined>,
    numbers: BTreeMap<(u8, u16), (String, Loc)>,
    interfaces: BTreeMap<String, Loc>,
}

pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    /// `RSI_`: the prefix every C-level constant of this interface carries.
    pub prefix: String,
    pub diags: &'a mut Diagnostics,
    pub global: &'a mut Global,
}

fn hex(v: impl Into<i128>) -> String {
    let v: i128 = v.into();
    if v < 0 {
        format!("-{:#x}", -v)
    } else {
        format!("{v:#x}")
    }
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Bytes used to store a value of `bits` bits in a struct.
fn storage_bytes(bits: u8) -> u64 {
    u64::from(model::storage_bits(bits) / 8)
}

impl Ctx<'_> {
    fn loc<T>(&self, s: &S<T>) -> Loc {
        Loc {
            file: self.file.to_string(),
            line: u32::try_from(s.referenced.line()).unwrap_or(u32::MAX),
            col: u32::try_from(s.referenced.column()).unwrap_or(u32::MAX),
        }
    }

    fn err<T>(&mut self, at: &S<T>, msg: impl Into<String>) {
        let loc = self.loc(at);
        self.diags.push(loc, msg);
    }

    /// An unsigned integer in `0..=max`.
    fn uint(&mut self, v: &S<Int>, max: u64, what: &str) -> Option<u64> {
        let n = v.value.0;
        if n < 0 || n > i128::from(max) {
            self.err(
                v,
                format!("{what} must be in 0..={}, got {}", hex(max), hex(n)),
            );
            return None;
        }
        u64::try_from(n).ok()
    }

    fn ident(&mut self, name: &S<String>, what: &str) -> bool {
        if is_ident(&name.value) {
            true
        } else {
            self.err(
                name,
                format!(
                    "{what} name `{}` is not an identifier ([A-Za-z_][A-Za-z0-9_]*)",
                    name.value
                ),
            );
            false
        }
    }

    /// Register a model-wide name; reports a duplicate.
    fn define(&mut self, name: &S<String>, kind: Kind, target: &str) {
        let what = match kind {
            Kind::Function => "function",
            Kind::FunctionAlias | Kind::Alias => "alias",
            Kind::ReturnCodeType => "return-code type",
            Kind::ReturnCode => "return code",
            Kind::Enum => "enum",
            Kind::Bitfield => "bit-field set",
            Kind::Struct => "struct",
            Kind::Version => "version constant",
        };
        if !self.ident(name, what) {
            return;
        }
        let constant = matches!(kind, Kind::Function | Kind::ReturnCode | Kind::Version);
        if constant && !self.prefix.is_empty() && !name.value.starts_with(&self.prefix) {
            let msg = format!(
                "{what} `{}` must start with `{}`: it becomes a C name beside every other interface's",
                name.value, self.prefix
            );
            self.err(name, msg);
        }
        let loc = self.loc(name);
        if let Some(prev) = self.global.names.get(&name.value) {
            let msg = format!(
                "duplicate name `{}`; first defined at {}",
                name.value, prev.loc
            );
            self.diags.push(loc, msg);
            return;
        }
        self.global.names.insert(
            name.value.clone(),
            Defined {
                loc,
                kind,
                target: target.to_string(),
            },
        );
    }

    fn revision(&mut self, s: &S<String>, what: &str) -> Option<Revision> {
        let parsed = s.value.split_once('.').and_then(|(a, b)| {
            let ok = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
            if ok(a) && ok(b) {
                // 16 bits each, as the bindings (and SMCCC-style versions) store them.
                let part = |x: &str| x.parse::<u32>().ok().filter(|v| *v <= 0xFFFF);
                Some(Revision {
                    major: part(a)?,
                    minor: part(b)?,
                })
            } else {
                None
            }
        });
        if parsed.is_none() {
            self.err(
                s,
                format!(
                    "{what} `{}` is not of the form MAJOR.MINOR (each 0-65535)",
                    s.value
                ),
            );
        }
        parsed
    }

    fn status(&mut self, s: &S<String>) -> Option<Status> {
        match s.value.as_str() {
            "stable" => Some(Status::Stable),
            "draft" => Some(Status::Draft),
            "deprecated" => Some(Status::Deprecated),
            other => {
                self.err(
                    s,
                    format!("unknown status `{other}`; expected stable, draft or deprecated"),
                );
                None
            }
        }
    }

    /// `hi:lo` or a single bit `n`, within `width` bits.
    fn bits(&mut self, s: &S<String>, width: u8, of: &str) -> Option<(u8, u8)> {
        let text = s.value.trim();
        let parse = |x: &str| x.trim().parse::<u8>().ok();
        let range = match text.split_once(':') {
            Some((h, l)) => parse(h).zip(parse(l)),
            None => parse(text).map(|b| (b, b)),
        };
        let Some((hi, lo)) = range else {
            self.err(
                s,
                format!("bits `{}` is not of the form `hi:lo` or `n`", s.value),
            );
            return None;
        };
        if hi < lo {
            self.err(
                s,
                format!("bits {hi}:{lo} have hi below lo; write them as {lo}:{hi}"),
            );
            return None;
        }
        if hi >= width {
            self.err(
                s,
                format!("bits {hi}:{lo} exceed the {width}-bit width of {of}"),
            );
            return None;
        }
        Some((hi, lo))
    }
}

/// An item's `since` and `status`, checked against the interface revisions.
struct Revisions {
    revision: Revision,
    draft: Revision,
}

impl Revisions {
    fn check(
        &self,
        cx: &mut Ctx<'_>,
        since: Option<&S<String>>,
        status: Option<&S<String>>,
    ) -> (Revision, Status) {
        let status_v = status.and_then(|s| cx.status(s)).unwrap_or(Status::Stable);
        let Some(since) = since else {
            return (self.revision, status_v);
        };
        let Some(rev) = cx.revision(since, "since") else {
            return (self.revision, status_v);
        };
        let limit = if status_v == Status::Draft {
            self.draft
        } else {
            self.revision
        };
        if rev > limit {
            let msg = if status_v == Status::Draft {
                format!("since {rev} is newer than the interface draft_revision {limit}")
            } else {
                format!(
                    "since {rev} is newer than the interface revision {limit}; a later-revision item must be `status: draft`"
                )
            };
            cx.err(since, msg);
        }
        (rev, status_v)
    }
}

/// Types visible to one interface, by name.
#[derive(Default)]
struct Types {
    return_code: Option<(String, u8)>,
    enums: BTreeMap<String, (u8, Vec<u64>)>,
    bitfields: BTreeMap<String, u8>,
    structs: BTreeMap<String, ()>,
}

impl Types {
    /// A type usable in a register or bit field, with its width in bits.
    fn lookup(&self, name: &str) -> Option<(TypeRef, u8)> {
        if let Some(t) = TypeRef::builtin(name) {
            let w = match t {
                TypeRef::U8 => 8,
                TypeRef::U16 => 16,
                TypeRef::U32 => 32,
                _ => 64,
            };
            return Some((t, w));
        }
        if let Some((rc, w)) = &self.return_code
            && rc == name
        {
            return Some((TypeRef::ReturnCode(rc.clone()), *w));
        }
        if let Some((w, _)) = self.enums.get(name) {
            return Some((TypeRef::Enum(name.to_string()), *w));
        }
        if let Some(w) = self.bitfields.get(name) {
            return Some((TypeRef::Bitfield(name.to_string()), *w));
        }
        None
    }
}

pub(crate) fn interface(cx: &mut Ctx<'_>, f: &schema::File) -> Option<model::Interface> {
    let i = &f.interface;
    cx.prefix = format!("{}_", i.name.value);
    let mut ok = cx.ident(&i.name, "interface");
    let iface_loc = cx.loc(&i.name);
    if let Some(prev) = cx.global.interfaces.get(&i.name.value) {
        let msg = format!(
            "duplicate interface `{}`; first defined at {prev}",
            i.name.value
        );
        cx.diags.push(iface_loc.clone(), msg);
        ok = false;
    } else {
        cx.global.interfaces.insert(i.name.value.clone(), iface_loc);
    }
    let transport = match i.transport.value.as_str() {
        "smc" => Some(model::Transport::Smc),
        "host_call" => Some(model::Transport::HostCall),
        other => {
            cx.err(
                &i.transport,
                format!("unknown transport `{other}`; expected smc or host_call"),
            );
            None
        }
    };
    let call_type = match i.call_type.value.as_str() {
        "fast" => Some(model::CallType::Fast),
        "yielding" => Some(model::CallType::Yielding),
        other => {
            cx.err(
                &i.call_type,
                format!("unknown call_type `{other}`; expected fast or yielding"),
            );
            None
        }
    };
    let owner = cx.uint(&i.owner, 63, "SMCCC owner");
    let width = match i.width.value.0 {
        32 => Some(32u8),
        64 => Some(64u8),
        other => {
            cx.err(
                &i.width,
                format!("interface width must be 32 or 64, got {other}"),
            );
            None
        }
    };
    let first = cx.uint(&i.numbers.value.first, 0xFFFF, "function number");
    let last = cx.uint(&i.numbers.value.last, 0xFFFF, "function number");
    if let (Some(a), Some(b)) = (first, last)
        && a > b
    {
        cx.err(
            &i.numbers,
            format!("numbers: first {} is above last {}", hex(a), hex(b)),
        );
    }
    let revision = cx.revision(&i.revision, "revision");
    let draft_revision = i
        .draft_revision
        .as_ref()
        .and_then(|d| cx.revision(d, "draft_revision"));
    if let (Some(r), Some(d), Some(ds)) = (revision, draft_revision, &i.draft_revision)
        && d < r
    {
        cx.err(ds, format!("draft_revision {d} is older than revision {r}"));
    }
    let revs = Revisions {
        revision: revision.unwrap_or(Revision { major: 0, minor: 0 }),
        draft: draft_revision.or(revision).unwrap_or(Revision {
            major: u32::MAX,
            minor: u32::MAX,
        }),
    };

    // Groups are scoped to the interface.
    let mut groups = Vec::new();
    let mut group_names: BTreeMap<String, Loc> = BTreeMap::new();
    for g in &f.groups {
        if !cx.ident(&g.name, "group") {
            continue;
        }
        if let Some(prev) = group_names.get(&g.name.value) {
            let msg = format!(
                "duplicate group `{}`; first defined at {prev}",
                g.name.value
            );
            cx.err(&g.name, msg);
            continue;
        }
        group_names.insert(g.name.value.clone(), cx.loc(&g.name));
        groups.push(model::Group {
            name: g.name.value.clone(),
            title: g.title.clone(),
            source: g.source.clone(),
            doc: g.doc.clone(),
            note: g.note.clone(),
        });
    }
    let group_ref = |cx: &mut Ctx<'_>, g: &Option<S<String>>| -> Option<String> {
        let g = g.as_ref()?;
        if group_names.contains_key(&g.value) {
            Some(g.value.clone())
        } else {
            cx.err(g, format!("unknown group `{}`", g.value));
            None
        }
    };

    let mut types = Types::default();

    // Return codes.
    let return_codes = f.return_codes.as_ref().map(|rc| {
        cx.define(&rc.name, Kind::ReturnCodeType, &rc.name.value);
        let width = cx.uint(&rc.width, 64, "return-code width").unwrap_or(64);
        let width = if width == 0 {
            cx.err(&rc.width, "return-code width must be at least 1");
            64
        } else {
            width as u8
        };
        types.return_code = Some((rc.name.value.clone(), width));
        let mut seen: BTreeMap<i128, String> = BTreeMap::new();
        let mut values = Vec::new();
        for v in &rc.values {
            cx.define(&v.name, Kind::ReturnCode, &v.name.value);
            let n = v.value.value.0;
            let (lo, hi) = if rc.signed {
                (-(1i128 << (width - 1)), (1i128 << (width - 1)) - 1)
            } else {
                (0, (1i128 << width) - 1)
            };
            if n < lo || n > hi {
                let kind = if rc.signed { "signed" } else { "unsigned" };
                cx.err(
                    &v.value,
                    format!(
                        "return code `{}` = {} does not fit the {width}-bit {kind} type `{}`",
                        v.name.value,
                        hex(n),
                        rc.name.value
                    ),
                );
                continue;
            }
            if let Some(prev) = seen.get(&n) {
                cx.err(
                    &v.value,
                    format!(
                        "return code `{}` has the value {} of `{prev}`",
                        v.name.value,
                        hex(n)
                    ),
                );
            }
            seen.insert(n, v.name.value.clone());
            let (since, status) = revs.check(cx, v.since.as_ref(), v.status.as_ref());
            let raw = (n as u64) & model::mask(width - 1, 0);
            values.push(model::ReturnCode {
                name: v.name.value.clone(),
                value: n,
                raw,
                meaning: v.meaning.clone(),
                since,
                status,
                source: v.source.clone(),
                note: v.note.clone(),
            });
        }
        model::ReturnCodes {
            name: rc.name.value.clone(),
            width,
            signed: rc.signed,
            source: rc.source.clone(),
            doc: rc.doc.clone(),
            note: rc.note.clone(),
            values,
        }
    });

    // Enums.
    let mut enums = Vec::new();
    for e in &f.enums {
        cx.define(&e.name, Kind::Enum, &e.name.value);
        let Some(width) = type_width(cx, &e.width, "enum") else {
            continue;
        };
        let (since, status) = revs.check(cx, e.since.as_ref(), e.status.as_ref());
        let mut values = Vec::new();
        let mut names: BTreeMap<String, Loc> = BTreeMap::new();
        let mut nums: BTreeMap<u64, String> = BTreeMap::new();
        for v in &e.values {
            if !cx.ident(&v.name, "enum value") {
                continue;
            }
            if !v.name.value.starts_with(&cx.prefix) {
                let msg = format!(
                    "enum value `{}` must start with `{}`: it becomes a C name beside every other interface's",
                    v.name.value, cx.prefix
                );
                cx.err(&v.name, msg);
            }
            if let Some(prev) = names.get(&v.name.value) {
                let msg = format!(
                    "duplicate value `{}` in enum `{}`; first defined at {prev}",
                    v.name.value, e.name.value
                );
                cx.err(&v.name, msg);
                continue;
            }
            names.insert(v.name.value.clone(), cx.loc(&v.name));
            let n = v.value.value.0;
            if n < 0 || n > i128::from(model::mask(width - 1, 0)) {
                cx.err(
                    &v.value,
                    format!(
                        "value {} of `{}::{}` does not fit in {width} bits",
                        hex(n),
                        e.name.value,
                        v.name.value
                    ),
                );
                continue;
            }
            let n = n as u64;
            if let Some(prev) = nums.get(&n) {
                cx.err(
                    &v.value,
                    format!(
                        "`{}::{}` has the value {} of `{prev}`",
                        e.name.value,
                        v.name.value,
                        hex(n)
                    ),
                );
            }
            nums.insert(n, v.name.value.clone());
            let (since, status) = revs.check(cx, v.since.as_ref(), v.status.as_ref());
            values.push(model::EnumValue {
                name: v.name.value.clone(),
                value: n,
                since,
                status,
                doc: v.doc.clone(),
                note: v.note.clone(),
            });
        }
        types.enums.insert(
            e.name.value.clone(),
            (width, values.iter().map(|v| v.value).collect()),
        );
        enums.push(model::Enum {
            name: e.name.value.clone(),
            width,
            since,
            status,
            source: e.source.clone(),
            doc: e.doc.clone(),
            note: e.note.clone(),
            values,
        });
    }

    // Bit-field sets.
    let mut bitfields = Vec::new();
    for b in &f.bitfields {
        cx.define(&b.name, Kind::Bitfield, &b.name.value);
        let Some(width) = type_width(cx, &b.width, "bit-field set") else {
            continue;
        };
        let (since, status) = revs.check(cx, b.since.as_ref(), b.status.as_ref());
        let fields = bitfield_fields(cx, b, width, &types);
        types.bitfields.insert(b.name.value.clone(), width);
        bitfields.push(model::Bitfield {
            name: b.name.value.clone(),
            width,
            since,
            status,
            source: b.source.clone(),
            doc: b.doc.clone(),
            note: b.note.clone(),
            fields,
        });
    }

    // Version constants.
    let mut versions = Vec::new();
    for v in &f.versions {
        cx.define(&v.name, Kind::Version, &v.name.value);
        let group = group_ref(cx, &v.group);
        let (since, status) = revs.check(cx, v.since.as_ref(), v.status.as_ref());
        let Some(enc) = bitfields.iter().find(|b| b.name == v.encoding.value) else {
            let msg = format!("unknown bit-field type `{}`", v.encoding.value);
            cx.err(&v.encoding, msg);
            continue;
        };
        let (Some(maj_f), Some(min_f)) = (enc.field("major"), enc.field("minor")) else {
            let msg = format!(
                "version encoding `{}` must have fields `major` and `minor`",
                enc.name
            );
            cx.err(&v.encoding, msg);
            continue;
        };
        let major = cx.uint(&v.major, maj_f.mask() >> maj_f.lo, "major");
        let minor = cx.uint(&v.minor, min_f.mask() >> min_f.lo, "minor");
        let (Some(major), Some(minor)) = (major, minor) else {
            continue;
        };
        versions.push(model::VersionConst {
            name: v.name.value.clone(),
            major,
            minor,
            encoding: enc.name.clone(),
            value: (major << maj_f.lo) | (minor << min_f.lo),
            group,
            since,
            status,
            source: v.source.clone(),
            doc: v.doc.clone(),
            note: v.note.clone(),
        });
    }

    // Structs.
    let mut structs = Vec::new();
    for s in &f.structs {
        cx.define(&s.name, Kind::Struct, &s.name.value);
        types.structs.insert(s.name.value.clone(), ());
        let (since, status) = revs.check(cx, s.since.as_ref(), s.status.as_ref());
        if let Some(st) = structure(cx, s, &types, since, status) {
            structs.push(st);
        }
    }

    // Functions.
    let mut functions = Vec::new();
    for func in &f.functions {
        cx.define(&func.name, Kind::Function, &func.name.value);
        for a in &func.aliases {
            cx.define(a, Kind::FunctionAlias, &func.name.value);
        }
        let group = group_ref(cx, &func.group);
        let (since, status) = revs.check(cx, Some(&func.since), Some(&func.status));
        let number = cx.uint(&func.number, 0xFFFF, "function number");
        let mut fid = None;
        if let (Some(n), Some(a), Some(b)) = (number, first, last)
            && !(a..=b).contains(&n)
        {
            cx.err(
                &func.number,
                format!(
                    "function number {} of `{}` is outside the {} range {}..={}",
                    hex(n),
                    func.name.value,
                    i.name.value,
                    hex(a),
                    hex(b)
                ),
            );
        }
        if let (Some(n), Some(owner), Some(width), Some(ct)) = (number, owner, width, call_type) {
            let n = n as u16;
            let owner = owner as u8;
            let derived = smccc_fid(ct, width, owner, n);
            fid = Some(derived);
            if let Some(lit) = &func.fid
                && lit.value.0 != i128::from(derived)
            {
                let written = u32::try_from(lit.value.0)
                    .map(|v| format!("{v:#010X}"))
                    .unwrap_or_else(|_| hex(lit.value.0));
                let ct = if ct == model::CallType::Fast {
                    "fast"
                } else {
                    "yielding"
                };
                cx.err(
                    lit,
                    format!(
                        "fid {written} does not match {derived:#010X}, derived from owner {owner}, number {} ({ct}, SMC{width})",
                        hex(n)
                    ),
                );
            }
            let loc = cx.loc(&func.number);
            if let Some((prev, prev_loc)) = cx.global.numbers.get(&(owner, n)) {
                let msg = format!(
                    "function number {} of `{}` is already used by `{prev}` (owner {owner}) at {prev_loc}",
                    hex(n),
                    func.name.value
                );
                cx.diags.push(loc, msg);
            } else {
                cx.global
                    .numbers
                    .insert((owner, n), (func.name.value.clone(), loc));
            }
        }
        let (Some(transport), Some(number), Some(fid)) = (transport, number, fid) else {
            continue;
        };
        let inputs = reg_values(cx, &func.inputs, transport, &types, true);
        let outputs = reg_values(cx, &func.outputs, transport, &types, false);
        let outputs_on = outputs_on(cx, func, &outputs, return_codes.as_ref(), &enums);
        functions.push(model::Function {
            name: func.name.value.clone(),
            number: number as u16,
            fid,
            fid_hex: format!("{fid:#010X}"),
            since,
            status,
            aliases: func.aliases.iter().map(|a| a.value.clone()).collect(),
            group,
            source: func.source.clone(),
            doc: func.doc.clone(),
            note: func.note.clone(),
            inputs,
            outputs,
            outputs_on,
            failures: func.failures.clone(),
            loc: cx.loc(&func.name),
        });
    }

    // Top-level aliases: defined now, resolved once every name is known.
    for a in &f.aliases {
        cx.define(&a.name, Kind::Alias, &a.of.value);
    }

    let features = features(cx, &f.features, &functions, &bitfields);
    let queries = queries(
        cx, &f.queries, transport, &functions, &bitfields, &versions, &features,
    );

    let (Some(transport), Some(owner), Some(call_type), Some(width), Some(first), Some(last)) =
        (transport, owner, call_type, width, first, last)
    else {
        return None;
    };
    if !ok || revision.is_none() {
        return None;
    }
    Some(model::Interface {
        name: i.name.value.clone(),
        title: i.title.clone(),
        file: cx.file.to_string(),
        transport,
        owner: owner as u8,
        call_type,
        width,
        first_number: first as u16,
        last_number: last as u16,
        revision: revs.revision,
        draft_revision,
        spec: model::Spec {
            document: i.spec.document.clone(),
            revision: i.spec.revision.clone(),
            title: i.spec.title.clone(),
        },
        source: i.source.clone(),
        note: i.note.clone(),
        groups,
        versions,
        return_codes,
        enums,
        bitfields,
        structs,
        functions,
        aliases: Vec::new(),
        features,
        queries,
    })
}

/// Resolve a file's top-level aliases; run after every interface has defined
/// its names, so an alias may name an item of another file.
pub(crate) fn aliases(cx: &mut Ctx<'_>, f: &schema::File) -> Vec<model::Alias> {
    f.aliases.iter().filter_map(|a| alias(cx, a)).collect()
}

/// SMCCC function identifier: fast/yielding (bit 31), SMC64 (bit 30),
/// owning entity (29:24), function number (15:0).
pub fn smccc_fid(call_type: model::CallType, width: u8, owner: u8, number: u16) -> u32 {
    let fast = u32::from(call_type == model::CallType::Fast) << 31;
    let smc64 = u32::from(width == 64) << 30;
    fast | smc64 | (u32::from(owner) << 24) | u32::from(number)
}

fn type_width(cx: &mut Ctx<'_>, w: &S<Int>, what: &str) -> Option<u8> {
    let n = w.value.0;
    if !(1..=64).contains(&n) {
        cx.err(w, format!("{what} width must be in 1..=64 bits, got {n}"));
        return None;
    }
    Some(n as u8)
}

fn bitfield_fields(
    cx: &mut Ctx<'_>,
    b: &schema::Bitfield,
    width: u8,
    types: &Types,
) -> Vec<model::Field> {
    let mut out: Vec<model::Field> = Vec::new();
    let mut names: BTreeMap<String, Loc> = BTreeMap::new();
    let mut covered = 0u64;
    // A range that did not parse leaves a hole that is not worth a second report.
    let mut broken = false;
    let of = format!("`{}`", b.name.value);
    for fld in &b.fields {
        let reserved = fld.reserved.as_ref().is_some_and(|r| r.value);
        match (&fld.name, reserved) {
            (Some(n), true) => {
                cx.err(
                    n,
                    "a reserved range has no name; drop `name:` or `reserved:`",
                );
            }
            (None, false) => {
                cx.err(
                    &fld.bits,
                    format!(
                        "field at bits {} of {of} needs a `name:` or `reserved: true`",
                        fld.bits.value
                    ),
                );
            }
            (Some(n), false) => {
                if cx.ident(n, "field") {
                    if let Some(prev) = names.get(&n.value) {
                        let msg = format!(
                            "duplicate field `{}` in {of}; first defined at {prev}",
                            n.value
                        );
                        cx.err(n, msg);
                    }
                    names.insert(n.value.clone(), cx.loc(n));
                }
            }
            (None, true) => {}
        }
        let Some((hi, lo)) = cx.bits(&fld.bits, width, &of) else {
            broken = true;
            continue;
        };
        let label = match &fld.name {
            Some(n) => format!("field `{}`", n.value),
            None => "reserved range".to_string(),
        };
        let bits = model::mask(hi, lo);
        if let Some(p) = out.iter().find(|p| p.mask() & bits != 0) {
            cx.err(
                &fld.bits,
                format!(
                    "{label} (bits {hi}:{lo}) overlaps {} of {of}",
                    describe_field(p)
                ),
            );
        } else if let Some(p) = out.last().filter(|p| p.hi < hi) {
            cx.err(
                &fld.bits,
                format!(
                    "{label} (bits {hi}:{lo}) is declared after {}; declare fields from the most significant bit down",
                    describe_field(p)
                ),
            );
        }
        covered |= bits;
        let ty = fld.ty.as_ref().and_then(|t| {
            let Some((_, values)) = types.enums.get(&t.value) else {
                let msg = if types.lookup(&t.value).is_some() {
                    format!(
                        "field type `{}` is not an enum; a bit field takes an enum type or none",
                        t.value
                    )
                } else {
                    format!("unknown enum type `{}`", t.value)
                };
                cx.err(t, msg);
                return None;
            };
            let fwidth = hi - lo + 1;
            if let Some(v) = values.iter().find(|v| **v > model::mask(fwidth - 1, 0)) {
                cx.err(
                    t,
                    format!(
                        "enum `{}` has value {} which does not fit the {fwidth}-bit {label} of {of}",
                        t.value,
                        hex(*v)
                    ),
                );
            }
            Some(t.value.clone())
        });
        out.push(model::Field {
            name: fld.name.as_ref().map(|n| n.value.clone()),
            hi,
            lo,
            reserved,
            ty,
            doc: fld.doc.clone(),
            note: fld.note.clone(),
        });
    }
    // Every uncovered run, most significant first.
    let mut bit = i32::from(width) - 1;
    while bit >= 0 && !broken {
        if covered & (1u64 << bit) != 0 {
            bit -= 1;
            continue;
        }
        let hi = bit;
        while bit >= 0 && covered & (1u64 << bit) == 0 {
            bit -= 1;
        }
        let lo = bit + 1;
        let what = if hi == lo {
            format!("bit {hi} of {of} is")
        } else {
            format!("bits {hi}:{lo} of {of} are")
        };
        cx.err(
            &b.name,
            format!("{what} not covered; declare a field or `reserved: true` range for it"),
        );
    }
    out
}

fn describe_field(f: &model::Field) -> String {
    match &f.name {
        Some(n) => format!("field `{n}` (bits {}:{})", f.hi, f.lo),
        None => format!("reserved range (bits {}:{})", f.hi, f.lo),
    }
}

fn structure(
    cx: &mut Ctx<'_>,
    s: &schema::Struct,
    types: &Types,
    since: Revision,
    status: Status,
) -> Option<model::Struct> {
    let name = &s.name.value;
    let size = cx.uint(&s.size, 1 << 20, "struct size");
    let align = cx.uint(&s.align, 1 << 16, "struct alignment");
    let align = align.filter(|a| {
        let ok = a.is_power_of_two();
        if !ok {
            cx.err(
                &s.align,
                format!("alignment {} of `{name}` is not a power of two", hex(*a)),
            );
        }
        ok
    });
    if let (Some(sz), Some(al)) = (size, align)
        && sz % al != 0
    {
        cx.err(
            &s.size,
            format!(
                "size {} of `{name}` is not a multiple of its alignment {}",
                hex(sz),
                hex(al)
            ),
        );
    }
    if size == Some(0) {
        cx.err(&s.size, format!("struct `{name}` has size 0"));
    }
    let mut members: Vec<model::Member> = Vec::new();
    let mut names: BTreeMap<String, Loc> = BTreeMap::new();
    let mut end = 0u64;
    // After a member whose size is unknown, coverage reports would only echo it.
    let mut broken = false;
    for m in &s.members {
        if cx.ident(&m.name, "member") {
            if let Some(prev) = names.get(&m.name.value) {
                let msg = format!(
                    "duplicate member `{}` in `{name}`; first defined at {prev}",
                    m.name.value
                );
                cx.err(&m.name, msg);
            }
            names.insert(m.name.value.clone(), cx.loc(&m.name));
        }
        let reserved = m.reserved.as_ref().is_some_and(|r| r.value);
        let Some(offset) = cx.uint(&m.offset, 1 << 20, "member offset") else {
            broken = true;
            continue;
        };
        let count = match &m.count {
            Some(c) => match cx.uint(c, 1 << 20, "array count") {
                Some(0) => {
                    cx.err(c, "array count must be at least 1");
                    broken = true;
                    continue;
                }
                Some(n) => Some(n),
                None => continue,
            },
            None => None,
        };
        // Element type, element size and natural alignment.
        let (ty, elem) = match (&m.ty, &m.size, reserved) {
            (Some(t), None, _) => {
                let resolved = types.lookup(&t.value);
                let Some((tr, bits)) = resolved else {
                    let msg = if types.structs.contains_key(&t.value) {
                        format!(
                            "member type `{}` is a struct; nested structs are not supported, flatten its members",
                            t.value
                        )
                    } else {
                        format!("unknown type `{}`", t.value)
                    };
                    cx.err(t, msg);
                    broken = true;
                    continue;
                };
                (Some(tr), storage_bytes(bits))
            }
            (None, Some(sz), true) => {
                if count.is_some() {
                    cx.err(sz, "a reserved range gives `size:` in bytes, not `count:`");
                    broken = true;
                    continue;
                }
                match cx.uint(sz, 1 << 20, "reserved size") {
                    Some(0) | None => {
                        cx.err(sz, "reserved size must be at least 1 byte");
                        broken = true;
                        continue;
                    }
                    Some(n) => (None, n),
                }
            }
            (Some(t), Some(_), _) => {
                cx.err(t, "give either `type:` or `size:`, not both");
                broken = true;
                continue;
            }
            (None, Some(sz), false) => {
                cx.err(sz, "`size:` is for reserved ranges; a member takes `type:`");
                broken = true;
                continue;
            }
            (None, None, _) => {
                cx.err(&m.name, format!("member `{}` needs `type:`", m.name.value));
                broken = true;
                continue;
            }
        };
        let total = elem * count.unwrap_or(1);
        let natural = if ty.is_some() { elem } else { 1 };
        if offset % natural != 0 {
            cx.err(
                &m.offset,
                format!(
                    "member `{}` at offset {} breaks its {natural}-byte alignment",
                    m.name.value,
                    hex(offset)
                ),
            );
        }
        if let Some(al) = align
            && natural > al
        {
            cx.err(
                &m.offset,
                format!(
                    "member `{}` needs {natural}-byte alignment but `{name}` is only {al}-byte aligned",
                    m.name.value
                ),
            );
        }
        if offset < end {
            let prev = members
                .iter()
                .rev()
                .find(|p| p.offset < offset + total && offset < p.offset + p.size)
                .map(|p| {
                    format!(
                        "`{}` ({}..{})",
                        p.name,
                        hex(p.offset),
                        hex(p.offset + p.size)
                    )
                })
                .unwrap_or_else(|| "an earlier member".to_string());
            cx.err(
                &m.offset,
                format!(
                    "member `{}` ({}..{}) overlaps {prev} in `{name}`",
                    m.name.value,
                    hex(offset),
                    hex(offset + total)
                ),
            );
        } else if offset > end && !broken {
            cx.err(
                &m.offset,
                format!(
                    "bytes {}..{} of `{name}` are not covered; declare a member or a `reserved: true` range",
                    hex(end),
                    hex(offset)
                ),
            );
        }
        if let Some(sz) = size
            && offset + total > sz
        {
            cx.err(
                &m.offset,
                format!(
                    "member `{}` ({}..{}) runs past the size {} of `{name}`",
                    m.name.value,
                    hex(offset),
                    hex(offset + total),
                    hex(sz)
                ),
            );
        }
        end = end.max(offset + total);
        members.push(model::Member {
            name: m.name.value.clone(),
            offset,
            size: total,
            ty,
            count,
            reserved,
            doc: m.doc.clone(),
            note: m.note.clone(),
        });
    }
    let (size, align) = (size?, align?);
    if end < size && !broken {
        cx.err(
            &s.size,
            format!(
                "bytes {}..{} of `{name}` are not covered; declare a member or a `reserved: true` range",
                hex(end),
                hex(size)
            ),
        );
    }
    Some(model::Struct {
        name: name.clone(),
        size,
        align,
        since,
        status,
        source: s.source.clone(),
        doc: s.doc.clone(),
        note: s.note.clone(),
        members,
    })
}

fn reg_values(
    cx: &mut Ctx<'_>,
    values: &[schema::RegValue],
    transport: model::Transport,
    types: &Types,
    inputs: bool,
) -> Vec<model::RegValue> {
    let dir = if inputs { "input" } else { "output" };
    let mut out: Vec<model::RegValue> = Vec::new();
    let mut names: BTreeMap<String, Loc> = BTreeMap::new();
    for v in values {
        if cx.ident(&v.name, dir) {
            if let Some(prev) = names.get(&v.name.value) {
                let msg = format!(
                    "duplicate {dir} `{}`; first defined at {prev}",
                    v.name.value
                );
                cx.err(&v.name, msg);
            }
            names.insert(v.name.value.clone(), cx.loc(&v.name));
        }
        let reg = match (&v.reg, &v.gpr, transport) {
            (Some(r), None, model::Transport::Smc) => {
                let n = r
                    .value
                    .strip_prefix('X')
                    .filter(|d| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit()))
                    .and_then(|d| d.parse::<u32>().ok());
                match n {
                    Some(n) if n <= u32::from(SMCCC_MAX_REG) => Reg::X(n as u8),
                    Some(n) => {
                        cx.err(
                            r,
                            format!(
                                "register X{n} is outside the SMCCC 1.2 argument registers X0-X{SMCCC_MAX_REG}"
                            ),
                        );
                        continue;
                    }
                    None => {
                        cx.err(
                            r,
                            format!("`{}` is not a register name X0-X{SMCCC_MAX_REG}", r.value),
                        );
                        continue;
                    }
                }
            }
            (None, Some(g), model::Transport::HostCall) => {
                let n = g.value.0;
                if !(0..=i128::from(HOST_CALL_MAX_GPR)).contains(&n) {
                    cx.err(
                        g,
                        format!("gpr {n} is outside RsiHostCall.gprs[0..={HOST_CALL_MAX_GPR}]"),
                    );
                    continue;
                }
                Reg::Gpr(n as u8)
            }
            (Some(r), None, model::Transport::HostCall) => {
                cx.err(
                    r,
                    "`reg:` names an SMC register, but this interface is carried by RSI_HOST_CALL: use `gpr:`",
                );
                continue;
            }
            (None, Some(g), model::Transport::Smc) => {
                cx.err(
                    g,
                    "`gpr:` names a host-call register, but this interface is called by SMC: use `reg:`",
                );
                continue;
            }
            _ => {
                cx.err(
                    &v.name,
                    format!(
                        "{dir} `{}` needs exactly one of `reg:` and `gpr:`",
                        v.name.value
                    ),
                );
                continue;
            }
        };
        if inputs && matches!(reg, Reg::X(0) | Reg::Gpr(0)) {
            let at = v
                .reg
                .as_ref()
                .map(|r| cx.loc(r))
                .or_else(|| v.gpr.as_ref().map(|g| cx.loc(g)));
            if let Some(loc) = at {
                cx.diags.push(
                    loc,
                    format!(
                        "input `{}` cannot use {reg}: it carries the function ID",
                        v.name.value
                    ),
                );
            }
            continue;
        }
        let (hi, lo) = match &v.bits {
            Some(b) => match cx.bits(b, 64, &format!("register {reg}")) {
                Some(r) => r,
                None => continue,
            },
            None => (63, 0),
        };
        let Some((ty, tw)) = types.lookup(&v.ty.value) else {
            let msg = if types.structs.contains_key(&v.ty.value) {
                format!(
                    "type `{}` is a struct; a register carries its address (`type: address`)",
                    v.ty.value
                )
            } else {
                format!("unknown type `{}`", v.ty.value)
            };
            cx.err(&v.ty, msg);
            continue;
        };
        let span = hi - lo + 1;
        if tw > span {
            cx.err(
                &v.ty,
                format!(
                    "type `{}` is {tw} bits wide but {dir} `{}` has only bits {hi}:{lo} of {reg}",
                    v.ty.value, v.name.value
                ),
            );
        }
        if let Some(p) = out
            .iter()
            .find(|p| p.reg == reg && p.lo <= hi && lo <= p.hi)
        {
            let at = v.bits.as_ref().map(|b| cx.loc(b)).or_else(|| {
                v.reg
                    .as_ref()
                    .map(|r| cx.loc(r))
                    .or_else(|| v.gpr.as_ref().map(|g| cx.loc(g)))
            });
            if let Some(loc) = at {
                cx.diags.push(
                    loc,
                    format!(
                        "{dir} `{}` (bits {hi}:{lo} of {reg}) overlaps `{}` (bits {}:{})",
                        v.name.value, p.name, p.hi, p.lo
                    ),
                );
            }
        }
        let memory = memory(cx, v, &ty, inputs);
        out.push(model::RegValue {
            name: v.name.value.clone(),
            reg,
            hi,
            lo,
            ty,
            optional: v.optional,
            memory,
            doc: v.doc.clone(),
            note: v.note.clone(),
            loc: cx.loc(&v.name),
        });
    }
    out
}

/// Rule 42: `outputs_on:` names values of the function's status (the
/// return code or status enum filling register 0), none of them success
/// (value 0), each once.
fn outputs_on(
    cx: &mut Ctx<'_>,
    func: &schema::Function,
    outputs: &[model::RegValue],
    return_codes: Option<&model::ReturnCodes>,
    enums: &[model::Enum],
) -> Vec<String> {
    let Some(first) = func.outputs_on.first() else {
        return Vec::new();
    };
    let status = model::status_output(outputs);
    let values: Vec<(&str, u64)> = match status.map(|v| &v.ty) {
        Some(TypeRef::ReturnCode(_)) => return_codes
            .map(|rc| rc.values.iter().map(|c| (c.name.as_str(), c.raw)).collect())
            .unwrap_or_default(),
        Some(TypeRef::Enum(e)) => enums
            .iter()
            .find(|x| &x.name == e)
            .map(|x| {
                x.values
                    .iter()
                    .map(|v| (v.name.as_str(), v.value))
                    .collect()
            })
            .unwrap_or_default(),
        _ => {
            let msg = format!(
                "`outputs_on:` needs a status output of `{}`: a return code or status enum filling register 0",
                func.name.value
            );
            cx.err(first, msg);
            return Vec::new();
        }
    };
    let ty = match status.map(|v| &v.ty) {
        Some(TypeRef::ReturnCode(t) | TypeRef::Enum(t)) => t.as_str(),
        _ => "",
    };
    let mut out: Vec<String> = Vec::new();
    for name in &func.outputs_on {
        let msg = match values.iter().find(|(n, _)| *n == name.value) {
            None => format!("`{}` is not a value of `{ty}`", name.value),
            Some((_, 0)) => format!(
                "`{}` is success, whose outputs are always defined; `outputs_on:` lists the other statuses",
                name.value
            ),
            Some(_) if out.contains(&name.value) => {
                format!("`{}` is listed twice in `outputs_on:`", name.value)
            }
            Some((n, _)) => {
                out.push((*n).to_string());
                continue;
            }
        };
        cx.err(name, msg);
    }
    out
}

/// Rule 41: an address input says what the callee does to the memory it
/// names (`memory: read`, `write` or `none`); no other value has `memory:`.
/// Required, so that a forgotten annotation fails closed rather than make a
/// memory-writing call safe to send.
fn memory(
    cx: &mut Ctx<'_>,
    v: &schema::RegValue,
    ty: &TypeRef,
    input: bool,
) -> Option<model::Memory> {
    let address_input = input && *ty == TypeRef::Address;
    let Some(m) = v.memory.as_ref() else {
        if address_input {
            let msg = format!(
                "address input `{}` needs `memory:` (read, write or none): what the callee does to the memory it names",
                v.name.value
            );
            cx.err(&v.ty, msg);
        }
        return None;
    };
    if !address_input {
        let msg = format!(
            "`memory:` belongs on an address input; `{}` is {}",
            v.name.value,
            if input { "not an address" } else { "an output" }
        );
        cx.err(m, msg);
        return None;
    }
    match m.value.as_str() {
        "read" => Some(model::Memory::Read),
        "write" => Some(model::Memory::Write),
        "none" => Some(model::Memory::NotAccessed),
        other => {
            cx.err(
                m,
                format!("unknown memory access `{other}`; expected read, write or none"),
            );
            None
        }
    }
}

fn alias(cx: &mut Ctx<'_>, a: &schema::Alias) -> Option<model::Alias> {
    let mut seen = vec![a.name.value.clone()];
    let mut cur = a.of.value.clone();
    loop {
        let Some(def) = cx.global.names.get(&cur).cloned() else {
            let msg = if cur == a.of.value {
                format!(
                    "alias `{}` names `{cur}`, which is not defined",
                    a.name.value
                )
            } else {
                format!(
                    "alias `{}` ends at `{cur}`, which is not defined (via {})",
                    a.name.value,
                    seen.join(" -> ")
                )
            };
            cx.err(&a.of, msg);
            return None;
        };
        if seen.contains(&cur) {
            seen.push(cur);
            cx.err(&a.of, format!("alias cycle: {}", seen.join(" -> ")));
            return None;
        }
        let kind = match def.kind {
            Kind::Alias | Kind::FunctionAlias => {
                seen.push(cur.clone());
                cur = def.target.clone();
                if def.kind == Kind::FunctionAlias {
                    // A function's own alias ends at that function.
                    return Some(model::Alias {
                        name: a.name.value.clone(),
                        of: a.of.value.clone(),
                        target: cur,
                        kind: model::AliasKind::Function,
                        source: a.source.clone(),
                        note: a.note.clone(),
                    });
                }
                continue;
            }
            Kind::Function => model::AliasKind::Function,
            Kind::ReturnCodeType | Kind::ReturnCode => model::AliasKind::ReturnCode,
            Kind::Enum => model::AliasKind::Enum,
            Kind::Bitfield => model::AliasKind::Bitfield,
            Kind::Struct => model::AliasKind::Struct,
            Kind::Version => model::AliasKind::Version,
        };
        return Some(model::Alias {
            name: a.name.value.clone(),
            of: a.of.value.clone(),
            target: cur,
            kind,
            source: a.source.clone(),
            note: a.note.clone(),
        });
    }
}

fn find_fn<'m>(
    cx: &mut Ctx<'_>,
    functions: &'m [model::Function],
    name: &S<String>,
) -> Option<&'m model::Function> {
    let f = functions.iter().find(|f| f.name == name.value);
    if f.is_none() {
        cx.err(name, format!("unknown function `{}`", name.value));
    }
    f
}

fn features(
    cx: &mut Ctx<'_>,
    feats: &[schema::Feature],
    functions: &[model::Function],
    bitfields: &[model::Bitfield],
) -> Vec<model::Feature> {
    let mut out = Vec::new();
    for f in feats {
        let via = find_fn(cx, functions, &f.via);
        let reg = bitfields.iter().find(|b| b.name == f.register.value);
        if reg.is_none() {
            cx.err(
                &f.register,
                format!("unknown bit-field type `{}`", f.register.value),
            );
        }
        let index = match (&f.index, via) {
            (Some(ix), Some(v)) if v.inputs.is_empty() => {
                cx.err(
                    ix,
                    format!(
                        "`index:` given, but `{}` takes no input to select a register",
                        v.name
                    ),
                );
                None
            }
            (Some(ix), _) => cx.uint(ix, u64::MAX, "feature register index"),
            (None, _) => None,
        };
        let mut adverts = Vec::new();
        for a in &f.advertises {
            let func = find_fn(cx, functions, &a.function);
            let Some(reg) = reg else { continue };
            let Some(bit) = reg.field(&a.bit.value) else {
                let msg = format!("unknown feature bit `{}` in `{}`", a.bit.value, reg.name);
                cx.err(&a.bit, msg);
                continue;
            };
            if bit.width() != 1 {
                let msg = format!(
                    "feature bit `{}` of `{}` is {} bits wide; a feature is one bit",
                    a.bit.value,
                    reg.name,
                    bit.width()
                );
                cx.err(&a.bit, msg);
                continue;
            }
            if let Some(func) = func {
                adverts.push(model::Advert {
                    bit: a.bit.value.clone(),
                    shift: bit.lo,
                    function: func.name.clone(),
                });
            }
        }
        if let (Some(via), Some(reg)) = (via, reg) {
            out.push(model::Feature {
                via: via.name.clone(),
                index,
                register: reg.name.clone(),
                source: f.source.clone(),
                note: f.note.clone(),
                advertises: adverts,
            });
        }
    }
    out
}

fn find_output<'m>(
    cx: &mut Ctx<'_>,
    func: &'m model::Function,
    out: &S<String>,
) -> Option<&'m model::RegValue> {
    let o = func.outputs.iter().find(|o| o.name == out.value);
    if o.is_none() {
        cx.err(
            out,
            format!("`{}` has no output `{}`", func.name, out.value),
        );
    }
    o
}

fn queries(
    cx: &mut Ctx<'_>,
    qs: &[schema::Query],
    transport: Option<model::Transport>,
    functions: &[model::Function],
    bitfields: &[model::Bitfield],
    versions: &[model::VersionConst],
    features: &[model::Feature],
) -> Vec<model::Query> {
    let mut out = Vec::new();
    let mut names: BTreeMap<String, Loc> = BTreeMap::new();
    for q in qs {
        if cx.ident(&q.name, "query") {
            if let Some(prev) = names.get(&q.name.value) {
                let msg = format!(
                    "duplicate query `{}`; first defined at {prev}",
                    q.name.value
                );
                cx.err(&q.name, msg);
            }
            names.insert(q.name.value.clone(), cx.loc(&q.name));
        }
        if transport == Some(model::Transport::Smc) {
            let msg = format!(
                "query `{}` asks the host through RSI_HOST_CALL; its interface needs `transport: host_call`",
                q.name.value
            );
            cx.err(&q.name, msg);
        }
        // Version step.
        let vcall = find_fn(cx, functions, &q.version.call);
        let vout = vcall.and_then(|f| find_output(cx, f, &q.version.output));
        let req = versions.iter().find(|v| v.name == q.version.requires.value);
        if req.is_none() {
            let msg = format!("unknown version constant `{}`", q.version.requires.value);
            cx.err(&q.version.requires, msg);
        }
        // Feature step.
        let fcall = find_fn(cx, functions, &q.feature.call);
        let fout = fcall.and_then(|f| find_output(cx, f, &q.feature.output));
        let freg = bitfields
            .iter()
            .find(|b| b.name == q.feature.register.value);
        if freg.is_none() {
            let msg = format!("unknown bit-field type `{}`", q.feature.register.value);
            cx.err(&q.feature.register, msg);
        }
        let fset = features
            .iter()
            .find(|f| f.via == q.feature.call.value && f.register == q.feature.register.value);
        if fcall.is_some() && freg.is_some() && fset.is_none() {
            let msg = format!(
                "no `features:` entry says that `{}` returns `{}`",
                q.feature.call.value, q.feature.register.value
            );
            cx.err(&q.feature.call, msg);
        }
        let advert = fset.and_then(|f| {
            let a = f.advertises.iter().find(|a| a.bit == q.feature.bit.value);
            if a.is_none() {
                let msg = format!(
                    "unknown feature bit `{}`: `{}` advertises no function with it",
                    q.feature.bit.value, f.register
                );
                cx.err(&q.feature.bit, msg);
            }
            a
        });
        // Value step.
        let call = find_fn(cx, functions, &q.value.call);
        let vv = call.and_then(|f| find_output(cx, f, &q.value.output));
        if let (Some(a), Some(c)) = (advert, call)
            && a.function != c.name
        {
            let msg = format!(
                "feature bit `{}` advertises `{}`, not the queried `{}`",
                a.bit, a.function, c.name
            );
            cx.err(&q.feature.bit, msg);
        }
        // The routines read the host's answer from the whole of gprs[0].
        for (out, at) in [
            (vout, &q.version.output),
            (fout, &q.feature.output),
            (vv, &q.value.output),
        ] {
            if let Some(o) = out
                && (o.reg != Reg::Gpr(0) || (o.hi, o.lo) != (63, 0))
            {
                let msg = format!(
                    "a query reads the whole of gprs[0], but output `{}` is in {} bits {}:{}",
                    o.name, o.reg, o.hi, o.lo
                );
                cx.err(at, msg);
            }
        }
        if let Some(f) = fset
            && f.index.is_some()
        {
            let msg = format!(
                "a query sends no index, but `features:` selects `{}` of `{}` with one",
                f.register, f.via
            );
            cx.err(&q.feature.register, msg);
        }
        // Validation rules.
        let min = q
            .validate
            .min
            .as_ref()
            .and_then(|m| cx.uint(m, u64::MAX, "min"));
        let max = q
            .validate
            .max
            .as_ref()
            .and_then(|m| cx.uint(m, u64::MAX, "max"));
        if let (Some(a), Some(b), Some(bs)) = (min, max, &q.validate.max)
            && a > b
        {
            cx.err(bs, format!("max {} is below min {}", hex(b), hex(a)));
        }
        if q.validate.power_of_two {
            for (v, s) in [(min, &q.validate.min), (max, &q.validate.max)] {
                if let (Some(v), Some(s)) = (v, s)
                    && !v.is_power_of_two()
                {
                    cx.err(
                        s,
                        format!("{} is not a power of two, but the value must be", hex(v)),
                    );
                }
            }
        }
        let (Some(vcall), Some(vout), Some(req), Some(fcall), Some(fout), Some(freg), Some(advert)) =
            (vcall, vout, req, fcall, fout, freg, advert)
        else {
            continue;
        };
        let (Some(call), Some(vv)) = (call, vv) else {
            continue;
        };
        out.push(model::Query {
            name: q.name.value.clone(),
            title: q
                .title
                .clone()
                .unwrap_or_else(|| q.name.value.replace('_', " ")),
            doc: q.doc.clone(),
            source: q.source.clone(),
            note: q.note.clone(),
            version: model::QueryVersion {
                call: vcall.name.clone(),
                output: vout.name.clone(),
                requires: req.name.clone(),
                major: req.major,
                minor: req.minor,
            },
            feature: model::QueryFeature {
                call: fcall.name.clone(),
                output: fout.name.clone(),
                index: fset.and_then(|f| f.index),
                register: freg.name.clone(),
                bit: advert.bit.clone(),
                shift: advert.shift,
            },
            value: model::QueryValue {
                call: call.name.clone(),
                output: vv.name.clone(),
            },
            validate: model::QueryValidate {
                power_of_two: q.validate.power_of_two,
                min,
                max,
            },
        });
    }
    out
}
