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

/// In the JSON Schema an integer: YAML's `0x190` is one too.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Int {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Int".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "description": "An integer: decimal, 0x hex or negative."
        })
    }
}

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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Interface {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    pub title: String,
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("enum" = ["smc", "host_call"])))]
    pub transport: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub owner: S<Int>,
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("enum" = ["fast", "yielding"])))]
    pub call_type: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub width: S<Int>,
    #[cfg_attr(feature = "schema", schemars(with = "Numbers"))]
    pub numbers: S<Numbers>,
    /// The interface revision of the stable items; with `revisions:`, the
    /// revisions say it instead.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub revision: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub draft_revision: Option<S<String>>,
    /// The specification revisions the items belong to, oldest first.
    #[serde(default)]
    pub revisions: Vec<SpecRevision>,
    pub spec: Spec,
    pub source: String,
    pub note: Option<String>,
    /// For a `host_call` interface: the call that carries its calls.
    pub carrier: Option<Carrier>,
}

/// The SMC function that passes a host call on, and the structure (of the
/// same interface) whose `gprs` member holds the host call's registers.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Carrier {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub function: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub structure: S<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub first: S<Int>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub last: S<Int>,
    /// The range is the numbers in use, not a block the specification
    /// reserves: `first` and `last` must then be the lowest and highest.
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub in_use: Option<S<bool>>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub document: String,
    /// The one specification revision described, when `revisions:` is absent.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub revision: Option<S<String>>,
    pub title: String,
}

/// One revision of the interface's specification (`interface.revisions`).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SpecRevision {
    /// As the specification names it, e.g. `1.1-alp17`.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    /// The interface revision (`MAJOR.MINOR`) an implementation of it reports.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub reports: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("enum" = ["stable", "draft"])))]
    pub status: S<String>,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Group {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    pub title: String,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Version {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub major: S<Int>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub minor: S<Int>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub encoding: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub group: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub since: Option<S<String>>,
    /// The last specification revision with the item (`revisions:` only).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub until: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["stable", "draft", "deprecated"])))]
    pub status: Option<S<String>>,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReturnCodes {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub width: S<Int>,
    #[serde(default)]
    pub signed: bool,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    pub values: Vec<ReturnCode>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReturnCode {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub value: S<Int>,
    pub meaning: String,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub since: Option<S<String>>,
    /// The last specification revision with the item (`revisions:` only).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub until: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["stable", "draft", "deprecated"])))]
    pub status: Option<S<String>>,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Enum {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub width: S<Int>,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub since: Option<S<String>>,
    /// The last specification revision with the item (`revisions:` only).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub until: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["stable", "draft", "deprecated"])))]
    pub status: Option<S<String>>,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub value: S<Int>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub since: Option<S<String>>,
    /// The last specification revision with the item (`revisions:` only).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub until: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["stable", "draft", "deprecated"])))]
    pub status: Option<S<String>>,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Bitfield {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub width: S<Int>,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub since: Option<S<String>>,
    /// The last specification revision with the item (`revisions:` only).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub until: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["stable", "draft", "deprecated"])))]
    pub status: Option<S<String>>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Field {
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub name: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub bits: S<String>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub reserved: Option<S<bool>>,
    #[serde(rename = "type")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub ty: Option<S<String>>,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Struct {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub size: S<Int>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub align: S<Int>,
    pub source: String,
    pub doc: Option<String>,
    pub note: Option<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub since: Option<S<String>>,
    /// The last specification revision with the item (`revisions:` only).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub until: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["stable", "draft", "deprecated"])))]
    pub status: Option<S<String>>,
    pub members: Vec<Member>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Member {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub offset: S<Int>,
    #[serde(rename = "type")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub ty: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<Int>"))]
    pub count: Option<S<Int>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<Int>"))]
    pub size: Option<S<Int>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub reserved: Option<S<bool>>,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Function {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Int"))]
    pub number: S<Int>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<Int>"))]
    pub fid: Option<S<Int>>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub since: S<String>,
    /// The last specification revision with the function (`revisions:` only).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub until: Option<S<String>>,
    /// The function that had this number in an earlier revision.
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub reuses: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("enum" = ["stable", "draft", "deprecated"])))]
    pub status: S<String>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub aliases: Vec<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
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
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub outputs_on: Vec<S<String>>,
    #[serde(default)]
    pub failures: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegValue {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub reg: Option<S<String>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<Int>"))]
    pub gpr: Option<S<Int>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub bits: Option<S<String>>,
    #[serde(rename = "type")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub ty: S<String>,
    #[serde(default)]
    pub optional: bool,
    /// `read` or `write`: the address names memory the callee reads, or
    /// writes (or whose state it changes).
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("enum" = ["read", "write", "none"])))]
    pub memory: Option<S<String>>,
    pub doc: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Alias {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub of: S<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Feature {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub via: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<Int>"))]
    pub index: Option<S<Int>>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub register: S<String>,
    pub source: String,
    pub note: Option<String>,
    pub advertises: Vec<Advert>,
    /// Bits of the register that advertise no function, each with why.
    #[serde(default)]
    pub no_function: Vec<NoFunction>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NoFunction {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub bit: S<String>,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Advert {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub bit: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub function: S<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Query {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QueryVersion {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub call: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub output: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub requires: S<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QueryFeature {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub call: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub output: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub register: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub bit: S<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QueryValue {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub call: S<String>,
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub output: S<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QueryValidate {
    #[serde(default)]
    pub power_of_two: bool,
    #[cfg_attr(feature = "schema", schemars(with = "Option<Int>"))]
    pub min: Option<S<Int>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<Int>"))]
    pub max: Option<S<Int>>,
}
