/*
 * Stand-in for `cargo xtask bench` (code section): arm_smccc_smc() as the
 * kernel has it, a call to the out-of-line __arm_smccc_smc()
 * (arch/arm64/kernel/smccc-call.S), which the bench provides.
 */
#ifndef BENCH_LINUX_ARM_SMCCC_H
#define BENCH_LINUX_ARM_SMCCC_H
#include_next <linux/arm-smccc.h>
struct arm_smccc_res {
	unsigned long a0;
	unsigned long a1;
	unsigned long a2;
	unsigned long a3;
};
struct arm_smccc_quirk;
void __arm_smccc_smc(unsigned long a0, unsigned long a1, unsigned long a2,
		     unsigned long a3, unsigned long a4, unsigned long a5,
		     unsigned long a6, unsigned long a7,
		     struct arm_smccc_res *res, struct arm_smccc_quirk *quirk);
#define arm_smccc_smc(...) __arm_smccc_smc(__VA_ARGS__, NULL)
#endif
