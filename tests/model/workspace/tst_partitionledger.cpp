#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "model/workspace/workspacetransaction.h"

#include <QJsonArray>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Backfill;

Q_DECLARE_METATYPE(Backfill::PartitionLedger::Order)

class TestPartitionLedger final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

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
    void checkpointRoundTrip();
    void syncStateRoundTrip();
    void recoversInterruptedWork();
    void runsRoundTrip();
    void eventsRoundTrip();
    void eventsAreBounded();
    void eventsAreBoundedByDefault();

private:
    qint64 endpoint(const QString &name = u"daily_events"_s);
    void setStatus(qint64 endpointId, const QString &key, PartitionStatus status);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<PartitionLedger> m_ledger;
    QDateTime m_now;
};

void TestPartitionLedger::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestPartitionLedger::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_workspace = std::make_unique<Workspace>();
    QString error;
    QVERIFY2(m_workspace->open(m_dir->filePath(u"workspace.sqlite"_s), &error), qPrintable(error));
    m_now = QDateTime(QDate(2024, 2, 1), QTime(9, 30), Qt::UTC);
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace, [this] { return m_now; });
}

void TestPartitionLedger::cleanup()
{
    m_ledger.reset();
    m_workspace.reset();
    m_dir.reset();
}

qint64 TestPartitionLedger::endpoint(const QString &name)
{
    return m_ledger->ensureEndpoint(u"analytics"_s, name);
}

// Brings a partition to `status` through the calls the engine makes.
void TestPartitionLedger::setStatus(qint64 endpointId, const QString &key, PartitionStatus status)
{
    switch (status) {
    case PartitionStatus::Missing:
        return;
    case PartitionStatus::Queued:
        QVERIFY(m_ledger->markQueued(endpointId, {key}));
        return;
    case PartitionStatus::Running:
        QVERIFY(m_ledger->markRunning(endpointId, key));
        return;
    case PartitionStatus::Succeeded:
        QVERIFY(m_ledger->markRunning(endpointId, key));
        QVERIFY(m_ledger->markSucceeded(endpointId, key, {1, 10, 100}, 200));
        return;
    case PartitionStatus::Failed:
        QVERIFY(m_ledger->markRunning(endpointId, key));
        QVERIFY(m_ledger->markFailed(endpointId, key, 500, u"Internal Server Error"_s));
        return;
    case PartitionStatus::Empty:
        QVERIFY(m_ledger->markRunning(endpointId, key));
        QVERIFY(m_ledger->markSucceeded(endpointId, key, {1, 0, 2}, 200));
        return;
    }
}

void TestPartitionLedger::statusNames_data()
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

void TestPartitionLedger::statusNames()
{
    QFETCH(PartitionStatus, status);
    QFETCH(QString, name);
    QCOMPARE(partitionStatusName(status), name);
    QCOMPARE(partitionStatusFromName(name), status);
    QCOMPARE(partitionStatusFromName(name.toUpper()), std::nullopt);
    QVERIFY(!displayName(status).isEmpty());
}

void TestPartitionLedger::endpointsAreStable()
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

void TestPartitionLedger::specsRoundTrip()
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

void TestPartitionLedger::statusTransitions()
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

void TestPartitionLedger::succeededWithoutRowsIsEmpty()
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

void TestPartitionLedger::updatesNeedAStartedPartition()
{
    const qint64 id = endpoint();
    QVERIFY(!m_ledger->recordProgress(id, u"2024-01-01"_s, {1, 1, 1}, 200));
    QCOMPARE(m_ledger->lastError(),
             u"Cannot record the progress of the partition '2024-01-01': it has not been started"_s);
    QVERIFY(!m_ledger->recordError(id, u"2024-01-01"_s, 500, u"x"_s));
    QVERIFY(!m_ledger->saveCheckpoint(id, u"2024-01-01"_s, {{u"page"_s, 2}}));
    QVERIFY(!m_ledger->partition(id, u"2024-01-01"_s));
}

void TestPartitionLedger::successCommitsWithTheWritersTransaction()
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

void TestPartitionLedger::queueingIsAtomic()
{
    const qint64 id = endpoint();
    QVERIFY(m_ledger->markQueued(id, {u"2024-01-01"_s, u"2024-01-02"_s}));
    QCOMPARE(m_ledger->partitions(id).size(), 2);
    // An unknown endpoint fails on the first key; nothing of the call is kept.
    QVERIFY(!m_ledger->markQueued(id + 100, {u"2024-01-03"_s}));
    QVERIFY(m_ledger->lastError().startsWith(u"Cannot queue 1 partitions: FOREIGN KEY"_s));
    QCOMPARE(m_ledger->partitions(id + 100).size(), 0);
}

void TestPartitionLedger::countsByStatus()
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
    QCOMPARE(counts.size(), 6);
    QCOMPARE(counts.value(PartitionStatus::Succeeded), 2);
    QCOMPARE(counts.value(PartitionStatus::Failed), 1);
    QCOMPARE(counts.value(PartitionStatus::Empty), 1);
    QCOMPARE(counts.value(PartitionStatus::Running), 1);
    QCOMPARE(counts.value(PartitionStatus::Queued), 1);
    QCOMPARE(counts.value(PartitionStatus::Missing), 4); // 7th to 10th

    const QHash<PartitionStatus, int> none = m_ledger->countsByStatus(id, {});
    QCOMPARE(none.value(PartitionStatus::Missing), 0);
    QCOMPARE(none.size(), 6);
}

void TestPartitionLedger::partitionsOfDayAndMonth()
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

void TestPartitionLedger::keyPrefixIsLiteral()
{
    const qint64 id = endpoint();
    QVERIFY(m_ledger->markQueued(id, {u"a_1"_s, u"ab1"_s, u"a%1"_s, u"a"_s}));
    QCOMPARE(m_ledger->partitions(id, u"a_"_s).size(), 1);
    QCOMPARE(m_ledger->partitions(id, u"a%"_s).size(), 1);
    QCOMPARE(m_ledger->partitions(id, u"a"_s).size(), 4);
}

void TestPartitionLedger::nextToRun_data()
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

void TestPartitionLedger::nextToRun()
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

void TestPartitionLedger::nextToRunKeepsSelectionOrder()
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

void TestPartitionLedger::checkpointRoundTrip()
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

void TestPartitionLedger::syncStateRoundTrip()
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

void TestPartitionLedger::recoversInterruptedWork()
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

void TestPartitionLedger::runsRoundTrip()
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

void TestPartitionLedger::eventsRoundTrip()
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

void TestPartitionLedger::eventsAreBounded()
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

void TestPartitionLedger::eventsAreBoundedByDefault()
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

QTEST_GUILESS_MAIN(TestPartitionLedger)
#include "tst_partitionledger.moc"
