/* Userspace stand-in: the page size. */
#ifndef SHIM_LINUX_MM_H
#define SHIM_LINUX_MM_H
#include <asm/page-def.h>
#endif
