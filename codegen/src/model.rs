//! The resolved, validated ABI model. Every emitter reads this and nothing else.
//!
//! Items keep their declared order. Every name is resolved: a `TypeRef` names
//! an item that exists, a function's FID is derived, bit ranges are numbers.
//! `Serialize` gives the JSON export; its key order is the field order here.

use serde::Serialize;

use crate::diag::Loc;

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
            TypeRef::Enum(n) => self.enumeration(n).map_or(64, |e| e.width),
            TypeRef::Bitfield(n) => self.bitfield(n).map_or(64, |b| b.width),
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

#[derive(Clone, Debug, Serialize)]
pub struct Group {
    pub name: String,
    pub title: String,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct VersionConst {
    pub name: String,
    pub major: u64,
    pub minor: u64,
    /// The bit-field type with `major` and `minor` fields.
    pub encoding: String,
    /// `major` and `minor` placed in their fields.
    pub value: u64,
    pub group: Option<String>,
    pub since: Revision,
    pub status: Status,
    /// The specification revisions that have the item.
    pub revisions: Span,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReturnCodes {
    pub name: String,
    pub width: u8,
    pub signed: bool,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    pub values: Vec<ReturnCode>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReturnCode {
    pub name: String,
    /// As written (may be negative when the codes are signed).
    pub value: i128,
    /// The register bits: `value` in two's complement, `width` bits.
    pub raw: u64,
    pub meaning: String,
    pub since: Revision,
    pub status: Status,
    /// The specification revisions that have the item.
    pub revisions: Span,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Enum {
    pub name: String,
    pub width: u8,
    pub since: Revision,
    pub status: Status,
    /// The specification revisions that have the item.
    pub revisions: Span,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    pub values: Vec<EnumValue>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EnumValue {
    pub name: String,
    pub value: u64,
    pub since: Revision,
    pub status: Status,
    /// The specification revisions that have the item.
    pub revisions: Span,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Bitfield {
    pub name: String,
    pub width: u8,
    pub since: Revision,
    pub status: Status,
    /// The specification revisions that have the item.
    pub revisions: Span,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    /// Most significant first; together they cover every bit exactly once.
    pub fields: Vec<Field>,
    #[serde(skip)]
    pub loc: Loc,
}

impl Bitfield {
    /// The bits the reserved ranges cover; they must be zero.
    pub fn reserved_mask(&self) -> u64 {
        self.fields
            .iter()
            .filter(|f| f.reserved)
            .fold(0, |m, f| m | f.mask())
    }
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name.as_deref() == Some(name))
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Field {
    /// `None` for a reserved range.
    pub name: Option<String>,
    pub hi: u8,
    pub lo: u8,
    pub reserved: bool,
    /// An enum type whose values this field takes.
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub doc: Option<String>,
    pub note: Option<String>,
    /// Where its bits are declared.
    #[serde(skip)]
    pub loc: Loc,
}

impl Field {
    pub fn width(&self) -> u8 {
        self.hi - self.lo + 1
    }
    pub fn mask(&self) -> u64 {
        mask(self.hi, self.lo)
    }
}

/// The width of the unsigned integer that stores a value of `bits` bits
/// (8, 16, 32 or 64): the storage of enums and bit fields in structs and
/// in every binding.
pub fn storage_bits(bits: u8) -> u8 {
    match bits {
        0..=8 => 8,
        9..=16 => 16,
        17..=32 => 32,
        _ => 64,
    }
}

/// `GENMASK(hi, lo)` for 64-bit values.
pub fn mask(hi: u8, lo: u8) -> u64 {
    (u64::MAX >> (63 - u32::from(hi))) & (u64::MAX << u32::from(lo))
}

#[derive(Clone, Debug, Serialize)]
pub struct Struct {
    pub name: String,
    pub size: u64,
    pub align: u64,
    pub since: Revision,
    pub status: Status,
    /// The specification revisions that have the item.
    pub revisions: Span,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    /// By offset; together they cover every byte exactly once.
    pub members: Vec<Member>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Clone, Debug, Serialize)]
pub struct Member {
    pub name: String,
    pub offset: u64,
    /// Total size in bytes (element size times count).
    pub size: u64,
    /// `None` for reserved padding, which is plain bytes.
    #[serde(rename = "type")]
    pub ty: Option<TypeRef>,
    /// Array length; `None` for a scalar.
    pub count: Option<u64>,
    pub reserved: bool,
    pub doc: Option<String>,
    pub note: Option<String>,
    /// Where its offset is declared.
    #[serde(skip)]
    pub loc: Loc,
}

/// A resolved type reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum TypeRef {
    U8,
    U16,
    U32,
    U64,
    /// A 64-bit physical or intermediate physical address.
    Address,
    /// The interface's return-code type.
    ReturnCode(String),
    Enum(String),
    Bitfield(String),
    /// A struct of the same interface, as a member of another (never in a
    /// register: a struct is passed by its address).
    Struct(String),
}

impl TypeRef {
    /// The type as the YAML names it.
    pub fn yaml_name(&self) -> &str {
        match self {
            TypeRef::U8 => "u8",
            TypeRef::U16 => "u16",
            TypeRef::U32 => "u32",
            TypeRef::U64 => "u64",
            TypeRef::Address => "address",
            TypeRef::ReturnCode(n)
            | TypeRef::Enum(n)
            | TypeRef::Bitfield(n)
            | TypeRef::Struct(n) => n,
        }
    }

    /// The builtin type with this name, if any.
    pub fn builtin(name: &str) -> Option<Self> {
        Some(match name {
            "u8" => Self::U8,
            "u16" => Self::U16,
            "u32" => Self::U32,
            "u64" => Self::U64,
            "address" => Self::Address,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reg {
    /// General-purpose register Xn of the SMC (0..=17).
    X(u8),
    /// `RsiHostCall.gprs[n]` (0..=30).
    Gpr(u8),
}

impl Reg {
    /// The register's number: n of Xn or of `gprs[n]`.
    pub fn index(self) -> usize {
        match self {
            Reg::X(n) | Reg::Gpr(n) => usize::from(n),
        }
    }
}

/// The output that fills register 0 whole (a function's status, or its
/// value answer), if any.
pub fn status_output(outputs: &[RegValue]) -> Option<&RegValue> {
    outputs
        .iter()
        .find(|v| v.reg.index() == 0 && (v.hi, v.lo) == (63, 0))
}

impl std::fmt::Display for Reg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reg::X(n) => write!(f, "X{n}"),
            Reg::Gpr(n) => write!(f, "gprs[{n}]"),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Function {
    pub name: String,
    pub number: u16,
    pub fid: u32,
    /// `fid` as `0x` and eight upper-case hex digits, as specifications print it.
    pub fid_hex: String,
    pub since: Revision,
    pub status: Status,
    /// The specification revisions that have the item.
    pub revisions: Span,
    pub aliases: Vec<String>,
    /// The function that had this number in an earlier revision.
    pub reuses: Option<String>,
    pub group: Option<String>,
    pub source: String,
    pub doc: String,
    pub note: Option<String>,
    pub inputs: Vec<RegValue>,
    pub outputs: Vec<RegValue>,
    /// Statuses besides success under which the outputs are defined (names
    /// of values of the status output's type); empty: success only.
    pub outputs_on: Vec<String>,
    pub failures: Vec<String>,
    /// Where the function is declared, for tools that point back at the YAML.
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Clone, Debug, Serialize)]
pub struct RegValue {
    pub name: String,
    pub reg: Reg,
    pub hi: u8,
    pub lo: u8,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    pub optional: bool,
    /// For an address input (where it is required): what the callee does to
    /// the memory it names. `None` for any other value.
    pub memory: Option<Memory>,
    pub doc: Option<String>,
    pub note: Option<String>,
    #[serde(skip)]
    pub loc: Loc,
}

/// What a call does to the memory an address input names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Memory {
    /// The callee reads it.
    Read,
    /// The callee writes it, or changes its state.
    Write,
    /// The callee only reports on the address (`memory: none`).
    #[serde(rename = "none")]
    NotAccessed,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AliasKind {
    Function,
    ReturnCode,
    Enum,
    Bitfield,
    Struct,
    Version,
}

#[derive(Clone, Debug, Serialize)]
pub struct Alias {
    pub name: String,
    /// The item the alias names directly (possibly another alias).
    pub of: String,
    /// The real item at the end of the chain, and its kind.
    pub target: String,
    pub kind: AliasKind,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Feature {
    pub via: String,
    pub index: Option<u64>,
    pub register: String,
    pub source: String,
    pub note: Option<String>,
    pub advertises: Vec<Advert>,
    /// Bits that advertise no function, with why.
    pub no_function: Vec<NoFunction>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NoFunction {
    pub bit: String,
    pub note: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Advert {
    pub bit: String,
    /// Bit position in the feature register.
    pub shift: u8,
    pub function: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Query {
    pub name: String,
    /// How prose names the value, e.g. "IPA-change alignment".
    pub title: String,
    pub doc: String,
    pub source: String,
    pub note: Option<String>,
    pub version: QueryVersion,
    pub feature: QueryFeature,
    pub value: QueryValue,
    pub validate: QueryValidate,
}

#[derive(Clone, Debug, Serialize)]
pub struct QueryVersion {
    pub call: String,
    pub output: String,
    pub requires: String,
    pub major: u64,
    pub minor: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct QueryFeature {
    pub call: String,
    pub output: String,
    pub index: Option<u64>,
    pub register: String,
    pub bit: String,
    pub shift: u8,
}

#[derive(Clone, Debug, Serialize)]
pub struct QueryValue {
    pub call: String,
    pub output: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct QueryValidate {
    pub power_of_two: bool,
    pub min: Option<u64>,
    pub max: Option<u64>,
}
