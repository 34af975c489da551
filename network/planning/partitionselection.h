#pragma once

#include "model/partitions/partitionscheme.h"
#include "network/planning/partitionplanner.h"

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

// The scheme a typed range is parsed against for an endpoint planned as `plans`: days, hours,
// weeks or months from 1970 to 2099, or numeric blocks of the plans' step from 0 up.
PartitionScheme selectionScheme(const PartitionPlans &plans);

// Resolves a typed range (`2024-01-01,2024-01-31`, `[2024-01-01...2024-01-31]`,
// `2024-03-*`, `10000,50000`) against an endpoint: the endpoint is planned once with no
// range to learn its grain (and numeric step), the range is parsed against a wide scheme
// of that grain, and the endpoint is planned again with range_start / range_end set to the
// first and last selected partition, keeping only the selected keys. An empty range gives
// the spec's own default partitions; an endpoint that does not iterate is always "all".
std::optional<PartitionSelection> selectPartitions(const EndpointProgram &program, const QString &range,
                                                   const QJsonObject &sync, const QString &mode, QString *error,
                                                   const std::function<QDateTime()> &now = {});

// An incremental run's lookback: `selection` (the spec's default partitions, which usually
// start at the sync value) widened back to take in the `lookback` partitions that end at the
// latest of `doneKeys`, planned as a range from there to the selection's end.
std::optional<PartitionSelection> extendBack(const EndpointProgram &program, const PartitionSelection &selection,
                                             const QStringList &doneKeys, int lookback, const QJsonObject &sync,
                                             const QString &mode, QString *error,
                                             const std::function<QDateTime()> &now = {});

} // namespace Backfill
