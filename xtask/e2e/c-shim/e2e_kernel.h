/*
 * Freestanding stand-ins, for `cargo xtask e2e`, of the kernel names the
 * series' rsi.c, rhi.c and rsi_cmds.h use beyond the headers shared with
 * `cargo xtask c-test` (xtask/c-test/shim, searched after this directory):
 * the SMC itself is real, addresses go through the guest's own map
 * (e2e_ipa_of, in the Rust image) and messages to its UART (e2e_printk).
 */
#ifndef E2E_KERNEL_H
#define E2E_KERNEL_H
#include <stdbool.h>
#include <stdint.h>
/*
 * What every kernel file gets without asking (the build's implicit headers)
 * or through linux/kernel.h, which the headers rsi.c includes pull in.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/minmax.h>
#include <linux/sizes.h>

unsigned long long e2e_ipa_of(const volatile void *va);
void e2e_printk(const char *fmt);

#define EXPORT_SYMBOL(sym)
#define WARN_ON(cond) ({ int __c = !!(cond); if (__c) e2e_printk("WARN_ON(" #cond ")"); __c; })

struct static_key_false {
	bool enabled;
};
#define DEFINE_STATIC_KEY_FALSE_RO(name) struct static_key_false name = { false }
#define DECLARE_STATIC_KEY_FALSE(name) extern struct static_key_false name
#define static_branch_unlikely(key) ((key)->enabled)
#define static_branch_enable(key) ((key)->enabled = true)

#define __phys_to_pte_val(phys) ((unsigned long)(phys))
#endif
