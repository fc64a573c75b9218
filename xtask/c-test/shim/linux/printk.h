/* Userspace stand-in: warnings are counted by the fake host. */
#ifndef SHIM_LINUX_PRINTK_H
#define SHIM_LINUX_PRINTK_H
#include <stdbool.h>
void fake_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define pr_warn_once(fmt, ...)                          \
	({                                              \
		static bool __warned;                   \
		if (!__warned) {                        \
			__warned = true;                \
			fake_warn(fmt, ##__VA_ARGS__);  \
		}                                       \
	})
#endif
