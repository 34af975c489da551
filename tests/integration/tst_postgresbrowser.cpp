// The data browser on a PostgreSQL target, against a real server that the test starts: the
// tables a backfill wrote there (a schema's too, staging tables not among them), their rows in
// windows, sorted, filtered by text and by partition, and exported, as on SQLite. Skipped,
// saying why, where no server can start. The Data tab on that connection too.
#include "model/itemmodels/tablebrowsermodel.h"
#include "model/targets/target.h"
#include "model/targets/targetdatabase.h"
#include "tests/support/postgresfixture.h"
#include "views/data/databrowser.h"

#include <QBuffer>
#include <QJsonObject>
#include <QListView>
#include <QSet>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestPostgresBrowser : public PostgresSuite
{
    Q_OBJECT

private slots:
    // One database for all tests, written once.
    void initTestCase();
    void cleanupTestCase();
    void init() {}
    void cleanup() {}
    void listsTheTablesBackfillsWrote();
    void readsEveryRowOnceAcrossWindows();
    void sortsFiltersAndExports();
    void opensATableInASchema();
    void dataTabShowsAPartitionsRows();
};

void TestPostgresBrowser::initTestCase()
{
    if (!m_server.start())
        QSKIP(qPrintable(u"no PostgreSQL server could start: "_s + m_server.errorString()));
    PostgresSuite::init();
    QVERIFY(m_target);
    QString error;

    // 600 events over three days (more than two windows), keyed; visits in a schema, unkeyed.
    std::unique_ptr<Target> target = m_target->createTarget();
    QVERIFY(target);
    for (int day = 1; day <= 3; ++day) {
        QList<QJsonObject> events;
        for (int i = 0; i < 200; ++i) {
            const int id = (day - 1) * 200 + i + 1;
            events << QJsonObject{
                {u"id"_s, id}, {u"name"_s, u"Name-%1"_s.arg(id)}, {u"score"_s, id * 0.5}, {u"active"_s, id % 2 == 0}};
        }
        const QString partition = u"2024-03-0%1"_s.arg(day);
        QVERIFY2(m_target->begin(&error), qPrintable(error));
        QVERIFY2(target->write(u"events"_s, {u"id"_s}, partition, events, &error), qPrintable(error));
        QVERIFY2(
            target->write(u"analytics.visits"_s, {}, partition, QList<QJsonObject>{{{u"page"_s, u"/home"_s}}}, &error),
            qPrintable(error));
        QVERIFY2(target->finishPartition(u"analytics.visits"_s, {}, partition, &error), qPrintable(error));
        QVERIFY2(m_target->commit(&error), qPrintable(error));
    }
    QVERIFY2(target->finalize(&error), qPrintable(error));
}

void TestPostgresBrowser::cleanupTestCase()
{
    PostgresSuite::cleanup();
    PostgresSuite::cleanupTestCase();
}

void TestPostgresBrowser::listsTheTablesBackfillsWrote()
{
    QString error;
    QCOMPARE(TableBrowserModel::targetTables(m_db, &error), QStringList({u"analytics.visits"_s, u"events"_s}));
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestPostgresBrowser::readsEveryRowOnceAcrossWindows()
{
    TableBrowserModel model;
    QVERIFY2(model.setTable(m_db, u"events"_s), qPrintable(model.lastError()));
    // A record's fields come in name order (QJsonObject), the metadata columns last.
    QCOMPARE(model.columnNames(), QStringList({u"active"_s, u"id"_s, u"name"_s, u"score"_s, u"_backfill_partition"_s,
                                               u"_backfill_loaded_at"_s}));
    QCOMPARE(model.headerData(3, Qt::Horizontal, TableBrowserModel::ColumnTypeRole).toString(), u"real"_s);
    QCOMPARE(model.totalRows(), 600);
    QCOMPARE(model.rowCount(), 600);
    QSet<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.insert(model.data(model.index(row, 1), TableBrowserModel::ValueRole).toLongLong());
    QCOMPARE(ids.size(), 600);
    QCOMPARE(model.data(model.index(1, 0)).toString(), u"true"_s); // a boolean column shows as such
    QCOMPARE(model.partitions(),
             QList<TablePartition>({{u"2024-03-01"_s, 200}, {u"2024-03-02"_s, 200}, {u"2024-03-03"_s, 200}}));
}

void TestPostgresBrowser::sortsFiltersAndExports()
{
    TableBrowserModel model;
    QVERIFY2(model.setTable(m_db, u"events"_s), qPrintable(model.lastError()));
    model.sort(3, Qt::DescendingOrder);
    QCOMPARE(model.data(model.index(0, 1)).toString(), u"600"_s);
    QCOMPARE(model.data(model.index(599, 1)).toString(), u"1"_s);
    QCOMPARE(model.data(model.index(300, 3)).toString(), u"150"_s); // id 300, score 150, past a window

    // Matched as text in any column, ignoring case.
    model.setFilterText(u"NAME-12"_s);
    QCOMPARE(model.rowCount(), 11); // Name-12, Name-120 ... Name-129
    model.setPartition(u"2024-03-01"_s);
    QCOMPARE(model.rowCount(), 11);
    model.setPartition(u"2024-03-02"_s);
    QCOMPARE(model.rowCount(), 0);
    model.setPartition({});
    model.setFilterText(u"512"_s);
    QCOMPARE(model.rowCount(), 1); // the id 512 (its score is 256)

    QBuffer csv;
    QVERIFY(csv.open(QIODevice::WriteOnly));
    QString error;
    QVERIFY2(model.writeCsv(&csv, &error), qPrintable(error));
    const QList<QByteArray> lines = csv.data().split('\n');
    QCOMPARE(lines.value(0), "active,id,name,score,_backfill_partition,_backfill_loaded_at\r");
    QVERIFY2(lines.value(1).startsWith("true,512,Name-512,256,2024-03-03,"), lines.value(1).constData());
}

void TestPostgresBrowser::opensATableInASchema()
{
    TableBrowserModel model;
    QVERIFY2(model.setTable(m_db, u"analytics.visits"_s), qPrintable(model.lastError()));
    QCOMPARE(model.totalRows(), 3);
    QCOMPARE(model.data(model.index(2, 0)).toString(), u"/home"_s);
    QVERIFY(!model.setTable(m_db, u"analytics.missing"_s));
    QCOMPARE(model.lastError(), u"there is no table analytics.missing"_s);
}

// The Data tab, a real widget on the offscreen platform, on the PostgreSQL connection.
void TestPostgresBrowser::dataTabShowsAPartitionsRows()
{
    DataBrowser browser;
    browser.setDatabase(m_db);
    QCOMPARE(browser.findChild<QListView *>(u"tableList"_s)->model()->rowCount(), 2);
    QVERIFY(browser.showTable(u"events"_s, u"2024-03-02"_s));
    QCOMPARE(browser.currentTable(), u"events"_s);
    QCOMPARE(browser.model()->rowCount(), 200);
    QCOMPARE(browser.model()->data(browser.model()->index(0, 1)).toString(), u"201"_s);
    browser.setDatabase({}); // before the connection closes
}

QTEST_MAIN(TestPostgresBrowser)
#include "tst_postgresbrowser.moc"
