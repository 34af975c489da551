// The partition ledger's state around the partitions: checkpoints, sync state, recovery of interrupted work,
// runs and their bounded events.
#include "tests/model/workspace/partitionledgerfixture.h"

#include "model/workspace/workspacetransaction.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestPartitionLedgerState final : public PartitionLedgerFixture
{
    Q_OBJECT

private slots:
    void checkpointRoundTrip();
    void syncStateRoundTrip();
    void recoversInterruptedWork();
    void runsRoundTrip();
    void eventsRoundTrip();
    void eventsAreBounded();
    void eventsAreBoundedByDefault();
};

void TestPartitionLedgerState::checkpointRoundTrip()
{
    const qint64 id = endpoint();
    const QString key = u"2024-01-05"_s;
    QVERIFY(m_ledger->markRunning(id, key));
    QCOMPARE(m_ledger->checkpoint(id, key), QJsonObject());
    QVERIFY(!m_ledger->partition(id, key)->hasCheckpoint);

    const QJsonObject checkpoint = {
        {u"cursor"_s, u"eyJpZCI6NDJ9"_s},
        {u"page"_s, 3},
        {u"state"_s, QJsonObject{{u"offset"_s, 300}, {u"done"_s, false}}},
    };
    QVERIFY(m_ledger->saveCheckpoint(id, key, checkpoint));
    QCOMPARE(m_ledger->checkpoint(id, key), checkpoint);
    QVERIFY(m_ledger->partition(id, key)->hasCheckpoint);

    // A failed partition keeps its checkpoint to resume from; a succeeded one drops it.
    QVERIFY(m_ledger->markFailed(id, key, 502, u"Bad Gateway"_s));
    QCOMPARE(m_ledger->checkpoint(id, key), checkpoint);
    QVERIFY(m_ledger->markRunning(id, key));
    QCOMPARE(m_ledger->checkpoint(id, key), checkpoint);
    QVERIFY(m_ledger->markSucceeded(id, key, {4, 400, 1}));
    QCOMPARE(m_ledger->checkpoint(id, key), QJsonObject());
    QVERIFY(!m_ledger->partition(id, key)->hasCheckpoint);

    QVERIFY(m_ledger->saveCheckpoint(id, key, {{u"page"_s, 1}}));
    QVERIFY(m_ledger->saveCheckpoint(id, key, {}));
    QVERIFY(!m_ledger->partition(id, key)->hasCheckpoint);
}

void TestPartitionLedgerState::syncStateRoundTrip()
{
    const qint64 daily = endpoint(u"daily"_s);
    const qint64 monthly = endpoint(u"monthly"_s);
    QCOMPARE(m_ledger->syncState(daily), QJsonObject());
    const QJsonObject first = {{u"last_date"_s, u"2024-01-31"_s}, {u"ids"_s, QJsonArray{1, 2, 3}}};
    QVERIFY(m_ledger->saveSyncState(daily, first));
    QCOMPARE(m_ledger->syncState(daily), first);
    QCOMPARE(m_ledger->syncState(monthly), QJsonObject());

    const QJsonObject second = {{u"last_date"_s, u"2024-02-29"_s}};
    QVERIFY(m_ledger->saveSyncState(daily, second));
    QCOMPARE(m_ledger->syncState(daily), second); // replaced, not merged

    QVERIFY(!m_ledger->saveSyncState(monthly + 100, second)); // no such endpoint
}

void TestPartitionLedgerState::recoversInterruptedWork()
{
    const qint64 id = endpoint();
    setStatus(id, u"2024-01-01"_s, PartitionStatus::Running);
    QVERIFY(m_ledger->saveCheckpoint(id, u"2024-01-01"_s, {{u"page"_s, 7}}));
    setStatus(id, u"2024-01-02"_s, PartitionStatus::Queued);
    setStatus(id, u"2024-01-03"_s, PartitionStatus::Failed);
    QVERIFY(m_ledger->markQueued(id, {u"2024-01-03"_s})); // a retry queued before the crash
    setStatus(id, u"2024-01-04"_s, PartitionStatus::Succeeded);
    const qint64 running = m_ledger->startRun({u"gui"_s, u"analytics"_s, {u"daily_events"_s}, u"2024-01-*"_s, {}});
    const qint64 finished = m_ledger->startRun({u"gui"_s, u"analytics"_s, {u"daily_events"_s}, u"2023-12-*"_s, {}});
    QVERIFY(m_ledger->finishRun(finished, {}, RunOutcome::Cancelled));

    // As after a restart: a new workspace object on the same file.
    m_ledger.reset();
    m_workspace = std::make_unique<Workspace>();
    QVERIFY(m_workspace->open(m_dir->filePath(u"workspace.sqlite"_s)));
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace, [this] { return m_now; });

    QCOMPARE(m_ledger->recoverInterrupted(), 3);
    const QString interrupted = u"Interrupted: the run stopped before this partition finished"_s;
    const PartitionRecord wasRunning = *m_ledger->partition(id, u"2024-01-01"_s);
    QCOMPARE(wasRunning.status, PartitionStatus::Failed);
    QCOMPARE(wasRunning.lastError, interrupted);
    QCOMPARE(wasRunning.attempts, 1);
    QCOMPARE(m_ledger->checkpoint(id, u"2024-01-01"_s), (QJsonObject{{u"page"_s, 7}}));
    QCOMPARE(m_ledger->partition(id, u"2024-01-02"_s)->status, PartitionStatus::Missing);
    QCOMPARE(m_ledger->partition(id, u"2024-01-03"_s)->status, PartitionStatus::Failed);
    QCOMPARE(m_ledger->partition(id, u"2024-01-03"_s)->lastError, interrupted);
    QCOMPARE(m_ledger->partition(id, u"2024-01-04"_s)->status, PartitionStatus::Succeeded);
    QCOMPARE(m_ledger->run(running)->outcome, RunOutcome::Interrupted);
    QCOMPARE(m_ledger->run(finished)->outcome, RunOutcome::Cancelled);

    QCOMPARE(m_ledger->recoverInterrupted(), 0);
    QCOMPARE(m_ledger->nextToRun(id, {u"2024-01-01"_s, u"2024-01-02"_s}, PartitionLedger::Order::Oldest, -1),
             (QStringList{u"2024-01-01"_s, u"2024-01-02"_s}));
}

void TestPartitionLedgerState::runsRoundTrip()
{
    QVERIFY(m_ledger->listRuns().isEmpty());
    const RunInfo info{u"gui"_s,
                       u"analytics"_s,
                       {u"daily_events"_s, u"hourly_events"_s},
                       u"[2024-01-01...2024-01-31], 2024-03-*"_s,
                       {{u"onlyFailedAndMissing"_s, true}, {u"concurrency"_s, 4}}};
    const QDateTime started = m_now;
    const qint64 first = m_ledger->startRun(info);
    QVERIFY(first > 0);

    RunRecord run = *m_ledger->run(first);
    QCOMPARE(run.id, first);
    QCOMPARE(run.info, info);
    QCOMPARE(run.startedAt, started);
    QVERIFY(!run.finishedAt.isValid());
    QCOMPARE(run.outcome, RunOutcome::Running);
    QCOMPARE(run.counts, RunCounts());

    const RunCounts progress{62, 10, 1, 2, 1200, 64000};
    QVERIFY(m_ledger->updateRunCounts(first, progress));
    QCOMPARE(m_ledger->run(first)->counts, progress);

    m_now = m_now.addSecs(600);
    const RunCounts done{62, 58, 2, 2, 7000, 380000};
    QVERIFY(m_ledger->finishRun(first, done, RunOutcome::Failed));
    run = *m_ledger->run(first);
    QCOMPARE(run.counts, done);
    QCOMPARE(run.outcome, RunOutcome::Failed);
    QCOMPARE(run.finishedAt, started.addSecs(600));

    const qint64 second = m_ledger->startRun({u"headless"_s, u"sales"_s, {u"monthly"_s}, u"2024-*"_s, {}});
    QVERIFY(second > first);
    const QList<RunRecord> runs = m_ledger->listRuns();
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(0).id, second); // newest first
    QCOMPARE(runs.at(0).info.startedBy, u"headless"_s);
    QCOMPARE(runs.at(1).id, first);
    QCOMPARE(m_ledger->listRuns(1).size(), 1);

    QVERIFY(!m_ledger->finishRun(second + 100, done, RunOutcome::Succeeded));
    QCOMPARE(m_ledger->lastError(), u"Cannot update run %1: no such run"_s.arg(second + 100));
    QVERIFY(!m_ledger->run(second + 100));
}

void TestPartitionLedgerState::eventsRoundTrip()
{
    const qint64 run = m_ledger->startRun({u"gui"_s, u"analytics"_s, {}, {}, {}});
    QVERIFY(m_ledger->appendEvent(run, EventLevel::Info, {}, u"Run started"_s));
    m_now = m_now.addSecs(1);
    const QJsonObject data = {{u"status"_s, 429}, {u"retryAfter"_s, 2}};
    QVERIFY(m_ledger->appendEvent(run, EventLevel::Warning, u"2024-01-05"_s, u"Rate limited"_s, data));
    QVERIFY(m_ledger->appendEvent(run, EventLevel::Error, u"2024-01-06"_s, u"Service Unavailable"_s));

    const QList<RunEvent> events = m_ledger->events(run);
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).message, u"Run started"_s);
    QCOMPARE(events.at(0).partitionKey, QString());
    QCOMPARE(events.at(1).runId, run);
    QCOMPARE(events.at(1).level, EventLevel::Warning);
    QCOMPARE(events.at(1).partitionKey, u"2024-01-05"_s);
    QCOMPARE(events.at(1).data, data);
    QCOMPARE(events.at(1).at, m_now);
    QVERIFY(events.at(0).id < events.at(1).id);

    const QList<RunEvent> tail = m_ledger->events(run, events.at(0).id, 1);
    QCOMPARE(tail.size(), 1);
    QCOMPARE(tail.first().message, u"Rate limited"_s);

    QVERIFY(!m_ledger->appendEvent(run + 100, EventLevel::Info, {}, u"orphan"_s));
    QVERIFY(m_ledger->lastError().contains(u"FOREIGN KEY"_s));
}

void TestPartitionLedgerState::eventsAreBounded()
{
    m_ledger->setEventRetention(50, 10);
    const qint64 run = m_ledger->startRun({u"gui"_s, u"analytics"_s, {}, {}, {}});
    const qint64 quiet = m_ledger->startRun({u"gui"_s, u"analytics"_s, {}, {}, {}});
    for (int i = 0; i < 205; ++i) {
        QVERIFY(m_ledger->appendEvent(run, EventLevel::Info, {}, u"event %1"_s.arg(i)));
        if (i % 40 == 0)
            QVERIFY(m_ledger->appendEvent(quiet, EventLevel::Info, {}, u"quiet %1"_s.arg(i)));
        QVERIFY(m_ledger->events(run).size() <= 59);
    }
    QList<RunEvent> events = m_ledger->events(run);
    QCOMPARE(events.last().message, u"event 204"_s); // the newest are the ones kept
    QVERIFY(events.size() >= 50);

    QVERIFY(m_ledger->finishRun(run, {}, RunOutcome::Succeeded));
    events = m_ledger->events(run);
    QCOMPARE(events.size(), 50);
    QCOMPARE(events.first().message, u"event 155"_s);
    QCOMPARE(events.last().message, u"event 204"_s);
    QCOMPARE(m_ledger->events(quiet).size(), 6);
}

void TestPartitionLedgerState::eventsAreBoundedByDefault()
{
    QCOMPARE(m_ledger->eventsKept(), 10'000);
    const qint64 run = m_ledger->startRun({u"headless"_s, u"analytics"_s, {}, {}, {}});
    WorkspaceTransaction transaction(*m_workspace); // one commit instead of 10,500
    QVERIFY(transaction.isActive());
    for (int i = 0; i < 10'499; ++i)
        QVERIFY(m_ledger->appendEvent(run, EventLevel::Debug, u"2024-01-01"_s, u"page %1"_s.arg(i)));
    QCOMPARE(m_ledger->events(run).size(), 10'499); // no trim has had more than 10,000 to cut
    QVERIFY(m_ledger->appendEvent(run, EventLevel::Debug, u"2024-01-01"_s, u"page 10499"_s));
    QVERIFY(transaction.commit());
    const QList<RunEvent> events = m_ledger->events(run);
    QCOMPARE(events.size(), 10'000);
    QCOMPARE(events.first().message, u"page 500"_s);
}

QTEST_GUILESS_MAIN(TestPartitionLedgerState)
#include "tst_partitionledger_state.moc"
