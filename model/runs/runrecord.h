#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Backfill {

// How a run ended. Running while it goes on; Interrupted when the process died under it and the
// ledger found it on recovery.
enum class RunOutcome { Running, Succeeded, Failed, Cancelled, Interrupted };

inline QString runOutcomeName(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Running:
        return QStringLiteral("running");
    case RunOutcome::Succeeded:
        return QStringLiteral("succeeded");
    case RunOutcome::Failed:
        return QStringLiteral("failed");
    case RunOutcome::Cancelled:
        return QStringLiteral("cancelled");
    case RunOutcome::Interrupted:
        return QStringLiteral("interrupted");
    }
    return {};
}

inline std::optional<RunOutcome> runOutcomeFromName(const QString &text)
{
    for (const RunOutcome outcome : {RunOutcome::Running, RunOutcome::Succeeded, RunOutcome::Failed,
                                     RunOutcome::Cancelled, RunOutcome::Interrupted}) {
        if (runOutcomeName(outcome) == text)
            return outcome;
    }
    return std::nullopt;
}

inline QString displayName(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Running:
        return QCoreApplication::translate("Backfill", "Running");
    case RunOutcome::Succeeded:
        return QCoreApplication::translate("Backfill", "Succeeded");
    case RunOutcome::Failed:
        return QCoreApplication::translate("Backfill", "Failed");
    case RunOutcome::Cancelled:
        return QCoreApplication::translate("Backfill", "Cancelled");
    case RunOutcome::Interrupted:
        return QCoreApplication::translate("Backfill", "Interrupted");
    }
    return {};
}

// What a run was asked to do, fixed when it starts.
struct RunInfo
{
    QString startedBy; // "gui", "headless", or a user name: whoever launched it
    QString specName;
    QStringList endpoints;
    QString range;       // the range text as typed, e.g. "[2024-01-01...2024-01-31], 2024-03-*"
    QJsonObject options; // only failed and missing, concurrency overrides, ...

    friend bool operator==(const RunInfo &, const RunInfo &) = default;
};

// Partition totals of a run; partitions that succeeded with zero rows count as empty, not succeeded.
struct RunCounts
{
    int partitions = 0;
    int succeeded = 0;
    int empty = 0;
    int failed = 0;
    qint64 rows = 0;
    qint64 bytes = 0;

    friend bool operator==(const RunCounts &, const RunCounts &) = default;
};

struct RunRecord
{
    qint64 id = -1;
    RunInfo info;
    QDateTime startedAt;  // UTC
    QDateTime finishedAt; // UTC; invalid while running or after an interruption
    RunCounts counts;
    RunOutcome outcome = RunOutcome::Running;

    friend bool operator==(const RunRecord &, const RunRecord &) = default;
};

} // namespace Backfill
