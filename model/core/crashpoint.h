#pragma once

namespace Backfill {

// A named point where a test may have this process killed, to prove that a crash right there
// loses and duplicates nothing. With BACKFILL_CRASH_AT=NAME[:N] in the environment, the
// process sends itself SIGKILL the Nth time (default: the first) any thread passes NAME; a
// name may also be a prefix ending in '*'. Without the variable a point costs one load of a
// flag. tests/integration/tst_killpoints.cpp kills the runner at most of them.
void crashPoint(const char *name);

} // namespace Backfill
