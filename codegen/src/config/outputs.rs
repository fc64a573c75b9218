//! The output configuration as a whole: its profiles, read in order (a
//! profile may extend one before it), and the default one.

use super::cx::Cx;
use super::{LinuxProfile, linux, raw};
use crate::check;
use crate::diag::{Diagnostics, Source};
use crate::model::Model;

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
/// model: what holds, with every problem found (a profile whose own keys
/// fail is left out, and so is a header or a query with a mistake of its
/// own). What it names in the model is checked by lowering
/// (`crate::load_outputs`).
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
