#pragma once

#include "network/partitionplanner.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace Backfill {

// The partitions of one endpoint that a range selects, with the context (range_start,
// range_end, mode) their requests see.
struct PartitionSelection
{
    PartitionPlans plans;
    QJsonObject context;
};

// Resolves a typed range (`2024-01-01,2024-01-31`, `[2024-01-01...2024-01-31]`,
// `2024-03-*`, `10000,50000`) against an endpoint: the endpoint is planned once with no
// range to learn its grain (and numeric step), the range is parsed against a wide scheme
// of that grain, and the endpoint is planned again with range_start / range_end set to the
// first and last selected partition, keeping only the selected keys. An empty range gives
// the spec's own default partitions; an endpoint that does not iterate is always "all".
std::optional<PartitionSelection> selectPartitions(const EndpointProgram &program, const QString &range,
                                                   const QJsonObject &sync, const QString &mode, QString *error,
                                                   const std::function<QDateTime()> &now = {});

} // namespace Backfill
