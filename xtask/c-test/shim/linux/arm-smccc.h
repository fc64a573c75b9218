/* Userspace stand-in for the kernel header: the SMCCC function-ID fields. */
#ifndef SHIM_LINUX_ARM_SMCCC_H
#define SHIM_LINUX_ARM_SMCCC_H
#define ARM_SMCCC_STD_CALL 0UL
#define ARM_SMCCC_FAST_CALL 1UL
#define ARM_SMCCC_SMC_32 0UL
#define ARM_SMCCC_SMC_64 1UL
#define ARM_SMCCC_OWNER_STANDARD 4
#define ARM_SMCCC_OWNER_STANDARD_HYP 5
#define ARM_SMCCC_CALL_VAL(type, conv, owner, fn) \
	(((type) << 31) | ((conv) << 30) | (((owner) & 0x3FUL) << 24) | ((fn) & 0xFFFFUL))
#define SMCCC_RET_NOT_SUPPORTED (-1)
#endif
