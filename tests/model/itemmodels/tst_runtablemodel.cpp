#include "model/itemmodels/runtablemodel.h"
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

class TestRunTableModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsRunsNewestFirst();
    void headers();
    void rolesGiveRawValues();
    void updateChangesOneRow();
    void newRunIsInsertedOnTop();
    void refreshResets();
    void limitKeepsTheNewest();

private:
    QString display(int row, int column) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<PartitionLedger> m_ledger;
    std::unique_ptr<RunTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QDateTime m_now;
    qint64 m_first = -1;
    qint64 m_second = -1;
};

void TestRunTableModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("TZ", "CET-1"); // one hour east of UTC, without tzdata
    QLocale::setDefault(QLocale::c());
}

void TestRunTableModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_workspace = std::make_unique<Workspace>();
    QVERIFY(m_workspace->open(m_dir->filePath(u"workspace.sqlite"_s)));
    m_now = QDateTime(QDate(2024, 2, 1), QTime(9, 30), Qt::UTC);
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace, [this] { return m_now; });

    m_first = m_ledger->startRun({u"gui"_s, u"analytics"_s, {u"daily_events"_s}, u"[2024-01-01...2024-01-31]"_s, {}});
    m_now = m_now.addSecs(600);
    QVERIFY(m_ledger->finishRun(m_first, {31, 28, 1, 2, 7000, 250000}, RunOutcome::Failed));
    m_now = m_now.addSecs(60);
    m_second = m_ledger->startRun({u"headless"_s, u"analytics"_s, {u"daily_events"_s}, u"2024-01-02"_s, {}});

    m_model = std::make_unique<RunTableModel>(*m_ledger);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->refresh();
}

void TestRunTableModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_ledger.reset();
    m_workspace.reset();
    m_dir.reset();
}

QString TestRunTableModel::display(int row, int column) const
{
    return m_model->index(row, column).data(Qt::DisplayRole).toString();
}

void TestRunTableModel::showsRunsNewestFirst()
{
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->columnCount(), 9);

    QCOMPARE(display(0, RunTableModel::IdColumn), QString::number(m_second));
    QCOMPARE(display(0, RunTableModel::StartedByColumn), u"headless"_s);
    QCOMPARE(display(0, RunTableModel::StartedColumn), u"2024-02-01 10:41:00"_s);
    QCOMPARE(display(0, RunTableModel::FinishedColumn), QString());
    QCOMPARE(display(0, RunTableModel::OutcomeColumn), u"Running"_s);

    QCOMPARE(display(1, RunTableModel::IdColumn), QString::number(m_first));
    QCOMPARE(display(1, RunTableModel::StartedByColumn), u"gui"_s);
    QCOMPARE(display(1, RunTableModel::RangeColumn), u"[2024-01-01...2024-01-31]"_s);
    QCOMPARE(display(1, RunTableModel::StartedColumn), u"2024-02-01 10:30:00"_s);
    QCOMPARE(display(1, RunTableModel::FinishedColumn), u"2024-02-01 10:40:00"_s);
    QCOMPARE(display(1, RunTableModel::PartitionsOkColumn), u"29"_s); // 28 succeeded + 1 empty
    QCOMPARE(display(1, RunTableModel::PartitionsFailedColumn), u"2"_s);
    QCOMPARE(display(1, RunTableModel::RowsColumn), u"7000"_s);
    QCOMPARE(display(1, RunTableModel::OutcomeColumn), u"Failed"_s);
    QCOMPARE(m_model->index(1, RunTableModel::RangeColumn).data(Qt::ToolTipRole).toString(),
             u"analytics: daily_events"_s);
}

void TestRunTableModel::headers()
{
    QStringList headers;
    for (int column = 0; column < m_model->columnCount(); ++column)
        headers.append(m_model->headerData(column, Qt::Horizontal).toString());
    QCOMPARE(headers, (QStringList{u"Run"_s, u"Started by"_s, u"Range"_s, u"Started"_s, u"Finished"_s,
                                   u"Partitions OK"_s, u"Partitions failed"_s, u"Rows"_s, u"Outcome"_s}));
}

void TestRunTableModel::rolesGiveRawValues()
{
    const QModelIndex first = m_model->index(1, RunTableModel::OutcomeColumn);
    QCOMPARE(first.data(RunTableModel::RunIdRole).toLongLong(), m_first);
    QCOMPARE(first.data(RunTableModel::OutcomeRole).value<RunOutcome>(), RunOutcome::Failed);
    QCOMPARE(first.data(RunTableModel::SortRole).toInt(), int(RunOutcome::Failed));
    QCOMPARE(first.data(RunTableModel::EndpointsRole).toStringList(), QStringList{u"daily_events"_s});
    QCOMPARE(first.data(RunTableModel::BytesRole).toLongLong(), 250000);
    QCOMPARE(first.data(RunTableModel::FinishedRole).toDateTime(), QDateTime(QDate(2024, 2, 1), QTime(9, 40), Qt::UTC));
    QCOMPARE(m_model->run(1), *m_ledger->run(m_first));
    QCOMPARE(m_model->rowOfRun(m_first), 1);
    QCOMPARE(m_model->rowOfRun(m_second + 1), -1);
    QCOMPARE(m_model->roleNames().value(RunTableModel::OutcomeRole), "outcome");
}

void TestRunTableModel::updateChangesOneRow()
{
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    QVERIFY(m_ledger->updateRunCounts(m_second, {1, 1, 0, 0, 42, 900}));
    m_model->updateRun(*m_ledger->run(m_second));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), m_model->index(0, 0));
    QCOMPARE(changed.first().at(1).toModelIndex(), m_model->index(0, RunTableModel::ColumnCount - 1));
    QCOMPARE(display(0, RunTableModel::RowsColumn), u"42"_s);

    m_now = m_now.addSecs(5);
    QVERIFY(m_ledger->finishRun(m_second, {1, 1, 0, 0, 42, 900}, RunOutcome::Succeeded));
    m_model->updateRun(*m_ledger->run(m_second));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(display(0, RunTableModel::OutcomeColumn), u"Succeeded"_s);
    QCOMPARE(display(0, RunTableModel::FinishedColumn), u"2024-02-01 10:41:05"_s);

    m_model->updateRun(*m_ledger->run(m_second)); // unchanged: no signal
    QCOMPARE(changed.count(), 2);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(reset.count(), 0);
}

void TestRunTableModel::newRunIsInsertedOnTop()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    const qint64 third = m_ledger->startRun({u"gui"_s, u"sales"_s, {u"monthly"_s}, u"2024-*"_s, {}});
    m_model->updateRun(*m_ledger->run(third));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 0);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(display(0, RunTableModel::RangeColumn), u"2024-*"_s);
    QCOMPARE(display(1, RunTableModel::IdColumn), QString::number(m_second));
}

void TestRunTableModel::refreshResets()
{
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_ledger->startRun({u"gui"_s, u"sales"_s, {}, u"2024-*"_s, {}});
    QCOMPARE(m_model->rowCount(), 2);
    m_model->refresh();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(display(0, RunTableModel::RangeColumn), u"2024-*"_s);
}

void TestRunTableModel::limitKeepsTheNewest()
{
    RunTableModel latest(*m_ledger, 1);
    QAbstractItemModelTester tester(&latest, QAbstractItemModelTester::FailureReportingMode::QtTest);
    latest.refresh();
    QCOMPARE(latest.rowCount(), 1);
    QCOMPARE(latest.run(0).id, m_second);

    QSignalSpy inserted(&latest, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&latest, &QAbstractItemModel::rowsRemoved);
    const qint64 third = m_ledger->startRun({u"gui"_s, u"sales"_s, {}, u"2024-*"_s, {}});
    latest.updateRun(*m_ledger->run(third));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(latest.rowCount(), 1);
    QCOMPARE(latest.run(0).id, third);
    latest.updateRun(*m_ledger->run(m_first)); // older than the one shown
    QCOMPARE(latest.rowCount(), 1);
    QCOMPARE(inserted.count(), 1);
}

QTEST_GUILESS_MAIN(TestRunTableModel)
#include "tst_runtablemodel.moc"
