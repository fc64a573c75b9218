/* Userspace stand-in: identity address maps, and the page size. */
#ifndef SHIM_ASM_MEMORY_H
#define SHIM_ASM_MEMORY_H
#include <stdint.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <asm/page-def.h>
#define __pa_symbol(x) ((phys_addr_t)(uintptr_t)(x))
#define virt_to_phys(x) ((phys_addr_t)(uintptr_t)(x))
#endif
