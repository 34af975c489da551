#include "model/core/memorypolicy.h"

#include <cstdlib> // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <sqlite3.h>

namespace Backfill {

void keepMemoryFlat()
{
    // SQLite's allocation statistics (sqlite3_memory_used(), a soft heap limit) take a global
    // mutex on every allocation and free; nothing here reads them. Only effective before the
    // first database opens, which is why this runs first in main().
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 512 * 1024);
    mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_ARENA_MAX, 4); // what is kept stays within 4 x 32 MB however many threads parse
#endif
}

void returnFreeMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace Backfill
