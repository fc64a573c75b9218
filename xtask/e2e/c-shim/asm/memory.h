/* Freestanding stand-in: the guest's own map from addresses to IPAs. */
#ifndef E2E_ASM_MEMORY_H
#define E2E_ASM_MEMORY_H
#include <e2e_kernel.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <asm/page-def.h>
#define __pa_symbol(x) ((phys_addr_t)e2e_ipa_of(x))
#define virt_to_phys(x) ((phys_addr_t)e2e_ipa_of(x))
#endif
