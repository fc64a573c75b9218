/* Freestanding stand-in: see e2e_kernel.h. */
#include <e2e_kernel.h>
