/*
 * Freestanding stand-in for the kernel header: the SMCCC function-ID fields
 * and a real `smc` for arm_smccc_smc() (X0-X7 in, X0-X3 out, X4-X17 preserved
 * by the callee as SMCCC 1.1 says).
 */
#ifndef E2E_LINUX_ARM_SMCCC_H
#define E2E_LINUX_ARM_SMCCC_H
#include <e2e_kernel.h>

#define ARM_SMCCC_STD_CALL 0UL
#define ARM_SMCCC_FAST_CALL 1UL
#define ARM_SMCCC_SMC_32 0UL
#define ARM_SMCCC_SMC_64 1UL
#define ARM_SMCCC_OWNER_STANDARD 4
#define ARM_SMCCC_OWNER_STANDARD_HYP 5
#define ARM_SMCCC_CALL_VAL(type, conv, owner, fn) \
	(((type) << 31) | ((conv) << 30) | (((owner) & 0x3FUL) << 24) | ((fn) & 0xFFFFUL))
#define SMCCC_RET_NOT_SUPPORTED (-1)

enum arm_smccc_conduit { SMCCC_CONDUIT_NONE, SMCCC_CONDUIT_SMC, SMCCC_CONDUIT_HVC };

static inline enum arm_smccc_conduit arm_smccc_1_1_get_conduit(void)
{
	return SMCCC_CONDUIT_SMC;
}

struct arm_smccc_res {
	unsigned long a0, a1, a2, a3;
};

static inline void arm_smccc_smc(unsigned long a0, unsigned long a1, unsigned long a2,
				 unsigned long a3, unsigned long a4, unsigned long a5,
				 unsigned long a6, unsigned long a7, struct arm_smccc_res *res)
{
	register unsigned long x0 asm("x0") = a0;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;
	register unsigned long x3 asm("x3") = a3;
	register unsigned long x4 asm("x4") = a4;
	register unsigned long x5 asm("x5") = a5;
	register unsigned long x6 asm("x6") = a6;
	register unsigned long x7 asm("x7") = a7;

	asm volatile("smc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     : "r"(x4), "r"(x5), "r"(x6), "r"(x7)
		     : "memory");
	res->a0 = x0;
	res->a1 = x1;
	res->a2 = x2;
	res->a3 = x3;
}

#endif
