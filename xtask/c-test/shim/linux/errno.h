/* The userspace errno values are the kernel's; use the system's header. */
#ifndef SHIM_LINUX_ERRNO_H
#define SHIM_LINUX_ERRNO_H
#include_next <linux/errno.h>
#endif
