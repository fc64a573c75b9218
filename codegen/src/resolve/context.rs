//! The state every construct shares while resolving: the context of one
//! file (`Ctx`, with its checks of names, numbers, revisions and bit
//! ranges), the model-wide names (`Global`) and the types an interface can
//! see (`Types`).

use crate::check::{self, Report, Scope};
use crate::diag::{Diagnostics, Loc, Note};
use crate::model::{self, Ref, Revision, Span, Status, TypeRef};
use crate::schema::{Int, S};
use std::collections::{BTreeMap, BTreeSet};

/// Where a name was first defined, for "duplicate name" reports.
#[derive(Clone, Debug)]
pub(crate) struct Defined {
    pub(crate) loc: Loc,
    pub(crate) kind: Kind,
    pub(crate) target: String,
    /// The interface and the specification revisions that have the item:
    /// a name may be reused only by the same interface, in other revisions.
    pub(crate) iface: String,
    pub(crate) span: Span,
}

impl Defined {
    /// Whether both items can be seen together: in one revision of one
    /// interface, or in two interfaces.
    pub(crate) fn meets(&self, iface: &str, span: &Span) -> bool {
        self.iface != iface || self.span.overlaps(span)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
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

impl Kind {
    /// How diagnostics name an item of this kind.
    pub(crate) fn what(self) -> &'static str {
        match self {
            Kind::Function => "function",
            Kind::FunctionAlias | Kind::Alias => "alias",
            Kind::ReturnCodeType => "return-code type",
            Kind::ReturnCode => "return code",
            Kind::Enum => "enum",
            Kind::Bitfield => "bit-field set",
            Kind::Struct => "struct",
            Kind::Version => "version constant",
        }
    }
}

/// Model-wide state: names must be unique across every interface because they
/// all end up in one C namespace; function numbers are unique per owner.
#[derive(Default)]
pub(crate) struct Global {
    pub(crate) names: BTreeMap<String, Vec<Defined>>,
    pub(crate) numbers: BTreeMap<(u8, u16), Vec<Claim>>,
    pub(crate) interfaces: Scope,
    /// `FUNCTION.value` of every input or output that was declared but did
    /// not resolve (already reported): a later reference to it is no new
    /// error.
    pub(crate) unresolved: BTreeSet<String>,
    /// Every interface's function-number range: owner, first, last,
    /// interface, where declared.
    pub(crate) ranges: Vec<(u8, u64, u64, String, Loc)>,
}

/// A function number in use: by which function, in which revisions.
#[derive(Clone, Debug)]
pub(crate) struct Claim {
    pub(crate) name: String,
    pub(crate) loc: Loc,
    pub(crate) iface: String,
    pub(crate) span: Span,
}

pub(crate) struct Ctx<'a> {
    pub(crate) file: &'a str,
    /// `RSI_`: the prefix every C-level constant of this interface carries.
    pub(crate) prefix: String,
    pub(crate) diags: &'a mut Diagnostics,
    pub(crate) global: &'a mut Global,
}

impl Report for Ctx<'_> {
    fn file(&self) -> &str {
        self.file
    }

    fn diags(&mut self) -> &mut Diagnostics {
        self.diags
    }
}

impl Ctx<'_> {
    /// An unsigned integer in `0..=max`: the range part of rules 9 (owner,
    /// function numbers), 15 (return-code width), 23 (version parts), 24
    /// (struct size and alignment), 26 and 29 (member offsets, array
    /// counts, reserved sizes), 36 (feature register index) and 38 (query bounds).
    pub(crate) fn uint(&mut self, v: &S<Int>, max: u64, what: &str) -> Option<u64> {
        let n = v.value.0;
        if n < 0 || n > i128::from(max) {
            self.err(
                v,
                format!(
                    "{what} must be in 0..={}, got {}",
                    check::hex(max),
                    check::hex(n)
                ),
            );
            return None;
        }
        u64::try_from(n).ok()
    }

    /// Rule 5: names are identifiers.
    pub(crate) fn ident(&mut self, name: &S<String>, what: &str) -> bool {
        check::ident(self, name, |n| {
            format!("{what} name `{n}` is not an identifier ([A-Za-z_][A-Za-z0-9_]*)")
        })
    }

    /// Rule 39: functions, return codes, enum values and version constants
    /// start with the interface name and `_`.
    pub(crate) fn prefixed(&mut self, name: &S<String>, what: &str) {
        if !self.prefix.is_empty() && !name.value.starts_with(&self.prefix) {
            let msg = format!(
                "{what} `{}` must start with `{}`: it becomes a C name beside every other interface's",
                name.value, self.prefix
            );
            self.err(name, msg);
        }
    }

    /// Rules 5, 6 and 39: register a model-wide name; reports a duplicate
    /// (the same name in one revision of an interface, or in two
    /// interfaces) and a name that changes its kind between revisions.
    pub(crate) fn define(&mut self, name: &S<String>, kind: Kind, target: &str, span: &Span) {
        let what = kind.what();
        if !self.ident(name, what) {
            return;
        }
        if matches!(kind, Kind::Function | Kind::ReturnCode | Kind::Version) {
            self.prefixed(name, what);
        }
        let loc = self.loc(name);
        let iface = self.prefix.trim_end_matches('_').to_string();
        let defs = self
            .global
            .names
            .get(&name.value)
            .cloned()
            .unwrap_or_default();
        if let Some(prev) = defs.iter().find(|d| d.meets(&iface, span)) {
            check::duplicate(self, name, "name", "", Some(&prev.loc));
            return;
        }
        if let Some(prev) = defs.iter().find(|d| d.kind != kind) {
            let msg = format!(
                "`{}` is a {what} here and a {} at {} (revisions {}); a name keeps its kind in every revision",
                name.value,
                prev.kind.what(),
                prev.loc,
                span_text(&prev.span)
            );
            self.err(name, msg);
            return;
        }
        let def = Defined {
            loc,
            kind,
            target: target.to_string(),
            iface,
            span: span.clone(),
        };
        self.global
            .names
            .entry(name.value.clone())
            .or_default()
            .push(def);
    }

    /// Rule 10: revisions are `MAJOR.MINOR`, each 0-65535.
    pub(crate) fn revision(&mut self, s: &S<String>, what: &str) -> Option<Revision> {
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

    /// Rule 17: `hi:lo` or a single bit `n`, with hi ≥ lo, within `width` bits.
    pub(crate) fn bits(&mut self, s: &S<String>, width: u8, of: &str) -> Option<(u8, u8)> {
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

/// Rule 16 (and the same for bit-field sets): a type is 1-64 bits wide.
pub(crate) fn type_width(cx: &mut Ctx<'_>, w: &S<Int>, what: &str) -> Option<u8> {
    let n = w.value.0;
    if !(1..=64).contains(&n) {
        cx.err(w, format!("{what} width must be in 1..=64 bits, got {n}"));
        return None;
    }
    Some(n as u8)
}

/// Rule 34: a referenced function exists.
pub(crate) fn find_fn<'m>(
    cx: &mut Ctx<'_>,
    functions: &'m [model::Function],
    name: &S<String>,
) -> Option<&'m model::Function> {
    let f = functions.iter().find(|f| f.name == name.value);
    if f.is_none() {
        let names = functions.iter().map(|f| f.name.as_str());
        unknown(cx, name, "function", names);
    }
    f
}

/// Rule 34: report the unknown `what` named at `at` ([`unknown_message`]).
pub(crate) fn unknown<'a>(
    cx: &mut Ctx<'_>,
    at: &S<String>,
    what: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) {
    let (msg, notes) =
        unknown_message(cx, &at.value, what, candidates.into_iter().collect(), false);
    cx.err_with(at, msg, notes);
}

/// C spellings of the builtin types, for the hint.
pub(crate) const C_SPELLINGS: [(&str, &str); 9] = [
    ("uint8_t", "u8"),
    ("uint16_t", "u16"),
    ("uint32_t", "u32"),
    ("uint64_t", "u64"),
    ("unsigned long", "u64"),
    ("unsigned int", "u32"),
    ("phys_addr_t", "address"),
    ("usize", "u64"),
    ("bool", "u8"),
];

/// The report of an unknown `what` called `name`: when another interface
/// defines it, that it belongs there (with a note at it: an interface refers
/// only to its own items); else the nearest of `candidates` and, with
/// `builtins`, the builtin types.
pub(crate) fn unknown_message(
    cx: &Ctx<'_>,
    name: &str,
    what: &str,
    mut candidates: Vec<&str>,
    builtins: bool,
) -> (String, Vec<Note>) {
    let here = cx.prefix.trim_end_matches('_');
    let defs = cx.global.names.get(name);
    if let Some(d) = defs.and_then(|d| d.iter().find(|d| d.iface != here)) {
        let msg = format!(
            "unknown {what} `{name}`: it belongs to {}, and an interface refers only to its own items",
            d.iface
        );
        return (msg, vec![note(&d.loc, format!("`{name}` is defined here"))]);
    }
    let spelled = C_SPELLINGS.iter().find(|(c, _)| *c == name);
    let hint = match spelled {
        Some((_, ours)) if builtins => format!("; did you mean `{ours}`?"),
        _ => {
            if builtins {
                candidates.extend(BUILTINS);
            }
            check::did_you_mean(name, candidates)
        }
    };
    let mut msg = format!("unknown {what} `{name}`{hint}");
    if builtins {
        msg.push_str(" (the builtin types are u8, u16, u32, u64 and address)");
    }
    (msg, Vec::new())
}

/// A note at `loc`.
pub(crate) fn note(loc: &Loc, message: impl Into<String>) -> Note {
    Note {
        loc: loc.clone(),
        message: message.into(),
    }
}

/// A span as diagnostics print it: `1.1-alp17..2.0-bet0`, `2.0-bet0..`.
pub(crate) fn span_text(span: &Span) -> String {
    match &span.until {
        Some(u) if *u == span.since => u.clone(),
        Some(u) => format!("{}..{u}", span.since),
        None => format!("{}..", span.since),
    }
}

/// Types visible to one interface, by name.
#[derive(Default)]
pub(crate) struct Types {
    pub(crate) return_code: Option<(String, u8)>,
    pub(crate) enums: BTreeMap<String, (u8, Vec<u64>)>,
    pub(crate) bitfields: BTreeMap<String, u8>,
    /// Every declaration of each struct (one per revision where its layout
    /// changed), as far as resolving has got.
    pub(crate) structs: BTreeMap<String, Vec<Laid>>,
}

/// The builtin types, as diagnostics list them.
pub(crate) const BUILTINS: [&str; 5] = ["u8", "u16", "u32", "u64", "address"];

impl Types {
    /// Every type name of the interface so far.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        let rc = self.return_code.iter().map(|(n, _)| n.as_str());
        rc.chain(self.enums.keys().map(String::as_str))
            .chain(self.bitfields.keys().map(String::as_str))
            .chain(self.structs.keys().map(String::as_str))
    }

    /// The report of an unknown type `name` (`what`: "type"), against the
    /// interface's types ([`unknown_message`]).
    pub(crate) fn unknown(
        &self,
        cx: &Ctx<'_>,
        name: &str,
        what: &str,
        builtins: bool,
    ) -> (String, Vec<Note>) {
        unknown_message(cx, name, what, self.names().collect(), builtins)
    }

    /// A type usable in a register or bit field, with its width in bits.
    pub(crate) fn lookup(&self, name: &str) -> Option<(TypeRef, u8)> {
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
            return Some((TypeRef::Enum(Ref::new(name)), *w));
        }
        if let Some(w) = self.bitfields.get(name) {
            return Some((TypeRef::Bitfield(Ref::new(name)), *w));
        }
        None
    }
}

/// One declaration of a struct, as a member of a later struct sees it.
#[derive(Clone, Debug)]
pub(crate) enum Laid {
    /// Its own members are being resolved.
    Resolving,
    /// It did not resolve; what names it is not reported again.
    Failed,
    Done {
        size: u64,
        align: u64,
        status: Status,
        span: Span,
    },
}
