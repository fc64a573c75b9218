//! One description of the Arm CCA guest ABIs (RSI and RHI), many bindings.
//!
//! `load` turns YAML sources into a checked [`Model`] or a list of
//! diagnostics, `load_outputs` checks `outputs.yaml` against it, `plan::lower`
//! links both into plans, and `emit` turns a plan into files in memory. This crate does no
//! I/O: the xtask and the proc-macro decide where text comes from and goes.

mod check;
pub mod config;
pub mod diag;
pub mod diff;
pub mod emit;
mod inputs;
pub mod limits;
mod literal;
pub mod model;
pub mod narrow;
pub mod plan;
mod resolve;
mod schema;
mod yaml;

pub use check::did_you_mean;
pub use config::Outputs;
pub use diag::{Diagnostic, Diagnostics, Loc, Note, Source};
pub use inputs::{OUTPUTS_FILE, is_interface_file};
pub use model::Model;
pub use resolve::smccc_fid;

/// Parse, resolve and validate every source. Either the whole model is good,
/// or every problem found is returned, sorted by position.
pub fn load(sources: &[Source]) -> Result<Model, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut global = resolve::Global::default();
    let mut parsed = Vec::new();
    for src in sources {
        match parse(src) {
            Ok(file) => parsed.push((src, file)),
            Err((loc, msg)) => diags.push(loc, msg),
        }
    }
    let mut interfaces = Vec::new();
    for (src, file) in &parsed {
        let mut cx = resolve::Ctx {
            file: &src.name,
            prefix: String::new(),
            diags: &mut diags,
            global: &mut global,
        };
        interfaces.push(resolve::interface(&mut cx, file));
    }
    for ((src, file), iface) in parsed.iter().zip(interfaces.iter_mut()) {
        let mut cx = resolve::Ctx {
            file: &src.name,
            prefix: String::new(),
            diags: &mut diags,
            global: &mut global,
        };
        let aliases = resolve::aliases(&mut cx, file);
        if let Some(iface) = iface {
            iface.aliases = aliases;
        }
    }
    if !diags.is_empty() {
        return Err(diags.finish());
    }
    let mut model = Model {
        interfaces: interfaces.into_iter().flatten().collect(),
    };
    let files: Vec<(&str, &schema::File)> =
        parsed.iter().map(|(s, f)| (s.name.as_str(), f)).collect();
    resolve::carriers(&mut model, &files, &mut diags);
    resolve::coverage(&model, &mut diags);
    if !diags.is_empty() {
        return Err(diags.finish());
    }
    Ok(model)
}

fn parse(src: &Source) -> Result<schema::File, (Loc, String)> {
    yaml::parse(src)
}

/// Parse `outputs.yaml` and check it against `model`: the configuration's
/// own rules (`config`), then every reference it makes into the model
/// (lowering, `plan`), all reported at once.
pub fn load_outputs(src: &Source, model: &Model) -> Result<Outputs, Diagnostics> {
    let (outputs, mut diags) = config::read_outputs(src, model)?;
    plan::check(model, &outputs, &mut diags);
    if !diags.is_empty() {
        return Err(diags.finish());
    }
    Ok(outputs)
}
