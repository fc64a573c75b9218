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
mod edits;
mod headers;
mod linux;
mod names;
mod query;
mod raw;

pub use c_types::CType;
pub use edits::{Edit, Fragment, Position};
pub use headers::{Items, LinuxHeader};
pub use linux::{LinuxProfile, Written};
pub use query::{LinuxQuery, Placement};

use crate::check::{self, Report};
use crate::diag::{Diagnostics, Source};
use crate::model::Model;
use crate::schema::S;

/// The resolved output configuration.
#[derive(Clone, Debug)]
pub struct Outputs {
    pub linux: Linux,
}

#[derive(Clone, Debug)]
pub struct Linux {
    /// Name of the default profile (`cargo xtask kernel-patch` without `--profile`).
    pub default: String,
    pub profiles: Vec<LinuxProfile>,
}

impl Linux {
    pub fn profile(&self, name: &str) -> Option<&LinuxProfile> {
        self.profiles.iter().find(|p| p.name == name)
    }
    pub fn default_profile(&self) -> &LinuxProfile {
        // `resolve` guarantees the default names a profile.
        self.profile(&self.default)
            .unwrap_or_else(|| &self.profiles[0])
    }
}

/// Parse `outputs.yaml` and check it by its own rules against a loaded
/// model: what holds, with every problem found (a profile with a problem
/// of its own is left out). What it names in the model is checked by
/// lowering (`crate::load_outputs`).
pub fn read_outputs(src: &Source, model: &Model) -> Result<(Outputs, Diagnostics), Diagnostics> {
    let raw: raw::File = crate::yaml::parse(src).map_err(|(loc, msg)| {
        let mut d = Diagnostics::default();
        d.push(loc, msg);
        d
    })?;
    let mut cx = Cx {
        file: &src.name,
        diags: Diagnostics::default(),
    };
    let mut profiles: Vec<LinuxProfile> = Vec::new();
    for p in &raw.linux.profiles {
        if let Some(profile) = linux::profile(&mut cx, p, &profiles, model) {
            profiles.push(profile);
        }
    }
    let default = &raw.linux.default;
    if !profiles.iter().any(|p| p.name == default.value) {
        let names = profiles.iter().map(|p| p.name.as_str());
        check::unknown(&mut cx, default, "default profile", names);
    }
    let outputs = Outputs {
        linux: Linux {
            default: default.value.clone(),
            profiles,
        },
    };
    Ok((outputs, cx.diags))
}

/// Where the loader reports: `outputs.yaml` and its diagnostics.
struct Cx<'a> {
    file: &'a str,
    diags: Diagnostics,
}

impl Report for Cx<'_> {
    fn file(&self) -> &str {
        self.file
    }

    fn diags(&mut self) -> &mut Diagnostics {
        &mut self.diags
    }
}

impl Cx<'_> {
    /// Rule 5 of `abi/README.md`, in the wording of a C name.
    fn c_ident(&mut self, s: &S<String>, what: &str) -> bool {
        check::ident(self, s, |name| {
            format!("{what} `{name}` is not a C identifier")
        })
    }

    /// A path in the kernel tree: relative, plain, ending in `ext`.
    fn path(&mut self, s: &S<String>, ext: &str) -> bool {
        let p = &s.value;
        let ok = !p.starts_with('/')
            && !p.contains('\\')
            && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
            && p.ends_with(ext);
        if !ok {
            self.err(
                s,
                format!("path `{p}` must be relative, without `.` or `..`, and end in `{ext}`"),
            );
        }
        ok
    }
}
