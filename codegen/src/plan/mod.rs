//! Lowering: the resolved `Model` linked into the plans emitters render.
//!
//! A plan holds references, never names: a query's steps point at the
//! functions, version constant and bit fields they use, and its validation
//! rules are data with one renderer per target (`rule`). Emitters read
//! plans and look nothing up, so C, Rust and prose cannot disagree about
//! what a query asks or checks.

pub mod query;
pub mod rule;

pub use query::{FeatureStep, QueryPlan, VersionStep, queries};
pub use rule::Rule;
