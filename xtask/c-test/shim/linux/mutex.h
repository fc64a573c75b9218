/* Userspace stand-in: the tests are single-threaded; count lock balance. */
#ifndef SHIM_LINUX_MUTEX_H
#define SHIM_LINUX_MUTEX_H
struct mutex {
	int held;
};
#define DEFINE_MUTEX(x) struct mutex x
#define mutex_lock(m) ((m)->held++)
#define mutex_unlock(m) ((m)->held--)
#endif
