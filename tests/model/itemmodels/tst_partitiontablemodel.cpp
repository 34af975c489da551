#include "model/itemmodels/partitiontablemodel.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestPartitionTableModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheLedgerRows();
    void headers();
    void rolesGiveRawValues();
    void keyPrefixShowsOneDay();
    void updateChangesOneRow();
    void updateInsertsInKeyOrder();
    void updateIgnoresOtherPartitions();
    void refreshResets();
    void switchingEndpointResets();

private:
    QString display(int row, int column) const;
    PartitionRecord stored(const QString &key) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<PartitionLedger> m_ledger;
    std::unique_ptr<PartitionTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QDateTime m_now;
    qint64 m_endpoint = -1;
};

void TestPartitionTableModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // Times show in local time: a fixed zone one hour east of UTC, without tzdata.
    qputenv("TZ", "CET-1");
    QLocale::setDefault(QLocale::c());
}

void TestPartitionTableModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_workspace = std::make_unique<Workspace>();
    QVERIFY(m_workspace->open(m_dir->filePath(u"workspace.sqlite"_s)));
    m_now = QDateTime(QDate(2024, 2, 1), QTime(9, 30), Qt::UTC);
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace, [this] { return m_now; });
    m_endpoint = m_ledger->ensureEndpoint(u"analytics"_s, u"daily_events"_s);

    // 2024-01-01 succeeded in 1.5 s, 2024-01-02 failed twice, 2024-01-04 queued.
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-01"_s));
    m_now = m_now.addMSecs(1500);
    QVERIFY(m_ledger->markSucceeded(m_endpoint, u"2024-01-01"_s, {3, 1250, 4096}, 200));
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-02"_s));
    QVERIFY(m_ledger->markFailed(m_endpoint, u"2024-01-02"_s, 503, u"Service Unavailable"_s));
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-02"_s));
    m_now = m_now.addSecs(185);
    QVERIFY(m_ledger->markFailed(m_endpoint, u"2024-01-02"_s, 503, u"Service Unavailable\nRetry-After: 30"_s));
    QVERIFY(m_ledger->markQueued(m_endpoint, {u"2024-01-04"_s}));

    m_model = std::make_unique<PartitionTableModel>(*m_ledger);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setEndpoint(m_endpoint);
}

void TestPartitionTableModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_ledger.reset();
    m_workspace.reset();
    m_dir.reset();
}

QString TestPartitionTableModel::display(int row, int column) const
{
    return m_model->index(row, column).data(Qt::DisplayRole).toString();
}

PartitionRecord TestPartitionTableModel::stored(const QString &key) const
{
    return m_ledger->partition(m_endpoint, key).value_or(PartitionRecord());
}

void TestPartitionTableModel::showsTheLedgerRows()
{
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->columnCount(), 11);

    QCOMPARE(display(0, PartitionTableModel::KeyColumn), u"2024-01-01"_s);
    QCOMPARE(display(0, PartitionTableModel::StatusColumn), u"Succeeded"_s);
    QCOMPARE(display(0, PartitionTableModel::AttemptsColumn), u"1"_s);
    QCOMPARE(display(0, PartitionTableModel::PagesColumn), u"3"_s);
    QCOMPARE(display(0, PartitionTableModel::RowsColumn), u"1250"_s);
    QCOMPARE(display(0, PartitionTableModel::BytesColumn), u"4.00 KiB"_s);
    QCOMPARE(display(0, PartitionTableModel::HttpStatusColumn), u"200"_s);
    QCOMPARE(display(0, PartitionTableModel::LastErrorColumn), QString());
    QCOMPARE(display(0, PartitionTableModel::StartedColumn), u"2024-02-01 10:30:00"_s); // 09:30 UTC
    QCOMPARE(display(0, PartitionTableModel::FinishedColumn), u"2024-02-01 10:30:01"_s);
    QCOMPARE(display(0, PartitionTableModel::DurationColumn), u"1.5 s"_s);

    QCOMPARE(display(1, PartitionTableModel::KeyColumn), u"2024-01-02"_s);
    QCOMPARE(display(1, PartitionTableModel::StatusColumn), u"Failed"_s);
    QCOMPARE(display(1, PartitionTableModel::AttemptsColumn), u"2"_s);
    QCOMPARE(display(1, PartitionTableModel::HttpStatusColumn), u"503"_s);
    QCOMPARE(display(1, PartitionTableModel::LastErrorColumn), u"Service Unavailable"_s);
    QCOMPARE(m_model->index(1, PartitionTableModel::LastErrorColumn).data(Qt::ToolTipRole).toString(),
             u"Service Unavailable\nRetry-After: 30"_s);
    QCOMPARE(display(1, PartitionTableModel::DurationColumn), u"3 min 05 s"_s);

    QCOMPARE(display(2, PartitionTableModel::KeyColumn), u"2024-01-04"_s);
    QCOMPARE(display(2, PartitionTableModel::StatusColumn), u"Queued"_s);
    QCOMPARE(display(2, PartitionTableModel::HttpStatusColumn), QString()); // none yet, not "0"
    QCOMPARE(display(2, PartitionTableModel::StartedColumn), QString());
    QCOMPARE(display(2, PartitionTableModel::DurationColumn), QString());

    QCOMPARE(m_model->index(0, PartitionTableModel::RowsColumn).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QVERIFY(!m_model->index(0, PartitionTableModel::KeyColumn).data(Qt::TextAlignmentRole).isValid());
}

void TestPartitionTableModel::headers()
{
    QStringList headers;
    for (int column = 0; column < m_model->columnCount(); ++column)
        headers.append(m_model->headerData(column, Qt::Horizontal).toString());
    QCOMPARE(headers, (QStringList{u"Partition"_s, u"Status"_s, u"Attempts"_s, u"Pages"_s, u"Rows"_s, u"Bytes"_s,
                                   u"HTTP status"_s, u"Last error"_s, u"Started"_s, u"Finished"_s, u"Duration"_s}));
}

void TestPartitionTableModel::rolesGiveRawValues()
{
    const QModelIndex failed = m_model->index(1, PartitionTableModel::DurationColumn);
    QCOMPARE(failed.data(PartitionTableModel::KeyRole).toString(), u"2024-01-02"_s);
    QCOMPARE(failed.data(PartitionTableModel::StatusRole).value<PartitionStatus>(), PartitionStatus::Failed);
    QCOMPARE(failed.data(PartitionTableModel::AttemptsRole).toInt(), 2);
    QCOMPARE(failed.data(PartitionTableModel::HttpStatusRole).toInt(), 503);
    QCOMPARE(failed.data(PartitionTableModel::DurationRole).toLongLong(), 185'000);
    QCOMPARE(failed.data(PartitionTableModel::SortRole).toLongLong(), 185'000);
    QCOMPARE(failed.data(PartitionTableModel::StartedRole).toDateTime(),
             QDateTime(QDate(2024, 2, 1), QTime(9, 30, 1, 500), Qt::UTC));
    const QModelIndex bytes = m_model->index(0, PartitionTableModel::BytesColumn);
    QCOMPARE(bytes.data(PartitionTableModel::SortRole).toLongLong(), 4096);
    QCOMPARE(bytes.data(PartitionTableModel::BytesRole).toLongLong(), 4096);
    QCOMPARE(m_model->record(1), stored(u"2024-01-02"_s));
    QCOMPARE(m_model->rowOfKey(u"2024-01-04"_s), 2);
    QCOMPARE(m_model->rowOfKey(u"2024-01-03"_s), -1);

    const QHash<int, QByteArray> names = m_model->roleNames();
    QCOMPARE(names.value(PartitionTableModel::StatusRole), "status");
    QCOMPARE(names.value(PartitionTableModel::KeyRole), "key");
    QCOMPARE(names.value(Qt::DisplayRole), "display");
}

void TestPartitionTableModel::keyPrefixShowsOneDay()
{
    const qint64 hourly = m_ledger->ensureEndpoint(u"analytics"_s, u"hourly_events"_s);
    QVERIFY(m_ledger->markQueued(hourly, {u"2024-01-05T00"_s, u"2024-01-05T01"_s, u"2024-01-06T00"_s}));
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setEndpoint(hourly, u"2024-01-05"_s);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(display(1, PartitionTableModel::KeyColumn), u"2024-01-05T01"_s);
    QCOMPARE(m_model->keyPrefix(), u"2024-01-05"_s);
    QCOMPARE(m_model->endpointId(), hourly);
}

void TestPartitionTableModel::updateChangesOneRow()
{
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-02"_s));
    QVERIFY(m_ledger->markSucceeded(m_endpoint, u"2024-01-02"_s, {2, 80, 1000}, 200));
    QVERIFY(m_model->updatePartition(stored(u"2024-01-02"_s)));

    QCOMPARE(changed.count(), 1);
    const QModelIndex topLeft = changed.first().at(0).toModelIndex();
    const QModelIndex bottomRight = changed.first().at(1).toModelIndex();
    QCOMPARE(topLeft, m_model->index(1, 0));
    QCOMPARE(bottomRight, m_model->index(1, PartitionTableModel::ColumnCount - 1));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(display(1, PartitionTableModel::StatusColumn), u"Succeeded"_s);
    QCOMPARE(display(1, PartitionTableModel::AttemptsColumn), u"3"_s);
    QCOMPARE(display(1, PartitionTableModel::LastErrorColumn), QString());

    // The same values again: nothing to repaint.
    QVERIFY(m_model->updatePartition(stored(u"2024-01-02"_s)));
    QCOMPARE(changed.count(), 1);
}

void TestPartitionTableModel::updateInsertsInKeyOrder()
{
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-03"_s));
    QVERIFY(m_model->updatePartition(stored(u"2024-01-03"_s)));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 2); // first
    QCOMPARE(inserted.first().at(2).toInt(), 2); // last
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(display(2, PartitionTableModel::KeyColumn), u"2024-01-03"_s);
    QCOMPARE(display(2, PartitionTableModel::StatusColumn), u"Running"_s);
    QCOMPARE(display(3, PartitionTableModel::KeyColumn), u"2024-01-04"_s);

    QVERIFY(m_ledger->markRunning(m_endpoint, u"2023-12-31"_s));
    QVERIFY(m_model->updatePartition(stored(u"2023-12-31"_s)));
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.last().at(1).toInt(), 0);
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-09"_s));
    QVERIFY(m_model->updatePartition(stored(u"2024-01-09"_s)));
    QCOMPARE(inserted.last().at(1).toInt(), 5);

    QStringList keys;
    for (int row = 0; row < m_model->rowCount(); ++row)
        keys.append(display(row, PartitionTableModel::KeyColumn));
    QCOMPARE(keys, (QStringList{u"2023-12-31"_s, u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-03"_s, u"2024-01-04"_s,
                                u"2024-01-09"_s}));
}

void TestPartitionTableModel::updateIgnoresOtherPartitions()
{
    const qint64 other = m_ledger->ensureEndpoint(u"analytics"_s, u"other"_s);
    QVERIFY(m_ledger->markRunning(other, u"2024-01-03"_s));
    const qint64 hourly = m_ledger->ensureEndpoint(u"analytics"_s, u"hourly"_s);
    QVERIFY(m_ledger->markRunning(hourly, u"2024-01-06T00"_s));

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QVERIFY(!m_model->updatePartition(*m_ledger->partition(other, u"2024-01-03"_s)));

    m_model->setEndpoint(hourly, u"2024-01-05"_s);
    QVERIFY(!m_model->updatePartition(*m_ledger->partition(hourly, u"2024-01-06T00"_s)));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->rowCount(), 0);
}

void TestPartitionTableModel::refreshResets()
{
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QVERIFY(m_ledger->markQueued(m_endpoint, {u"2024-01-05"_s, u"2024-01-06"_s}));
    QCOMPARE(m_model->rowCount(), 3); // not until refresh()
    m_model->refresh();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->rowCount(), 5);
    QCOMPARE(display(4, PartitionTableModel::KeyColumn), u"2024-01-06"_s);
}

void TestPartitionTableModel::switchingEndpointResets()
{
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setEndpoint(-1);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->updatePartition(stored(u"2024-01-01"_s)));
    m_model->setEndpoint(m_endpoint);
    QCOMPARE(m_model->rowCount(), 3);
}

QTEST_GUILESS_MAIN(TestPartitionTableModel)
#include "tst_partitiontablemodel.moc"
