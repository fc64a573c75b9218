//! The Realm guest at Non-secure EL1, running at the RAM alias: its stack,
//! statics and code addresses are not IPAs, so every address the RMM is
//! given goes through the conduit's translation. It makes the RSI calls a
//! Realm makes at boot through the generated crate's typed layer, then runs
//! the hostile-host query: the crate's Rust routine, or (feature
//! `c-routine`) a kernel profile's C routine, and prints the outcome as the
//! host-side tests do (`result CASE@PS granule 0x…` or `… error CLASS`).

use core::fmt;

use cca_abi::rsi;
#[cfg(not(feature = "c-routine"))]
use cca_abi::{Conduit, rhi};

use crate::{BootConfig, mmu, println, scenarios, semihost};

/// The IPA of the byte at `va`: RAM is at `ALIAS_BASE` and at its own
/// address; devices only at their own.
pub fn ipa_of(va: usize) -> u64 {
    let va = va as u64;
    let alias = mmu::ALIAS_BASE..mmu::ALIAS_BASE + (mmu::RAM_END - mmu::RAM_BASE);
    if alias.contains(&va) {
        va - mmu::ALIAS_OFFSET
    } else {
        va
    }
}

/// Entered from EL3 (`boot::enter_el1`) with the boot configuration.
pub extern "C" fn guest_main(case: usize, page_size: u64) -> ! {
    let config = BootConfig { case, page_size };
    let here = guest_main as *const () as usize;
    println!("guest: EL1, code at {here:#x} (IPA {:#x})", ipa_of(here));
    let (smoke, outcome) = run(page_size);
    let name = scenarios::CASES[case].name;
    println!("result {name}@{} {outcome}", config.page_name());
    semihost::exit(if smoke { 0 } else { 1 })
}

/// The query's outcome, printed as the host-side tests print it.
pub enum Outcome {
    Granule(u64),
    Error(&'static str),
    #[cfg_attr(not(feature = "c-routine"), allow(dead_code))]
    Errno(i32),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Granule(g) => write!(f, "granule {g:#x}"),
            Outcome::Error(class) => write!(f, "error {class}"),
            Outcome::Errno(e) => write!(f, "errno {e}"),
        }
    }
}

/// A 4 KiB granule of the guest's own, for `RSI_REALM_CONFIG`.
#[cfg(not(feature = "c-routine"))]
static mut CONFIG: rsi::RsiRealmConfig = rsi::RsiRealmConfig::zeroed();

/// The configuration granule, lent to one call at a time.
#[cfg(not(feature = "c-routine"))]
fn config_granule() -> &'static mut rsi::RsiRealmConfig {
    // SAFETY: the guest is single-threaded and lends it to one call at a time.
    let granule = &raw mut CONFIG;
    unsafe { &mut *granule }
}

#[cfg(not(feature = "c-routine"))]
fn run(page_size: u64) -> (bool, Outcome) {
    let mut rmm = conduit::new();
    let smoke = rsi_calls(&mut rmm);
    let outcome = match rhi::ipa_change_alignment(&mut rmm, page_size) {
        Ok(granule) => Outcome::Granule(granule),
        Err(e) => Outcome::Error(e.class()),
    };
    (smoke, outcome)
}

/// The RSI calls of a Realm's boot, each one line of the typed layer;
/// prints what they answer; `false` if one failed.
#[cfg(not(feature = "c-routine"))]
fn rsi_calls<C: Conduit>(rmm: &mut C) -> bool {
    let version = rmm.call(&rsi::VersionRequest {
        req: rsi::RSI_ABI_VERSION_1_0,
    });
    let features = rmm.call(&rsi::FeaturesRequest { index: 0 });
    let config = config_granule();
    let configured = rmm.realm_config(config);
    let own = ipa_of(core::ptr::from_ref(config) as usize);
    let state = rmm.call(&rsi::IpaStateGetRequest {
        base: own,
        top: own + 0x1000,
    });
    let outside = rmm.call(&rsi::IpaStateGetRequest {
        base: 0x1000,
        top: 0x2000,
    });
    match (version, features, configured, state, outside) {
        (Ok(v), Ok(f), Ok(()), Ok(s), Ok(o)) => {
            let (lo, hi) = (v.lower, v.higher);
            println!(
                "rsi version {}.{} {}.{}",
                lo.major(),
                lo.minor(),
                hi.major(),
                hi.minor()
            );
            println!("rsi features {:#x}", f.value);
            println!("rsi realm-config ipa-width {}", config.ipa_width);
            println!("rsi ipa-state own {:?} outside {:?}", s.ripas, o.ripas);
            true
        }
        other => {
            println!("rsi calls failed: {other:?}");
            false
        }
    }
}

/// The conduit: the real `smc` with the guest's map, or a negative control.
#[cfg(not(feature = "c-routine"))]
mod conduit {
    use cca_abi::{Conduit, Smc};

    #[cfg(not(any(feature = "va-not-ipa", feature = "misaligned-host-call")))]
    pub fn new() -> impl Conduit {
        // SAFETY: `ipa_of` is the guest's own map, under which every 4 KiB
        // block (1 GiB blocks, in fact) is IPA-contiguous.
        unsafe { Smc::new(super::ipa_of) }
    }

    /// Negative control: addresses go to the RMM untranslated.
    #[cfg(feature = "va-not-ipa")]
    pub fn new() -> impl Conduit {
        // SAFETY: none; this build exists to be refused.
        unsafe { Smc::new(|va: usize| va as u64) }
    }

    /// Negative control: the host-call structure 8 bytes past a 0x100
    /// boundary.
    #[cfg(feature = "misaligned-host-call")]
    pub fn new() -> impl Conduit {
        // SAFETY: as for the real conduit.
        Misaligned(unsafe { Smc::new(super::ipa_of) })
    }

    #[cfg(feature = "misaligned-host-call")]
    pub struct Misaligned<C>(C);

    #[cfg(feature = "misaligned-host-call")]
    #[repr(C, align(256))]
    struct Scratch([u8; 0x200]);

    // SAFETY: the scratch copy is memory this conduit owns; the RMM refuses
    // the misaligned address before it could write.
    #[cfg(feature = "misaligned-host-call")]
    unsafe impl<C: Conduit> Conduit for Misaligned<C> {
        unsafe fn smc(&mut self, fid: u32, args: [u64; 17]) -> [u64; 18] {
            // SAFETY: forwarded under the caller's promise.
            unsafe { self.0.smc(fid, args) }
        }
        fn ipa_of(&self, va: usize) -> u64 {
            self.0.ipa_of(va)
        }
        fn host_call(&mut self, call: &mut cca_abi::rsi::RsiHostCall) -> u64 {
            let mut scratch = Scratch([0; 0x200]);
            let at = scratch.0.as_mut_ptr().wrapping_add(8);
            let size = core::mem::size_of_val(call);
            // SAFETY: `size` (0x100) bytes fit in the scratch after 8 bytes.
            unsafe {
                core::ptr::copy_nonoverlapping(core::ptr::from_ref(call).cast::<u8>(), at, size)
            };
            let mut args = [0; 17];
            args[0] = self.ipa_of(at as usize);
            // SAFETY: the scratch is this frame's own.
            let regs = unsafe { self.0.smc(cca_abi::rsi::RSI_HOST_CALL, args) };
            // SAFETY: as above, copied back.
            unsafe {
                core::ptr::copy_nonoverlapping(at, core::ptr::from_mut(call).cast::<u8>(), size)
            };
            regs[0]
        }
    }
}

#[cfg(feature = "c-routine")]
mod c {
    use core::ffi::{CStr, c_char};

    use crate::println;

    unsafe extern "C" {
        /// The profile's routine (`int NAME(unsigned long *granule)`).
        pub fn e2e_c_query(granule: *mut u64) -> i32;
        /// `rsi_request_version()` of the series' `rsi_cmds.h`.
        pub fn e2e_c_version(lower: *mut u64, higher: *mut u64) -> u64;
        /// `rsi_get_realm_config()` of the series' `rsi_cmds.h`; the IPA width.
        pub fn e2e_c_realm_config(ipa_bits: *mut u64) -> u64;
        /// The `PAGE_SIZE` the C object was compiled with.
        pub fn e2e_c_page_size() -> u64;
    }

    /// Kernel messages the routine printed.
    pub static mut MESSAGES: u32 = 0;

    /// `__pa_symbol()` and `virt_to_phys()` of the stand-in kernel headers.
    #[unsafe(no_mangle)]
    extern "C" fn e2e_ipa_of(va: usize) -> u64 {
        super::ipa_of(va)
    }

    /// `pr_err()` and friends of the stand-in headers: the format alone.
    #[unsafe(no_mangle)]
    extern "C" fn e2e_printk(fmt: *const c_char) {
        // SAFETY: the single-threaded guest; `fmt` is a C string literal.
        let text = unsafe {
            MESSAGES += 1;
            CStr::from_ptr(fmt)
        };
        println!("printk: {}", text.to_str().unwrap_or("?").trim_end());
    }
}

#[cfg(feature = "c-routine")]
fn run(page_size: u64) -> (bool, Outcome) {
    // SAFETY: the C functions take pointers to this frame's locals.
    let (mut lower, mut higher, mut bits, mut granule) = (0u64, 0u64, 0u64, 0xABAD_CAFEu64);
    let (version, configured, compiled) = unsafe {
        (
            c::e2e_c_version(&mut lower, &mut higher),
            c::e2e_c_realm_config(&mut bits),
            c::e2e_c_page_size(),
        )
    };
    if compiled != page_size {
        println!("the C object has PAGE_SIZE {compiled:#x}, the boot asks for {page_size:#x}");
        semihost::exit(2);
    }
    let smoke = version == rsi::RSI_SUCCESS && configured == rsi::RSI_SUCCESS;
    let v = |r: u64| ((r >> 16) & 0x7FFF, r & 0xFFFF);
    println!(
        "rsi version {}.{} {}.{}",
        v(lower).0,
        v(lower).1,
        v(higher).0,
        v(higher).1
    );
    println!("rsi realm-config ipa-width {bits}");
    // SAFETY: as above.
    let err = unsafe { c::e2e_c_query(&mut granule) };
    // SAFETY: the single-threaded guest.
    let messages = unsafe { c::MESSAGES };
    println!("printk messages {messages}");
    let outcome = match err {
        0 => Outcome::Granule(granule),
        -5 => Outcome::Error("transport"),
        -22 => Outcome::Error("invalid"),
        e => Outcome::Errno(e),
    };
    let output_kept = err == 0 || granule == 0xABAD_CAFE;
    if !output_kept {
        println!("the routine wrote its output on failure");
    }
    (
        smoke && output_kept && messages == u32::from(err != 0),
        outcome,
    )
}
