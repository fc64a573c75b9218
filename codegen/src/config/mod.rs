//! `abi/outputs.yaml`: which files to generate, where, under which names.
//!
//! Facts stay in the interface files; a profile only chooses presentation
//! (paths, include guards, the names Linux already uses) and is checked
//! against the `Model` like everything else, with positions.
//!
//! One file per construct: `raw` mirrors the YAML, `linux` checks a profile
//! and what it `extends`, and `headers`, `names` (renames, omissions,
//! aliases), `c_types`, `query` and `edits` check one key each.

mod c_types;
mod cx;
mod edits;
mod headers;
mod linux;
mod names;
mod outputs;
mod query;
mod raw;

pub use c_types::CType;
use cx::Cx;
pub use edits::{Edit, Fragment, Position};
pub use headers::{Items, LinuxHeader};
pub use linux::{LinuxProfile, Written};
pub use outputs::{Linux, Outputs, read_outputs};
pub use query::{LinuxQuery, Placement};
