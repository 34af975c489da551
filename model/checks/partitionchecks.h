#pragma once

#include "model/workspace/partitionrecord.h"

#include <QList>
#include <QString>

namespace Backfill {

// A partition whose data looks incomplete, and why, for people.
struct PartitionFlag
{
    enum class Kind { Thin, Swollen, EmptyGap };

    QString key;
    Kind kind = Kind::Thin;
    QString reason;

    static QString kindName(Kind kind); // "thin", "swollen", "empty_gap"
};

// The volume checks of an endpoint's pulled partitions: a partition with fewer than `low` or
// more than `high` times the median rows of its `neighbours` nearest pulled partitions (half
// before, half after, at least four of them), and an empty partition between non-empty ones.
struct VolumeChecks
{
    double low = 0.2;
    double high = 5.0;
    int neighbours = 14;

    // `records` in time order; only succeeded and empty ones are judged and count as neighbours
    // (an open one is still being written).
    QList<PartitionFlag> flags(const QList<PartitionRecord> &records) const;
};

} // namespace Backfill
