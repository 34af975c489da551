// The Data tab as a user drives it: the target tables of a workspace, their rows, sorting by a
// header click, the filter line, the partition combo, refresh, the CSV export, and what a
// partition's last pull changed (from a real ledger).
#include "model/itemmodels/partitionchangemodel.h"
#include "model/itemmodels/tablebrowsermodel.h"
#include "model/targets/sqlitetarget.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "model/workspace/workspacetransaction.h"
#include "views/data/databrowser.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
constexpr int DayRows = 300; // per partition of daily_events
constexpr int BigRows = 100'000;
} // namespace

class TestDataBrowser : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void explainsWhatIsMissing();
    void showsTheTargetTablesAndTheirRows();
    void clickingATableShowsIt();
    void headerClickSorts();
    void filterLineNarrowsTheRows();
    void partitionComboShowsOneDay();
    void showTableOpensAPartition();
    void refreshShowsNewRows();
    void exportWritesTheFilteredRows();
    void scrollsMillionsWithoutLoadingThem();
    void aLargeTableSortsWhileTheWindowStaysLive();
    void changesShowWhatTheLastPullChanged();

private:
    template <typename T> T *find(const QString &name) const
    {
        auto *widget = m_browser->findChild<T *>(name);
        if (!widget)
            qFatal("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return widget;
    }
    QString status() const { return find<QLabel>(u"rowCountLabel"_s)->text(); }
    QString cell(int row, const QString &column) const;
    void clickTable(const QString &name) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<DataBrowser> m_browser;
};

void TestDataBrowser::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    Workspace workspace;
    QString error;
    QVERIFY2(workspace.open(m_dir.filePath(u"data.sqlite"_s), &error), qPrintable(error));
    SqliteTarget target(workspace.database());
    WorkspaceTransaction transaction(workspace);
    for (int day = 1; day <= 3; ++day) {
        QList<QJsonObject> records;
        for (int i = 0; i < DayRows; ++i) {
            const int id = day * 1000 + i;
            records.append(QJsonObject{{u"id"_s, id},
                                       {u"user"_s, u"user %1"_s.arg(i % 50)},
                                       {u"amount"_s, i * 1.5},
                                       {u"note"_s, i == 0 ? u"first, \"quoted\""_s : u"plain"_s}});
        }
        const QString key = u"2024-01-0%1"_s.arg(day);
        QVERIFY2(target.write(u"daily_events"_s, {u"id"_s}, key, records, &error), qPrintable(error));
    }
    const QList<QJsonObject> orders{QJsonObject{{u"order"_s, u"A-1"_s}, {u"total"_s, 10}},
                                    QJsonObject{{u"order"_s, u"A-2"_s}, {u"total"_s, 20}},
                                    QJsonObject{{u"order"_s, u"A-3"_s}, {u"total"_s, 30}}};
    QVERIFY2(target.write(u"orders"_s, {}, u"2024-01"_s, orders, &error), qPrintable(error));
    QVERIFY2(target.finishPartition(u"orders"_s, {}, u"2024-01"_s, &error), qPrintable(error));
    QVERIFY2(target.write(u"zz_big"_s, {u"n"_s}, u"2024-01-01"_s, {QJsonObject{{u"n"_s, 0}}}, &error),
             qPrintable(error));
    QVERIFY2(target.finalize(&error), qPrintable(error));
    QVERIFY(transaction.commit());
    QSqlQuery fill(workspace.database());
    QVERIFY(fill.exec(u"DELETE FROM zz_big"_s));
    QVERIFY(fill.exec(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
                      "INSERT INTO zz_big (n, _backfill_partition, _backfill_loaded_at) "
                      "SELECT i, '2024-01-01', '2024-06-01T00:00:00Z' FROM n"_s.arg(BigRows)));
}

void TestDataBrowser::init()
{
    m_workspace = std::make_unique<Workspace>();
    QVERIFY(m_workspace->open(m_dir.filePath(u"data.sqlite"_s)));
    m_browser = std::make_unique<DataBrowser>();
    m_browser->resize(1000, 700);
    m_browser->setDatabase(m_workspace->database());
    m_browser->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_browser.get()));
}

void TestDataBrowser::cleanup()
{
    m_browser.reset();
    m_workspace.reset();
}

QString TestDataBrowser::cell(int row, const QString &column) const
{
    const auto *view = find<QTableView>(u"tableView"_s);
    const auto *model = view->model();
    for (int c = 0; c < model->columnCount(); ++c) {
        if (model->headerData(c, Qt::Horizontal).toString() == column)
            return model->index(row, c).data().toString();
    }
    qFatal("no column %s", qPrintable(column));
    return {};
}

void TestDataBrowser::clickTable(const QString &name) const
{
    auto *list = find<QListView>(u"tableList"_s);
    const QModelIndexList found = list->model()->match(list->model()->index(0, 0), Qt::DisplayRole, name);
    QVERIFY(!found.isEmpty());
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(found.first()).center());
}

void TestDataBrowser::explainsWhatIsMissing()
{
    DataBrowser closed;
    closed.show();
    QVERIFY(QTest::qWaitForWindowExposed(&closed));
    auto *empty = closed.findChild<QLabel *>(u"emptyState"_s);
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->text(), u"Open a workspace to look at the rows its backfills loaded."_s);
    QVERIFY(!closed.findChild<QPushButton *>(u"exportButton"_s)->isEnabled());

    Workspace fresh;
    QVERIFY(fresh.open(m_dir.filePath(u"fresh.sqlite"_s)));
    closed.setDatabase(fresh.database());
    QVERIFY(empty->isVisible());
    QVERIFY2(empty->text().startsWith(u"No data loaded yet."_s), qPrintable(empty->text()));
    QCOMPARE(closed.findChild<QListView *>(u"tableList"_s)->model()->rowCount(), 0);
    closed.setDatabase({});
}

void TestDataBrowser::showsTheTargetTablesAndTheirRows()
{
    auto *list = find<QListView>(u"tableList"_s);
    QStringList tables;
    for (int row = 0; row < list->model()->rowCount(); ++row)
        tables << list->model()->index(row, 0).data().toString();
    // Not the workspace's specs, runs or events, nor orders' staging table.
    QCOMPARE(tables, (QStringList{u"daily_events"_s, u"orders"_s, u"zz_big"_s}));
    QCOMPARE(list->currentIndex().data().toString(), u"daily_events"_s);

    auto *view = find<QTableView>(u"tableView"_s);
    QVERIFY(view->isVisible());
    QCOMPARE(view->model()->rowCount(), 3 * DayRows);
    QStringList headers;
    for (int c = 0; c < view->model()->columnCount(); ++c)
        headers << view->model()->headerData(c, Qt::Horizontal).toString();
    QCOMPARE(headers, (QStringList{u"amount"_s, u"id"_s, u"note"_s, u"user"_s, u"_backfill_partition"_s,
                                   u"_backfill_loaded_at"_s}));
    QCOMPARE(cell(0, u"id"_s), u"1000"_s);
    QCOMPARE(cell(1, u"amount"_s), u"1.5"_s);
    QCOMPARE(cell(0, u"note"_s), u"first, \"quoted\""_s);
    QCOMPARE(cell(DayRows, u"_backfill_partition"_s), u"2024-01-02"_s);
    QCOMPARE(status(), u"%1 rows"_s.arg(QLocale().toString(3 * DayRows)));
    QVERIFY(find<QPushButton>(u"exportButton"_s)->isEnabled());
}

void TestDataBrowser::clickingATableShowsIt()
{
    clickTable(u"orders"_s);
    QTRY_COMPARE(m_browser->currentTable(), u"orders"_s);
    QCOMPARE(status(), u"3 rows"_s);
    QCOMPARE(cell(2, u"order"_s), u"A-3"_s);
    QCOMPARE(cell(2, u"total"_s), u"30"_s);
    auto *combo = find<QComboBox>(u"partitionCombo"_s);
    QCOMPARE(combo->count(), 2);
    QCOMPARE(combo->itemText(1), u"2024-01  (3 rows)"_s);
}

void TestDataBrowser::headerClickSorts()
{
    auto *view = find<QTableView>(u"tableView"_s);
    QHeaderView *header = view->horizontalHeader();
    const auto clickHeader = [&](int section) {
        const int x = header->sectionViewportPosition(section) + header->sectionSize(section) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    };
    clickHeader(0); // amount
    QCOMPARE(header->sortIndicatorSection(), 0);
    const bool ascending = header->sortIndicatorOrder() == Qt::AscendingOrder;
    const QString lowest = u"0"_s;
    const QString highest = QString::number((DayRows - 1) * 1.5);
    QCOMPARE(cell(0, u"amount"_s), ascending ? lowest : highest);
    QCOMPARE(cell(3 * DayRows - 1, u"amount"_s), ascending ? highest : lowest);
    // Three rows share each amount; they keep the table's order among themselves.
    if (ascending)
        QCOMPARE((QStringList{cell(0, u"id"_s), cell(1, u"id"_s), cell(2, u"id"_s)}),
                 (QStringList{u"1000"_s, u"2000"_s, u"3000"_s}));
    clickHeader(0);
    QCOMPARE(cell(0, u"amount"_s), ascending ? highest : lowest);
}

void TestDataBrowser::filterLineNarrowsTheRows()
{
    auto *filter = find<QLineEdit>(u"filterEdit"_s);
    QTest::keyClicks(filter, u"USER 7"_s);
    // "user 7" (users 7 and 7x are not in 0..49 but 7 is) once per 50 rows: 6 per day.
    QTRY_COMPARE(find<QTableView>(u"tableView"_s)->model()->rowCount(), 3 * DayRows / 50);
    QCOMPARE(status(), u"18 of %1 rows · matching \u201cUSER 7\u201d"_s.arg(QLocale().toString(3 * DayRows)));
    QCOMPARE(cell(0, u"user"_s), u"user 7"_s);

    filter->clear();
    QTest::keyClicks(filter, u"no such text"_s);
    QTest::keyClick(filter, Qt::Key_Return); // at once, without waiting for the pause
    QCOMPARE(find<QTableView>(u"tableView"_s)->model()->rowCount(), 0);
    auto *empty = find<QLabel>(u"emptyState"_s);
    QVERIFY(empty->isVisible());
    QVERIFY2(empty->text().startsWith(u"No rows match the filter."_s), qPrintable(empty->text()));
    QVERIFY(!find<QPushButton>(u"exportButton"_s)->isEnabled());
}

void TestDataBrowser::partitionComboShowsOneDay()
{
    auto *combo = find<QComboBox>(u"partitionCombo"_s);
    QCOMPARE(combo->count(), 4);
    QCOMPARE(combo->itemText(0), u"All partitions"_s);
    QCOMPARE(combo->itemText(2), u"2024-01-02  (%1 rows)"_s.arg(QLocale().toString(DayRows)));
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down);
    QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(combo->currentText(), combo->itemText(2));
    auto *model = find<QTableView>(u"tableView"_s)->model();
    QTRY_COMPARE(model->rowCount(), DayRows);
    for (int row = 0; row < DayRows; row += 17)
        QCOMPARE(cell(row, u"_backfill_partition"_s), u"2024-01-02"_s);
    QCOMPARE(status(), u"%1 of %2 · partition 2024-01-02"_s.arg(QLocale().toString(DayRows),
                                                                u"%1 rows"_s.arg(QLocale().toString(3 * DayRows))));
}

void TestDataBrowser::showTableOpensAPartition()
{
    QVERIFY(!m_browser->showTable(u"events"_s)); // the workspace's own log is not a target table
    QVERIFY(m_browser->showTable(u"daily_events"_s, u"2024-01-03"_s));
    QCOMPARE(find<QComboBox>(u"partitionCombo"_s)->currentData().toString(), u"2024-01-03"_s);
    QCOMPARE(find<QTableView>(u"tableView"_s)->model()->rowCount(), DayRows);
    QCOMPARE(cell(0, u"id"_s), u"3000"_s);
}

void TestDataBrowser::refreshShowsNewRows()
{
    clickTable(u"orders"_s);
    QTRY_COMPARE(status(), u"3 rows"_s);
    QSqlQuery insert(m_workspace->database());
    QVERIFY(insert.exec(u"INSERT INTO orders (\"order\", total, _backfill_partition, _backfill_loaded_at) "
                        "VALUES ('A-4', 40, '2024-02', '2024-06-01T00:00:00Z')"_s));
    QTest::mouseClick(find<QPushButton>(u"refreshButton"_s), Qt::LeftButton);
    QCOMPARE(status(), u"4 rows"_s);
    QCOMPARE(cell(3, u"order"_s), u"A-4"_s);
    QCOMPARE(find<QComboBox>(u"partitionCombo"_s)->count(), 3);
    QVERIFY(insert.exec(u"DELETE FROM orders WHERE \"order\" = 'A-4'"_s));
}

void TestDataBrowser::exportWritesTheFilteredRows()
{
    QVERIFY(m_browser->showTable(u"daily_events"_s, u"2024-01-01"_s));
    QTest::keyClicks(find<QLineEdit>(u"filterEdit"_s), u"user 0"_s);
    QTest::keyClick(find<QLineEdit>(u"filterEdit"_s), Qt::Key_Return);
    QCOMPARE(find<QTableView>(u"tableView"_s)->model()->rowCount(), DayRows / 50);

    QString suggested;
    const QString path = m_dir.filePath(u"export.csv"_s);
    m_browser->setSavePathPrompt([&](QWidget *, const QString &suggestion) {
        suggested = suggestion;
        return path;
    });
    QTest::mouseClick(find<QPushButton>(u"exportButton"_s), Qt::LeftButton);
    QVERIFY2(suggested.endsWith(u"/daily_events-2024-01-01.csv"_s), qPrintable(suggested));
    QCOMPARE(status(), u"Exported 6 rows to %1"_s.arg(QDir::toNativeSeparators(path)));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.takeLast(), QByteArray());
    QCOMPARE(lines.size(), 1 + DayRows / 50);
    QCOMPARE(lines.at(0), "amount,id,note,user,_backfill_partition,_backfill_loaded_at\r");
    QVERIFY2(lines.at(1).startsWith("0,1000,\"first, \"\"quoted\"\"\",user 0,2024-01-01,"), lines.at(1).constData());
    QVERIFY2(lines.at(2).startsWith("75,1050,plain,user 0,2024-01-01,"), lines.at(2).constData());
}

void TestDataBrowser::scrollsMillionsWithoutLoadingThem()
{
    clickTable(u"zz_big"_s);
    QTRY_COMPARE(m_browser->currentTable(), u"zz_big"_s);
    QCOMPARE(status(), u"%1 rows"_s.arg(QLocale().toString(BigRows)));
    auto *view = find<QTableView>(u"tableView"_s);
    QCOMPARE(view->model()->rowCount(), BigRows);
    view->scrollToBottom();
    QTRY_VERIFY(view->indexAt(QPoint(5, view->viewport()->height() - 5)).row() == BigRows - 1);
    QCOMPARE(cell(BigRows - 1, u"n"_s), QString::number(BigRows));
    QVERIFY2(m_browser->model()->cachedRows() <= TableBrowserModel::CachedWindows * TableBrowserModel::WindowRows,
             qPrintable(QString::number(m_browser->model()->cachedRows())));
}

void TestDataBrowser::aLargeTableSortsWhileTheWindowStaysLive()
{
    clickTable(u"zz_big"_s);
    QTRY_COMPARE(m_browser->currentTable(), u"zz_big"_s);
    QVERIFY(BigRows > TableBrowserModel::DefaultBackgroundRows);
    auto *view = find<QTableView>(u"tableView"_s);
    auto *busy = find<QProgressBar>(u"busyBar"_s);
    auto *exportButton = find<QPushButton>(u"exportButton"_s);
    QVERIFY(!busy->isVisible());
    QVERIFY(exportButton->isEnabled());
    const int column = m_browser->model()->columnNames().indexOf(u"n"_s);
    view->sortByColumn(column, Qt::DescendingOrder);
    // On its thread: the rows shown stay, the bar moves, and what is shown cannot be exported
    // as if it were the new order.
    QVERIFY(busy->isVisible());
    QCOMPARE(status(), u"Sorting %1 rows\u2026"_s.arg(QLocale().toString(BigRows)));
    QVERIFY(!exportButton->isEnabled());
    QCOMPARE(cell(0, u"n"_s), u"1"_s);
    QTRY_VERIFY(!busy->isVisible());
    QCOMPARE(status(), u"%1 rows"_s.arg(QLocale().toString(BigRows)));
    QVERIFY(exportButton->isEnabled());
    QCOMPARE(cell(0, u"n"_s), QString::number(BigRows));
    QCOMPARE(cell(BigRows - 1, u"n"_s), u"1"_s);
}

void TestDataBrowser::changesShowWhatTheLastPullChanged()
{
    // 2024-01-02 pulled again: two rows changed, one new, one gone, one key served twice.
    PartitionLedger ledger(*m_workspace);
    const qint64 endpointId = ledger.ensureEndpoint(u"Demo"_s, u"daily_events"_s);
    const QString day = u"2024-01-02"_s;
    QVERIFY(ledger.markRunning(endpointId, day));
    QVERIFY(ledger.markSucceeded(endpointId, day, {1, DayRows, 1000}, 200));
    PartitionPull pull;
    pull.compared = true;
    pull.changed = 2;
    pull.added = 1;
    pull.removed = 1;
    pull.duplicateKeys = 1;
    const QList<PartitionChange> examples{
        {PartitionChange::Kind::Changed, u"[2001]"_s, QJsonObject{{u"id"_s, 2001}, {u"amount"_s, 1.5}},
         QJsonObject{{u"id"_s, 2001}, {u"amount"_s, 2}}},
        {PartitionChange::Kind::Changed, u"[2002]"_s, QJsonObject{{u"id"_s, 2002}, {u"note"_s, u"plain"_s}},
         QJsonObject{{u"id"_s, 2002}, {u"note"_s, u"corrected"_s}}},
        {PartitionChange::Kind::Added, u"[2300]"_s, {}, QJsonObject{{u"id"_s, 2300}, {u"amount"_s, 9}}},
        {PartitionChange::Kind::Removed, u"[2299]"_s, QJsonObject{{u"id"_s, 2299}, {u"amount"_s, 448.5}}, {}},
        {PartitionChange::Kind::Duplicate, u"[2007]"_s, {}, QJsonObject{{u"id"_s, 2007}}},
    };
    QVERIFY2(ledger.recordPull(endpointId, day, pull, examples, std::nullopt), qPrintable(ledger.lastError()));
    m_browser->setChangesLookup(
        [&ledger, endpointId](const QString &table, const QString &key) -> std::optional<DataBrowser::PulledChanges> {
            const std::optional<PartitionRecord> record = ledger.partition(endpointId, key);
            if (table != u"daily_events"_s || !record || record->attempts == 0)
                return std::nullopt;
            return DataBrowser::PulledChanges{record->pull, ledger.changes(endpointId, key)};
        });

    auto *button = find<QPushButton>(u"changesButton"_s);
    QVERIFY(m_browser->showTable(u"daily_events"_s));
    QVERIFY2(!button->isEnabled(), "all partitions have no one last pull");
    QVERIFY(m_browser->showChanges(u"daily_events"_s, day));
    QVERIFY(m_browser->showingChanges());
    QVERIFY(button->isChecked());
    QVERIFY(!find<QLineEdit>(u"filterEdit"_s)->isEnabled());
    QVERIFY(!find<QPushButton>(u"exportButton"_s)->isEnabled());
    const QString summary = find<QLabel>(u"changesSummary"_s)->text();
    QVERIFY2(summary.contains(u"The last pull of 2024-01-02, against the pull before it: 2 changed, 1 new, 1 gone."_s),
             qPrintable(summary));
    QVERIFY2(summary.contains(u"1 record(s) repeated a primary key"_s), qPrintable(summary));

    const QAbstractItemModel *tree = find<QTreeView>(u"changesView"_s)->model();
    QCOMPARE(tree->rowCount(), 5);
    QCOMPARE(tree->index(0, 0).data().toString(), u"Changed  2001: amount"_s);
    const QModelIndex first = tree->index(0, 0);
    QCOMPARE(tree->index(0, PartitionChangeModel::NameColumn, first).data().toString(), u"amount"_s);
    QCOMPARE(tree->index(0, PartitionChangeModel::BeforeColumn, first).data().toString(), u"1.5"_s);
    QCOMPARE(tree->index(0, PartitionChangeModel::AfterColumn, first).data().toString(), u"2"_s);
    QCOMPARE(tree->index(1, 0).data().toString(), u"Changed  2002: note"_s);
    QCOMPARE(tree->index(2, 0).data().toString(), u"New  2300"_s);
    QCOMPARE(tree->index(3, 0).data().toString(), u"Gone  2299"_s);
    QCOMPARE(tree->index(4, 0).data().toString(), u"Repeated key  2007"_s);
    QVERIFY(find<QTreeView>(u"changesView"_s)->isExpanded(first));

    // A partition the ledger has no record of says so; switching Changes off shows the rows.
    auto *partitions = find<QComboBox>(u"partitionCombo"_s);
    partitions->setCurrentIndex(partitions->findData(u"2024-01-03"_s));
    emit partitions->activated(partitions->currentIndex());
    QVERIFY(m_browser->showingChanges());
    QCOMPARE(tree->rowCount(), 0);
    QVERIFY2(
        find<QLabel>(u"changesSummary"_s)->text().startsWith(u"The workspace has no record of partition 2024-01-03"_s),
        qPrintable(find<QLabel>(u"changesSummary"_s)->text()));
    button->click();
    QVERIFY(!m_browser->showingChanges());
    QCOMPARE(find<QTableView>(u"tableView"_s)->model()->rowCount(), DayRows);
    QVERIFY(find<QLineEdit>(u"filterEdit"_s)->isEnabled());

    // Back on the day, not compared: a first pull has nothing to compare with.
    pull = {};
    QVERIFY(ledger.markRunning(endpointId, day));
    QVERIFY(ledger.markSucceeded(endpointId, day, {1, DayRows, 1000}, 200));
    QVERIFY(ledger.recordPull(endpointId, day, pull, {}, std::nullopt));
    QVERIFY(m_browser->showChanges(u"daily_events"_s, day));
    QVERIFY2(find<QLabel>(u"changesSummary"_s)->text().contains(u"was not compared with a pull before it"_s),
             qPrintable(find<QLabel>(u"changesSummary"_s)->text()));
    QCOMPARE(tree->rowCount(), 0);
    m_browser->setChangesLookup({});
    QVERIFY(!button->isEnabled());
    QVERIFY(!m_browser->showingChanges());
}

QTEST_MAIN(TestDataBrowser)
#include "tst_databrowser.moc"
