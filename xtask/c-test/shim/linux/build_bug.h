#ifndef SHIM_LINUX_BUILD_BUG_H
#define SHIM_LINUX_BUILD_BUG_H
#define static_assert(expr, ...) _Static_assert(expr, #expr)
#endif
