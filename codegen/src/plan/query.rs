//! A query lowered: its three steps with the items each one uses, linked,
//! and its validation rules. Every emitter renders a query from this and
//! looks nothing up by name.

use super::rule::{self, Rule};
use crate::model::{Bitfield, Function, Interface, Query, VersionConst};

/// Step 1: ask the version and require a compatible one.
#[derive(Clone, Copy, Debug)]
pub struct VersionStep<'m> {
    pub call: &'m Function,
    /// The version constant the answer is compared with.
    pub constant: &'m VersionConst,
    /// The constant's encoding (major and minor fields).
    pub encoding: &'m Bitfield,
    pub major: u64,
    pub minor: u64,
}

/// Step 2: ask the features and require one bit.
#[derive(Clone, Copy, Debug)]
pub struct FeatureStep<'m> {
    pub call: &'m Function,
    pub register: &'m Bitfield,
    /// The bit's field name in `register`.
    pub bit: &'m str,
}

/// A query of an interface, lowered.
#[derive(Clone, Debug)]
pub struct QueryPlan<'m> {
    pub iface: &'m Interface,
    pub query: &'m Query,
    pub version: VersionStep<'m>,
    pub feature: FeatureStep<'m>,
    /// Step 3: ask the value and check it against `rules`.
    pub value: &'m Function,
    pub rules: Vec<Rule>,
}

impl<'m> QueryPlan<'m> {
    /// Link `q` to the items of `iface` it names (`None`: one is missing,
    /// which a loaded model and every revision of it rule out).
    pub fn lower(iface: &'m Interface, q: &'m Query) -> Option<Self> {
        let function = |name: &str| iface.function(name);
        let constant = iface.version(&q.version.requires)?;
        Some(QueryPlan {
            iface,
            query: q,
            version: VersionStep {
                call: function(&q.version.call)?,
                constant,
                encoding: iface.linked_bitfield(&constant.encoding)?,
                major: q.version.major,
                minor: q.version.minor,
            },
            feature: FeatureStep {
                call: function(&q.feature.call)?,
                register: iface.bitfield(&q.feature.register)?,
                bit: &q.feature.bit,
            },
            value: function(&q.value.call)?,
            rules: rule::rules(&q.validate),
        })
    }

    /// The three calls, in the order the routine makes them.
    pub fn calls(&self) -> [&'m Function; 3] {
        [self.version.call, self.feature.call, self.value]
    }
}

/// Every query of `iface`, lowered. A loaded model links every query
/// (rules 34 and 40), and narrowing keeps only the queries that still link
/// (`Interface::at`), so none is left out here.
pub fn queries(iface: &Interface) -> Vec<QueryPlan<'_>> {
    iface
        .queries
        .iter()
        .filter_map(|q| QueryPlan::lower(iface, q))
        .collect()
}
