#pragma once

#include <QCoreApplication>
#include <QHashFunctions>
#include <QString>

#include <optional>

namespace Backfill {

// The state of one partition of an endpoint, as the calendar colours it and the ledger stores it.
// Empty is a success that brought zero rows: kept apart so a user can tell "nothing there" from "loaded".
// Open is a pull of a period that had not ended (today, this hour) or not settled yet: what the
// API had then, pulled again by the next run until the period has ended plus the endpoint's settle.
enum class PartitionStatus { Missing, Queued, Running, Succeeded, Failed, Empty, Open };

inline constexpr PartitionStatus AllPartitionStatuses[] = {
    PartitionStatus::Missing,   PartitionStatus::Queued, PartitionStatus::Running, PartitionStatus::Open,
    PartitionStatus::Succeeded, PartitionStatus::Failed, PartitionStatus::Empty,
};

// The stable lower-case names stored in the workspace and written in JSON events ("missing", ...).
// Not called toString(): QTest finds a Backfill::toString by ADL and expects it to return char *.
inline QString partitionStatusName(PartitionStatus status)
{
    switch (status) {
    case PartitionStatus::Missing:
        return QStringLiteral("missing");
    case PartitionStatus::Queued:
        return QStringLiteral("queued");
    case PartitionStatus::Running:
        return QStringLiteral("running");
    case PartitionStatus::Succeeded:
        return QStringLiteral("succeeded");
    case PartitionStatus::Failed:
        return QStringLiteral("failed");
    case PartitionStatus::Empty:
        return QStringLiteral("empty");
    case PartitionStatus::Open:
        return QStringLiteral("open");
    }
    return {};
}

inline std::optional<PartitionStatus> partitionStatusFromName(const QString &text)
{
    for (const PartitionStatus status : AllPartitionStatuses) {
        if (partitionStatusName(status) == text)
            return status;
    }
    return std::nullopt;
}

// The name a user reads in tables and legends.
inline QString displayName(PartitionStatus status)
{
    switch (status) {
    case PartitionStatus::Missing:
        return QCoreApplication::translate("Backfill", "Missing");
    case PartitionStatus::Queued:
        return QCoreApplication::translate("Backfill", "Queued");
    case PartitionStatus::Running:
        return QCoreApplication::translate("Backfill", "Running");
    case PartitionStatus::Succeeded:
        return QCoreApplication::translate("Backfill", "Succeeded");
    case PartitionStatus::Failed:
        return QCoreApplication::translate("Backfill", "Failed");
    case PartitionStatus::Empty:
        return QCoreApplication::translate("Backfill", "Empty");
    case PartitionStatus::Open:
        return QCoreApplication::translate("Backfill", "Open");
    }
    return {};
}

// Finished partitions that a plain "run the selection" leaves alone (not Open ones: they are
// pulled again).
inline bool isDone(PartitionStatus status)
{
    return status == PartitionStatus::Succeeded || status == PartitionStatus::Empty;
}

// Qt 6.4 has no qHash for scoped enums; QHash<PartitionStatus, int> needs one.
inline size_t qHash(PartitionStatus status, size_t seed = 0) noexcept
{
    return ::qHash(static_cast<int>(status), seed);
}

} // namespace Backfill
