#ifndef SMC_TRAP_H
#define SMC_TRAP_H
/* Trap every SMC from now on (smc_trap.c). */
void smc_trap_install(void);
/* SMCs executed so far, and the function ID (X0) of the i-th. */
int smc_trap_count(void);
unsigned long smc_trap_fid(int i);
/* What the caller's RMM returns in X0 for an SMC with X0 = fid, X1 = x1. */
unsigned long smc_trap_answer(unsigned long fid, unsigned long x1);
#endif
