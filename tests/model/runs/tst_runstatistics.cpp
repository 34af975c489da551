// RunStatistics: counts, per-second samples, rates and ETA from engine events, on an injected clock.
#include "model/runs/runstatistics.h"

#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
EngineEvent makeEvent(EngineEvent::Kind kind, qint64 rows = 0, int httpStatus = 200)
{
    EngineEvent e;
    e.kind = kind;
    e.rows = rows;
    e.httpStatus = httpStatus;
    e.partition = u"2024-01-01"_s;
    return e;
}
} // namespace

class TestRunStatistics : public QObject
{
    Q_OBJECT

private slots:
    void countsEventsPerSecond();
    void etaFollowsThePaceOfFinishedPartitions();
    void advanceAddsQuietSeconds();
    void recentRatesRollOverWholeSeconds();
    void startClearsTheLastRun();
    void finishingOnceNoPartitionIsLeft();

private:
    qint64 m_now = 0;
};

void TestRunStatistics::countsEventsPerSecond()
{
    m_now = 5000; // the clock does not start at 0
    RunStatistics statistics([this] { return m_now; });
    statistics.start(4);
    using Kind = EngineEvent::Kind;
    statistics.addEvent(makeEvent(Kind::RunStarted));
    statistics.addEvent(makeEvent(Kind::PageFetched, 500));
    statistics.addEvent(makeEvent(Kind::Retry, 0, 429));
    m_now += 1500;
    statistics.addEvent(makeEvent(Kind::PageFetched, 250));
    statistics.addEvent(makeEvent(Kind::Retry, 0, 500));
    statistics.addEvent(makeEvent(Kind::PartitionSucceeded, 750));
    statistics.addEvent(makeEvent(Kind::PartitionFailed));

    QCOMPARE(statistics.rows(), 750);
    QCOMPARE(statistics.requests(), 4);
    QCOMPARE(statistics.retries(), 2);
    QCOMPARE(statistics.rateLimited(), 1);
    QCOMPARE(statistics.done(), 2);
    QCOMPARE(statistics.failed(), 1);
    QCOMPARE(statistics.elapsedMs(), 1500);
    QCOMPARE(statistics.rowsPerSecond(), 500.0);
    const QList<RunSample> expected{{0, 500, 2, 1, 1, 0}, {1, 250, 2, 1, 0, 2}};
    QCOMPARE(statistics.samples(), expected);
}

void TestRunStatistics::etaFollowsThePaceOfFinishedPartitions()
{
    RunStatistics statistics([this] { return m_now; });
    m_now = 0;
    statistics.start(4);
    QCOMPARE(statistics.etaMs(), std::nullopt); // nothing finished: no pace yet
    m_now = 10'000;
    statistics.addEvent(makeEvent(EngineEvent::Kind::PartitionSucceeded, 10));
    QCOMPARE(statistics.etaMs(), 30'000); // 3 left at 10 s each
    m_now = 20'000;
    statistics.addEvent(makeEvent(EngineEvent::Kind::PartitionSucceeded, 10));
    statistics.addEvent(makeEvent(EngineEvent::Kind::PartitionFailed));
    statistics.addEvent(makeEvent(EngineEvent::Kind::PartitionSucceeded, 10));
    QCOMPARE(statistics.etaMs(), std::nullopt); // all done
}

void TestRunStatistics::advanceAddsQuietSeconds()
{
    RunStatistics statistics([this] { return m_now; });
    m_now = 0;
    statistics.start(2);
    statistics.addEvent(makeEvent(EngineEvent::Kind::PartitionSucceeded, 10));
    m_now = 3200;
    statistics.advance();
    QCOMPARE(statistics.samples().size(), 4);
    QCOMPARE(statistics.samples().at(3).second, 3);
    QCOMPARE(statistics.samples().at(3).requests, 0);
    QCOMPARE(statistics.samples().at(3).partitionsDone, 1); // carried over
}

void TestRunStatistics::recentRatesRollOverWholeSeconds()
{
    RunStatistics statistics([this] { return m_now; });
    m_now = 0;
    statistics.start(10);
    statistics.addEvent(makeEvent(EngineEvent::Kind::PageFetched, 600));
    m_now = 500;
    QCOMPARE(statistics.recentRowsPerSecond(), 1200.0); // no whole second yet: the average
    for (int second = 1; second <= 6; ++second) {
        m_now = second * 1000;
        for (int page = 0; page < second; ++page)
            statistics.addEvent(makeEvent(EngineEvent::Kind::PageFetched, 100));
    }
    m_now = 6500;
    // Seconds 1 to 5 had 1 to 5 pages of 100 rows; second 6 is not whole yet.
    QCOMPARE(statistics.recentRowsPerSecond(5), 300.0);
    QCOMPARE(statistics.recentRequestsPerSecond(5), 3.0);
    QCOMPARE(statistics.recentRowsPerSecond(2), 450.0);
    QCOMPARE(statistics.recentRowsPerSecond(60), (600.0 + 1500.0) / 6);
}

void TestRunStatistics::startClearsTheLastRun()
{
    RunStatistics statistics([this] { return m_now; });
    m_now = 0;
    statistics.start(2);
    statistics.addEvent(makeEvent(EngineEvent::Kind::PageFetched, 10));
    m_now = 9000;
    statistics.start(3);
    QCOMPARE(statistics.rows(), 0);
    QCOMPARE(statistics.requests(), 0);
    QCOMPARE(statistics.partitions(), 3);
    QCOMPARE(statistics.elapsedMs(), 0);
    QVERIFY(statistics.samples().isEmpty());
}

void TestRunStatistics::finishingOnceNoPartitionIsLeft()
{
    RunStatistics statistics([this] { return m_now; });
    m_now = 0;
    statistics.start(2);
    statistics.addEvent(makeEvent(EngineEvent::Kind::PartitionSucceeded, 10));
    statistics.addEvent(makeEvent(EngineEvent::Kind::PartitionSucceeded, 10));
    QVERIFY(!statistics.finishing()); // all done, but the engine has not said it is finishing
    statistics.addEvent(makeEvent(EngineEvent::Kind::Finishing));
    QVERIFY(statistics.finishing());
    QCOMPARE(statistics.done(), 2);
    statistics.start(1);
    QVERIFY(!statistics.finishing());
}

QTEST_GUILESS_MAIN(TestRunStatistics)
#include "tst_runstatistics.moc"
