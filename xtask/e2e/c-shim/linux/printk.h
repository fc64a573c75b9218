/* Freestanding stand-in: a message goes to the guest's UART, format only. */
#ifndef E2E_LINUX_PRINTK_H
#define E2E_LINUX_PRINTK_H
#include <e2e_kernel.h>
#define pr_err(fmt, ...) e2e_printk(fmt)
#define pr_info(fmt, ...) e2e_printk(fmt)
#define pr_warn(fmt, ...) e2e_printk(fmt)
#endif
