// The data browser's model over a target table: windows read on demand from a real SQLite file
// of 200,000 rows, sorting, the text and partition filters (on their thread for the big table,
// in the call for a small one), and the CSV export.
#include "model/itemmodels/tablebrowsermodel.h"
#include "model/targets/recordbatch.h"
#include "model/targets/sqlitetarget.h"
#include "model/workspace/workspace.h"
#include "model/workspace/workspacetransaction.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
constexpr int BigRows = 200'000;
constexpr int Partitions = 100; // 2,000 rows each
// The big table's columns in the writer's order (a record's keys, sorted), then the metadata.
enum BigColumn { Active, Amount, Id, Name, Payload, Partition, LoadedAt };

// A sort or filter of the big table ends on its thread: wait for its rows.
bool settled(const TableBrowserModel &model)
{
    return QTest::qWaitFor([&model] { return !model.busy(); }, 20'000);
}
} // namespace

class TestTableBrowserModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void listsOnlyTargetTables();
    void showsValuesAsStored();
    void readsWindowsNotTheTable();
    void sortsEveryWindowAlike_data();
    void sortsEveryWindowAlike();
    void filtersWithBoundText_data();
    void filtersWithBoundText();
    void filtersByPartition();
    void refreshSeesNewRows();
    void exportsQuotedCsv();
    void exportsTheFilteredRowsInOrder();
    void unknownTableLeavesAnEmptyModel();
    void smallTablesSortInTheCall();
    void aLargeTableKeepsItsRowsWhileItSorts();
    void aNewerSortCancelsTheOneRunning();

private:
    QStringList column(TableBrowserModel &model, int column, int rows);

    QTemporaryDir m_dir;
    Workspace m_workspace;
};

void TestTableBrowserModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_workspace.open(m_dir.filePath(u"workspace.sqlite"_s), &error), qPrintable(error));

    // A small table written the way a backfill writes one (no primary key: it has a staging table).
    SqliteTarget target(m_workspace.database());
    {
        WorkspaceTransaction transaction(m_workspace);
        const QList<QJsonObject> records{
            QJsonObject{{u"id"_s, 1}, {u"name"_s, u"plain"_s}, {u"note"_s, u"a_b"_s}},
            QJsonObject{{u"id"_s, 2}, {u"name"_s, u"with, comma"_s}, {u"note"_s, u"axb"_s}},
            QJsonObject{{u"id"_s, 3}, {u"name"_s, u"say \"hi\""_s}, {u"note"_s, u"50%"_s}},
            QJsonObject{{u"id"_s, 4}, {u"name"_s, u"two\nlines"_s}, {u"note"_s, QJsonValue::Null}},
            QJsonObject{{u"id"_s, 5}, {u"name"_s, u"caf\u00e9"_s}, {u"note"_s, u"500"_s}},
        };
        QVERIFY2(target.write(u"small"_s, {}, u"2024-01-01"_s, records, &error), qPrintable(error));
        QVERIFY2(target.finishPartition(u"small"_s, {}, u"2024-01-01"_s, &error), qPrintable(error));
        // The big table: created by the writer, then filled in one statement.
        const QList<QJsonObject> first{QJsonObject{{u"id"_s, 0},
                                                   {u"name"_s, u"x"_s},
                                                   {u"amount"_s, 0.5},
                                                   {u"active"_s, true},
                                                   {u"payload"_s, QJsonObject{{u"k"_s, 0}}}}};
        QVERIFY2(target.write(u"big events"_s, {u"id"_s}, u"2024-01-01"_s, first, &error), qPrintable(error));
        QVERIFY(transaction.commit());
    }
    QSqlQuery fill(m_workspace.database());
    QVERIFY2(fill.exec(u"DELETE FROM \"big events\""_s), qPrintable(fill.lastError().text()));
    QVERIFY2(fill.exec(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
                       "INSERT INTO \"big events\" (id, name, amount, active, payload, _backfill_partition, "
                       "_backfill_loaded_at) SELECT i, 'user ' || (i % 1000), i * 0.5, i % 2, "
                       "CASE WHEN i % 10 = 0 THEN NULL ELSE '{\"k\":' || i || '}' END, "
                       "date('2024-01-01', '+' || (i % %2) || ' days'), '2024-06-01T00:00:00Z' FROM n"_s.arg(BigRows)
                           .arg(Partitions)),
             qPrintable(fill.lastError().text()));
}

void TestTableBrowserModel::cleanupTestCase()
{
    m_workspace.close();
}

QStringList TestTableBrowserModel::column(TableBrowserModel &model, int column, int rows)
{
    QStringList values;
    for (int row = 0; row < rows; ++row)
        values << model.index(row, column).data().toString();
    return values;
}

void TestTableBrowserModel::listsOnlyTargetTables()
{
    QString error;
    const QStringList tables = TableBrowserModel::targetTables(m_workspace.database(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Not specs, runs, events, _backfill_columns nor small__staging.
    QCOMPARE(tables, (QStringList{u"big events"_s, u"small"_s}));
    QVERIFY(m_workspace.database().tables().contains(SqliteTarget::stagingTable(u"small"_s)));
}

void TestTableBrowserModel::showsValuesAsStored()
{
    TableBrowserModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy counts(&model, &TableBrowserModel::countsChanged);
    QVERIFY2(model.setTable(m_workspace.database(), u"big events"_s), qPrintable(model.lastError()));
    QCOMPARE(counts.size(), 1);
    QCOMPARE(model.rowCount(), BigRows);
    QCOMPARE(model.totalRows(), BigRows);
    QCOMPARE(model.columnNames(), (QStringList{u"active"_s, u"amount"_s, u"id"_s, u"name"_s, u"payload"_s,
                                               u"_backfill_partition"_s, u"_backfill_loaded_at"_s}));
    QCOMPARE(model.partitionColumn(), int(Partition));
    QCOMPARE(model.headerData(Amount, Qt::Horizontal, Qt::ToolTipRole).toString(), u"amount (real)"_s);
    QCOMPARE(model.headerData(Payload, Qt::Horizontal, TableBrowserModel::ColumnTypeRole).toString(), u"json"_s);

    // Row 10: id 10, payload NULL.
    QCOMPARE(column(model, Id, 3), (QStringList{u"1"_s, u"2"_s, u"3"_s}));
    QCOMPARE(model.index(0, Name).data().toString(), u"user 1"_s);
    QCOMPARE(model.index(0, Amount).data().toString(), u"0.5"_s);
    QCOMPARE(model.index(0, Active).data().toString(), u"true"_s);
    QCOMPARE(model.index(1, Active).data().toString(), u"false"_s);
    QCOMPARE(model.index(0, Payload).data().toString(), u"{\"k\":1}"_s);
    QCOMPARE(model.index(9, Payload).data().toString(), QString());
    QCOMPARE(model.index(9, Payload).data(TableBrowserModel::IsNullRole).toBool(), true);
    QCOMPARE(model.index(8, Payload).data(TableBrowserModel::IsNullRole).toBool(), false);
    QCOMPARE(model.index(0, Partition).data().toString(), u"2024-01-02"_s);
    QCOMPARE(model.index(0, Id).data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(model.index(0, Id).data(TableBrowserModel::ValueRole).toLongLong(), 1);
    QCOMPARE(model.index(BigRows - 1, Id).data().toString(), QString::number(BigRows));
    QCOMPARE(model.index(BigRows - 1, Amount).data().toString(), u"100000"_s);
}

void TestTableBrowserModel::readsWindowsNotTheTable()
{
    TableBrowserModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setTable(m_workspace.database(), u"big events"_s));
    QVERIFY(model.cachedRows() <= TableBrowserModel::WindowRows); // counted; at most the first rows read
    // Scroll from the top to the end, as a view would, a few rows on every screen.
    for (int row = 0; row < BigRows; row += 9973)
        QCOMPARE(model.index(row, Id).data().toString(), QString::number(row + 1));
    QCOMPARE(model.index(BigRows - 1, Id).data().toString(), QString::number(BigRows));
    QVERIFY2(model.cachedRows() <= TableBrowserModel::CachedWindows * TableBrowserModel::WindowRows,
             qPrintable(QString::number(model.cachedRows())));
    // Windows read one after another (rowid seeks) line up with the ones read by offset.
    for (int row = 0; row < 3 * TableBrowserModel::WindowRows; ++row)
        QCOMPARE(model.index(row, Id).data().toLongLong(), row + 1);
}

void TestTableBrowserModel::sortsEveryWindowAlike_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("firstIds");
    QTest::addColumn<QString>("lastId");
    // Ties (200 rows per name) keep the rowid order inside a window and across windows.
    QTest::addRow("name ascending") << int(Name) << Qt::AscendingOrder << QStringList{u"1000"_s, u"2000"_s, u"3000"_s}
                                    << u"199999"_s;
    QTest::addRow("name descending") << int(Name) << Qt::DescendingOrder
                                     << QStringList{u"199999"_s, u"198999"_s, u"197999"_s} << u"1000"_s;
    QTest::addRow("amount descending") << int(Amount) << Qt::DescendingOrder
                                       << QStringList{u"200000"_s, u"199999"_s, u"199998"_s} << u"1"_s;
    QTest::addRow("partition ascending") << int(Partition) << Qt::AscendingOrder
                                         << QStringList{u"100"_s, u"200"_s, u"300"_s} << u"199999"_s;
}

void TestTableBrowserModel::sortsEveryWindowAlike()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, firstIds);
    QFETCH(QString, lastId);

    TableBrowserModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setTable(m_workspace.database(), u"big events"_s));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.sort(column, order);
    QVERIFY(settled(model));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.sortColumn(), column);
    QCOMPARE(model.rowCount(), BigRows);
    QCOMPARE(this->column(model, Id, 3), firstIds);
    QCOMPARE(model.index(BigRows - 1, Id).data().toString(), lastId);

    // Three windows in a row: every id once, in the sort order.
    const int rows = 3 * TableBrowserModel::WindowRows;
    QSet<QString> seen;
    QString previous;
    for (int row = 0; row < rows; ++row) {
        const QString id = model.index(row, Id).data().toString();
        const QString key = model.index(row, column).data().toString();
        QVERIFY2(!seen.contains(id), qPrintable(id));
        seen.insert(id);
        if (row > 0 && column != Amount)
            QVERIFY2(order == Qt::AscendingOrder ? previous <= key : previous >= key, qPrintable(key));
        previous = key;
    }
}

void TestTableBrowserModel::filtersWithBoundText_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("firstValue");
    QTest::addRow("substring, any case") << u"big events"_s << u"USER 42"_s << 200 * 11 << int(Name) << u"user 42"_s;
    QTest::addRow("numbers match as text") << u"big events"_s << u"199999"_s << 1 << int(Name) << u"user 999"_s;
    QTest::addRow("underscore is a character") << u"small"_s << u"a_b"_s << 1 << 1 << u"plain"_s;
    QTest::addRow("percent is a character") << u"small"_s << u"50%"_s << 1 << 1 << u"say \"hi\""_s;
    QTest::addRow("quotes are text") << u"small"_s << u"' OR 1=1 --"_s << 0 << 1 << QString();
    QTest::addRow("non-ASCII") << u"small"_s << u"caf\u00e9"_s << 1 << 1 << u"caf\u00e9"_s;
}

void TestTableBrowserModel::filtersWithBoundText()
{
    QFETCH(QString, table);
    QFETCH(QString, filter);
    QFETCH(int, rows);
    QFETCH(int, column);
    QFETCH(QString, firstValue);

    TableBrowserModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setTable(m_workspace.database(), table));
    QSignalSpy counts(&model, &TableBrowserModel::countsChanged);
    model.setFilterText(filter);
    QVERIFY(settled(model));
    QVERIFY2(model.lastError().isEmpty(), qPrintable(model.lastError()));
    QCOMPARE(counts.size(), 1);
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.filteredRows(), rows);
    if (rows > 0)
        QCOMPARE(model.index(0, column).data().toString(), firstValue);
    model.setFilterText({});
    QCOMPARE(model.rowCount(), model.totalRows());
}

void TestTableBrowserModel::filtersByPartition()
{
    TableBrowserModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setTable(m_workspace.database(), u"big events"_s));
    const QList<TablePartition> partitions = model.partitions();
    QCOMPARE(partitions.size(), Partitions);
    QCOMPARE(partitions.first(), (TablePartition{u"2024-01-01"_s, BigRows / Partitions}));
    QCOMPARE(partitions.last().key, u"2024-04-09"_s);

    model.setPartition(u"2024-01-05"_s);
    QVERIFY(settled(model));
    QCOMPARE(model.rowCount(), BigRows / Partitions);
    QCOMPARE(model.totalRows(), BigRows);
    for (int row = 0; row < model.rowCount(); row += 37)
        QCOMPARE(model.index(row, model.partitionColumn()).data().toString(), u"2024-01-05"_s);
    QCOMPARE(model.index(0, Id).data().toString(), u"4"_s);

    model.setFilterText(u"user 4"_s); // of ids 4, 104, 204...: names "user 4" and "user 404"
    QVERIFY(settled(model));
    QCOMPARE(model.rowCount(), BigRows / Partitions / 5);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(model.index(row, Name).data().toString().startsWith(u"user 4"_s));
    model.setPartition({});
    model.setFilterText({});
    QVERIFY(!model.busy()); // all rows: nothing to sort
    QCOMPARE(model.rowCount(), BigRows);
}

void TestTableBrowserModel::refreshSeesNewRows()
{
    TableBrowserModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setTable(m_workspace.database(), u"small"_s));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(4, 0).data().toString(), u"5"_s);
    QSqlQuery insert(m_workspace.database());
    QVERIFY(insert.exec(u"INSERT INTO small (id, name, _backfill_partition, _backfill_loaded_at) "
                        "VALUES (6, 'late', '2024-01-02', '2024-06-01T00:00:00Z')"_s));
    QCOMPARE(model.rowCount(), 5); // counted when shown
    model.refresh();
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.index(5, 1).data().toString(), u"late"_s);
    QCOMPARE(model.partitions().size(), 2);
    QVERIFY(insert.exec(u"DELETE FROM small WHERE id = 6"_s));
}

void TestTableBrowserModel::exportsQuotedCsv()
{
    TableBrowserModel model;
    QVERIFY(model.setTable(m_workspace.database(), u"small"_s));
    model.sort(0, Qt::AscendingOrder);
    const QString path = m_dir.filePath(u"small.csv"_s);
    QString error;
    QVERIFY2(model.exportCsv(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray csv = file.readAll();
    const QList<QByteArray> lines = csv.split('\n');
    QCOMPARE(lines.first(), "id,name,note,_backfill_partition,_backfill_loaded_at\r");
    const QString loadedAt = model.index(0, 4).data().toString();
    const QByteArray expected = "id,name,note,_backfill_partition,_backfill_loaded_at\r\n"
                                "1,plain,a_b,2024-01-01," +
                                loadedAt.toUtf8() +
                                "\r\n"
                                "2,\"with, comma\",axb,2024-01-01," +
                                loadedAt.toUtf8() +
                                "\r\n"
                                "3,\"say \"\"hi\"\"\",50%,2024-01-01," +
                                loadedAt.toUtf8() +
                                "\r\n"
                                "4,\"two\nlines\",,2024-01-01," +
                                loadedAt.toUtf8() +
                                "\r\n"
                                "5,caf\xc3\xa9,500,2024-01-01," +
                                loadedAt.toUtf8() + "\r\n";
    QCOMPARE(csv, expected);
    QCOMPARE(TableBrowserModel::csvField(u"a\rb"_s), u"\"a\rb\""_s);
}

void TestTableBrowserModel::exportsTheFilteredRowsInOrder()
{
    TableBrowserModel model;
    QVERIFY(model.setTable(m_workspace.database(), u"big events"_s));
    model.setPartition(u"2024-01-05"_s);
    model.setFilterText(u"user 4"_s);
    model.sort(Id, Qt::DescendingOrder); // cancels the two before it on their thread
    QVERIFY(settled(model));
    QCOMPARE(model.rowCount(), BigRows / Partitions / 5);
    QCOMPARE(model.index(0, Id).data().toString(), u"199404"_s);
    const QString path = m_dir.filePath(u"filtered.csv"_s);
    QString error;
    qint64 reported = -1;
    QVERIFY2(model.exportCsv(path, &error,
                             [&](qint64 rows) {
                                 reported = rows;
                                 return true;
                             }),
             qPrintable(error));
    QCOMPARE(reported, model.rowCount());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.takeLast(), QByteArray()); // after the last CRLF
    QCOMPARE(lines.size(), model.rowCount() + 1);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(lines.at(row + 1).split(',').at(Id), model.index(row, Id).data().toString().toUtf8());

    // A cancelled export leaves no file behind.
    model.setFilterText({});
    model.setPartition({});
    QVERIFY(settled(model)); // still sorted: all 200,000 rows by id, on the thread
    const QString cancelled = m_dir.filePath(u"cancelled.csv"_s);
    QVERIFY(!model.exportCsv(cancelled, &error, [](qint64) { return false; }));
    QCOMPARE(error, cancelled + u" was not written: the export was cancelled"_s);
    QVERIFY(!QFile::exists(cancelled));
}

void TestTableBrowserModel::unknownTableLeavesAnEmptyModel()
{
    TableBrowserModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setTable(m_workspace.database(), u"small"_s));
    QVERIFY(!model.setTable(m_workspace.database(), u"nothing here"_s));
    QCOMPARE(model.lastError(), u"there is no table nothing here"_s);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 0);
    QString error;
    QVERIFY(!model.exportCsv(m_dir.filePath(u"none.csv"_s), &error));
    QVERIFY(!QFile::exists(m_dir.filePath(u"none.csv"_s)));
    model.clear();
    QCOMPARE(model.table(), QString());
}

void TestTableBrowserModel::smallTablesSortInTheCall()
{
    TableBrowserModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setTable(m_workspace.database(), u"small"_s));
    QSignalSpy busy(&model, &TableBrowserModel::busyChanged);
    model.sort(1, Qt::DescendingOrder);
    QVERIFY(!model.busy());
    QCOMPARE(model.index(0, 1).data().toString(), u"with, comma"_s);
    model.setFilterText(u"a"_s);
    QVERIFY2(model.lastError().isEmpty(), qPrintable(model.lastError()));
    QCOMPARE(model.rowCount(), 4); // every row but "two\nlines", by its name or its note
    QCOMPARE(busy.size(), 0);
}

void TestTableBrowserModel::aLargeTableKeepsItsRowsWhileItSorts()
{
    TableBrowserModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.setTable(m_workspace.database(), u"big events"_s));
    QCOMPARE(model.index(0, Id).data().toString(), u"1"_s);
    QSignalSpy busy(&model, &TableBrowserModel::busyChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.sort(Id, Qt::DescendingOrder);
    QVERIFY(model.busy());
    QCOMPARE(model.sortColumn(), Id); // as asked, for the header
    // Until the order arrives, the rows shown stay as they were, and read as before.
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), BigRows);
    QCOMPARE(model.index(TableBrowserModel::WindowRows * 3, Id).data().toString(),
             QString::number(TableBrowserModel::WindowRows * 3 + 1));
    QVERIFY(settled(model));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(busy.size(), 2);
    QCOMPARE(busy.first().first().toBool(), true);
    QCOMPARE(busy.last().first().toBool(), false);
    QCOMPARE(model.index(0, Id).data().toString(), QString::number(BigRows));
    QCOMPARE(model.index(BigRows - 1, Id).data().toString(), u"1"_s);

    // A row deleted after the sort shows empty, not another row, until refresh() counts again
    // (deleted in a transaction of the model's connection, rolled back after).
    QVERIFY(m_workspace.database().transaction());
    QSqlQuery remove(m_workspace.database());
    QVERIFY(remove.exec(u"DELETE FROM \"big events\" WHERE id = %1"_s.arg(BigRows - 1)));
    model.refresh();
    QVERIFY(!model.busy()); // a file's other connections cannot see this transaction: not on a thread
    QCOMPARE(model.rowCount(), BigRows - 1);
    QCOMPARE(model.index(1, Id).data().toString(), QString::number(BigRows - 2));
    QVERIFY(m_workspace.database().rollback());
    model.refresh();
    QVERIFY(settled(model));
    QCOMPARE(model.rowCount(), BigRows);
    QCOMPARE(model.index(1, Id).data().toString(), QString::number(BigRows - 1));
}

void TestTableBrowserModel::aNewerSortCancelsTheOneRunning()
{
    {
        TableBrowserModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.setTable(m_workspace.database(), u"big events"_s));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.sort(Name, Qt::AscendingOrder);
        model.setFilterText(u"user 9"_s);
        model.sort(Amount, Qt::DescendingOrder);
        QVERIFY(settled(model));
        QCOMPARE(resets.size(), 1); // only the last one's rows were shown
        QCOMPARE(model.filterText(), u"user 9"_s);
        const int rows = model.rowCount();
        QCOMPARE(rows, BigRows / 1000 * 111); // names "user 9", "user 9x", "user 9xx"
        QCOMPARE(model.index(0, Id).data().toString(), u"199999"_s);
        for (int row = 1; row < 300; ++row)
            QVERIFY(model.index(row - 1, Amount).data().toDouble() >= model.index(row, Amount).data().toDouble());

        // Gone before its sort ends: nothing is left running against the database.
        model.sort(Name, Qt::DescendingOrder);
        QVERIFY(model.busy());
    }
    // The model waited for its thread, which closed and removed its own connection.
    for (const QString &name : QSqlDatabase::connectionNames())
        QVERIFY2(!name.startsWith(u"backfill-browse-"_s), qPrintable(name));
}

QTEST_GUILESS_MAIN(TestTableBrowserModel)
#include "tst_tablebrowsermodel.moc"
