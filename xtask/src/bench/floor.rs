//! The I/O floor of `generate` and `check`, which the `commands` section
//! compares them with: the same inputs read, and the same output bytes read
//! or written the way `generate` writes them, with no parsing and no
//! generating. It runs as a process of its own (`src/bin/io-floor.rs`,
//! built with the release xtask), as the commands do, and is no command a
//! user runs.

use std::fs;
use std::path::Path;

use anyhow::Result;

use crate::files::{OUTPUTS_FILE, existing_files, read_sources, write_atomic};

/// Read every input of `abi`, then either read every file of `out` (what a
/// run that changes nothing must read) or write the bytes of every file of
/// `from` to `out` the way `generate` writes (temporary file, sync, rename);
/// returns the number of bytes.
pub fn run(abi: &Path, from: &Path, out: &Path, write: bool) -> Result<usize> {
    let sources = read_sources(abi)?;
    let outputs = fs::read(abi.join(OUTPUTS_FILE))?;
    let mut bytes = sources.iter().map(|s| s.text.len()).sum::<usize>() + outputs.len();
    for rel in existing_files(from)? {
        if write {
            let text = fs::read_to_string(from.join(&rel))?;
            write_atomic(&out.join(&rel), &text, &|_| {})?;
            bytes += text.len();
        } else {
            bytes += fs::read(out.join(&rel))?.len();
        }
    }
    Ok(bytes)
}
