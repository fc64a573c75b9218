/* Userspace stand-in: rsi_host_call() is the scripted fake host (fake_host.c). */
#ifndef SHIM_ASM_RSI_CMDS_H
#define SHIM_ASM_RSI_CMDS_H
#include <asm/rsi_smc.h>
unsigned long rsi_host_call(struct rsi_host_call *call);
#endif
