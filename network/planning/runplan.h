#pragma once

#include "model/partitions/partitionstatus.h"
#include "model/workspace/partitionrecord.h"
#include "network/planning/endpointprogram.h"
#include "network/planning/partitionplanner.h"

#include <QHash>
#include <QList>
#include <QString>

namespace Backfill {

// A rough forecast of a run: requests and wall time.
struct RunEstimate
{
    qint64 requests = 0;
    qint64 ms = 0;
    double pagesPerPartition = 1; // learned from finished partitions, or the default
    qint64 partitionMs = 300;     // likewise
    bool learned = false;         // false: no finished partition yet, the defaults were used
};

// What a run of one endpoint would do, as `backfill plan` prints it and the calendar shows
// it before launch.
struct RunPlan
{
    qint64 selected = 0;                  // partitions the range or the calendar selected
    QList<PartitionPlan> toRun;           // what runs, in the order it runs
    QHash<PartitionStatus, int> byStatus; // the ledger status of each partition to run
    RunEstimate estimate;
};

// Requests and time for `partitions` partitions of `program`: pages and time per partition
// from the finished partitions in `history` (the endpoint's ledger records) when there are
// some, else one page of about 300 ms; then limited by the endpoint's rate (requests per
// second) and its iterate concurrency, whichever is slower.
RunEstimate estimateRun(const EndpointProgram &program, qint64 partitions, const QList<PartitionRecord> &history);

// The partitions of `selected` that a plain run takes, in order: those neither running nor
// (unless `includeDone`) succeeded or empty. `records` holds the ledger's record by key; a
// key without one is missing.
QList<PartitionPlan> partitionsToRun(const QList<PartitionPlan> &selected,
                                     const QHash<QString, PartitionRecord> &records, bool includeDone = false);

// The plan of running `toRun` out of `selected` selected partitions, with the statuses from
// `records` and the estimate from `history` (see estimateRun()).
RunPlan planRun(const EndpointProgram &program, qint64 selected, const QList<PartitionPlan> &toRun,
                const QHash<QString, PartitionRecord> &records, const QList<PartitionRecord> &history);

} // namespace Backfill
