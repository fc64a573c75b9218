/* Userspace stand-in: messages are counted by the fake host. */
#ifndef SHIM_LINUX_PRINTK_H
#define SHIM_LINUX_PRINTK_H
void fake_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define pr_err(fmt, ...) fake_warn(fmt, ##__VA_ARGS__)
#endif
