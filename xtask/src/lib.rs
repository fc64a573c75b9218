//! `cargo xtask`: the project's only entry point for generating and checking.
//!
//! All file-system policy lives here; `codegen` only maps text to text. The
//! binary (`main.rs`) parses the command line ([`cli`]) and prints the error;
//! tests and the bench's `io-floor` binary call these modules directly.

/// The generator allocates and frees millions of small token and syntax
/// nodes; mimalloc does that markedly faster than glibc's allocator
/// (`cargo xtask bench` measures the emitters). Declared here, so that every
/// binary of the crate (and the bench's I/O floor) uses it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod abi_diff;
pub mod bench;
mod ci;
pub mod cli;
mod ctest;
mod e2e;
pub mod files;
mod fuzz;
mod git;
mod kernel;
mod patch;
pub mod process;
mod stamp;
mod summary;
mod tools;

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The workspace root: the parent of this crate's manifest directory.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// A failure whose details are text the user reads as it is (codegen's
/// rendered diagnostics, `check`'s drift report, a tool's own output),
/// followed by the one line `main` prints as `error: …`; without a summary,
/// the details are all (an empty failure: the child process already said
/// what went wrong).
#[derive(Debug)]
pub struct Failure {
    pub details: String,
    pub summary: Option<String>,
}

impl Failure {
    /// Details, then `error: SUMMARY`.
    pub fn report(details: impl Into<String>, summary: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Failure {
            details: details.into(),
            summary: Some(summary.into()),
        })
    }

    /// A failure that is its details alone.
    pub fn text(details: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Failure {
            details: details.into(),
            summary: None,
        })
    }

    /// A failure that prints nothing more.
    pub fn silent() -> anyhow::Error {
        Self::text("")
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.details)?;
        if let Some(s) = &self.summary {
            write!(f, "error: {s}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

/// Print the error of a command the way every command does, and the exit
/// code: `error: MESSAGE: CAUSE…` on stderr and 1; a [`Failure`] prints its
/// details first.
pub fn exit_code(result: anyhow::Result<()>) -> ExitCode {
    let Err(e) = result else {
        return ExitCode::SUCCESS;
    };
    let text = match e.downcast_ref::<Failure>() {
        Some(f) => f.to_string(),
        None => format!("error: {e:#}"),
    };
    if !text.is_empty() {
        eprintln!("{}", text.trim_end_matches('\n'));
    }
    ExitCode::FAILURE
}
