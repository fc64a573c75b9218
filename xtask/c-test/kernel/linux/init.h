/*
 * Stand-in for `cargo xtask bench` (code section): __init as the kernel
 * defines it (include/linux/init.h), so the routine is compiled cold, in
 * .init.text, as in a kernel build.
 */
#ifndef BENCH_LINUX_INIT_H
#define BENCH_LINUX_INIT_H
#define __init __attribute__((__section__(".init.text"), __cold__))
#define __initdata __attribute__((__section__(".init.data")))
#define __ro_after_init __attribute__((__section__(".data..ro_after_init")))
#endif
