//! The PL011 UART of QEMU's `virt` machine: at its physical address at EL3
//! and through the identity device mapping at EL1; no set-up needed.

use core::fmt;

const UART: *mut u32 = 0x0900_0000 as *mut u32;
/// The flag register (offset 0x18) and its "transmit FIFO full" bit.
const FR: usize = 0x18 / 4;
const TXFF: u32 = 1 << 5;

/// Writes to the UART, one byte at a time.
pub struct Uart;

impl fmt::Write for Uart {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for b in s.bytes() {
            // SAFETY: the PL011's registers, mapped as device memory.
            unsafe {
                while UART.add(FR).read_volatile() & TXFF != 0 {}
                UART.write_volatile(u32::from(b));
            }
        }
        Ok(())
    }
}

/// `println!` onto the UART.
#[macro_export]
macro_rules! println {
    ($($arg:tt)*) => {{
        use core::fmt::Write as _;
        let _ = writeln!($crate::uart::Uart, $($arg)*);
    }};
}
