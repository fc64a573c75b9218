/* Userspace stand-in: the tests are single-threaded. */
#ifndef SHIM_LINUX_SPINLOCK_H
#define SHIM_LINUX_SPINLOCK_H
typedef struct { int held; } spinlock_t;
#define DEFINE_SPINLOCK(x) spinlock_t x
#define spin_lock_irqsave(l, f) ((l)->held++, (f) = 0)
#define spin_unlock_irqrestore(l, f) ((l)->held--, (void)(f))
#endif
