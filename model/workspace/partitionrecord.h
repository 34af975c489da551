#pragma once

#include "model/partitions/partitionstatus.h"

#include <QDateTime>
#include <QString>

namespace Backfill {

// What a partition has brought so far: totals over its pages, not increments.
struct PartitionCounts
{
    qint64 pages = 0;
    qint64 rows = 0;
    qint64 bytes = 0;

    friend bool operator==(const PartitionCounts &, const PartitionCounts &) = default;
};

// One row of the workspace's partition ledger, as plain values. A key that has no row yet is
// reported as a record with status Missing and zero counts.
struct PartitionRecord
{
    qint64 endpointId = -1;
    QString key;
    PartitionStatus status = PartitionStatus::Missing;
    int attempts = 0;
    PartitionCounts counts;
    int httpStatus = 0; // of the last response; 0 when there was none (connection error, never run)
    QString lastError;
    QDateTime startedAt;  // UTC; invalid when never started
    QDateTime finishedAt; // UTC; invalid while running or never finished
    bool hasCheckpoint = false;

    // Wall time of the last attempt in milliseconds, or -1 while it has not finished.
    qint64 durationMs() const
    {
        if (!startedAt.isValid() || !finishedAt.isValid())
            return -1;
        return startedAt.msecsTo(finishedAt);
    }

    friend bool operator==(const PartitionRecord &, const PartitionRecord &) = default;
};

} // namespace Backfill
