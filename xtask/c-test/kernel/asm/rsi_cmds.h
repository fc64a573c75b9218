/*
 * Stand-in for `cargo xtask bench` (code section): asm/rsi_cmds.h with the
 * generated rsi_host_call() itself (rsi_host_call.h, the series' fragment,
 * written next to the routine), not the c-test's fake.
 */
#ifndef BENCH_ASM_RSI_CMDS_H
#define BENCH_ASM_RSI_CMDS_H
#include <linux/arm-smccc.h>
#include <linux/string.h>
#include <asm/memory.h>
#include <asm/rsi_smc.h>
#include "rsi_host_call.h"
#endif
