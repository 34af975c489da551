#pragma once

namespace Backfill {

// Keeps a long backfill's memory flat without paying the kernel for every page. Response
// bodies and record batches are a few hundred kilobytes each, allocated on one thread and
// freed on another. With glibc's adaptive mmap threshold they end up in the heap arenas,
// which fragment and never shrink (measured in session 1: peak RSS grew from 144 MB at 500k
// rows to 400 MB at 5M, with larger write batches than today). A threshold of 128 KB mapped
// each of them from the system and unmapped it when freed: flat (70 MB), but every page of
// every body was faulted in and zeroed, and every unmap interrupted the other core to flush
// its TLB, about a tenth of a fast backfill's CPU. The threshold is now fixed at 512 KB, above
// a page of 500 records, and freed heap memory is kept up to 32 MB per arena, so blocks are
// reused instead of mapped again; larger blocks (big pages, SQLite's sorter) still go back to
// the system. At most 4 arenas, so what is kept does not grow with the number of cores.
// Measured on 2 cores: peak RSS 96 MB at 500k rows and 99 MB at 5M, no change in speed from
// the arena limit.
// Also turns off SQLite's allocation statistics, a global mutex taken on every allocation.
// Call once at the start of main(), before any database opens.
void keepMemoryFlat();

// Gives the memory kept for reuse back to the system: when a load ends, so that an idle
// studio does not hold what the load needed.
void returnFreeMemory();

} // namespace Backfill
