/*
 * Stand-in for `cargo xtask bench` (code section): __pa_symbol() as the
 * kernel has it without CONFIG_DEBUG_VIRTUAL, an offset read from
 * kimage_voffset (which the bench sets to 0).
 */
#ifndef BENCH_ASM_MEMORY_H
#define BENCH_ASM_MEMORY_H
#include <linux/sizes.h>
#include <linux/types.h>
#include <asm/page-def.h>
extern u64 kimage_voffset;
#define __pa_symbol(x) ((phys_addr_t)((unsigned long)(x) - kimage_voffset))
#endif
