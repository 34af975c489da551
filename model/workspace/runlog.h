#pragma once

#include "model/runs/eventlevel.h"
#include "model/runs/runevent.h"
#include "model/runs/runrecord.h"
#include "model/workspace/ledgerstore.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace Backfill {

class Workspace;

// The runs of the workspace, each with what started it, its counts and outcome, and its
// bounded event log: what the Run tab shows live and History shows later. Writes are bound
// statements on the workspace's connection, so an event logged inside a WorkspaceTransaction
// commits with it. PartitionLedger extends it with the partitions those runs fetch.
class RunLog : public LedgerStore
{
public:
    // The newest events kept per run, and how many inserts pass between two trims.
    static constexpr int DefaultEventsKept = 10'000;
    static constexpr int DefaultEventTrimInterval = 500;

    // `clock` gives "now" in UTC for timestamps; empty means the system clock.
    explicit RunLog(Workspace &workspace, std::function<QDateTime()> clock = {});

    // Runs, newest first in listRuns(); limit < 0 lists all.
    qint64 startRun(const RunInfo &info); // -1 on failure
    bool updateRunCounts(qint64 runId, const RunCounts &counts);
    bool finishRun(qint64 runId, const RunCounts &counts, RunOutcome outcome);
    std::optional<RunRecord> run(qint64 runId) const;
    QList<RunRecord> listRuns(int limit = -1) const;

    // A run's log, trimmed to the newest eventsKept() every trim interval and when the run
    // finishes (so between trims it may hold up to eventsKept() + interval - 1).
    bool appendEvent(qint64 runId, EventLevel level, const QString &partitionKey, const QString &message,
                     const QJsonObject &data = {});
    // Events with id > afterId in insertion order, at most `limit` (< 0: all).
    QList<RunEvent> events(qint64 runId, qint64 afterId = 0, int limit = -1) const;
    void setEventRetention(int eventsKept, int trimInterval);
    int eventsKept() const;

private:
    bool trimEvents(qint64 runId);

    int m_eventsKept = DefaultEventsKept;
    int m_eventTrimInterval = DefaultEventTrimInterval;
    QHash<qint64, int> m_eventsSinceTrim; // per run
};

} // namespace Backfill
