#pragma once

#include "model/partitions/partitionstatus.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace Backfill {

// What a partition has brought so far: totals over its pages, not increments.
struct PartitionCounts
{
    qint64 pages = 0;
    qint64 rows = 0;
    qint64 bytes = 0;

    friend bool operator==(const PartitionCounts &, const PartitionCounts &) = default;
};

// What the writer found in the rows of a partition's last pull: the facts the completeness
// checks read (model/checks) and what changed against the pull before. A pull resumed half-way
// counts only the pages it saw, keeps no columns and compares nothing.
struct PartitionPull
{
    qint64 duplicateKeys = 0;    // records whose primary key came earlier in the same pull (upserted over)
    qint64 missingUpdateKey = 0; // records without a value for the endpoint's update key
    QString columns;             // "name:type" of every column with a value, by name, comma-separated
    // Compared with what the partition held (a pull after an earlier complete one, not resumed
    // half-way): rows by primary key (without one, by content) new, changed or gone since.
    bool compared = false;
    qint64 added = 0;
    qint64 changed = 0;
    qint64 removed = 0;

    bool hasChanges() const { return compared && (added > 0 || changed > 0 || removed > 0); }

    friend bool operator==(const PartitionPull &, const PartitionPull &) = default;
};

// One example of a change kept in the ledger (up to 20 per kind and partition): the row's key
// (its values in primary-key order, as a JSON array) with the row before and after the pull.
struct PartitionChange
{
    enum class Kind { Added, Changed, Removed, Duplicate };

    Kind kind = Kind::Added;
    QString key;
    QJsonObject before; // empty for Added
    QJsonObject after;  // empty for Removed

    friend bool operator==(const PartitionChange &, const PartitionChange &) = default;
};

// The fingerprint of a partition's rows (see PullTracker), read in key order without holding it
// whole: calls `chunk` with each piece (whole 16-byte entries, little-endian) until it returns
// false. Returns false when the fingerprint could not be read.
using FingerprintReader = std::function<bool(const std::function<bool(const QByteArray &chunk)> &chunk)>;

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
    PartitionPull pull;

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
