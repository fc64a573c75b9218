#ifndef SHIM_LINUX_MINMAX_H
#define SHIM_LINUX_MINMAX_H
#define max(a, b) ((a) > (b) ? (a) : (b))
#endif
