/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Owned by `cargo xtask kernel-check`, not generated: Linux 6.12 predates
 * asm/rsi_cmds.h, so this provides the one helper the generated routine
 * calls, with the signature of the posted RHI patch (v4): the caller passes
 * the host-call structure, the helper passes its physical address to
 * RSI_HOST_CALL. Used only when the tree has no asm/rsi_cmds.h.
 */
#ifndef __ASM_RSI_CMDS_H
#define __ASM_RSI_CMDS_H

#include <linux/arm-smccc.h>
#include <asm/memory.h>
#include <asm/rsi_smc.h>

static inline unsigned long rsi_host_call(struct rsi_host_call *call)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_invoke(SMC_RSI_HOST_CALL, virt_to_phys(call), &res);
	return res.a0;
}

#endif /* __ASM_RSI_CMDS_H */
