#pragma once

#include <QStringView>

#include <optional>

namespace Backfill {

// Where the period a partition key names ends, in UTC milliseconds: "2024-01-05T13" at 14:00,
// "2024-01-05" at the next midnight, "2024-W02" at the next Monday, "2024-01" on the first of
// February. Numeric blocks and names have no period: nullopt. Keys in UTC, as the planner makes them.
std::optional<qint64> partitionEndMs(QStringView key);

} // namespace Backfill
