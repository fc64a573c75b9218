//! The loader and resolver on arbitrary text: up to three files (split at a
//! line `#8<`), then the diagnostics rendered against them. Never a panic.
#![no_main]

use codegen::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let sources: Vec<Source> = text
        .split("\n#8<\n")
        .take(3)
        .enumerate()
        .map(|(i, t)| Source::new(format!("f{i}.yaml"), t.to_string()))
        .collect();
    if let Err(diags) = codegen::load(&sources) {
        let _ = diags.render(&sources);
    }
});
