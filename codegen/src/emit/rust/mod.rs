//! The `no_std` Rust crate: items emitted with `quote`, formatted in-process
//! with `prettyplease`; the fixed runtime in `templates/rust/` is written
//! verbatim beside them.
//!
//! One file per construct of an interface module: `functions` (the
//! `FunctionId` enum), `return_codes`, `enums`, `bitfields`, `versions`,
//! `structs`, `marshal` (request and response types, and the register codec
//! `#[derive(AbiCall)]` shares) and `query` (the guest query routines).
//! `krate` gives the items as tokens (all the proc-macro needs), `files`
//! lays out the crate around them (feature `files`), `generated_tests` emits its round-trip tests
//! and probe example, `fuzz_harness` the decoders' fuzz harness, and `names` holds the Rust spellings they all use.

mod bitfields;
mod byte_runs;
mod enums;
#[cfg(feature = "files")]
mod files;
#[cfg(feature = "files")]
mod format;
mod functions;
#[cfg(feature = "files")]
mod fuzz_harness;
#[cfg(feature = "files")]
mod generated_tests;
mod krate;
mod marshal;
mod names;
mod query;
mod return_codes;
#[cfg(feature = "files")]
mod revisions;
#[cfg(feature = "files")]
pub use revisions::older_revision_features;
mod structs;
mod versions;

#[cfg(feature = "files")]
pub use files::files;
#[cfg(feature = "files")]
pub use format::format_tokens;
pub use krate::{crate_items, module_tokens};
pub use marshal::{call_impl, register_codec, reserved_checks};
pub use names::{camel, variants};

/// Whether memory structures derive zerocopy's traits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZeroCopy {
    /// Behind the generated crate's `zerocopy` feature.
    Feature,
    /// Always (`include_abi!(…, zerocopy)`; the crate depends on zerocopy).
    On,
    /// Never (`include_abi!` by default).
    Off,
}

/// Output paths are `rust/` + the path in the crate.
pub const ROOT: &str = "rust";
/// The package name of the generated crate.
pub const CRATE: &str = "cca-abi";
