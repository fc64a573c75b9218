//! Probe labels as data: every figure a compiled binding can be asked for
//! (a constant's value, a struct's size, alignment or member offset), named
//! by spec names and paired with the value the `Model` gives it.
//!
//! The C layout probe (`emit::c::layout_probe`) and the Rust crate's
//! `examples/probe.rs` print these figures as `label value` lines, each
//! spelling the item its own way; `cargo xtask c-test` reads the lines back
//! with [`read`] and looks each label up from the same list. No label is
//! written anywhere else.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{
    Bitfield, Enum, EnumValue, Field, Function, Interface, Member, ReturnCode, Struct, VersionConst,
};

/// What a figure measures: the first word of its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Fid,
    Code,
    Value,
    Version,
    Shift,
    Width,
    Mask,
    Size,
    Align,
    Offset,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Fid => "fid",
            Kind::Code => "code",
            Kind::Value => "value",
            Kind::Version => "version",
            Kind::Shift => "shift",
            Kind::Width => "width",
            Kind::Mask => "mask",
            Kind::Size => "size",
            Kind::Align => "align",
            Kind::Offset => "offset",
        }
    }
    /// A struct's size, alignment or member offset, rather than a constant.
    pub fn is_layout(self) -> bool {
        matches!(self, Kind::Size | Kind::Align | Kind::Offset)
    }
}

/// The three constants each named bit-field field defines, in print order.
pub const FIELD_PARTS: [Kind; 3] = [Kind::Shift, Kind::Width, Kind::Mask];

/// One figure of one model item, with the item for an emitter to spell.
#[derive(Clone, Copy, Debug)]
pub enum Item<'m> {
    Fid(&'m Function),
    Code(&'m ReturnCode),
    Value(&'m Enum, &'m EnumValue),
    Version(&'m VersionConst),
    /// `Shift`, `Width` or `Mask` of a named field.
    Field(&'m Bitfield, &'m Field, &'m str, Kind),
    Size(&'m Struct),
    Align(&'m Struct),
    Offset(&'m Struct, &'m Member),
}

impl Item<'_> {
    pub fn kind(&self) -> Kind {
        match self {
            Item::Fid(_) => Kind::Fid,
            Item::Code(_) => Kind::Code,
            Item::Value(..) => Kind::Value,
            Item::Version(_) => Kind::Version,
            Item::Field(.., k) => *k,
            Item::Size(_) => Kind::Size,
            Item::Align(_) => Kind::Align,
            Item::Offset(..) => Kind::Offset,
        }
    }
    /// The spec name the label gives: `RSI_VERSION`, `RsiHostCall.gprs`.
    fn name(&self) -> String {
        match self {
            Item::Fid(f) => f.name.clone(),
            Item::Code(v) => v.name.clone(),
            Item::Value(_, v) => v.name.clone(),
            Item::Version(v) => v.name.clone(),
            Item::Field(b, _, n, _) => format!("{}.{n}", b.name),
            Item::Size(s) | Item::Align(s) => s.name.clone(),
            Item::Offset(s, m) => format!("{}.{}", s.name, m.name),
        }
    }
    /// The value the `Model` gives the figure.
    fn value(&self) -> u64 {
        match self {
            Item::Fid(f) => u64::from(f.fid),
            Item::Code(v) => v.raw,
            Item::Value(_, v) => v.value,
            Item::Version(v) => v.value,
            Item::Field(_, f, _, Kind::Shift) => u64::from(f.lo),
            Item::Field(_, f, _, Kind::Width) => u64::from(f.width()),
            Item::Field(_, f, ..) => f.mask(),
            Item::Size(s) => s.size,
            Item::Align(s) => s.align,
            Item::Offset(_, m) => m.offset,
        }
    }
    pub fn label(&self) -> String {
        Figure::from(self).label()
    }
}

/// A figure without the model behind it: what the probes print and what
/// the caller compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub kind: Kind,
    /// The spec name: an item, or `Struct.member`, `Bitfield.field`.
    pub name: String,
    /// What the `Model` says.
    pub value: u64,
}

impl Figure {
    /// `fid RSI_VERSION`, `offset RsiHostCall.gprs`.
    pub fn label(&self) -> String {
        self.to_string()
    }
    /// The struct a layout figure measures.
    pub fn structure(&self) -> Option<&str> {
        let s = self.kind.is_layout().then_some(self.name.as_str())?;
        s.split('.').next()
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind.word(), self.name)
    }
}

impl From<&Item<'_>> for Figure {
    fn from(item: &Item<'_>) -> Figure {
        Figure {
            kind: item.kind(),
            name: item.name(),
            value: item.value(),
        }
    }
}

/// Every figure of one interface, in print order: function IDs, return
/// codes, enum values, versions, field constants, then each struct's size,
/// alignment and member offsets (reserved members included; a probe that
/// cannot name them leaves them out).
pub fn items(iface: &Interface) -> Vec<Item<'_>> {
    let mut out: Vec<Item<'_>> = iface.functions.iter().map(Item::Fid).collect();
    if let Some(rc) = &iface.return_codes {
        out.extend(rc.values.iter().map(Item::Code));
    }
    for e in &iface.enums {
        out.extend(e.values.iter().map(|v| Item::Value(e, v)));
    }
    out.extend(iface.versions.iter().map(Item::Version));
    for b in &iface.bitfields {
        for f in b.fields.iter().filter(|f| !f.reserved) {
            let Some(n) = &f.name else { continue };
            out.extend(FIELD_PARTS.map(|k| Item::Field(b, f, n, k)));
        }
    }
    for s in &iface.structs {
        out.extend([Item::Size(s), Item::Align(s)]);
        out.extend(s.members.iter().map(|m| Item::Offset(s, m)));
    }
    out
}

/// A probe's output, `label value` per line, as a map from label to value.
pub fn read(text: &str) -> BTreeMap<String, u64> {
    text.lines()
        .filter_map(|l| {
            let (label, value) = l.rsplit_once(' ')?;
            Some((label.to_string(), value.trim().parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_the_kind_then_the_spec_name() {
        let f = Figure {
            kind: Kind::Offset,
            name: "RsiHostCall.gprs".into(),
            value: 8,
        };
        assert_eq!(f.label(), "offset RsiHostCall.gprs");
        assert_eq!(f.structure(), Some("RsiHostCall"));
    }

    #[test]
    fn read_takes_the_last_word_as_the_value() {
        let map = read("fid RSI_VERSION 3288334736\nsize RsiHostCall 256\nnoise\n");
        assert_eq!(map.get("fid RSI_VERSION"), Some(&3_288_334_736));
        assert_eq!(map.get("size RsiHostCall"), Some(&256));
        assert_eq!(map.len(), 2);
    }
}
