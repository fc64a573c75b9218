//! The whole pipeline on arbitrary text: load, the shipped output profiles
//! checked against the model and lowered, then every emitter (JSON, Linux C series,
//! Rust crate). Never a panic; an emitter error is a defect.
#![no_main]

use codegen::Source;
use libfuzzer_sys::fuzz_target;

const OUTPUTS: &str = include_str!("../../../abi/outputs.yaml");

fuzz_target!(|data: &[u8]| {
    let Some(sources) = codegen_fuzz::sources(data) else {
        return;
    };
    let Ok(model) = codegen::load(&sources) else {
        return;
    };
    let _ = codegen::emit::json::file(&model);
    let _ = codegen::emit::rust::files(&model, 1);
    let outputs = Source::new("outputs.yaml", OUTPUTS.to_string());
    let Ok(outputs) = codegen::load_outputs(&outputs, &model) else {
        return;
    };
    let views = codegen::plan::views(&model, &outputs);
    if let Ok(plan) = codegen::plan::lower(&model, &outputs, &views) {
        if let Err(e) = codegen::emit::all(&plan, 1) {
            panic!("an emitter failed on a plan that lowered: {e}");
        }
    }
});
