#pragma once

#include "model/runs/engineevent.h"

#include <QElapsedTimer>
#include <QList>

#include <functional>
#include <optional>

namespace Backfill {

// What happened in one second of a run: the counts of that second, and the partitions
// finished by its end.
struct RunSample
{
    int second = 0; // since the run started
    qint64 rows = 0;
    int requests = 0;
    int retries = 0;
    int rateLimited = 0;    // 429 answers
    int partitionsDone = 0; // cumulative

    friend bool operator==(const RunSample &, const RunSample &) = default;
};

// Counts a run's progress from the engine's events: partitions done and failed, rows,
// requests, retries and 429s, one sample per second for the live chart, rates and the ETA.
// Shared by the studio's run panel and the headless runner's progress line.
class RunStatistics final
{
public:
    // Milliseconds on a monotonic clock; empty: a QElapsedTimer started by start().
    using Clock = std::function<qint64()>;

    explicit RunStatistics(Clock clock = {});
    Q_DISABLE_COPY_MOVE(RunStatistics)

    // Clears everything and counts a run of `partitions` from now.
    void start(int partitions);
    void addEvent(const EngineEvent &event);
    // Adds the empty seconds up to now, so a chart moves on while nothing arrives.
    void advance();

    int partitions() const { return m_partitions; }
    int done() const { return m_done; } // succeeded, empty or failed
    // Nothing more is fetched (all done, or cancelled): the last rows, then the indexes.
    bool finishing() const { return m_finishing; }
    int failed() const { return m_failed; }
    qint64 rows() const { return m_rows; }
    int requests() const { return m_requests; }
    int retries() const { return m_retries; }
    int rateLimited() const { return m_rateLimited; }
    qint64 elapsedMs() const;

    // Averages over the whole run.
    double rowsPerSecond() const;
    double requestsPerSecond() const;
    // Rolling rates over the last `seconds` whole seconds (the current, partial one left out);
    // the averages until a second has passed.
    double recentRowsPerSecond(int seconds = 5) const;
    double recentRequestsPerSecond(int seconds = 5) const;
    // Time left, from the pace of finished partitions; nullopt before the first one finishes
    // and once all are done.
    std::optional<qint64> etaMs() const;

    // One sample per second from second 0 to the last advance() or event.
    const QList<RunSample> &samples() const { return m_samples; }

private:
    RunSample &sampleNow();
    // The sum of the last `seconds` whole seconds; nullopt before the first one is whole.
    std::optional<RunSample> recent(int seconds) const;

    Clock m_clock;
    QElapsedTimer m_timer;
    qint64 m_startMs = 0;
    int m_partitions = 0;
    int m_done = 0;
    bool m_finishing = false;
    int m_failed = 0;
    qint64 m_rows = 0;
    int m_requests = 0;
    int m_retries = 0;
    int m_rateLimited = 0;
    QList<RunSample> m_samples;
};

} // namespace Backfill
