//! The calls of an interface: functions and their register values, aliases,
//! feature registers and guest queries.

use serde::Serialize;

use crate::diag::Loc;

use super::reference::Ref;
use super::{Revision, Span, Status, TypeRef};

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
    /// Statuses besides success under which the outputs are defined:
    /// references to values of the status output's type, linked to their
    /// position among its values; empty: success only.
    pub outputs_on: Vec<Ref>,
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
