/* Userspace stand-in: identity address maps and the page size. */
#ifndef SHIM_LINUX_MM_H
#define SHIM_LINUX_MM_H
#include <stdint.h>
#include <linux/types.h>
#define PAGE_SIZE 4096UL
#define lm_alias(x) (x)
#define virt_to_phys(x) ((phys_addr_t)(uintptr_t)(x))
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#endif
