//! The outputs of the generator: the `Emitter` trait, the shipped emitters
//! and the run that puts their files together.

#[cfg(feature = "c")]
use super::c;
#[cfg(feature = "schema")]
use super::json;
#[cfg(feature = "files")]
use super::rust;
use super::{File, is_generated};
use crate::plan::Plan;

/// An output of the generator: the files it makes from one model and the
/// output configuration. The shipped ones are [`Json`], [`Linux`] and
/// [`RustCrate`] ([`all`]); a tool with an output of its own passes its own
/// list to [`all_with`].
pub trait Emitter: Sync {
    /// Its name, as an error from it says it.
    fn name(&self) -> &'static str;

    /// Every file, each under the banner ([`File::generated`]), with a path
    /// relative to the output directory that begins with a directory of this
    /// emitter's own. An error is a defect of the emitter (a template that
    /// does not render), never of the input, which `load`, `load_outputs`
    /// and lowering (`plan::lower`) have checked.
    fn files(&self, plan: &Plan<'_>) -> Result<Vec<File>, String>;
}

/// The JSON model and the JSON Schema of the description format.
#[cfg(feature = "schema")]
#[derive(Clone, Copy, Debug)]
pub struct Json;

#[cfg(feature = "schema")]
impl Emitter for Json {
    fn name(&self) -> &'static str {
        "json"
    }
    fn files(&self, plan: &Plan<'_>) -> Result<Vec<File>, String> {
        Ok(vec![json::file(plan.model), json::schema_file()])
    }
}

/// Every Linux profile's series: whole files and fragments.
#[cfg(feature = "c")]
#[derive(Clone, Copy, Debug)]
pub struct Linux;

#[cfg(feature = "c")]
impl Emitter for Linux {
    fn name(&self) -> &'static str {
        "linux"
    }
    fn files(&self, plan: &Plan<'_>) -> Result<Vec<File>, String> {
        c::all_profiles(plan)
    }
}

/// The `no_std` Rust crate, formatted on up to `threads` threads.
#[cfg(feature = "files")]
#[derive(Clone, Copy, Debug)]
pub struct RustCrate {
    pub threads: usize,
}

#[cfg(feature = "files")]
impl Emitter for RustCrate {
    fn name(&self) -> &'static str {
        "rust"
    }
    fn files(&self, plan: &Plan<'_>) -> Result<Vec<File>, String> {
        Ok(rust::files(plan.model, self.threads))
    }
}

/// Every generated file of the shipped emitters, in a fixed order: the JSON
/// model and schema, every Linux profile's series, then the Rust crate
/// (formatted on up to `threads` threads; the files do not depend on it).
#[cfg(all(feature = "c", feature = "schema", feature = "files"))]
pub fn all(plan: &Plan<'_>, threads: usize) -> Result<Vec<File>, String> {
    all_with(plan, &[&Json, &Linux, &RustCrate { threads }])
}

/// Every file of `emitters`, in their order. An error names the emitter; so
/// does a file that lacks the banner or a path that two emitters both make.
pub fn all_with(plan: &Plan<'_>, emitters: &[&dyn Emitter]) -> Result<Vec<File>, String> {
    let mut files: Vec<File> = Vec::new();
    let mut owner = std::collections::BTreeMap::new();
    for e in emitters {
        for f in e.files(plan).map_err(|m| format!("{}: {m}", e.name()))? {
            if !is_generated(&f.contents) {
                return Err(format!(
                    "{}: {} lacks the generated-file banner",
                    e.name(),
                    f.path
                ));
            }
            if let Some(first) = owner.insert(f.path.clone(), e.name()) {
                return Err(format!("{}: {} is also made by {first}", e.name(), f.path));
            }
            files.push(f);
        }
    }
    Ok(files)
}
