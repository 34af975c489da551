#pragma once

#include <QString>

namespace Backfill {

// A duration as people read it in progress lines and panels: "250 ms", "4.2 s",
// "3 min 5 s", "2 h 10 min". Shared by the headless runner and the studio.
QString durationText(qint64 ms);

} // namespace Backfill
