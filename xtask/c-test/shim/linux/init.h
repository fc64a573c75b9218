/* Userspace stand-in: section annotations mean nothing here. */
#ifndef SHIM_LINUX_INIT_H
#define SHIM_LINUX_INIT_H
#define __init
#define __initdata
#define __ro_after_init
#endif
