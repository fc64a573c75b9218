/* Userspace stand-in: the guest page size, set per build with -DSHIM_PAGE_SIZE=... */
#ifndef SHIM_ASM_PAGE_DEF_H
#define SHIM_ASM_PAGE_DEF_H
#ifndef SHIM_PAGE_SIZE
#define SHIM_PAGE_SIZE 4096UL
#endif
#define PAGE_SIZE ((unsigned long)(SHIM_PAGE_SIZE))
#endif
