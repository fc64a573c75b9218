//! The loader and resolver on arbitrary text: up to three files (split at a
//! line `#8<`), then the diagnostics rendered against them. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(sources) = codegen_fuzz::sources(data) else {
        return;
    };
    if let Err(diags) = codegen::load(&sources) {
        let _ = diags.render(&sources);
    }
});
