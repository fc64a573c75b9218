/* Freestanding stand-in: memset() is the compiler's (the image links one). */
#ifndef E2E_LINUX_STRING_H
#define E2E_LINUX_STRING_H
#include <stddef.h>
void *memset(void *s, int c, size_t n);
#define memset(s, c, n) __builtin_memset(s, c, n)
#endif
