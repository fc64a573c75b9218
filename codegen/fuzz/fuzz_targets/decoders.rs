//! Every register decoder of the generated crate on arbitrary registers
//! (little-endian, eight bytes each): never a panic, and wherever a decoder
//! accepts them, decode(encode(decode(r))) == decode(r).
#![no_main]

use libfuzzer_sys::fuzz_target;

// Generated (prettyplease's layout), so rustfmt leaves it be.
#[rustfmt::skip]
#[path = "../../../generated/rust/fuzz/decoders.rs"]
mod decoders;

fuzz_target!(|data: &[u8]| {
    let mut regs = [0u64; 31];
    for (r, chunk) in regs.iter_mut().zip(data.chunks(8)) {
        let mut bytes = [0u8; 8];
        bytes[..chunk.len()].copy_from_slice(chunk);
        *r = u64::from_le_bytes(bytes);
    }
    decoders::check(&regs);
});
