//! The YAML schema: plain serde types that mirror `abi/README.md` one to one.
//!
//! Every mapping denies unknown keys, and every value that a later check can
//! complain about is `Spanned`, so that the complaint carries `line:col`.
//! No `flatten` and no untagged enums: serde-saphyr loses spans through them.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Visitor};
use serde_saphyr::Spanned;

/// A spanned value; the loader turns its location into a diagnostic position.
pub type S<T> = Spanned<T>;

/// An integer literal as written: decimal, `0x` hex or negative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Int(pub i128);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IntVisitor;
        impl Visitor<'_> for IntVisitor {
            type Value = Int;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int, E> {
                Ok(Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int, E> {
                Ok(Int(v.into()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Int, E> {
                Ok(Int(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Int, E> {
                i128::try_from(v)
                    .map(Int)
                    .map_err(|_| E::custom("integer out of range"))
            }
        }
        d.deserialize_any(IntVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub interface: Interface,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub versions: Vec<Version>,
    pub return_codes: Option<ReturnCodes>,
    #[serde(default)]
    pub enums: Vec<Enum>,
    #[serde(default)]
    pub bitfields: Vec<Bitfield>,
    #[serde(default)]
    pub structs: Vec<Struct>,
    #[serde(default)]
    pub functions: Vec<Function>,
    #[serde(default)]
    pub aliases: Vec<Alias>,
    #[serde(default)]
    pub features: Vec<Feature>,
    #[serde(default)]
    pub queries: Vec<Query>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interface {
    pub name: S<String>,
    pub title: String,
    pub transport: S<String>,
    pub owner: S<Int>,
    pub call_type: S<String>,
    pub width: S<Int>,
    pub numbers: S<Numbers>,
    pub revision: S<String>,
    pub draft_revision: Option<S<String>>,
    pub spec: Spec,
    pub source: String,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    pub first: S<Int>,
    pub last: S<Int>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub document: String,
    pub revision: String,
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub name: S<String>,
    pub title: String,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub name: S<String>,
    pub major: S<Int>,
    pub minor: S<Int>,
    pub encoding: S<String>,
    pub group: Option<S<String>>,
    pub since: Option<S<String>>,
    pub status: Option<S<String>>,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnCodes {
    pub name: S<String>,
    pub width: S<Int>,
    #[serde(default)]
    pub signed: bool,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    pub values: Vec<ReturnCode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnCode {
    pub name: S<String>,
    pub value: S<Int>,
    pub meaning: String,
    pub since: Option<S<String>>,
    pub status: Option<S<String>>,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enum {
    pub name: S<String>,
    pub width: S<Int>,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    pub since: Option<S<String>>,
    pub status: Option<S<String>>,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub name: S<String>,
    pub value: S<Int>,
    pub since: Option<S<String>>,
    pub status: Option<S<String>>,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bitfield {
    pub name: S<String>,
    pub width: S<Int>,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    pub since: Option<S<String>>,
    pub status: Option<S<String>>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: Option<S<String>>,
    pub bits: S<String>,
    #[serde(default)]
    pub reserved: Option<S<bool>>,
    #[serde(rename = "type")]
    pub ty: Option<S<String>>,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Struct {
    pub name: S<String>,
    pub size: S<Int>,
    pub align: S<Int>,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    pub since: Option<S<String>>,
    pub status: Option<S<String>>,
    pub members: Vec<Member>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: S<String>,
    pub offset: S<Int>,
    #[serde(rename = "type")]
    pub ty: Option<S<String>>,
    pub count: Option<S<Int>>,
    pub size: Option<S<Int>>,
    pub reserved: Option<S<bool>>,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    pub name: S<String>,
    pub number: S<Int>,
    pub fid: Option<S<Int>>,
    pub since: S<String>,
    pub status: S<String>,
    #[serde(default)]
    pub aliases: Vec<S<String>>,
    pub group: Option<S<String>>,
    pub source: String,
    pub doc: String,
    pub note: Option<String>,
    #[serde(default)]
    pub inputs: Vec<RegValue>,
    #[serde(default)]
    pub outputs: Vec<RegValue>,
    /// Statuses besides success under which the specification defines the
    /// outputs (`RSI_INCOMPLETE` of a token chunk, `RSI_ERROR_INPUT` of
    /// `RSI_VERSION`): decoders keep the outputs for them.
    #[serde(default)]
    pub outputs_on: Vec<S<String>>,
    #[serde(default)]
    pub failures: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegValue {
    pub name: S<String>,
    pub reg: Option<S<String>>,
    pub gpr: Option<S<Int>>,
    pub bits: Option<S<String>>,
    #[serde(rename = "type")]
    pub ty: S<String>,
    #[serde(default)]
    pub optional: bool,
    /// `read` or `write`: the address names memory the callee reads, or
    /// writes (or whose state it changes).
    pub memory: Option<S<String>>,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    pub name: S<String>,
    pub of: S<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    pub via: S<String>,
    pub index: Option<S<Int>>,
    pub register: S<String>,
    pub source: String,
    pub note: Option<String>,
    pub advertises: Vec<Advert>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advert {
    pub bit: S<String>,
    pub function: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub name: S<String>,
    pub title: Option<String>,
    pub doc: String,
    pub source: String,
    pub note: Option<String>,
    pub version: QueryVersion,
    pub feature: QueryFeature,
    pub value: QueryValue,
    pub validate: QueryValidate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryVersion {
    pub call: S<String>,
    pub output: S<String>,
    pub requires: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryFeature {
    pub call: S<String>,
    pub output: S<String>,
    pub register: S<String>,
    pub bit: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryValue {
    pub call: S<String>,
    pub output: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryValidate {
    #[serde(default)]
    pub power_of_two: bool,
    pub min: Option<S<Int>>,
    pub max: Option<S<Int>>,
}
