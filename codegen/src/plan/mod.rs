//! Lowering: the resolved `Model` and the output configuration linked into
//! the plans emitters render.
//!
//! A plan holds references, never names: a query's steps point at the
//! functions, version constant and bit fields they use, and its validation
//! rules are data with one renderer per target (`rule`); a profile's
//! headers point at their interfaces and its query at the model's query,
//! its carrier and its edits. Every reference is checked here, with the
//! position that makes it (the loader lowers each profile for its
//! diagnostics; emitting lowers it again, and can no longer fail); emitters
//! read plans and look nothing up, so C, Rust and prose cannot disagree
//! about what a query asks or checks.

pub mod profile;
pub mod query;
pub mod rule;

pub use profile::{
    AliasPlan, AliasTarget, CarrierPlan, HeaderPlan, LinuxQueryPlan, ProfilePlan, VersionMacros,
};
pub use query::{FeatureStep, QueryPlan, VersionStep, queries};
pub use rule::Rule;

use crate::config::{LinuxProfile, Outputs};
use crate::diag::Diagnostics;
use crate::model::Model;

/// A profile and the model narrowed to the revisions its headers follow:
/// what the profile's plan borrows. Made from the profile as it is now, so
/// a changed copy of a profile gets its own.
#[derive(Clone, Debug)]
pub struct View<'p> {
    pub profile: &'p LinuxProfile,
    pub model: Model,
}

impl<'p> View<'p> {
    pub fn new(full: &Model, profile: &'p LinuxProfile) -> Self {
        View {
            profile,
            model: full.at(&profile.selection()),
        }
    }
}

/// Every profile's view, in the configuration's order.
pub fn views<'p>(full: &Model, outputs: &'p Outputs) -> Vec<View<'p>> {
    let profiles = outputs.linux.profiles.iter();
    profiles.map(|p| View::new(full, p)).collect()
}

/// The whole generation, lowered: the model, the output configuration and
/// every Linux profile's plan, in the configuration's order.
#[derive(Clone, Debug)]
pub struct Plan<'m> {
    pub model: &'m Model,
    pub outputs: &'m Outputs,
    pub profiles: Vec<ProfilePlan<'m>>,
}

/// Lower `model` and `outputs` (loaded from it) on `views`
/// (`views(model, outputs)`). Either every reference links, or every one
/// that does not is returned, sorted by position.
pub fn lower<'m>(
    model: &'m Model,
    outputs: &'m Outputs,
    views: &'m [View<'m>],
) -> Result<Plan<'m>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let profiles: Vec<ProfilePlan<'m>> = (views.iter())
        .filter_map(|v| lower_one(model, v, &mut diags))
        .collect();
    if !diags.is_empty() {
        return Err(diags.finish());
    }
    Ok(Plan {
        model,
        outputs,
        profiles,
    })
}

/// Lower every profile of `outputs` for its diagnostics alone: the loader's
/// check of what `outputs.yaml` names in the model, after its own checks
/// (whose problems are in `diags` already).
pub(crate) fn check(model: &Model, outputs: &Outputs, diags: &mut Diagnostics) {
    for v in views(model, outputs) {
        lower_one(model, &v, diags);
    }
}

/// Lower one profile (of `outputs` loaded from `model`, or a changed copy
/// of one) on its view: its plan, or what it names that the model lacks.
pub fn lower_profile<'v>(
    model: &Model,
    view: &'v View<'v>,
) -> Result<ProfilePlan<'v>, Diagnostics> {
    let mut diags = Diagnostics::default();
    match lower_one(model, view, &mut diags) {
        Some(plan) if diags.is_empty() => Ok(plan),
        _ => Err(diags.finish()),
    }
}

/// One profile. Every refusal of lowering is reported; one that is not,
/// where nothing else was, is a defect of lowering and said so.
fn lower_one<'v>(
    model: &Model,
    view: &'v View<'v>,
    diags: &mut Diagnostics,
) -> Option<ProfilePlan<'v>> {
    let p = view.profile;
    let plan = profile::profile(model, &view.model, p, diags);
    if plan.is_none() && diags.is_empty() {
        let msg = format!("internal error: profile `{}` did not lower", p.name);
        diags.push(p.written.at.clone(), msg);
    }
    plan
}
