#pragma once

#include <QString>

#include <optional>

namespace Backfill {

// A duration as people read it, the one text for durations everywhere (progress lines, panels,
// tables, plans): "250 ms", "4.2 s", "3 min 05 s", "2 h 07 min"; precise for short work,
// readable for long. Empty for a negative duration (not finished).
QString durationText(qint64 ms);

// A duration as a spec writes it: a sum of numbers with units, "90s", "30m", "2h", "1d",
// "1h30m" (ms, s, m, h, d, w), or "0". nullopt for anything else.
std::optional<qint64> parseDuration(QStringView text);

} // namespace Backfill
