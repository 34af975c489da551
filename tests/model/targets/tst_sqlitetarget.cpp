// The SQLite target writer on a real database file: what a user would find in the table.
#include "model/targets/sqlidentifier.h"
#include "model/targets/sqlitetarget.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
// The two ways a page is written: upserted by its primary key, or staged for its partition.
void addWriteModes()
{
    QTest::addColumn<QStringList>("primaryKey");
    QTest::addRow("upsert") << QStringList{u"id"_s};
    QTest::addRow("staged, no primary key") << QStringList{};
}
} // namespace

class TestSqliteTarget : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void quotesIdentifiers_data();
    void quotesIdentifiers();
    void createsTableWithInferredColumns();
    void addsColumnsForNewFields();
    void widensColumnsWithoutChangingValues();
    void widensAnIntegerPrimaryKey();
    void widensTheRowidKeyOfAnOlderTable();
    void integerKeyIsNotTheRowid();
    void widensARealOrCompositeKeyKeepingItsKeys_data();
    void widensARealOrCompositeKeyKeepingItsKeys();
    void upsertsByPrimaryKeyLastWins();
    void refusesAnotherPrimaryKeyThanTheTables_data();
    void refusesAnotherPrimaryKeyThanTheTables();
    void tableDroppedByHandStartsAgain();
    void writesLargePagesRowForRow_data();
    void writesLargePagesRowForRow();
    void replacesPartitionAtomicallyWithoutPrimaryKey();
    void restartDiscardsStagedRows();
    void rollbackLosesTheBatch();
    void rejectsRecordsWithoutPrimaryKeyField();
    void emptyFirstPageOfAKeyedTable();
    void refusesAFieldNamedLikeAMetadataColumn();
    void fieldsDifferingOnlyInCaseShareAColumn_data();
    void fieldsDifferingOnlyInCaseShareAColumn();
    void refusesARecordWithAFieldSpelledTwice();
    void keySpelledInAnotherCaseIsTheSameKey();

private:
    QList<QJsonObject> records(const char *json);
    QList<QVariantList> rows(const QString &sql);
    QStringList columnNames(const QString &table);

    QTemporaryDir m_dir;
    QSqlDatabase m_db;
};

void TestSqliteTarget::init()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"target"_s);
    m_db.setDatabaseName(m_dir.filePath(u"target.sqlite"_s));
    QVERIFY(m_db.open());
}

void TestSqliteTarget::cleanup()
{
    m_db.close();
    m_db = {};
    QSqlDatabase::removeDatabase(u"target"_s);
    QFile::remove(m_dir.filePath(u"target.sqlite"_s));
}

QList<QJsonObject> TestSqliteTarget::records(const char *json)
{
    QList<QJsonObject> list;
    const auto array = QJsonDocument::fromJson(json).array();
    for (const auto &value : array)
        list.append(value.toObject());
    return list;
}

QList<QVariantList> TestSqliteTarget::rows(const QString &sql)
{
    QList<QVariantList> result;
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        qWarning() << query.lastError().text();
    while (query.next()) {
        QVariantList row;
        for (int i = 0; i < query.record().count(); ++i)
            row << query.value(i);
        result << row;
    }
    return result;
}

QStringList TestSqliteTarget::columnNames(const QString &table)
{
    QStringList names;
    for (const QVariantList &row : rows(u"SELECT name FROM pragma_table_info('%1') ORDER BY cid"_s.arg(table)))
        names << row.first().toString();
    return names;
}

void TestSqliteTarget::quotesIdentifiers_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("quoted");
    QTest::addRow("plain") << u"events"_s << u"\"events\""_s;
    QTest::addRow("keyword") << u"select"_s << u"\"select\""_s;
    QTest::addRow("quote") << u"we\"ird"_s << u"\"we\"\"ird\""_s;
    QTest::addRow("space and dot") << u"a b.c"_s << u"\"a b.c\""_s;
    QTest::addRow("nul dropped") << (u"a"_s + QChar(0) + u"b"_s) << u"\"ab\""_s;
}

void TestSqliteTarget::quotesIdentifiers()
{
    QFETCH(QString, name);
    QFETCH(QString, quoted);
    QCOMPARE(quoteIdentifier(name), quoted);
}

void TestSqliteTarget::createsTableWithInferredColumns()
{
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(m_db.transaction());
    const char *json = R"([{"id": 1, "price": 2.5, "name": "a", "ok": true, "at": "2024-01-05T10:00:00Z",
                           "tags": ["x", "y"], "meta": {"k": 1}, "select": "kw", "we\"ird": 7}])";
    QVERIFY2(target.write(u"events"_s, {u"id"_s}, u"2024-01-05"_s, records(json), &error), qPrintable(error));
    QVERIFY(m_db.commit());

    const auto result = rows(u"SELECT id, price, name, ok, at, tags, meta, \"select\", \"we\"\"ird\", "
                             "_backfill_partition FROM events"_s);
    QCOMPARE(result.size(), 1);
    QCOMPARE(result[0][0].toLongLong(), 1);
    QCOMPARE(result[0][1].toDouble(), 2.5);
    QCOMPARE(result[0][2].toString(), u"a"_s);
    QCOMPARE(result[0][3].toInt(), 1);
    QCOMPARE(result[0][4].toString(), u"2024-01-05T10:00:00Z"_s);
    QCOMPARE(result[0][5].toString(), u"[\"x\",\"y\"]"_s);
    QCOMPARE(result[0][6].toString(), u"{\"k\":1}"_s);
    QCOMPARE(result[0][7].toString(), u"kw"_s);
    QCOMPARE(result[0][8].toInt(), 7);
    QCOMPARE(result[0][9].toString(), u"2024-01-05"_s);

    QList<QString> types;
    for (const auto &column : target.columns(u"events"_s))
        types << column.name + u':' + columnTypeName(column.type);
    // QJsonObject keeps its keys sorted, so the columns come in that order.
    QCOMPARE(types, (QList<QString>{u"at:timestamp"_s, u"id:integer"_s, u"meta:json"_s, u"name:text"_s, u"ok:boolean"_s,
                                    u"price:real"_s, u"select:text"_s, u"tags:json"_s, u"we\"ird:integer"_s}));

    // A second writer on the same file learns the columns from the database.
    SqliteTarget again(m_db);
    QCOMPARE(again.columns(u"events"_s).size(), 9);
}

void TestSqliteTarget::addsColumnsForNewFields()
{
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"p1"_s, records(R"([{"id": 1, "a": "x"}])"), &error));
    QVERIFY2(target.write(u"t"_s, {u"id"_s}, u"p2"_s, records(R"([{"id": 2, "b": 5}])"), &error), qPrintable(error));
    const auto result = rows(u"SELECT id, a, b FROM t ORDER BY id"_s);
    QCOMPARE(result.size(), 2);
    QVERIFY(result[0][2].isNull());
    QVERIFY(result[1][1].isNull());
    QCOMPARE(result[1][2].toInt(), 5);
}

void TestSqliteTarget::widensColumnsWithoutChangingValues()
{
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": 1, "n": 5, "code": 42}])"), &error));
    QVERIFY2(target.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": 2, "n": 1.5, "code": "0042"}])"), &error),
             qPrintable(error));
    const auto result = rows(u"SELECT id, n, code, typeof(code) FROM t ORDER BY id"_s);
    QCOMPARE(result.size(), 2);
    QCOMPARE(result[0][1].toInt(), 5);
    QCOMPARE(result[1][1].toDouble(), 1.5);
    QCOMPARE(result[1][2].toString(), u"0042"_s); // not turned into the number 42
    QCOMPARE(result[1][3].toString(), u"text"_s);
    QStringList types;
    for (const auto &column : target.columns(u"t"_s))
        types << column.name + u':' + columnTypeName(column.type);
    QCOMPARE(types, (QStringList{u"code:text"_s, u"id:integer"_s, u"n:real"_s}));
}

void TestSqliteTarget::widensAnIntegerPrimaryKey()
{
    // An INTEGER primary key is SQLite's rowid: it takes no 2.5 and no "A-1" until the table is
    // rebuilt with the wider type.
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": 1, "v": "a"}])"), &error));
    QVERIFY2(target.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": 2.5, "v": "b"}])"), &error), qPrintable(error));
    QVERIFY2(
        target.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": "A-1", "v": "c"}, {"id": 1, "v": "d"}])"), &error),
        qPrintable(error));
    const auto result = rows(u"SELECT id, v FROM t ORDER BY v"_s);
    QCOMPARE(result.size(), 3);
    QCOMPARE(result[0][0].toString(), u"2.5"_s);
    QCOMPARE(result[1][0].toString(), u"A-1"_s);
    QCOMPARE(result[2][0].toString(), u"1"_s);
    QCOMPARE(result[2][1].toString(), u"d"_s); // 1 is still the same key after the rebuild
}

void TestSqliteTarget::widensTheRowidKeyOfAnOlderTable()
{
    // Tables made before keys were declared INT have an INTEGER key, which is the rowid: it
    // takes no 2.5 (SQLite says "datatype mismatch") until the table is rebuilt.
    QSqlQuery query(m_db);
    QVERIFY(query.exec(u"CREATE TABLE t (id INTEGER, v TEXT, _backfill_partition TEXT NOT NULL, "
                       "_backfill_loaded_at TEXT NOT NULL, PRIMARY KEY (id))"_s));
    QVERIFY(query.exec(u"INSERT INTO t VALUES (1, 'a', 'p', 'now')"_s));
    QVERIFY(query.exec(u"CREATE TABLE t__staging (id INTEGER, v TEXT, _backfill_partition TEXT NOT NULL, "
                       "_backfill_loaded_at TEXT NOT NULL)"_s));
    QVERIFY(query.exec(u"CREATE TABLE _backfill_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
                       "type TEXT NOT NULL, declared TEXT NOT NULL, position INTEGER NOT NULL, "
                       "PRIMARY KEY (table_name, column_name))"_s));
    QVERIFY(query.exec(u"INSERT INTO _backfill_columns VALUES ('t', 'id', 'integer', 'integer', 0), "
                       "('t', 'v', 'text', 'text', 1)"_s));
    SqliteTarget target(m_db);
    QString error;
    QVERIFY2(
        target.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": 2.5, "v": "b"}, {"id": 1, "v": "c"}])"), &error),
        qPrintable(error));
    const auto result = rows(u"SELECT id, typeof(id), v FROM t ORDER BY v"_s);
    QCOMPARE(result.size(), 2);
    QCOMPARE(result[0][0].toDouble(), 2.5);
    QCOMPARE(result[1][1].toString(), u"integer"_s); // the key 1 stays the integer 1
    QCOMPARE(result[1][2].toString(), u"c"_s);
}

void TestSqliteTarget::integerKeyIsNotTheRowid()
{
    // Rows are stored in the order they were written, not by key: partitions loaded side by
    // side are appended instead of split into the middle of the table.
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"p2"_s, records(R"([{"id": 20}, {"id": 21}])"), &error));
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"p1"_s, records(R"([{"id": 10}, {"id": 11}])"), &error));
    const auto result = rows(u"SELECT id FROM t ORDER BY rowid"_s);
    QCOMPARE(result.size(), 4);
    QCOMPARE(result[0][0].toInt(), 20);
    QCOMPARE(result[2][0].toInt(), 10);
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"p1"_s, records(R"([{"id": 10, "v": 1.5}])"), &error));
    QCOMPARE(rows(u"SELECT count(*) FROM t"_s).first().first().toInt(), 4);
}

void TestSqliteTarget::widensARealOrCompositeKeyKeepingItsKeys_data()
{
    QTest::addColumn<QStringList>("primaryKey");
    QTest::addRow("real key") << QStringList{u"id"_s};
    QTest::addRow("composite key") << QStringList{u"id"_s, u"site"_s};
}

void TestSqliteTarget::widensARealOrCompositeKeyKeepingItsKeys()
{
    // The key 1 is stored as 1.0 in a REAL column; when the column widens to text, TEXT
    // affinity would make it '1.0', and the same key written again ('1') another row.
    QFETCH(QStringList, primaryKey);
    SqliteTarget target(m_db);
    QString error;
    QVERIFY2(target.write(u"t"_s, primaryKey, u"p"_s,
                          records(R"([{"id": 1.5, "site": "s", "v": "a"}, {"id": 1, "site": "s", "v": "b"}])"), &error),
             qPrintable(error));
    QVERIFY2(target.write(u"t"_s, primaryKey, u"p"_s, records(R"([{"id": "x", "site": "s", "v": "c"}])"), &error),
             qPrintable(error));
    QVERIFY2(target.write(u"t"_s, primaryKey, u"p"_s,
                          records(R"([{"id": 1, "site": "s", "v": "b2"}, {"id": 1.5, "site": "s", "v": "a2"}])"),
                          &error),
             qPrintable(error));
    QCOMPARE(rows(u"SELECT v FROM t ORDER BY v"_s), (QList<QVariantList>{{u"a2"_s}, {u"b2"_s}, {u"c"_s}}));
}

void TestSqliteTarget::refusesAnotherPrimaryKeyThanTheTables_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    QTest::addColumn<QString>("message");
    QTest::addRow("a key added") << QStringList{} << QStringList{u"id"_s}
                                 << u"the table t was made with no primary key, and the endpoint now has the primary "
                                    "key (id)"_s;
    QTest::addRow("the key removed") << QStringList{u"id"_s} << QStringList{}
                                     << u"the table t was made with the primary key (id), and the endpoint now has "
                                        "no primary key"_s;
    QTest::addRow("another key") << QStringList{u"id"_s} << QStringList{u"id"_s, u"v"_s}
                                 << u"the table t was made with the primary key (id), and the endpoint now has the "
                                    "primary key (id, v)"_s;
}

void TestSqliteTarget::refusesAnotherPrimaryKeyThanTheTables()
{
    // A spec whose key changed after a first load: SQLite said "ON CONFLICT clause does not
    // match any PRIMARY KEY or UNIQUE constraint", or the rows were matched by the old key.
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    QFETCH(QString, message);
    QString error;
    {
        SqliteTarget target(m_db);
        QVERIFY(target.write(u"t"_s, before, u"p"_s, records(R"([{"id": 1, "v": "a"}])"), &error));
        QVERIFY(target.finishPartition(u"t"_s, before, u"p"_s, &error));
    }
    SqliteTarget target(m_db);
    QVERIFY(!target.write(u"t"_s, after, u"p"_s, records(R"([{"id": 1, "v": "b"}])"), &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
    QCOMPARE(rows(u"SELECT v FROM t"_s), (QList<QVariantList>{{u"a"_s}}));
    // The same key in another order or case is the same key.
    QVERIFY2(target.write(u"t"_s, before.isEmpty() ? before : QStringList{u"ID"_s}, u"p"_s,
                          records(R"([{"id": 2, "v": "c"}])"), &error),
             qPrintable(error));
}

void TestSqliteTarget::tableDroppedByHandStartsAgain()
{
    // Its columns in _backfill_columns and its staging table stayed: the table came back with
    // the old columns, and a new field failed with "table t__staging has no column named z".
    QString error;
    {
        SqliteTarget target(m_db);
        QVERIFY(target.write(u"t"_s, {}, u"p"_s, records(R"([{"id": 1, "old": "a"}])"), &error));
        QVERIFY(target.finishPartition(u"t"_s, {}, u"p"_s, &error));
    }
    QSqlQuery query(m_db);
    QVERIFY(query.exec(u"DROP TABLE t"_s));
    SqliteTarget target(m_db);
    QVERIFY2(target.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": 1, "z": "b"}])"), &error), qPrintable(error));
    QVERIFY2(target.finishPartition(u"t"_s, {u"id"_s}, u"p"_s, &error), qPrintable(error));
    QStringList names;
    for (const TargetColumn &column : target.columns(u"t"_s))
        names << column.name;
    QCOMPARE(names, (QStringList{u"id"_s, u"z"_s}));
    QCOMPARE(rows(u"SELECT id, z FROM t"_s), (QList<QVariantList>{{1, u"b"_s}}));
}

void TestSqliteTarget::upsertsByPrimaryKeyLastWins()
{
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"p1"_s,
                         records(R"([{"id": 1, "v": "a"}, {"id": 2, "v": "b"}, {"id": 1, "v": "c"}])"), &error));
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"p2"_s, records(R"([{"id": 2, "v": "d"}])"), &error));
    const auto result = rows(u"SELECT id, v, _backfill_partition FROM t ORDER BY id"_s);
    QCOMPARE(result.size(), 2);
    QCOMPARE(result[0][1].toString(), u"c"_s);
    QCOMPARE(result[1][1].toString(), u"d"_s);
    QCOMPARE(result[1][2].toString(), u"p2"_s);
}

void TestSqliteTarget::writesLargePagesRowForRow_data()
{
    addWriteModes();
}

void TestSqliteTarget::writesLargePagesRowForRow()
{
    // Pages go in several rows per statement: 100 records, where every third lacks `v`
    // (it must be NULL, not the value of the row bound before it in the same statement),
    // and ids 1 to 70 then 1 to 30 again (later duplicates win, also across statements).
    QFETCH(QStringList, primaryKey);
    QList<QJsonObject> page;
    for (int i = 0; i < 100; ++i) {
        QJsonObject record{{u"id"_s, i < 70 ? i + 1 : i - 69}, {u"n"_s, i}};
        if (i % 3 != 0)
            record.insert(u"v"_s, u"v%1"_s.arg(i));
        page.append(record);
    }
    SqliteTarget target(m_db);
    QString error;
    QVERIFY2(target.write(u"t"_s, primaryKey, u"p"_s, page, &error), qPrintable(error));
    QVERIFY2(target.finishPartition(u"t"_s, primaryKey, u"p"_s, &error), qPrintable(error));
    const auto result = rows(u"SELECT id, n, v FROM t ORDER BY id, n"_s);
    const int expected = primaryKey.isEmpty() ? 100 : 70;
    QCOMPARE(result.size(), expected);
    for (const QVariantList &row : result) {
        const int n = row[1].toInt();
        if (!primaryKey.isEmpty() && row[0].toInt() <= 30)
            QCOMPARE(n, row[0].toInt() + 69); // the later duplicate
        QCOMPARE(row[2].isNull(), n % 3 == 0);
        if (n % 3 != 0)
            QCOMPARE(row[2].toString(), u"v%1"_s.arg(n));
    }
}

void TestSqliteTarget::replacesPartitionAtomicallyWithoutPrimaryKey()
{
    SqliteTarget target(m_db);
    QString error;
    const auto load = [&](const char *json) {
        QVERIFY(m_db.transaction());
        QVERIFY(target.write(u"t"_s, {}, u"day1"_s, records(json), &error));
        // Until the partition finishes, its old rows are what a reader sees.
        QVERIFY(target.finishPartition(u"t"_s, {}, u"day1"_s, &error));
        QVERIFY(m_db.commit());
    };
    load(R"([{"v": 1}, {"v": 2}, {"v": 3}])");
    QCOMPARE(rows(u"SELECT count(*) FROM t"_s)[0][0].toInt(), 3);

    QVERIFY(target.write(u"t"_s, {}, u"day1"_s, records(R"([{"v": 10}])"), &error));
    QCOMPARE(rows(u"SELECT count(*) FROM t"_s)[0][0].toInt(), 3); // staged, not yet visible
    QVERIFY(target.finishPartition(u"t"_s, {}, u"day1"_s, &error));
    QCOMPARE(rows(u"SELECT v FROM t"_s), (QList<QVariantList>{{10}}));
    QCOMPARE(rows(u"SELECT count(*) FROM t__staging"_s)[0][0].toInt(), 0);
}

void TestSqliteTarget::restartDiscardsStagedRows()
{
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(target.write(u"t"_s, {}, u"day1"_s, records(R"([{"v": 1}, {"v": 2}])"), &error));
    QVERIFY(target.restartPartition(u"t"_s, {}, u"day1"_s, &error));
    QVERIFY(target.write(u"t"_s, {}, u"day1"_s, records(R"([{"v": 3}])"), &error));
    QVERIFY(target.finishPartition(u"t"_s, {}, u"day1"_s, &error));
    QCOMPARE(rows(u"SELECT v FROM t"_s), (QList<QVariantList>{{3}}));
}

void TestSqliteTarget::rollbackLosesTheBatch()
{
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": 1}])"), &error));
    QVERIFY(m_db.transaction());
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": 2}, {"id": 3}])"), &error));
    m_db.rollback();
    QCOMPARE(rows(u"SELECT id FROM t"_s), (QList<QVariantList>{{1}}));
}

void TestSqliteTarget::rejectsRecordsWithoutPrimaryKeyField()
{
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(!target.write(u"t"_s, {u"event_id"_s}, u"p"_s, records(R"([{"id": 1}])"), &error));
    QCOMPARE(error, u"the records have no field \"event_id\" for the primary key"_s);
}

void TestSqliteTarget::emptyFirstPageOfAKeyedTable()
{
    // A partition without records (a quiet day) that comes before any other: nothing tells the
    // columns yet, and nothing must fail; the first records make the table, with its key.
    SqliteTarget target(m_db);
    QString error;
    QVERIFY2(target.write(u"t"_s, {u"id"_s}, u"day1"_s, RecordBatch(), &error), qPrintable(error));
    QVERIFY2(target.finishPartition(u"t"_s, {u"id"_s}, u"day1"_s, &error), qPrintable(error));
    QVERIFY2(target.write(u"t"_s, {u"id"_s}, u"day2"_s, records(R"([{"id": 1, "v": "a"}])"), &error),
             qPrintable(error));
    QVERIFY2(target.write(u"t"_s, {u"id"_s}, u"day3"_s, records(R"([{"id": 1, "v": "b"}])"), &error),
             qPrintable(error));
    QCOMPARE(rows(u"SELECT id, v, _backfill_partition FROM t"_s), (QList<QVariantList>{{1, u"b"_s, u"day3"_s}}));
}

void TestSqliteTarget::refusesAFieldNamedLikeAMetadataColumn()
{
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(!target.write(u"t"_s, {}, u"p"_s, records(R"([{"id": 1, "_backfill_partition": "x"}])"), &error));
    QCOMPARE(error, u"the records have a field \"_backfill_partition\", the name of a column that Backfill Studio "
                    "adds to every table; rename the field with a processor"_s);
    QVERIFY(target.write(u"t"_s, {}, u"p"_s, records(R"([{"id": 1}])"), &error));
    QVERIFY(!target.write(u"t"_s, {}, u"p"_s, records(R"([{"id": 2, "_Backfill_Loaded_At": "x"}])"), &error));
    QCOMPARE(error, u"the records have a field \"_Backfill_Loaded_At\", the name of a column that Backfill Studio "
                    "adds to every table; rename the field with a processor"_s);
}

void TestSqliteTarget::fieldsDifferingOnlyInCaseShareAColumn_data()
{
    addWriteModes();
}

void TestSqliteTarget::fieldsDifferingOnlyInCaseShareAColumn()
{
    // SQLite takes "Name" and "name" for one column: records that spell a field either way, in
    // one page or on later pages, fill that column, which keeps the first spelling.
    QFETCH(QStringList, primaryKey);
    SqliteTarget target(m_db);
    QString error;
    QVERIFY2(
        target.write(u"t"_s, primaryKey, u"p"_s, records(R"([{"id": 1, "Name": 5}, {"id": 2, "name": "b"}])"), &error),
        qPrintable(error));
    QVERIFY2(target.write(u"t"_s, primaryKey, u"p"_s, records(R"([{"id": 3, "NAME": "c"}])"), &error),
             qPrintable(error));
    QVERIFY2(target.finishPartition(u"t"_s, primaryKey, u"p"_s, &error), qPrintable(error));
    QCOMPARE(rows(u"SELECT id, Name FROM t ORDER BY id"_s),
             (QList<QVariantList>{{1, u"5"_s}, {2, u"b"_s}, {3, u"c"_s}}));
    QCOMPARE(columnNames(u"t"_s),
             (QStringList{u"Name"_s, u"id"_s, u"_backfill_partition"_s, u"_backfill_loaded_at"_s}));
    QStringList types;
    for (const auto &column : target.columns(u"t"_s))
        types << column.name + u':' + columnTypeName(column.type);
    QCOMPARE(types, (QStringList{u"Name:text"_s, u"id:integer"_s}));

    // A writer that learns the columns from the file maps the other spellings there too.
    SqliteTarget again(m_db);
    QVERIFY2(again.write(u"t"_s, primaryKey, u"q"_s, records(R"([{"id": 4, "name": "d"}])"), &error),
             qPrintable(error));
    QVERIFY2(again.finishPartition(u"t"_s, primaryKey, u"q"_s, &error), qPrintable(error));
    QCOMPARE(rows(u"SELECT Name FROM t WHERE id = 4"_s), (QList<QVariantList>{{u"d"_s}}));
    QCOMPARE(columnNames(u"t"_s).size(), 4);
}

void TestSqliteTarget::refusesARecordWithAFieldSpelledTwice()
{
    // One record with "Name" and "name" would keep one of its two values in the one column:
    // the page fails instead, and says which fields and what to do.
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(target.write(u"t"_s, {u"id"_s}, u"day1"_s, records(R"([{"id": 1, "Name": "a"}])"), &error));
    QVERIFY(!target.write(u"t"_s, {u"id"_s}, u"day2"_s,
                          records(R"([{"id": 1, "name": "b"}, {"id": 2, "name": "x", "NAME": "y", "n": 1}])"), &error));
    QCOMPARE(error, u"record 2 of a page of partition day2 has the fields \"NAME\" and \"name\", which are one "
                    "column of t in SQLite (its column names ignore case); rename one of them with a processor"_s);
    QCOMPARE(rows(u"SELECT id, Name FROM t"_s), (QList<QVariantList>{{1, u"a"_s}}));
    QCOMPARE(columnNames(u"t"_s),
             (QStringList{u"Name"_s, u"id"_s, u"_backfill_partition"_s, u"_backfill_loaded_at"_s}));

    // Nothing of the failed page stays with the writer: the next page writes as usual.
    QVERIFY2(target.write(u"t"_s, {u"id"_s}, u"day3"_s, records(R"([{"id": 2, "name": "c"}])"), &error),
             qPrintable(error));
    QCOMPARE(rows(u"SELECT id, Name FROM t ORDER BY id"_s), (QList<QVariantList>{{1, u"a"_s}, {2, u"c"_s}}));
}

void TestSqliteTarget::keySpelledInAnotherCaseIsTheSameKey()
{
    // A table made with the key "ID", written later with the key spelled "id": the same column,
    // still the key when the table is rebuilt (declared INT, not the rowid, which would refuse
    // the key 2.5 with "datatype mismatch").
    SqliteTarget target(m_db);
    QString error;
    QVERIFY(target.write(u"t"_s, {u"ID"_s}, u"p"_s, records(R"([{"ID": 1, "v": 1}])"), &error));
    SqliteTarget again(m_db);
    QVERIFY2(again.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": 1, "v": "a"}])"), &error), qPrintable(error));
    QVERIFY2(again.write(u"t"_s, {u"id"_s}, u"p"_s, records(R"([{"id": 2.5, "v": "b"}])"), &error), qPrintable(error));
    QCOMPARE(rows(u"SELECT ID, v FROM t ORDER BY v"_s), (QList<QVariantList>{{1, u"a"_s}, {2.5, u"b"_s}}));
    QCOMPARE(columnNames(u"t"_s), (QStringList{u"ID"_s, u"v"_s, u"_backfill_partition"_s, u"_backfill_loaded_at"_s}));
}

QTEST_GUILESS_MAIN(TestSqliteTarget)
#include "tst_sqlitetarget.moc"
