#pragma once

#include "model/spec/spec.h"
#include "model/workspace/partitionrecord.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Backfill {

// A partition whose data looks incomplete, and why, for people.
struct PartitionFlag
{
    enum class Kind { Thin, Swollen, EmptyGap, DuplicateKeys, MissingUpdateKey, SchemaDrift };

    QString key;
    Kind kind = Kind::Thin;
    QString reason;

    // "thin", "swollen", "empty_gap", "duplicate_keys", "missing_update_key", "schema_drift"
    static QString kindName(Kind kind);
};

// The checks of an endpoint's pulled partitions. Against the neighbours: a partition with
// fewer than `low` or more than `high` times the median rows of its `neighbours` nearest pulled
// partitions (half before, half after, at least four of them), an empty partition between
// non-empty ones, and schema drift (columns that appear, disappear or change type against the
// previous partition with rows). Of the partition's own rows, as its pull found them
// (PartitionPull): records whose primary key came twice, and records without the update key.
struct PartitionChecks
{
    double low = 0.2;
    double high = 5.0;
    int neighbours = 14;

    // The endpoint's own thresholds (x-backfill.checks), these defaults where it says none or
    // says something the validator refuses.
    static PartitionChecks forEndpoint(const BackfillKeys &keys);
    // {"thin_below": 0.2, "swollen_above": 5, "neighbours": 14}, as the ledger keeps them for
    // `status` and `check` (PartitionLedger::saveEndpointChecks()); what is missing or out of
    // range reads as the default.
    QJsonObject toJson() const;
    static PartitionChecks fromJson(const QJsonObject &json);

    friend bool operator==(const PartitionChecks &, const PartitionChecks &) = default;

    // `records` in time order; only succeeded and empty ones are judged and count as neighbours
    // (an open one is still being written).
    QList<PartitionFlag> flags(const QList<PartitionRecord> &records) const;
};

} // namespace Backfill
