#ifndef SHIM_LINUX_LOG2_H
#define SHIM_LINUX_LOG2_H
#include <stdbool.h>
static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}
#endif
