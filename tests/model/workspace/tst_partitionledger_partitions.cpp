// The partition ledger's partitions: status names and transitions, endpoints and specs, queueing, counts,
// key lookups and the order of the next partitions to run.
#include "tests/model/workspace/partitionledgerfixture.h"

#include "model/workspace/workspacetransaction.h"

#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

Q_DECLARE_METATYPE(Backfill::PartitionLedger::Order)

class TestPartitionLedgerPartitions final : public PartitionLedgerFixture
{
    Q_OBJECT

private slots:
    void statusNames_data();
    void statusNames();
    void endpointsAreStable();
    void specsRoundTrip();
    void statusTransitions();
    void succeededWithoutRowsIsEmpty();
    void updatesNeedAStartedPartition();
    void successCommitsWithTheWritersTransaction();
    void queueingIsAtomic();
    void countsByStatus();
    void partitionsOfDayAndMonth();
    void keyPrefixIsLiteral();
    void nextToRun_data();
    void nextToRun();
    void nextToRunKeepsSelectionOrder();
};

void TestPartitionLedgerPartitions::statusNames_data()
{
    QTest::addColumn<PartitionStatus>("status");
    QTest::addColumn<QString>("name");
    QTest::addRow("missing") << PartitionStatus::Missing << u"missing"_s;
    QTest::addRow("queued") << PartitionStatus::Queued << u"queued"_s;
    QTest::addRow("running") << PartitionStatus::Running << u"running"_s;
    QTest::addRow("succeeded") << PartitionStatus::Succeeded << u"succeeded"_s;
    QTest::addRow("failed") << PartitionStatus::Failed << u"failed"_s;
    QTest::addRow("empty") << PartitionStatus::Empty << u"empty"_s;
}

void TestPartitionLedgerPartitions::statusNames()
{
    QFETCH(PartitionStatus, status);
    QFETCH(QString, name);
    QCOMPARE(partitionStatusName(status), name);
    QCOMPARE(partitionStatusFromName(name), status);
    QCOMPARE(partitionStatusFromName(name.toUpper()), std::nullopt);
    QVERIFY(!displayName(status).isEmpty());
}

void TestPartitionLedgerPartitions::endpointsAreStable()
{
    const qint64 daily = endpoint(u"daily_events"_s);
    const qint64 monthly = endpoint(u"monthly_sales"_s);
    QVERIFY(daily > 0);
    QVERIFY(monthly > 0);
    QVERIFY(daily != monthly);
    QCOMPARE(endpoint(u"daily_events"_s), daily);
    QCOMPARE(m_ledger->endpointId(u"analytics"_s, u"monthly_sales"_s), monthly);
    QCOMPARE(m_ledger->endpointId(u"other"_s, u"daily_events"_s), -1);
    QVERIFY(m_ledger->ensureEndpoint(u"other"_s, u"daily_events"_s) != daily);
}

void TestPartitionLedgerPartitions::specsRoundTrip()
{
    QVERIFY(m_ledger->specs().isEmpty());
    QVERIFY(m_ledger->saveSpec(u"sales"_s, u"name: sales\n"_s));
    QVERIFY(m_ledger->saveSpec(u"analytics"_s, u"name: analytics\n"_s));
    m_now = m_now.addSecs(60);
    const QString edited = u"name: sales\ndescription: \"Q1 'orders'\"\n"_s;
    QVERIFY(m_ledger->saveSpec(u"sales"_s, edited));

    const QList<SpecRecord> specs = m_ledger->specs();
    QCOMPARE(specs.size(), 2);
    QCOMPARE(specs.at(0).name, u"analytics"_s);
    QCOMPARE(specs.at(1), (SpecRecord{u"sales"_s, edited, m_now}));
    QCOMPARE(m_ledger->spec(u"sales"_s)->yaml, edited);
    QVERIFY(!m_ledger->spec(u"none"_s));
}

void TestPartitionLedgerPartitions::statusTransitions()
{
    const qint64 id = endpoint();
    const QString key = u"2024-01-05"_s;
    QVERIFY(!m_ledger->partition(id, key));

    QVERIFY(m_ledger->markQueued(id, {key}));
    PartitionRecord record = *m_ledger->partition(id, key);
    QCOMPARE(record.status, PartitionStatus::Queued);
    QCOMPARE(record.attempts, 0);
    QVERIFY(!record.startedAt.isValid());

    const QDateTime firstStart = m_now;
    QVERIFY(m_ledger->markRunning(id, key));
    QVERIFY(m_ledger->recordProgress(id, key, {1, 100, 2048}, 200));
    m_now = m_now.addSecs(2);
    QVERIFY(m_ledger->recordError(id, key, 429, u"Too Many Requests"_s));
    record = *m_ledger->partition(id, key);
    QCOMPARE(record.status, PartitionStatus::Running);
    QCOMPARE(record.attempts, 1);
    QCOMPARE(record.counts.pages, 1);
    QCOMPARE(record.counts.rows, 100);
    QCOMPARE(record.counts.bytes, 2048);
    QCOMPARE(record.httpStatus, 429);
    QCOMPARE(record.lastError, u"Too Many Requests"_s);
    QCOMPARE(record.startedAt, firstStart);
    QVERIFY(!record.finishedAt.isValid());
    QCOMPARE(record.durationMs(), -1);

    m_now = m_now.addSecs(3);
    QVERIFY(m_ledger->markFailed(id, key, 503, u"Service Unavailable"_s));
    record = *m_ledger->partition(id, key);
    QCOMPARE(record.status, PartitionStatus::Failed);
    QCOMPARE(record.httpStatus, 503);
    QCOMPARE(record.lastError, u"Service Unavailable"_s);
    QCOMPARE(record.finishedAt, firstStart.addSecs(5));
    QCOMPARE(record.durationMs(), 5000);

    m_now = m_now.addSecs(60);
    const QDateTime secondStart = m_now;
    QVERIFY(m_ledger->markRunning(id, key));
    record = *m_ledger->partition(id, key);
    QCOMPARE(record.status, PartitionStatus::Running);
    QCOMPARE(record.attempts, 2);
    QCOMPARE(record.startedAt, secondStart);
    QVERIFY(!record.finishedAt.isValid());
    QCOMPARE(record.lastError, u"Service Unavailable"_s); // until this attempt reports its own

    QVERIFY(m_ledger->recordProgress(id, key, {3, 250, 9000}, 200));
    m_now = m_now.addMSecs(1500);
    QVERIFY(m_ledger->markSucceeded(id, key, {3, 250, 9000}));
    record = *m_ledger->partition(id, key);
    QCOMPARE(record.status, PartitionStatus::Succeeded);
    QCOMPARE(record.attempts, 2);
    QCOMPARE(record.counts.rows, 250);
    QCOMPARE(record.httpStatus, 200); // 0 passed: the recorded one stays
    QCOMPARE(record.lastError, QString());
    QCOMPARE(record.durationMs(), 1500);
}

void TestPartitionLedgerPartitions::succeededWithoutRowsIsEmpty()
{
    const qint64 id = endpoint();
    QVERIFY(m_ledger->markRunning(id, u"2024-01-01"_s));
    QVERIFY(m_ledger->markSucceeded(id, u"2024-01-01"_s, {1, 0, 2}, 200));
    const PartitionRecord record = *m_ledger->partition(id, u"2024-01-01"_s);
    QCOMPARE(record.status, PartitionStatus::Empty);
    QCOMPARE(record.counts.pages, 1);
    QCOMPARE(record.httpStatus, 200);

    // Marking a partition that has no row yet creates it (headless runs do not queue first).
    QVERIFY(m_ledger->markFailed(id, u"2024-01-02"_s, 0, u"Connection refused"_s));
    QCOMPARE(m_ledger->partition(id, u"2024-01-02"_s)->status, PartitionStatus::Failed);
    QCOMPARE(m_ledger->partition(id, u"2024-01-02"_s)->attempts, 1);
}

void TestPartitionLedgerPartitions::updatesNeedAStartedPartition()
{
    const qint64 id = endpoint();
    QVERIFY(!m_ledger->recordProgress(id, u"2024-01-01"_s, {1, 1, 1}, 200));
    QCOMPARE(m_ledger->lastError(),
             u"Cannot record the progress of the partition '2024-01-01': it has not been started"_s);
    QVERIFY(!m_ledger->recordError(id, u"2024-01-01"_s, 500, u"x"_s));
    QVERIFY(!m_ledger->saveCheckpoint(id, u"2024-01-01"_s, {{u"page"_s, 2}}));
    QVERIFY(!m_ledger->partition(id, u"2024-01-01"_s));
}

void TestPartitionLedgerPartitions::successCommitsWithTheWritersTransaction()
{
    // The target writer commits a partition's last rows and its success in one transaction: if
    // that transaction rolls back (crash, disk full), the partition is still running, not done.
    const qint64 id = endpoint();
    QVERIFY(m_ledger->markRunning(id, u"2024-01-05"_s));
    QVERIFY(m_ledger->saveCheckpoint(id, u"2024-01-05"_s, {{u"page"_s, 2}}));
    {
        WorkspaceTransaction writer(*m_workspace);
        QVERIFY(writer.isActive());
        QVERIFY(m_ledger->markSucceeded(id, u"2024-01-05"_s, {3, 300, 1}));
        QCOMPARE(m_ledger->partition(id, u"2024-01-05"_s)->status, PartitionStatus::Succeeded);
        writer.rollback();
    }
    QCOMPARE(m_ledger->partition(id, u"2024-01-05"_s)->status, PartitionStatus::Running);
    QCOMPARE(m_ledger->checkpoint(id, u"2024-01-05"_s), (QJsonObject{{u"page"_s, 2}}));
    {
        WorkspaceTransaction writer(*m_workspace);
        QVERIFY(m_ledger->markSucceeded(id, u"2024-01-05"_s, {3, 300, 1}));
        QVERIFY(writer.commit());
    }
    QCOMPARE(m_ledger->partition(id, u"2024-01-05"_s)->status, PartitionStatus::Succeeded);
}

void TestPartitionLedgerPartitions::queueingIsAtomic()
{
    const qint64 id = endpoint();
    QVERIFY(m_ledger->markQueued(id, {u"2024-01-01"_s, u"2024-01-02"_s}));
    QCOMPARE(m_ledger->partitions(id).size(), 2);
    // An unknown endpoint fails on the first key; nothing of the call is kept.
    QVERIFY(!m_ledger->markQueued(id + 100, {u"2024-01-03"_s}));
    QVERIFY(m_ledger->lastError().startsWith(u"Cannot queue 1 partitions: FOREIGN KEY"_s));
    QCOMPARE(m_ledger->partitions(id + 100).size(), 0);
}

void TestPartitionLedgerPartitions::countsByStatus()
{
    const qint64 id = endpoint();
    const qint64 other = endpoint(u"other"_s);
    setStatus(id, u"2024-01-01"_s, PartitionStatus::Succeeded);
    setStatus(id, u"2024-01-02"_s, PartitionStatus::Succeeded);
    setStatus(id, u"2024-01-03"_s, PartitionStatus::Failed);
    setStatus(id, u"2024-01-04"_s, PartitionStatus::Empty);
    setStatus(id, u"2024-01-05"_s, PartitionStatus::Running);
    setStatus(id, u"2024-01-06"_s, PartitionStatus::Queued);
    // Outside the selection, or of another endpoint: not counted.
    setStatus(id, u"2023-12-31"_s, PartitionStatus::Failed);
    setStatus(id, u"2024-01-11"_s, PartitionStatus::Failed);
    setStatus(other, u"2024-01-07"_s, PartitionStatus::Failed);

    QStringList keys;
    for (int day = 1; day <= 10; ++day)
        keys.append(QDate(2024, 1, day).toString(Qt::ISODate));
    keys.append(u"2024-01-01"_s); // twice: counts once

    const QHash<PartitionStatus, int> counts = m_ledger->countsByStatus(id, keys);
    QCOMPARE(counts.size(), 7); // every status, Open too
    QCOMPARE(counts.value(PartitionStatus::Open), 0);
    QCOMPARE(counts.value(PartitionStatus::Succeeded), 2);
    QCOMPARE(counts.value(PartitionStatus::Failed), 1);
    QCOMPARE(counts.value(PartitionStatus::Empty), 1);
    QCOMPARE(counts.value(PartitionStatus::Running), 1);
    QCOMPARE(counts.value(PartitionStatus::Queued), 1);
    QCOMPARE(counts.value(PartitionStatus::Missing), 4); // 7th to 10th

    const QHash<PartitionStatus, int> none = m_ledger->countsByStatus(id, {});
    QCOMPARE(none.value(PartitionStatus::Missing), 0);
    QCOMPARE(none.size(), 7);
}

void TestPartitionLedgerPartitions::partitionsOfDayAndMonth()
{
    const qint64 hourly = endpoint(u"hourly"_s);
    const qint64 daily = endpoint(u"daily"_s);
    QStringList hours = {u"2024-01-04T23"_s, u"2024-01-06T00"_s};
    for (int hour = 0; hour < 24; ++hour)
        hours.append(u"2024-01-05T%1"_s.arg(hour, 2, 10, QLatin1Char('0')));
    QVERIFY(m_ledger->markQueued(hourly, hours));
    QStringList days = {u"2023-12-31"_s, u"2024-02-01"_s};
    for (int day = 31; day >= 1; --day)
        days.append(QDate(2024, 1, day).toString(Qt::ISODate));
    QVERIFY(m_ledger->markQueued(daily, days));

    const QList<PartitionRecord> dayHours = m_ledger->partitions(hourly, u"2024-01-05"_s);
    QCOMPARE(dayHours.size(), 24);
    QCOMPARE(dayHours.first().key, u"2024-01-05T00"_s);
    QCOMPARE(dayHours.last().key, u"2024-01-05T23"_s);
    QCOMPARE(dayHours.first().status, PartitionStatus::Queued);
    QCOMPARE(dayHours.first().endpointId, hourly);

    const QList<PartitionRecord> monthDays = m_ledger->partitions(daily, u"2024-01"_s);
    QCOMPARE(monthDays.size(), 31);
    QCOMPARE(monthDays.first().key, u"2024-01-01"_s); // by key, whatever the insertion order
    QCOMPARE(monthDays.last().key, u"2024-01-31"_s);

    QCOMPARE(m_ledger->partitions(daily).size(), 33);
    QCOMPARE(m_ledger->partitions(daily, u"2024-03"_s).size(), 0);
}

void TestPartitionLedgerPartitions::keyPrefixIsLiteral()
{
    const qint64 id = endpoint();
    QVERIFY(m_ledger->markQueued(id, {u"a_1"_s, u"ab1"_s, u"a%1"_s, u"a"_s}));
    QCOMPARE(m_ledger->partitions(id, u"a_"_s).size(), 1);
    QCOMPARE(m_ledger->partitions(id, u"a%"_s).size(), 1);
    QCOMPARE(m_ledger->partitions(id, u"a"_s).size(), 4);
}

void TestPartitionLedgerPartitions::nextToRun_data()
{
    QTest::addColumn<PartitionLedger::Order>("order");
    QTest::addColumn<int>("limit");
    QTest::addColumn<bool>("includeDone");
    QTest::addColumn<QStringList>("expected");
    using Order = PartitionLedger::Order;
    // d1 succeeded, d2 failed, d3 missing, d4 empty, d5 failed, d6 running, d7 queued, d8 missing.
    QTest::addRow("oldest") << Order::Oldest << -1 << false << QStringList{u"d2"_s, u"d3"_s, u"d5"_s, u"d7"_s, u"d8"_s};
    QTest::addRow("newest") << Order::Newest << -1 << false << QStringList{u"d8"_s, u"d7"_s, u"d5"_s, u"d3"_s, u"d2"_s};
    QTest::addRow("failed first") << Order::FailedFirst << -1 << false
                                  << QStringList{u"d2"_s, u"d5"_s, u"d3"_s, u"d8"_s, u"d7"_s};
    QTest::addRow("failed first, limit 3")
        << Order::FailedFirst << 3 << false << QStringList{u"d2"_s, u"d5"_s, u"d3"_s};
    QTest::addRow("newest, limit 2") << Order::Newest << 2 << false << QStringList{u"d8"_s, u"d7"_s};
    QTest::addRow("limit 0") << Order::Oldest << 0 << false << QStringList{};
    QTest::addRow("oldest with done") << Order::Oldest << -1 << true
                                      << QStringList{u"d1"_s, u"d2"_s, u"d3"_s, u"d4"_s, u"d5"_s, u"d7"_s, u"d8"_s};
    QTest::addRow("failed first with done")
        << Order::FailedFirst << -1 << true
        << QStringList{u"d2"_s, u"d5"_s, u"d3"_s, u"d8"_s, u"d1"_s, u"d4"_s, u"d7"_s};
}

void TestPartitionLedgerPartitions::nextToRun()
{
    QFETCH(PartitionLedger::Order, order);
    QFETCH(int, limit);
    QFETCH(bool, includeDone);
    QFETCH(QStringList, expected);

    const qint64 id = endpoint();
    setStatus(id, u"d1"_s, PartitionStatus::Succeeded);
    setStatus(id, u"d2"_s, PartitionStatus::Failed);
    setStatus(id, u"d4"_s, PartitionStatus::Empty);
    setStatus(id, u"d5"_s, PartitionStatus::Failed);
    setStatus(id, u"d6"_s, PartitionStatus::Running);
    setStatus(id, u"d7"_s, PartitionStatus::Queued);
    setStatus(id, u"d0"_s, PartitionStatus::Failed); // not selected

    const QStringList selection = {u"d1"_s, u"d2"_s, u"d3"_s, u"d4"_s, u"d5"_s, u"d6"_s, u"d7"_s, u"d8"_s, u"d2"_s};
    QCOMPARE(m_ledger->nextToRun(id, selection, order, limit, includeDone), expected);
}

void TestPartitionLedgerPartitions::nextToRunKeepsSelectionOrder()
{
    // Numeric blocks do not sort as strings; the selection's order is the one that counts.
    const qint64 id = endpoint();
    const QStringList blocks = {u"9000-9999"_s, u"10000-10999"_s, u"11000-11999"_s};
    setStatus(id, u"10000-10999"_s, PartitionStatus::Failed);
    QCOMPARE(m_ledger->nextToRun(id, blocks, PartitionLedger::Order::Oldest, -1), blocks);
    QCOMPARE(m_ledger->nextToRun(id, blocks, PartitionLedger::Order::Newest, 1), QStringList{u"11000-11999"_s});
    QCOMPARE(m_ledger->nextToRun(id, blocks, PartitionLedger::Order::FailedFirst, -1),
             (QStringList{u"10000-10999"_s, u"9000-9999"_s, u"11000-11999"_s}));
}

QTEST_GUILESS_MAIN(TestPartitionLedgerPartitions)
#include "tst_partitionledger_partitions.moc"
