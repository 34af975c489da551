#include "model/memorypolicy.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace Backfill {

void keepMemoryFlat()
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

} // namespace Backfill
