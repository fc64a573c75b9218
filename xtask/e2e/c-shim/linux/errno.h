/* Freestanding stand-in: the two errors the routine returns. */
#ifndef E2E_LINUX_ERRNO_H
#define E2E_LINUX_ERRNO_H
#define EIO 5
#define EINVAL 22
#endif
