//! The data of an interface: groups, version constants, return codes, enums,
//! bit-field types, structs, and the type references between them.

use serde::Serialize;

use super::reference::Ref;

use crate::diag::Loc;

use super::{Revision, Span, Status};

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
    pub encoding: Ref,
    /// Where its name is declared.
    #[serde(skip)]
    pub loc: Loc,
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
    pub ty: Option<Ref>,
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
    Enum(Ref),
    Bitfield(Ref),
    /// A struct of the same interface, as a member of another (never in a
    /// register: a struct is passed by its address).
    Struct(Ref),
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
            TypeRef::ReturnCode(n) => n,
            TypeRef::Enum(r) | TypeRef::Bitfield(r) | TypeRef::Struct(r) => &r.name,
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
