// The PostgreSQL target against a real server that the test starts (initdb + pg_ctl on
// 127.0.0.1): the tables, types and rows a user finds there. Skipped, saying why, where no
// server can start. The runner loading into it: tst_postgresrunner.
#include "model/targets/postgrestarget.h"
#include "model/targets/targetdatabase.h"
#include "tests/support/postgresfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestPostgresTarget : public PostgresSuite
{
    Q_OBJECT

private slots:
    void createsColumnsOfMappedTypes();
    void widensColumnsKeepingValues();
    void addsColumnsForNewFields();
    void upsertsLastWinsWithinAndAcrossPages();
    void refusesAnotherPrimaryKeyThanTheTables_data();
    void refusesAnotherPrimaryKeyThanTheTables();
    void replacesAPartitionWithoutPrimaryKey();
    void putsDottedNamesInASchema();
    void removesRowsOfAnEarlierLoad();
    void emptyFirstPageOfAKeyedTable();
    void keepsKeysThatDifferPastSixDecimals();
    void upsertsOneKeyThatCameWithTwoTypes();
    void refusesAFieldNamedLikeAMetadataColumn();
    void keepsFieldsDifferingOnlyInCaseApart();
    void widensToTextAsNewValuesAreWritten();
};

void TestPostgresTarget::createsColumnsOfMappedTypes()
{
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    QVERIFY2(target->write(u"events"_s, {u"id"_s}, u"2024-01-05"_s,
                           batch(R"([{"id": 1, "score": 1.5, "name": "a \"quoted\" é", "ok": true,
                                      "at": "2024-01-05T10:00:00Z", "tags": ["x", "y"], "meta": {"k": 1},
                                      "gone": null}])"),
                           &error),
             qPrintable(error));
    QVERIFY2(m_target->commit(&error), qPrintable(error));

    QCOMPARE(dataType(u"events"_s, u"id"_s), u"bigint"_s);
    QCOMPARE(dataType(u"events"_s, u"score"_s), u"double precision"_s);
    QCOMPARE(dataType(u"events"_s, u"name"_s), u"text"_s);
    QCOMPARE(dataType(u"events"_s, u"ok"_s), u"boolean"_s);
    QCOMPARE(dataType(u"events"_s, u"at"_s), u"text"_s);
    QCOMPARE(dataType(u"events"_s, u"tags"_s), u"jsonb"_s);
    QCOMPARE(dataType(u"events"_s, u"meta"_s), u"jsonb"_s);
    QCOMPARE(dataType(u"events"_s, u"gone"_s), u"text"_s);
    QCOMPARE(dataType(u"events"_s, u"_backfill_partition"_s), u"text"_s);
    QCOMPARE(dataType(u"events"_s, u"_backfill_loaded_at"_s), u"timestamp with time zone"_s);

    const auto stored = rows(u"SELECT id, score, name, ok, at, tags::text, meta->>'k', gone, _backfill_partition "
                             "FROM events"_s);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored[0][0].toLongLong(), 1);
    QCOMPARE(stored[0][1].toDouble(), 1.5);
    QCOMPARE(stored[0][2].toString(), u"a \"quoted\" é"_s);
    QCOMPARE(stored[0][3].toBool(), true);
    QCOMPARE(stored[0][4].toString(), u"2024-01-05T10:00:00Z"_s);
    QCOMPARE(stored[0][5].toString(), u"[\"x\", \"y\"]"_s);
    QCOMPARE(stored[0][6].toString(), u"1"_s);
    QVERIFY(stored[0][7].isNull());
    QCOMPARE(stored[0][8].toString(), u"2024-01-05"_s);

    // Texts that array literals and JSON treat specially come back as they were.
    const char *specialJson = "[{\"id\": 2, \"name\": \"back\\\\slash, {brace} \\\"q\\\"\"},"
                              " {\"id\": 3, \"name\": \"NULL\", \"meta\": {\"s\": \"a\\\\b\\\"c\"}},"
                              " {\"id\": 4, \"name\": \"\", \"tags\": []}]";
    QVERIFY(m_target->begin(&error));
    QVERIFY2(target->write(u"events"_s, {u"id"_s}, u"2024-01-06"_s, batch(specialJson), &error), qPrintable(error));
    QVERIFY2(m_target->commit(&error), qPrintable(error));
    const auto special = rows(u"SELECT name, meta->>'s', tags::text FROM events WHERE id > 1 ORDER BY id"_s);
    QCOMPARE(special.size(), 3);
    QCOMPARE(special[0][0].toString(), u"back\\slash, {brace} \"q\""_s);
    QCOMPARE(special[1][0].toString(), u"NULL"_s);
    QVERIFY(!special[1][0].isNull());
    QCOMPARE(special[1][1].toString(), u"a\\b\"c"_s);
    QCOMPARE(special[2][0].toString(), QString());
    QVERIFY(!special[2][0].isNull());
    QCOMPARE(special[2][2].toString(), u"[]"_s);

    QHash<QString, ColumnType> types;
    for (const TargetColumn &column : target->columns(u"events"_s))
        types.insert(column.name, column.type);
    QCOMPARE(types.size(), 8);
    QCOMPARE(types.value(u"id"_s), ColumnType::Integer);
    QCOMPARE(types.value(u"at"_s), ColumnType::Timestamp);
    QCOMPARE(types.value(u"meta"_s), ColumnType::Json);
}

void TestPostgresTarget::widensColumnsKeepingValues()
{
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    QVERIFY2(target->write(u"w"_s, {}, u"p"_s, batch(R"([{"n": 1, "f": true, "s": 5, "j": {"a": 1}}])"), &error),
             qPrintable(error));
    QVERIFY2(target->write(u"w"_s, {}, u"p"_s, batch(R"([{"n": 2.5, "f": 3, "s": "text", "j": "plain"}])"), &error),
             qPrintable(error));
    QVERIFY2(target->finishPartition(u"w"_s, {}, u"p"_s, &error), qPrintable(error));
    QVERIFY2(m_target->commit(&error), qPrintable(error));

    QCOMPARE(dataType(u"w"_s, u"n"_s), u"double precision"_s);
    QCOMPARE(dataType(u"w"_s, u"f"_s), u"bigint"_s);
    QCOMPARE(dataType(u"w"_s, u"s"_s), u"text"_s);
    QCOMPARE(dataType(u"w"_s, u"j"_s), u"text"_s);
    const auto stored = rows(u"SELECT n, f, s, j FROM w ORDER BY n"_s);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored[0][0].toDouble(), 1.0);
    QCOMPARE(stored[0][1].toLongLong(), 1); // true, widened to an integer
    QCOMPARE(stored[0][2].toString(), u"5"_s);
    QCOMPARE(comparable(stored[0][3]), u"{\"a\":1}"_s);
    QCOMPARE(stored[1][0].toDouble(), 2.5);
    QCOMPARE(stored[1][1].toLongLong(), 3);
    QCOMPARE(stored[1][2].toString(), u"text"_s);
    QCOMPARE(stored[1][3].toString(), u"plain"_s);

    // A new writer reads the widened types back from _backfill_columns.
    QHash<QString, ColumnType> again;
    for (const TargetColumn &column : PostgresTarget(m_db).columns(u"w"_s))
        again.insert(column.name, column.type);
    QCOMPARE(again.size(), 4);
    QCOMPARE(again.value(u"n"_s), ColumnType::Real);
    QCOMPARE(again.value(u"f"_s), ColumnType::Integer);
    QCOMPARE(again.value(u"s"_s), ColumnType::Text);
}

void TestPostgresTarget::addsColumnsForNewFields()
{
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    QVERIFY(target->write(u"grow"_s, {u"id"_s}, u"p"_s, batch(R"([{"id": 1, "a": "x"}])"), &error));
    QVERIFY2(target->write(u"grow"_s, {u"id"_s}, u"p"_s, batch(R"([{"id": 2, "b": 7}])"), &error), qPrintable(error));
    QVERIFY(m_target->commit(&error));
    QCOMPARE(dataType(u"grow"_s, u"b"_s), u"bigint"_s);
    const auto stored = rows(u"SELECT id, a, b FROM grow ORDER BY id"_s);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored[0][1].toString(), u"x"_s);
    QVERIFY(stored[0][2].isNull());
    QVERIFY(stored[1][1].isNull());
    QCOMPARE(stored[1][2].toLongLong(), 7);
}

void TestPostgresTarget::upsertsLastWinsWithinAndAcrossPages()
{
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    // Within one page the same key three times: one statement, the last one kept.
    QVERIFY2(target->write(u"up"_s, {u"k1"_s, u"k2"_s}, u"p1"_s,
                           batch(R"([{"k1": 1, "k2": "a", "v": "first"}, {"k1": 1, "k2": "b", "v": "other"},
                                     {"k1": 1, "k2": "a", "v": "second"}, {"k1": 1, "k2": "a", "v": "third"}])"),
                           &error),
             qPrintable(error));
    QVERIFY(m_target->commit(&error));
    QVERIFY(m_target->begin(&error));
    QVERIFY2(
        target->write(u"up"_s, {u"k1"_s, u"k2"_s}, u"p2"_s, batch(R"([{"k1": 1, "k2": "b", "v": "later"}])"), &error),
        qPrintable(error));
    QVERIFY(m_target->commit(&error));
    const auto stored = rows(u"SELECT k1, k2, v, _backfill_partition FROM up ORDER BY k2"_s);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored[0][2].toString(), u"third"_s);
    QCOMPARE(stored[0][3].toString(), u"p1"_s);
    QCOMPARE(stored[1][2].toString(), u"later"_s);
    QCOMPARE(stored[1][3].toString(), u"p2"_s);

    // More rows than one statement carries.
    QByteArray many = "[";
    for (int i = 0; i < 1234; ++i)
        many += (i ? "," : "") + QByteArray(R"({"k1": )") + QByteArray::number(i % 1000) + R"(, "k2": "m", "v": ")" +
                QByteArray::number(i) + "\"}";
    many += "]";
    QVERIFY(m_target->begin(&error));
    QVERIFY2(target->write(u"up"_s, {u"k1"_s, u"k2"_s}, u"p3"_s, batch(many.constData()), &error), qPrintable(error));
    QVERIFY(m_target->commit(&error));
    QCOMPARE(rows(u"SELECT count(*) FROM up WHERE k2 = 'm'"_s)[0][0].toInt(), 1000);
    QCOMPARE(rows(u"SELECT v FROM up WHERE k2 = 'm' AND k1 = 5"_s)[0][0].toString(), u"1005"_s);
    QCOMPARE(rows(u"SELECT v FROM up WHERE k2 = 'm' AND k1 = 500"_s)[0][0].toString(), u"500"_s);
}

void TestPostgresTarget::refusesAnotherPrimaryKeyThanTheTables_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    QTest::addColumn<QString>("message");
    QTest::addRow("a key added") << u"keyed_later"_s << QStringList{} << QStringList{u"id"_s}
                                 << u"the table keyed_later was made with no primary key, and the endpoint now has "
                                    "the primary key (id)"_s;
    QTest::addRow("the key removed") << u"unkeyed_later"_s << QStringList{u"id"_s} << QStringList{}
                                     << u"the table unkeyed_later was made with the primary key (id), and the "
                                        "endpoint now has no primary key"_s;
    QTest::addRow("another key") << u"rekeyed"_s << QStringList{u"site"_s, u"id"_s} << QStringList{u"id"_s}
                                 << u"the table rekeyed was made with the primary key (site, id), and the endpoint "
                                    "now has the primary key (id)"_s;
}

void TestPostgresTarget::refusesAnotherPrimaryKeyThanTheTables()
{
    // A spec whose key changed after a first load: PostgreSQL said "there is no unique or
    // exclusion constraint matching the ON CONFLICT specification", or the rows went to a
    // staging table that was never made.
    QFETCH(QString, table);
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    QFETCH(QString, message);
    QString error;
    {
        auto target = m_target->createTarget();
        QVERIFY(m_target->begin(&error));
        QVERIFY2(target->write(table, before, u"p"_s, batch(R"([{"id": 1, "site": "s", "v": "a"}])"), &error),
                 qPrintable(error));
        QVERIFY2(target->finishPartition(table, before, u"p"_s, &error), qPrintable(error));
        QVERIFY(m_target->commit(&error));
    }
    auto target = m_target->createTarget();
    QVERIFY(m_target->begin(&error));
    QVERIFY(!target->write(table, after, u"p"_s, batch(R"([{"id": 1, "site": "s", "v": "b"}])"), &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
    m_target->rollback();
    QCOMPARE(rows(u"SELECT v FROM "_s + table).size(), 1);
    // The same key in another order is the same key.
    QStringList reordered = before;
    std::reverse(reordered.begin(), reordered.end());
    QVERIFY(m_target->begin(&error));
    QVERIFY2(target->write(table, reordered, u"p"_s, batch(R"([{"id": 2, "site": "s", "v": "c"}])"), &error),
             qPrintable(error));
    QVERIFY(m_target->commit(&error));
}

void TestPostgresTarget::replacesAPartitionWithoutPrimaryKey()
{
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    QVERIFY(target->write(u"log"_s, {}, u"d1"_s, batch(R"([{"m": "old1"}, {"m": "old2"}])"), &error));
    QVERIFY(target->finishPartition(u"log"_s, {}, u"d1"_s, &error));
    QVERIFY(target->write(u"log"_s, {}, u"d2"_s, batch(R"([{"m": "other"}])"), &error));
    QVERIFY(target->finishPartition(u"log"_s, {}, u"d2"_s, &error));
    QVERIFY(m_target->commit(&error));

    // The partition runs again: a first page that was never finished, then a restart.
    QVERIFY(m_target->begin(&error));
    QVERIFY(target->restartPartition(u"log"_s, {}, u"d1"_s, &error));
    QVERIFY(target->write(u"log"_s, {}, u"d1"_s, batch(R"([{"m": "abandoned"}])"), &error));
    QVERIFY(m_target->commit(&error));
    QCOMPARE(rows(u"SELECT m FROM log WHERE _backfill_partition = 'd1' ORDER BY m"_s).size(), 2);
    QVERIFY(m_target->begin(&error));
    QVERIFY(target->restartPartition(u"log"_s, {}, u"d1"_s, &error));
    QVERIFY(target->write(u"log"_s, {}, u"d1"_s, batch(R"([{"m": "new"}])"), &error));
    QVERIFY(target->finishPartition(u"log"_s, {}, u"d1"_s, &error));
    QVERIFY(m_target->commit(&error));

    const auto stored = rows(u"SELECT _backfill_partition, m FROM log ORDER BY 1, 2"_s);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored[0][1].toString(), u"new"_s);
    QCOMPARE(stored[1][1].toString(), u"other"_s);
    QCOMPARE(rows(u"SELECT count(*) FROM log__staging"_s)[0][0].toInt(), 0);
}

void TestPostgresTarget::putsDottedNamesInASchema()
{
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    QVERIFY2(target->write(u"analytics.events"_s, {u"id"_s}, u"p"_s, batch(R"([{"id": 1}])"), &error),
             qPrintable(error));
    QVERIFY2(target->finalize(&error), qPrintable(error));
    QVERIFY(m_target->commit(&error));
    QCOMPARE(rows(u"SELECT id FROM analytics.events"_s).size(), 1);
    QCOMPARE(rows(u"SELECT count(*) FROM pg_indexes WHERE schemaname = 'analytics' AND "
                  "indexname = 'events__partition'"_s)[0][0]
                 .toInt(),
             1);
}

void TestPostgresTarget::removesRowsOfAnEarlierLoad()
{
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    QVERIFY(target->write(u"r"_s, {u"id"_s}, u"p"_s, batch(R"([{"id": 1}, {"id": 2}])"), &error));
    QVERIFY(m_target->commit(&error));
    QTest::qWait(5); // the next load is stamped later
    const QDateTime since = QDateTime::currentDateTimeUtc();
    QTest::qWait(5);
    QVERIFY(m_target->begin(&error));
    QVERIFY(target->write(u"r"_s, {u"id"_s}, u"p"_s, batch(R"([{"id": 2}])"), &error));
    QVERIFY2(target->removeRowsLoadedBefore(u"r"_s, since, &error), qPrintable(error));
    QVERIFY(target->removeRowsLoadedBefore(u"never_written"_s, since, &error));
    QVERIFY(m_target->commit(&error));
    const auto stored = rows(u"SELECT id FROM r"_s);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored[0][0].toInt(), 2);
}

void TestPostgresTarget::emptyFirstPageOfAKeyedTable()
{
    // A partition without records before any other: nothing to create yet, and nothing fails.
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    QVERIFY2(target->write(u"quiet"_s, {u"id"_s}, u"day1"_s, RecordBatch(), &error), qPrintable(error));
    QVERIFY2(target->finishPartition(u"quiet"_s, {u"id"_s}, u"day1"_s, &error), qPrintable(error));
    QVERIFY2(target->write(u"quiet"_s, {u"id"_s}, u"day2"_s, batch(R"([{"id": 1, "v": "a"}])"), &error),
             qPrintable(error));
    QVERIFY2(target->write(u"quiet"_s, {u"id"_s}, u"day3"_s, batch(R"([{"id": 1, "v": "b"}])"), &error),
             qPrintable(error));
    QVERIFY2(m_target->commit(&error), qPrintable(error));
    const auto stored = rows(u"SELECT id, v, _backfill_partition FROM quiet"_s);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored[0][1].toString(), u"b"_s);
    QCOMPARE(stored[0][2].toString(), u"day3"_s);
}

void TestPostgresTarget::keepsKeysThatDifferPastSixDecimals()
{
    // Two places a few metres apart: two rows, not one.
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    QVERIFY2(target->write(u"places"_s, {u"lat"_s, u"lon"_s}, u"p"_s,
                           batch(R"([{"lat": 52.5200066, "lon": 13.404954, "name": "a"},
                                     {"lat": 52.5200071, "lon": 13.404954, "name": "b"}])"),
                           &error),
             qPrintable(error));
    QVERIFY2(m_target->commit(&error), qPrintable(error));
    const auto stored = rows(u"SELECT name FROM places ORDER BY lat"_s);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored[0][0].toString(), u"a"_s);
    QCOMPARE(stored[1][0].toString(), u"b"_s);
}

void TestPostgresTarget::upsertsOneKeyThatCameWithTwoTypes()
{
    // The same key read as a timestamp, then (once the column is text) as text; 1 then 1.0:
    // one row each, the last one kept, as in SQLite.
    auto target = m_target->createTarget();
    QString error;
    RecordBatch page;
    QVERIFY(page.appendJson(R"([{"code": "2024-01-01", "n": 1.5, "v": "first"}, {"code": "A-1", "n": 1, "v": "x"},
                                {"code": "2024-01-01", "n": 2.5, "v": "last"}, {"code": "B-2", "n": 1.0, "v": "y"}])",
                            {}, &error));
    QVERIFY(m_target->begin(&error));
    QVERIFY2(target->write(u"codes"_s, {u"code"_s}, u"p"_s, page, &error), qPrintable(error));
    QVERIFY2(target->write(u"numbers"_s, {u"n"_s}, u"p"_s, page, &error), qPrintable(error));
    QVERIFY2(m_target->commit(&error), qPrintable(error));
    const auto codes = rows(u"SELECT code, v FROM codes ORDER BY code"_s);
    QCOMPARE(codes.size(), 3);
    QCOMPARE(codes[0][0].toString(), u"2024-01-01"_s);
    QCOMPARE(codes[0][1].toString(), u"last"_s);
    const auto numbers = rows(u"SELECT n, v FROM numbers ORDER BY n"_s);
    QCOMPARE(numbers.size(), 3);
    QCOMPARE(numbers[0][0].toDouble(), 1.0);
    QCOMPARE(numbers[0][1].toString(), u"y"_s);
}

void TestPostgresTarget::refusesAFieldNamedLikeAMetadataColumn()
{
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    QVERIFY(!target->write(u"meta"_s, {}, u"p"_s, batch(R"([{"id": 1, "_backfill_loaded_at": "x"}])"), &error));
    QCOMPARE(error, u"the records have a field \"_backfill_loaded_at\", the name of a column that Backfill Studio "
                    "adds to every table; rename the field with a processor"_s);
    m_target->rollback();
}

void TestPostgresTarget::keepsFieldsDifferingOnlyInCaseApart()
{
    // Quoted names are exact in PostgreSQL: "Name" and "name" are two columns, and a record with
    // both keeps both values (SQLite takes them for one column, see tst_sqlitetarget).
    auto target = m_target->createTarget();
    QString error;
    QVERIFY(m_target->begin(&error));
    QVERIFY2(target->write(u"cased"_s, {u"id"_s}, u"p"_s, batch(R"([{"id": 1, "Name": "a", "name": "b"}])"), &error),
             qPrintable(error));
    QVERIFY2(target->write(u"cased"_s, {u"id"_s}, u"p"_s, batch(R"([{"id": 2, "name": "c"}])"), &error),
             qPrintable(error));
    QVERIFY2(m_target->commit(&error), qPrintable(error));
    QCOMPARE(rows(u"SELECT id, coalesce(\"Name\", '-'), name FROM cased ORDER BY id"_s),
             (QList<QVariantList>{{1, u"a"_s, u"b"_s}, {2, u"-"_s, u"c"_s}}));
}

void TestPostgresTarget::widensToTextAsNewValuesAreWritten()
{
    // A key column that goes integer -> real -> text, and a boolean that becomes text: the
    // rows written before the widening read as the same values written after it (as in
    // SQLite), so the keys still match and the flags compare equal.
    auto target = m_target->createTarget();
    QString error;
    const auto write = [&](const char *json) {
        QVERIFY(m_target->begin(&error));
        QVERIFY2(target->write(u"wide"_s, {u"id"_s}, u"p"_s, batch(json), &error), qPrintable(error));
        QVERIFY2(m_target->commit(&error), qPrintable(error));
    };
    write(R"([{"id": 1, "flag": true, "v": "a"}, {"id": 2, "flag": true, "v": "kept"}])");
    write(R"([{"id": 0.30000000000000004, "flag": false, "v": "b"}])");
    write(R"([{"id": "x", "flag": "maybe", "v": "c"}])");
    QCOMPARE(dataType(u"wide"_s, u"id"_s), u"text"_s);
    QCOMPARE(dataType(u"wide"_s, u"flag"_s), u"text"_s);
    write(R"([{"id": 1, "flag": true, "v": "a2"}, {"id": 0.30000000000000004, "flag": false, "v": "b2"}])");
    const auto stored = rows(u"SELECT v, flag FROM wide ORDER BY v"_s);
    QCOMPARE(stored.size(), 4);
    QCOMPARE(stored[0][0].toString(), u"a2"_s);
    QCOMPARE(stored[1][0].toString(), u"b2"_s);
    QCOMPARE(stored[2][0].toString(), u"c"_s);
    QCOMPARE(stored[3][0].toString(), u"kept"_s);
    QCOMPARE(stored[3][1].toString(), u"1"_s); // true, as true is written into the column now
}

QTEST_GUILESS_MAIN(TestPostgresTarget)
#include "tst_postgrestarget.moc"
