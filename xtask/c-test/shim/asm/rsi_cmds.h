/*
 * Userspace stand-in for asm/rsi_cmds.h: the generated asm/rsi_smc.h, and
 * rsi_host_call() answered by the scripted fake host (fake_host.c).
 */
#ifndef SHIM_ASM_RSI_CMDS_H
#define SHIM_ASM_RSI_CMDS_H
#include <linux/arm-smccc.h>
#include <linux/string.h>
#include <asm/memory.h>
#include <asm/rsi_smc.h>
unsigned long rsi_host_call(phys_addr_t addr);
#endif
