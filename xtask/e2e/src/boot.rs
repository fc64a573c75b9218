//! Reset entry at EL3, the two vector tables, and the drop to EL1.

use crate::mmu;

core::arch::global_asm!(
    r#"
    .section .text.boot, "ax"
    .global _start
_start:
    ldr x0, =__el3_stack_top
    mov sp, x0
    ldr x0, =__bss_start
    ldr x1, =__bss_end
0:  cmp x0, x1
    b.hs 1f
    str xzr, [x0], #8
    b 0b
1:  adr x0, el3_vectors
    msr vbar_el3, x0
    isb
    bl el3_main
    b .

    /* EL3: an SMC from a lower EL is the only expected exception. */
    .section .text.vectors, "ax"
    .balign 0x800
el3_vectors:
    .rept 8
    .balign 0x80
    b el3_unexpected_entry
    .endr
    .balign 0x80
    b el3_smc_entry
    .rept 7
    .balign 0x80
    b el3_unexpected_entry
    .endr

    /* Save x0-x30, q0-q31, FPSR and FPCR: the monitor is Rust code and may
     * use any of them, and SMCCC keeps the caller's SIMD registers. */
el3_smc_entry:
    sub sp, sp, #0x310
    stp x0, x1, [sp, #0x00]
    stp x2, x3, [sp, #0x10]
    stp x4, x5, [sp, #0x20]
    stp x6, x7, [sp, #0x30]
    stp x8, x9, [sp, #0x40]
    stp x10, x11, [sp, #0x50]
    stp x12, x13, [sp, #0x60]
    stp x14, x15, [sp, #0x70]
    stp x16, x17, [sp, #0x80]
    stp x18, x19, [sp, #0x90]
    stp x20, x21, [sp, #0xa0]
    stp x22, x23, [sp, #0xb0]
    stp x24, x25, [sp, #0xc0]
    stp x26, x27, [sp, #0xd0]
    stp x28, x29, [sp, #0xe0]
    str x30, [sp, #0xf0]
    add x9, sp, #0x100
    stp q0, q1, [x9, #0x000]
    stp q2, q3, [x9, #0x020]
    stp q4, q5, [x9, #0x040]
    stp q6, q7, [x9, #0x060]
    stp q8, q9, [x9, #0x080]
    stp q10, q11, [x9, #0x0a0]
    stp q12, q13, [x9, #0x0c0]
    stp q14, q15, [x9, #0x0e0]
    stp q16, q17, [x9, #0x100]
    stp q18, q19, [x9, #0x120]
    stp q20, q21, [x9, #0x140]
    stp q22, q23, [x9, #0x160]
    stp q24, q25, [x9, #0x180]
    stp q26, q27, [x9, #0x1a0]
    stp q28, q29, [x9, #0x1c0]
    stp q30, q31, [x9, #0x1e0]
    mrs x10, fpsr
    mrs x11, fpcr
    str x10, [x9, #0x200]
    str x11, [x9, #0x208]
    mov x0, sp
    bl el3_smc
    add x9, sp, #0x100
    ldr x10, [x9, #0x200]
    ldr x11, [x9, #0x208]
    msr fpsr, x10
    msr fpcr, x11
    ldp q0, q1, [x9, #0x000]
    ldp q2, q3, [x9, #0x020]
    ldp q4, q5, [x9, #0x040]
    ldp q6, q7, [x9, #0x060]
    ldp q8, q9, [x9, #0x080]
    ldp q10, q11, [x9, #0x0a0]
    ldp q12, q13, [x9, #0x0c0]
    ldp q14, q15, [x9, #0x0e0]
    ldp q16, q17, [x9, #0x100]
    ldp q18, q19, [x9, #0x120]
    ldp q20, q21, [x9, #0x140]
    ldp q22, q23, [x9, #0x160]
    ldp q24, q25, [x9, #0x180]
    ldp q26, q27, [x9, #0x1a0]
    ldp q28, q29, [x9, #0x1c0]
    ldp q30, q31, [x9, #0x1e0]
    ldp x0, x1, [sp, #0x00]
    ldp x2, x3, [sp, #0x10]
    ldp x4, x5, [sp, #0x20]
    ldp x6, x7, [sp, #0x30]
    ldp x8, x9, [sp, #0x40]
    ldp x10, x11, [sp, #0x50]
    ldp x12, x13, [sp, #0x60]
    ldp x14, x15, [sp, #0x70]
    ldp x16, x17, [sp, #0x80]
    ldp x18, x19, [sp, #0x90]
    ldp x20, x21, [sp, #0xa0]
    ldp x22, x23, [sp, #0xb0]
    ldp x24, x25, [sp, #0xc0]
    ldp x26, x27, [sp, #0xd0]
    ldp x28, x29, [sp, #0xe0]
    ldr x30, [sp, #0xf0]
    add sp, sp, #0x310
    eret

el3_unexpected_entry:
    bl el3_unexpected
    b .

    /* EL1: any exception is a guest fault; the monitor reports it. */
    .balign 0x800
    .global el1_vectors
el1_vectors:
    .rept 16
    .balign 0x80
    b el1_fault
    .endr
el1_fault:
    movz x0, #0xffff
    movk x0, #0xc7ff, lsl #16
    smc #0
    b .
"#
);

/// The function identifier the EL1 vectors send when the guest faults
/// (SMCCC owner 7, trusted-OS space, unused by RSI and RHI).
pub const GUEST_FAULT: u32 = 0xC7FF_FFFF;

unsafe extern "C" {
    static el1_vectors: u8;
    static __el1_stack_top: u8;
}

/// Enter the guest at Non-secure EL1: MMU and caches on with the monitor's
/// tables, SIMD allowed, SP and the vector table at their aliases, and
/// `guest::guest_main(case, page_size)` at its alias.
pub fn enter_el1(config: crate::BootConfig) -> ! {
    let alias = |pa: u64| pa + mmu::ALIAS_OFFSET;
    let entry = alias(crate::guest::guest_main as *const () as u64);
    let vbar = alias(&raw const el1_vectors as u64);
    let sp = alias(&raw const __el1_stack_top as u64);
    let ttbr = mmu::tables();
    // SAFETY: the EL1 context is set up whole before the `eret`; nothing
    // comes back here (EL1 reaches EL3 only through the vector table).
    unsafe {
        core::arch::asm!(
            "msr cpacr_el1, {cpacr}",
            "msr mair_el1, {mair}",
            "msr tcr_el1, {tcr}",
            "msr ttbr0_el1, {ttbr}",
            "msr vbar_el1, {vbar}",
            "msr sp_el1, {sp}",
            "msr scr_el3, {scr}",
            "msr spsr_el3, {spsr}",
            "msr elr_el3, {elr}",
            "tlbi alle1",
            "dsb sy",
            "isb",
            "msr sctlr_el1, {sctlr}",
            "isb",
            "eret",
            cpacr = in(reg) 3u64 << 20,
            mair = in(reg) mmu::MAIR,
            tcr = in(reg) mmu::TCR_EL1,
            ttbr = in(reg) ttbr,
            vbar = in(reg) vbar,
            sp = in(reg) sp,
            scr = in(reg) mmu::SCR_EL3,
            spsr = in(reg) 0x3c5u64,
            elr = in(reg) entry,
            sctlr = in(reg) mmu::SCTLR_EL1,
            in("x0") config.case as u64,
            in("x1") config.page_size,
            options(noreturn),
        )
    }
}
