//! Semihosting `SYS_EXIT`: QEMU (run with `-semihosting`) exits with `code`.

/// `SYS_EXIT` with the extended reason `ADP_Stopped_ApplicationExit`.
pub fn exit(code: u32) -> ! {
    let block: [u64; 2] = [0x20026, u64::from(code)];
    // SAFETY: the semihosting call reads the two words of `block`.
    unsafe {
        core::arch::asm!(
            "hlt #0xf000",
            in("x0") 0x18u64,
            in("x1") block.as_ptr(),
            options(nostack, readonly),
        );
    }
    loop {
        core::hint::spin_loop();
    }
}
