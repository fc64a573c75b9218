/*
 * A scripted, hostile host for `cargo xtask c-test`: answers RSI_HOST_CALL
 * from a script, checks that every request is clean (imm and gprs[1..30]
 * zero) and that the IPA names a 0x100-byte aligned structure, then
 * scribbles over everything it may write, as a careless or malicious host
 * could.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <asm/rsi_cmds.h>

#include "fake_host.h"

static const struct fake_call *script;
static int script_len;
static int calls;
static int dirty_requests;
static int misaligned;
static unsigned long seen_fid[8];
static int messages;

void fake_host_load(const struct fake_call *s, int n)
{
	script = s;
	script_len = n;
	calls = 0;
	dirty_requests = 0;
	misaligned = 0;
	messages = 0;
	memset(seen_fid, 0, sizeof(seen_fid));
}

int fake_host_calls(void) { return calls; }
int fake_host_dirty_requests(void) { return dirty_requests; }
int fake_host_misaligned(void) { return misaligned; }
unsigned long fake_host_fid(int i) { return i < 8 ? seen_fid[i] : 0; }
int fake_host_messages(void) { return messages; }

void fake_warn(const char *fmt, ...)
{
	va_list ap;

	messages++;
	va_start(ap, fmt);
	fputs("    (printk) ", stdout);
	vprintf(fmt, ap);
	va_end(ap);
}

unsigned long rsi_host_call(phys_addr_t addr)
{
	struct rsi_host_call *call = (struct rsi_host_call *)(uintptr_t)addr;
	unsigned long rsi = 0;
	int i;

	if (addr % 0x100) {
		/* The RMM refuses a misaligned structure: RSI_ERROR_INPUT. */
		misaligned++;
		calls++;
		return 1;
	}
	if (call->imm != 0)
		dirty_requests++;
	for (i = 1; i <= 30; i++)
		if (call->gprs[i] != 0) {
			dirty_requests++;
			break;
		}
	if (calls < 8)
		seen_fid[calls] = call->gprs[0];
	if (calls < script_len) {
		rsi = script[calls].rsi;
		call->gprs[0] = script[calls].answer;
	} else {
		/* More calls than scripted: answer as badly as possible. */
		call->gprs[0] = 0x10000;
	}
	calls++;
	call->imm = 0xBEEF;
	for (i = 1; i <= 30; i++)
		call->gprs[i] = 0xDEAD0000UL + i;
	return rsi;
}
