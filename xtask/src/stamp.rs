//! The emission stamp: what the last successful `generate` or `check` into
//! an output directory saw, so that a run whose inputs and outputs are
//! unchanged since then skips parsing and emitting (as `make` and `ccache`
//! skip work whose inputs did not change).
//!
//! The key is a 128-bit XXH3 of the generator's identity (this executable's
//! path, size and modification time: a rebuilt generator is another one) and
//! of every input file's name and bytes. The stamp records the key and the
//! hash and length of every file the run produced. A run may skip emitting
//! only when the key matches and the output directory holds exactly the
//! recorded files with the recorded hashes; anything else, a missing or
//! unreadable stamp included, means a full run. Stamps live in the cache
//! directory (`$CCA_ABI_CACHE/stamps`), never in the output directory.

use codegen::emit::File;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

const FORMAT: &str = "cca-abi emission stamp 1";

/// What the output directory held after the last full run.
pub struct Stamp {
    key: u128,
    /// Path relative to the output directory → (length, XXH3-128).
    files: BTreeMap<String, (usize, u128)>,
}

/// The identity of this executable: path, size, modification time.
fn generator_identity(h: &mut Xxh3) {
    let exe = std::env::current_exe().unwrap_or_default();
    h.update(exe.to_string_lossy().as_bytes());
    if let Ok(m) = fs::metadata(&exe) {
        h.update(&m.len().to_le_bytes());
        let t = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        h.update(&t.map_or(0, |d| d.as_nanos()).to_le_bytes());
    }
}

/// The key of a run over `inputs` (name, bytes), in a fixed order.
pub fn key<'a>(inputs: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> u128 {
    let mut h = Xxh3::new();
    generator_identity(&mut h);
    for (name, bytes) in inputs {
        h.update(&(name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.digest128()
}

/// Where the stamp of `out` lives: one file per output directory.
fn path_of(out: &Path) -> PathBuf {
    let abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let name = format!("{:032x}", xxh3_128(abs.to_string_lossy().as_bytes()));
    crate::tools::cache_dir().join("stamps").join(name)
}

impl Stamp {
    /// The stamp of a full run that produced `files`.
    pub fn new(key: u128, files: &[File]) -> Self {
        let files = files
            .iter()
            .map(|f| {
                (
                    f.path.clone(),
                    (f.contents.len(), xxh3_128(f.contents.as_bytes())),
                )
            })
            .collect();
        Self { key, files }
    }

    /// The recorded stamp of `out`, if it is there and well formed.
    pub fn read(out: &Path) -> Option<Self> {
        let text = fs::read_to_string(path_of(out)).ok()?;
        let mut lines = text.lines();
        if lines.next()? != FORMAT {
            return None;
        }
        let key = u128::from_str_radix(lines.next()?.strip_prefix("key ")?, 16).ok()?;
        let mut files = BTreeMap::new();
        for line in lines {
            let mut parts = line.splitn(3, ' ');
            let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            files.insert(parts.next()?.to_string(), (len, hash));
        }
        Some(Self { key, files })
    }

    /// Record the stamp; a cache that cannot be written only costs time.
    pub fn write(&self, out: &Path) {
        let mut text = format!("{FORMAT}\nkey {:032x}\n", self.key);
        for (path, (len, hash)) in &self.files {
            text.push_str(&format!("{hash:032x} {len} {path}\n"));
        }
        let path = path_of(out);
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let ok = path.parent().is_some_and(|d| fs::create_dir_all(d).is_ok())
            && fs::write(&tmp, text).is_ok()
            && fs::rename(&tmp, &path).is_ok();
        if !ok {
            let _ = fs::remove_file(&tmp);
        }
    }

    /// Whether `out` holds exactly the recorded files, byte for byte (by
    /// length and hash), for inputs with `key`. `existing` lists `out`.
    pub fn holds(&self, key: u128, out: &Path, existing: &[String]) -> bool {
        self.key == key
            && existing.len() == self.files.len()
            && existing.iter().all(|rel| {
                self.files.get(rel).is_some_and(|&(len, hash)| {
                    fs::read(out.join(rel)).is_ok_and(|b| b.len() == len && xxh3_128(&b) == hash)
                })
            })
    }

    /// How many files the stamp records.
    pub fn len(&self) -> usize {
        self.files.len()
    }
}
