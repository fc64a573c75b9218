//! One level-1 translation table (4 KiB granule, 39-bit addresses, 1 GiB
//! blocks) shared by the EL3 and EL1 regimes: devices and RAM at their own
//! addresses, and RAM again at `ALIAS_BASE`, where the guest runs, so that
//! its addresses are not its IPAs.

pub const RAM_BASE: u64 = 0x4000_0000;
/// QEMU runs with `-m 128M`.
pub const RAM_END: u64 = 0x4800_0000;
/// Where the guest sees RAM.
pub const ALIAS_BASE: u64 = 0x1_0000_0000;
pub const ALIAS_OFFSET: u64 = ALIAS_BASE - RAM_BASE;

/// Attribute 0: Device-nGnRnE; attribute 1: Normal, write-back.
pub const MAIR: u64 = 0xFF << 8;
/// T0SZ 25 (39 bits), walks write-back and inner shareable, 4 KiB granule.
const TCR_WALK: u64 = 25 | (1 << 8) | (1 << 10) | (3 << 12);
/// TTBR1 walks off, 36-bit IPA size.
pub const TCR_EL1: u64 = TCR_WALK | (1 << 23) | (1 << 32);
/// RES1 bits 31 and 23, 36-bit physical size.
const TCR_EL3: u64 = TCR_WALK | (1 << 31) | (1 << 23) | (1 << 16);
/// M, C, I and the RES1 bits of SCTLR_EL1.
pub const SCTLR_EL1: u64 = 0x30D0_0800 | 1 | (1 << 2) | (1 << 12);
/// RW (EL1 is AArch64), RES1 bits 5 and 4, NS: the guest is Non-secure.
pub const SCR_EL3: u64 = (1 << 10) | (1 << 5) | (1 << 4) | 1;

const BLOCK: u64 = 0b01;
const DEVICE: u64 = 0 << 2;
const NORMAL: u64 = (1 << 2) | (3 << 8);
const ACCESSED: u64 = 1 << 10;

#[repr(C, align(4096))]
struct Table([u64; 512]);

static mut LEVEL1: Table = Table([0; 512]);

/// Fill the table; returns its address for TTBR0.
pub fn tables() -> u64 {
    let table = &raw mut LEVEL1;
    let alias = (ALIAS_BASE >> 30) as usize;
    // SAFETY: EL3 runs alone and fills the table before any walk uses it.
    unsafe {
        (*table).0[0] = BLOCK | ACCESSED | DEVICE;
        (*table).0[1] = RAM_BASE | BLOCK | ACCESSED | NORMAL;
        (*table).0[alias] = RAM_BASE | BLOCK | ACCESSED | NORMAL;
    }
    table as u64
}

/// Turn on the MMU and caches at EL3 with the same table (identity part).
pub fn enable_el3() {
    let ttbr = tables();
    // SAFETY: the table maps the code, data and stack the monitor uses at
    // their own addresses, so nothing moves when the MMU comes on.
    unsafe {
        core::arch::asm!(
            "msr mair_el3, {mair}",
            "msr tcr_el3, {tcr}",
            "msr ttbr0_el3, {ttbr}",
            "dsb sy",
            "isb",
            "tlbi alle3",
            "dsb sy",
            "isb",
            "mrs {s}, sctlr_el3",
            "orr {s}, {s}, {bits}",
            "msr sctlr_el3, {s}",
            "isb",
            mair = in(reg) MAIR,
            tcr = in(reg) TCR_EL3,
            ttbr = in(reg) ttbr,
            bits = in(reg) 1u64 | (1 << 2) | (1 << 12),
            s = out(reg) _,
        );
    }
}

/// Whether `[ipa, ipa + len)` is Realm RAM (what the RMM calls protected).
pub fn is_ram(ipa: u64, len: u64) -> bool {
    ipa >= RAM_BASE && ipa.checked_add(len).is_some_and(|end| end <= RAM_END)
}
