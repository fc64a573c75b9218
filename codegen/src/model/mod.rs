//! The resolved, validated ABI model, which lowering (`crate::plan`) links
//! into the plans the emitters render.
//!
//! Items keep their declared order. Every name is resolved: a `TypeRef` is a
//! linked reference (`Ref`) to an item that exists, a function's FID is
//! derived, bit ranges are numbers.
//! `Serialize` gives the JSON export; its key order is the field order here.

mod calls;
mod layouts;
mod links;
mod reference;

use serde::Serialize;

pub use calls::*;
pub use layouts::*;
pub use reference::Ref;

#[derive(Clone, Debug, Serialize)]
pub struct Model {
    pub interfaces: Vec<Interface>,
}

impl Model {
    pub fn interface(&self, name: &str) -> Option<&Interface> {
        self.interfaces.iter().find(|i| i.name == name)
    }
    /// The carrier of a host-call interface, with the interface, function and
    /// structure it names (all present: the loader checked them, rule 49).
    pub fn carrier_of(&self, iface: &Interface) -> Option<(&Interface, &Function, &Struct)> {
        let c = iface.carrier.as_ref()?;
        let owner = self.interface(&c.interface)?;
        Some((
            owner,
            owner.function(&c.function)?,
            owner.structure(&c.structure)?,
        ))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Revision {
    /// At most 0xFFFF, like every binding's revision type.
    pub major: u32,
    pub minor: u32,
}

impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    /// An SMC; values in X0-X17 (SMCCC 1.2).
    Smc,
    /// Carried by `RSI_HOST_CALL`; values in `RsiHostCall.gprs[0..=30]`.
    HostCall,
}

impl Transport {
    /// How many registers a call of this transport has: X0-X17 for an SMC
    /// (SMCCC 1.2), `RsiHostCall.gprs[0..=30]` for a host call.
    pub const fn reg_count(self) -> usize {
        match self {
            Transport::Smc => 18,
            Transport::HostCall => 31,
        }
    }

    /// The highest register number (17 or 30).
    pub const fn max_reg(self) -> u8 {
        // Both counts are small constants: the cast cannot truncate.
        (self.reg_count() - 1) as u8
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallType {
    Fast,
    Yielding,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Stable,
    Draft,
    Deprecated,
}

impl Status {
    /// The status as the YAML writes it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Stable => "stable",
            Status::Draft => "draft",
            Status::Deprecated => "deprecated",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Spec {
    pub document: String,
    /// The specification revision described: the selected one in a model
    /// narrowed by [`Model::at`], else the newest.
    pub revision: String,
    pub title: String,
}

/// One revision of an interface's specification.
#[derive(Clone, Debug, Serialize)]
pub struct SpecRevision {
    /// As the specification names it, e.g. `1.1-alp17`.
    pub name: String,
    /// The interface revision an implementation of it reports.
    pub reports: Revision,
    pub status: Status,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
}

/// The specification revisions that have an item: `since` to `until`
/// (inclusive; `None`: still in the newest), by name and by index into
/// `Interface::revisions`.
#[derive(Clone, Debug, Serialize)]
pub struct Span {
    pub since: String,
    pub until: Option<String>,
    #[serde(skip)]
    pub first: usize,
    #[serde(skip)]
    pub last: usize,
}

impl Span {
    /// Whether the revision with index `r` has the item.
    pub fn has(&self, r: usize) -> bool {
        (self.first..=self.last).contains(&r)
    }

    /// Whether some revision has both items.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Interface {
    pub name: String,
    pub title: String,
    /// The file the interface was read from, as named in the header of
    /// generated files (e.g. `abi/rsi.yaml`).
    pub file: String,
    pub transport: Transport,
    pub owner: u8,
    pub call_type: CallType,
    pub width: u8,
    pub first_number: u16,
    pub last_number: u16,
    pub revision: Revision,
    pub draft_revision: Option<Revision>,
    /// Oldest first; one, named by `spec.revision`, when the file lists none.
    pub revisions: Vec<SpecRevision>,
    /// The revision a model narrowed by [`Model::at`] describes.
    pub selected: Option<String>,
    /// Its index in `revisions`.
    #[serde(skip)]
    pub selected_at: Option<usize>,
    pub spec: Spec,
    pub source: String,
    pub note: Option<String>,
    pub groups: Vec<Group>,
    pub versions: Vec<VersionConst>,
    pub return_codes: Option<ReturnCodes>,
    pub enums: Vec<Enum>,
    pub bitfields: Vec<Bitfield>,
    pub structs: Vec<Struct>,
    pub functions: Vec<Function>,
    pub aliases: Vec<Alias>,
    pub features: Vec<Feature>,
    pub queries: Vec<Query>,
    /// A host-call interface's carrier (rule 49).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<Carrier>,
}

/// The SMC call a host-call interface's calls travel through: `function` of
/// `interface` takes the address of a `structure`, whose `gprs` member holds
/// the host call's registers ([`Transport::reg_count`] of them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Carrier {
    pub interface: String,
    pub function: String,
    pub structure: String,
    /// The return code (of `interface`, value 0) the function answers when
    /// the host has answered.
    pub success: String,
}

impl Interface {
    /// `RSI_`: how its functions, return codes, enum values and version
    /// constants begin (rule 39), and what the Rust names leave out.
    pub fn prefix(&self) -> String {
        format!("{}_", self.name)
    }
    /// Width in bits of a value of `ty`.
    pub fn width_of(&self, ty: &TypeRef) -> u8 {
        match ty {
            TypeRef::U8 => 8,
            TypeRef::U16 => 16,
            TypeRef::U32 => 32,
            TypeRef::U64 | TypeRef::Address => 64,
            TypeRef::ReturnCode(_) => self.return_codes.as_ref().map_or(64, |r| r.width),
            TypeRef::Enum(r) => self.enum_of(r).width,
            TypeRef::Bitfield(r) => self.bitfield_of(r).width,
            // Never a register value; as a struct member it is laid out by
            // its own members.
            TypeRef::Struct(_) => 64,
        }
    }
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name == name)
    }
    pub fn bitfield(&self, name: &str) -> Option<&Bitfield> {
        self.bitfields.iter().find(|b| b.name == name)
    }
    pub fn enumeration(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }
    pub fn structure(&self, name: &str) -> Option<&Struct> {
        self.structs.iter().find(|s| s.name == name)
    }
    pub fn version(&self, name: &str) -> Option<&VersionConst> {
        self.versions.iter().find(|v| v.name == name)
    }

    /// Every item's name, struct members and named bit fields as
    /// `Type.member`: what a profile may rename, omit or alias.
    pub fn item_names(&self) -> Vec<String> {
        let mut n: Vec<String> = self.functions.iter().map(|f| f.name.clone()).collect();
        n.extend(self.versions.iter().map(|v| v.name.clone()));
        if let Some(rc) = &self.return_codes {
            n.push(rc.name.clone());
            n.extend(rc.values.iter().map(|v| v.name.clone()));
        }
        n.extend(self.enums.iter().map(|e| e.name.clone()));
        for b in &self.bitfields {
            n.push(b.name.clone());
            let named = b.fields.iter().filter_map(|f| f.name.as_ref());
            n.extend(named.map(|f| format!("{}.{f}", b.name)));
        }
        for s in &self.structs {
            n.push(s.name.clone());
            n.extend(s.members.iter().map(|m| format!("{}.{}", s.name, m.name)));
        }
        n
    }
}
