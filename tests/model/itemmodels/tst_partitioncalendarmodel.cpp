// PartitionCalendarModel: the cells of a calendar (days, hours summed into days, weeks,
// months, numeric blocks) from a real workspace's ledger, under QAbstractItemModelTester,
// and single-partition updates that touch one row.
#include "model/itemmodels/partitioncalendarmodel.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Backfill;

namespace {
// A scheme as wide as the runner's, so keys and indexes are those the range language uses.
PartitionScheme wideScheme(PartitionScheme::Grain grain)
{
    return PartitionScheme::forDates(grain, QDate(1970, 1, 1), QDate(2099, 12, 31));
}

PartitionStatus statusAt(const QAbstractItemModel &model, int row)
{
    return model.index(row, 0).data(PartitionCalendarModel::StatusRole).value<PartitionStatus>();
}
} // namespace

class TestPartitionCalendarModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsDaysOfASpan();
    void sumsHoursIntoDays();
    void coloursWholeWeeksAndMonths_data();
    void coloursWholeWeeksAndMonths();
    void showsNumericBlocks();
    void combinesStatuses_data();
    void combinesStatuses();
    void updatesOneRowPerPartitionChange();
    void ignoresOtherEndpointsAndPartitionsOutsideTheSpan();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<PartitionLedger> m_ledger;
    std::unique_ptr<PartitionCalendarModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    qint64 m_endpoint = -1;
    int m_tick = 0; // the ledger's clock: a second per call
};

void TestPartitionCalendarModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestPartitionCalendarModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_workspace = std::make_unique<Workspace>();
    QString error;
    QVERIFY2(m_workspace->open(m_dir->filePath(u"calendar.sqlite"_s), &error), qPrintable(error));
    const QDateTime start(QDate(2024, 2, 1), QTime(10, 0), QTimeZone::utc());
    m_tick = 0;
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace, [this, start] { return start.addSecs(m_tick++); });
    m_endpoint = m_ledger->ensureEndpoint(u"Analytics"_s, u"daily_events"_s);
    QVERIFY(m_endpoint >= 0);
    m_model = std::make_unique<PartitionCalendarModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestPartitionCalendarModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_ledger.reset();
    m_workspace.reset();
    m_dir.reset();
}

void TestPartitionCalendarModel::showsDaysOfASpan()
{
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-02"_s));
    QVERIFY(m_ledger->markSucceeded(m_endpoint, u"2024-01-02"_s, {3, 120, 4000}, 200));
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-03"_s));
    QVERIFY(m_ledger->markFailed(m_endpoint, u"2024-01-03"_s, 500, u"Internal Server Error"_s));
    QVERIFY(m_ledger->markQueued(m_endpoint, {u"2024-01-04"_s}));
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2023-12-31"_s)); // outside the span

    QSignalSpy counts(m_model.get(), &PartitionCalendarModel::statusCountsChanged);
    m_model->setEndpoint(m_ledger.get(), m_endpoint, wideScheme(PartitionScheme::Grain::Daily));
    m_model->setSpan(QDate(2024, 1, 1), QDate(2024, 1, 31));
    QCOMPARE(m_model->rowCount(), 31);
    QVERIFY(counts.count() >= 1);
    QCOMPARE(m_model->index(0, 0).data(PartitionCalendarModel::KeyRole).toString(), u"2024-01-01"_s);
    QCOMPARE(m_model->index(30, 0).data(Qt::DisplayRole).toString(), u"2024-01-31"_s);
    QCOMPARE(statusAt(*m_model, 0), PartitionStatus::Missing);
    QCOMPARE(statusAt(*m_model, 1), PartitionStatus::Succeeded);
    QCOMPARE(statusAt(*m_model, 2), PartitionStatus::Failed);
    QCOMPARE(statusAt(*m_model, 3), PartitionStatus::Queued);

    const QModelIndex succeeded = m_model->index(1, 0);
    QCOMPARE(succeeded.data(PartitionCalendarModel::RowsRole).toLongLong(), 120);
    QCOMPARE(succeeded.data(PartitionCalendarModel::PagesRole).toLongLong(), 3);
    QCOMPARE(succeeded.data(PartitionCalendarModel::AttemptsRole).toInt(), 1);
    QCOMPARE(succeeded.data(PartitionCalendarModel::DoneShareRole).toDouble(), 1.0);
    const QModelIndex failed = m_model->index(2, 0);
    QCOMPARE(failed.data(PartitionCalendarModel::LastErrorRole).toString(), u"Internal Server Error"_s);
    QCOMPARE(failed.data(PartitionCalendarModel::HttpStatusRole).toInt(), 500);
    QVERIFY(failed.data(Qt::ToolTipRole).toString().contains(u"Last error (HTTP 500): Internal Server Error"_s));

    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Succeeded), 1);
    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Failed), 1);
    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Queued), 1);
    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Running), 0); // 2023-12-31 is not shown
    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Missing), 28);
    // ...but its record is known, for selections reaching outside the span.
    QCOMPARE(m_model->record(u"2023-12-31"_s).status, PartitionStatus::Running);
    QCOMPARE(m_model->rowForDate(QDate(2024, 1, 15)), 14);
    QCOMPARE(m_model->rowForDate(QDate(2024, 2, 1)), -1);
}

void TestPartitionCalendarModel::sumsHoursIntoDays()
{
    for (int hour = 0; hour < 6; ++hour) {
        const QString key = u"2024-03-05T%1"_s.arg(hour, 2, 10, QLatin1Char('0'));
        QVERIFY(m_ledger->markRunning(m_endpoint, key));
        QVERIFY(m_ledger->markSucceeded(m_endpoint, key, {1, 10, 100}));
    }
    m_model->setEndpoint(m_ledger.get(), m_endpoint, wideScheme(PartitionScheme::Grain::Hourly));
    m_model->setSpan(QDate(2024, 3, 1), QDate(2024, 3, 31));
    QCOMPARE(m_model->rowCount(), 31);
    const QModelIndex day = m_model->index(m_model->rowForDate(QDate(2024, 3, 5)), 0);
    QCOMPARE(day.data(PartitionCalendarModel::KeyRole).toString(), u"2024-03-05"_s);
    QCOMPARE(day.data(PartitionCalendarModel::PartitionCountRole).toInt(), 24);
    QCOMPARE(day.data(PartitionCalendarModel::DoneCountRole).toInt(), 6);
    QCOMPARE(day.data(PartitionCalendarModel::DoneShareRole).toDouble(), 0.25);
    QCOMPARE(day.data(PartitionCalendarModel::RowsRole).toLongLong(), 60);
    QCOMPARE(day.data(PartitionCalendarModel::StatusRole).value<PartitionStatus>(), PartitionStatus::Missing);
    QCOMPARE(m_model->recordsOfRow(day.row()).size(), 24);
    QCOMPARE(m_model->recordsOfRow(day.row()).at(6).key, u"2024-03-05T06"_s);
    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Succeeded), 6);
    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Missing), 31 * 24 - 6);
}

void TestPartitionCalendarModel::coloursWholeWeeksAndMonths_data()
{
    QTest::addColumn<PartitionScheme::Grain>("grain");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<QDate>("day"); // a day inside `key`
    QTest::addRow("weeks") << PartitionScheme::Grain::Weekly << u"2024-W02"_s
                           << QStringList{u"2024-W01"_s, u"2024-W02"_s, u"2024-W03"_s, u"2024-W04"_s, u"2024-W05"_s}
                           << QDate(2024, 1, 14);
    QTest::addRow("months") << PartitionScheme::Grain::Monthly << u"2024-01"_s << QStringList{u"2024-01"_s}
                            << QDate(2024, 1, 20);
}

void TestPartitionCalendarModel::coloursWholeWeeksAndMonths()
{
    QFETCH(PartitionScheme::Grain, grain);
    QFETCH(QString, key);
    QFETCH(QStringList, cells);
    QFETCH(QDate, day);
    QVERIFY(m_ledger->markRunning(m_endpoint, key));
    QVERIFY(m_ledger->markSucceeded(m_endpoint, key, {1, 5, 50}));
    m_model->setEndpoint(m_ledger.get(), m_endpoint, wideScheme(grain));
    m_model->setSpan(QDate(2024, 1, 1), QDate(2024, 1, 31));
    QStringList keys;
    for (int row = 0; row < m_model->rowCount(); ++row)
        keys << m_model->index(row, 0).data(PartitionCalendarModel::KeyRole).toString();
    QCOMPARE(keys, cells);
    const int row = m_model->rowForDate(day);
    QCOMPARE(keys.value(row), key);
    QCOMPARE(statusAt(*m_model, row), PartitionStatus::Succeeded);
    const QDate first = m_model->index(row, 0).data(PartitionCalendarModel::FirstDateRole).toDate();
    const QDate last = m_model->index(row, 0).data(PartitionCalendarModel::LastDateRole).toDate();
    QVERIFY(first <= day && day <= last);
    QCOMPARE(m_model->rowForDate(first), row);
    QCOMPARE(m_model->rowForDate(last), row);
}

void TestPartitionCalendarModel::showsNumericBlocks()
{
    QVERIFY(m_ledger->markRunning(m_endpoint, u"11000-11999"_s));
    QVERIFY(m_ledger->markSucceeded(m_endpoint, u"11000-11999"_s, {2, 0, 10}));
    const PartitionScheme scheme = PartitionScheme::forNumbers(0, PartitionScheme::MaxNumber, 1000);
    m_model->setEndpoint(m_ledger.get(), m_endpoint, scheme);
    m_model->setIndexSpan(10, 14);
    QCOMPARE(m_model->rowCount(), 5);
    QCOMPARE(m_model->index(0, 0).data(PartitionCalendarModel::KeyRole).toString(), u"10000-10999"_s);
    QCOMPARE(statusAt(*m_model, 1), PartitionStatus::Empty);
    QCOMPARE(m_model->rowForIndex(11), 1);
    QCOMPARE(m_model->rowForIndex(20), -1);
    QCOMPARE(m_model->rowForDate(QDate(2024, 1, 1)), -1);
}

void TestPartitionCalendarModel::combinesStatuses_data()
{
    QTest::addColumn<QList<PartitionStatus>>("statuses");
    QTest::addColumn<int>("partitions");
    QTest::addColumn<PartitionStatus>("expected");
    using S = PartitionStatus;
    QTest::addRow("none run") << QList<S>{} << 24 << S::Missing;
    QTest::addRow("partly done") << QList<S>{S::Succeeded, S::Succeeded} << 24 << S::Missing;
    QTest::addRow("all done") << QList<S>{S::Succeeded, S::Empty} << 2 << S::Succeeded;
    QTest::addRow("all empty") << QList<S>{S::Empty, S::Empty} << 2 << S::Empty;
    QTest::addRow("one failed") << QList<S>{S::Succeeded, S::Failed, S::Running} << 3 << S::Failed;
    QTest::addRow("running over queued") << QList<S>{S::Queued, S::Running} << 24 << S::Running;
    QTest::addRow("queued") << QList<S>{S::Queued, S::Succeeded} << 2 << S::Queued;
}

void TestPartitionCalendarModel::combinesStatuses()
{
    QFETCH(QList<PartitionStatus>, statuses);
    QFETCH(int, partitions);
    QFETCH(PartitionStatus, expected);
    QHash<PartitionStatus, int> counts;
    for (const PartitionStatus status : statuses)
        ++counts[status];
    counts[PartitionStatus::Missing] += partitions - int(statuses.size());
    QCOMPARE(PartitionCalendarModel::cellStatus(counts, partitions), expected);
}

void TestPartitionCalendarModel::updatesOneRowPerPartitionChange()
{
    m_model->setEndpoint(m_ledger.get(), m_endpoint, wideScheme(PartitionScheme::Grain::Hourly));
    m_model->setSpan(QDate(2024, 1, 1), QDate(2024, 1, 31));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy counts(m_model.get(), &PartitionCalendarModel::statusCountsChanged);

    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-10T05"_s));
    m_model->updatePartition(*m_ledger->partition(m_endpoint, u"2024-01-10T05"_s));
    QCOMPARE(changed.count(), 1);
    const int row = m_model->rowForDate(QDate(2024, 1, 10));
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), row);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), row);
    QCOMPARE(statusAt(*m_model, row), PartitionStatus::Running);
    QCOMPARE(counts.count(), 1);
    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Running), 1);

    QVERIFY(m_ledger->markFailed(m_endpoint, u"2024-01-10T05"_s, 429, u"Too Many Requests"_s));
    m_model->updatePartition(*m_ledger->partition(m_endpoint, u"2024-01-10T05"_s));
    QCOMPARE(statusAt(*m_model, row), PartitionStatus::Failed);
    QCOMPARE(m_model->index(row, 0).data(PartitionCalendarModel::LastErrorRole).toString(), u"Too Many Requests"_s);
    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Running), 0);
    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Failed), 1);

    // A progress report that keeps the status changes the cell but not the counts.
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-10T05"_s));
    m_model->updatePartition(*m_ledger->partition(m_endpoint, u"2024-01-10T05"_s));
    QVERIFY(m_ledger->recordProgress(m_endpoint, u"2024-01-10T05"_s, {2, 40, 800}, 200));
    const int countsBefore = int(counts.count());
    m_model->updatePartition(*m_ledger->partition(m_endpoint, u"2024-01-10T05"_s));
    QCOMPARE(counts.count(), countsBefore);
    QCOMPARE(m_model->index(row, 0).data(PartitionCalendarModel::RowsRole).toLongLong(), 40);
    QCOMPARE(changed.count(), 4);
    QCOMPARE(reset.count(), 0);
}

void TestPartitionCalendarModel::ignoresOtherEndpointsAndPartitionsOutsideTheSpan()
{
    m_model->setEndpoint(m_ledger.get(), m_endpoint, wideScheme(PartitionScheme::Grain::Daily));
    m_model->setSpan(QDate(2024, 1, 1), QDate(2024, 1, 31));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    const qint64 other = m_ledger->ensureEndpoint(u"Analytics"_s, u"other"_s);
    QVERIFY(m_ledger->markRunning(other, u"2024-01-05"_s));
    m_model->updatePartition(*m_ledger->partition(other, u"2024-01-05"_s));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(statusAt(*m_model, 4), PartitionStatus::Missing);

    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-06-05"_s));
    m_model->updatePartition(*m_ledger->partition(m_endpoint, u"2024-06-05"_s));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_model->record(u"2024-06-05"_s).status, PartitionStatus::Running);
    QCOMPARE(m_model->statusCounts().value(PartitionStatus::Running), 0);
}

QTEST_GUILESS_MAIN(TestPartitionCalendarModel)
#include "tst_partitioncalendarmodel.moc"
