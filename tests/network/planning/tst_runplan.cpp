// The run plan shared by `backfill plan` and the calendar: which selected partitions run, and
// the requests and time they take under the endpoint's rate and concurrency.
#include "network/planning/runplan.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

namespace {
PartitionRecord finished(const QString &key, PartitionStatus status, qint64 pages, qint64 ms)
{
    PartitionRecord record;
    record.key = key;
    record.status = status;
    record.counts.pages = pages;
    record.startedAt = QDateTime(QDate(2024, 1, 1), QTime(0, 0), QTimeZone::utc());
    record.finishedAt = record.startedAt.addMSecs(ms);
    return record;
}
} // namespace

class TestRunPlan : public QObject
{
    Q_OBJECT

private slots:
    void estimates_data();
    void estimates();
    void skipsDoneAndRunningPartitions();
};

void TestRunPlan::estimates_data()
{
    QTest::addColumn<qint64>("partitions");
    QTest::addColumn<QList<PartitionRecord>>("history");
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("concurrency");
    QTest::addColumn<qint64>("requests");
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<bool>("learned");

    const QList<PartitionRecord> none;
    // Defaults: one page of 300 ms per partition.
    QTest::addRow("defaults, one at a time") << qint64(10) << none << 0.0 << 1 << qint64(10) << qint64(3000) << false;
    QTest::addRow("defaults, 4 at a time") << qint64(10) << none << 0.0 << 4 << qint64(10) << qint64(900) << false;
    // The rate is slower than the concurrency: 10 requests at 2/s.
    QTest::addRow("rate limited") << qint64(10) << none << 2.0 << 4 << qint64(10) << qint64(5000) << false;
    // Learned from finished partitions (failed and unfinished ones teach nothing): 3 pages of
    // 1.5 s on average; a partition of no pages counts as one.
    const QList<PartitionRecord> history{
        finished(u"a"_s, PartitionStatus::Succeeded, 4, 2000), finished(u"b"_s, PartitionStatus::Empty, 0, 1000),
        finished(u"c"_s, PartitionStatus::Succeeded, 4, 1500), finished(u"d"_s, PartitionStatus::Failed, 50, 90000)};
    QTest::addRow("learned") << qint64(5) << history << 0.0 << 2 << qint64(15) << qint64(4500) << true;
    QTest::addRow("learned, rate limited") << qint64(5) << history << 1.0 << 2 << qint64(15) << qint64(15000) << true;
    QTest::addRow("nothing") << qint64(0) << history << 1.0 << 2 << qint64(0) << qint64(0) << true;
}

void TestRunPlan::estimates()
{
    QFETCH(qint64, partitions);
    QFETCH(QList<PartitionRecord>, history);
    QFETCH(double, rate);
    QFETCH(int, concurrency);
    EndpointProgram program;
    program.rate = rate;
    program.iterateConcurrency = concurrency;
    const RunEstimate estimate = estimateRun(program, partitions, history);
    QTEST(estimate.requests, "requests");
    QTEST(estimate.ms, "ms");
    QTEST(estimate.learned, "learned");
}

void TestRunPlan::skipsDoneAndRunningPartitions()
{
    const QList<PartitionPlan> selected{{u"2024-01-01"_s, u"2024-01-01"_s},
                                        {u"2024-01-02"_s, u"2024-01-02"_s},
                                        {u"2024-01-03"_s, u"2024-01-03"_s},
                                        {u"2024-01-04"_s, u"2024-01-04"_s},
                                        {u"2024-01-05"_s, u"2024-01-05"_s}};
    QHash<QString, PartitionRecord> records;
    records.insert(u"2024-01-02"_s, finished(u"2024-01-02"_s, PartitionStatus::Succeeded, 2, 1000));
    records.insert(u"2024-01-03"_s, finished(u"2024-01-03"_s, PartitionStatus::Failed, 1, 10));
    records.insert(u"2024-01-04"_s, finished(u"2024-01-04"_s, PartitionStatus::Running, 1, 10));
    records.insert(u"2024-01-05"_s, finished(u"2024-01-05"_s, PartitionStatus::Empty, 0, 1000));

    const auto keys = [](const QList<PartitionPlan> &plans) {
        QStringList result;
        for (const PartitionPlan &plan : plans)
            result << plan.key;
        return result;
    };
    QCOMPARE(keys(partitionsToRun(selected, records)), (QStringList{u"2024-01-01"_s, u"2024-01-03"_s}));
    QCOMPARE(keys(partitionsToRun(selected, records, true)),
             (QStringList{u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-03"_s, u"2024-01-05"_s}));

    EndpointProgram program;
    const RunPlan plan =
        planRun(program, selected.size(), partitionsToRun(selected, records), records, records.values());
    QCOMPARE(plan.selected, 5);
    QCOMPARE(plan.toRun.size(), 2);
    QCOMPARE(plan.byStatus.value(PartitionStatus::Missing), 1);
    QCOMPARE(plan.byStatus.value(PartitionStatus::Failed), 1);
    QCOMPARE(plan.byStatus.value(PartitionStatus::Succeeded), 0);
    // 2 and 0 pages (counted as 1): 1.5 pages, so 3 requests for 2 partitions.
    QCOMPARE(plan.estimate.requests, 3);
}

QTEST_GUILESS_MAIN(TestRunPlan)
#include "tst_runplan.moc"
