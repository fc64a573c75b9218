/* Userspace stand-in for the kernel header (LP64 only), for `cargo xtask c-test`. */
#ifndef SHIM_LINUX_BITS_H
#define SHIM_LINUX_BITS_H
#define UL(x) (x##UL)
#define BIT(n) (1UL << (n))
#define GENMASK(h, l) ((~0UL << (l)) & (~0UL >> (63 - (h))))
_Static_assert(sizeof(unsigned long) == 8, "the shim assumes LP64");
#endif
