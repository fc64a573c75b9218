#ifndef FAKE_HOST_H
#define FAKE_HOST_H
struct fake_call {
	unsigned long rsi;
	unsigned long answer;
};
void fake_host_load(const struct fake_call *s, int n);
int fake_host_calls(void);
int fake_host_dirty_requests(void);
int fake_host_misaligned(void);
unsigned long fake_host_fid(int i);
int fake_host_messages(void);
#endif
