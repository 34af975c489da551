#pragma once

#include "model/partitions/partitionscheme.h"
#include "network/planning/endpointprogram.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace Backfill {

// One partition of a run: its ledger key and the value `iterate.into` receives.
struct PartitionPlan
{
    QString key;
    QJsonValue value;
    // Time partitions: where the partition's period ends, UTC ms (the next value, or the last
    // value plus the step); 0 when not known (names, numbers, a single value).
    qint64 endMs = 0;
};

struct PartitionPlans
{
    QList<PartitionPlan> partitions;
    PartitionScheme::Grain grain = PartitionScheme::Grain::Daily;
    bool iterates = false; // false: the endpoint is one partition, "all"
};

// Evaluates an endpoint's `iterate.over` with the run's context (range_start, range_end,
// mode...) and sync state, and names the partition of every value the way the calendar
// does: `2024-01-05T13`, `2024-01-05`, `2024-W02`, `2024-01`, `10000-10999`.
std::optional<PartitionPlans> planPartitions(const EndpointProgram &program, const QJsonObject &context,
                                             const QJsonObject &sync, QString *error,
                                             const std::function<QDateTime()> &now = {});

} // namespace Backfill
