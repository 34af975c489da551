#pragma once

#include <QString>

namespace Backfill {

// A duration as people read it, the one text for durations everywhere (progress lines, panels,
// tables, plans): "250 ms", "4.2 s", "3 min 05 s", "2 h 07 min"; precise for short work,
// readable for long. Empty for a negative duration (not finished).
QString durationText(qint64 ms);

} // namespace Backfill
