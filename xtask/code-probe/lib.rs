//! `probe()`: the query of the generated crate over its real conduit.
//!
//! `cargo xtask bench` (code section) copies this file and `good_path.rs`
//! into a crate of its own under the cache directory, with a path
//! dependency on `generated/rust`, builds it for `aarch64-unknown-none` and
//! counts the query's instructions.
#![no_std]

#[cfg(target_arch = "aarch64")]
mod aarch64 {
    use cca_abi::{Conduit, QueryError, Smc, rhi};

    /// The query for conduit `C` through a pointer the optimiser cannot see
    /// through: it stays a function of its own, as the C routine is kept
    /// `noinline`.
    fn standalone<C: Conduit>(_: &C) -> fn(&mut C, u64) -> Result<u64, QueryError> {
        core::hint::black_box(rhi::ipa_change_alignment::<C>)
    }

    #[unsafe(no_mangle)]
    pub extern "C" fn probe(page_size: u64) -> u64 {
        // SAFETY: an identity map, as firmware with the MMU off has.
        let mut smc = unsafe { Smc::new(|va: usize| va as u64) };
        standalone(&smc)(&mut smc, page_size).unwrap_or(0)
    }
}

#[cfg(target_os = "none")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
