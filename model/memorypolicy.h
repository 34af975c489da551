#pragma once

namespace Backfill {

// Keeps a long backfill's memory flat. Response bodies and record batches are a few hundred
// kilobytes each, allocated on one thread and freed on another; with glibc's adaptive mmap
// threshold they end up in the heap arenas, which fragment and never shrink (measured: peak
// RSS grew from 144 MB at 500k rows to 400 MB at 5M). A fixed threshold hands every large
// block back to the system when it is freed. (Most of what still grew with the row count was
// the partition index built at the end of a load, sorted in memory: see LoadWriter::drain.)
// Also turns off SQLite's allocation statistics, a global mutex taken on every allocation.
// Call once at the start of main(), before any database opens.
void keepMemoryFlat();

} // namespace Backfill
