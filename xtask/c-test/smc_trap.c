/*
 * SMCs counted where they execute, for `cargo xtask bench` (code section).
 * __arm_smccc_smc() is the kernel's (arch/arm64/kernel/smccc-call.S, one
 * `smc #0`, X0-X3 stored in *res); under qemu-aarch64 an SMC at EL0 is an
 * undefined instruction, so it raises SIGILL. The handler checks that the
 * faulting instruction is an SMC, records X0, lets smc_trap_answer() play
 * the RMM and resumes after it.
 *
 * Compiled against the C library's headers alone, without the kernel
 * stand-ins (their linux/types.h would shadow the one signal.h needs).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "smc_trap.h"

__asm__(".text\n"
	".globl __arm_smccc_smc\n"
	".type __arm_smccc_smc, %function\n"
	"__arm_smccc_smc:\n"
	"	smc	#0\n"
	"	ldr	x4, [sp]\n"
	"	stp	x0, x1, [x4, #0]\n"
	"	stp	x2, x3, [x4, #16]\n"
	"	ret\n"
	".size __arm_smccc_smc, . - __arm_smccc_smc\n");

#define SMC_TRAP_MAX 16

static unsigned long fids[SMC_TRAP_MAX];
static int count;

static void on_sigill(int sig, siginfo_t *info, void *context)
{
	mcontext_t *m = &((ucontext_t *)context)->uc_mcontext;
	unsigned int insn;

	(void)sig;
	(void)info;
	memcpy(&insn, (const void *)m->pc, sizeof(insn));
	/* SMC #imm16 is 0xd4000003 | imm16 << 5; anything else is a real fault. */
	if ((insn & 0xffe0001fU) != 0xd4000003U)
		abort();
	if (count < SMC_TRAP_MAX)
		fids[count] = m->regs[0];
	count++;
	m->regs[0] = smc_trap_answer(m->regs[0], m->regs[1]);
	m->pc += 4;
}

void smc_trap_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigill;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGILL, &sa, NULL))
		abort();
}

int smc_trap_count(void)
{
	return count;
}

unsigned long smc_trap_fid(int i)
{
	return i >= 0 && i < SMC_TRAP_MAX ? fids[i] : 0;
}
