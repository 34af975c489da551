// The PostgreSQL target against a real server that the test starts (initdb + pg_ctl on
// 127.0.0.1): the tables, types and rows a user finds there, and the headless runner
// loading the demo API into it with exactly the rows it loads into SQLite. Skipped, saying
// why, where no server can start.
#include "model/targets/postgrestarget.h"
#include "model/targets/targetdatabase.h"
#include "tests/support/demoapiprocess.h"
#include "tests/support/postgresserver.h"

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

namespace {

RecordBatch batch(const char *json)
{
    RecordBatch records;
    const QJsonArray array = QJsonDocument::fromJson(json).array();
    for (const QJsonValue &value : array)
        records.append(value.toObject());
    return records;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// A value as text that reads the same from SQLite and PostgreSQL (jsonb reorders keys).
QString comparable(const QVariant &value)
{
    if (value.isNull())
        return u"NULL"_s;
    const QString text = value.toString();
    if (text.startsWith(u'{') || text.startsWith(u'[')) {
        const QJsonDocument json = QJsonDocument::fromJson(text.toUtf8());
        if (!json.isNull())
            return QString::fromUtf8(json.toJson(QJsonDocument::Compact));
    }
    return text;
}

} // namespace

class TestPostgresTarget : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

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
    void runnerLoadsTheReferenceRows();
    void rerunAfterALostLedgerCommitIsIdempotent_data();
    void rerunAfterALostLedgerCommitIsIdempotent();
    void fullRefreshReplacesTheTable();
    void fullRefreshForgetsInTheLedgerBeforeRemovingRows();
    void runsAReplicationIntoASchema();
    void resumesAfterSigkill_data();
    void resumesAfterSigkill();
    void runnerRefusesAnUnreachableServer();

private:
    QList<QVariantList> rows(const QString &sql);
    QString dataType(const QString &table, const QString &column);
    int backfill(const QStringList &arguments, QByteArray *output = nullptr);
    // Every data column of `table`, ordered by `orderBy`, as comparable text.
    QStringList tableRows(QSqlDatabase db, const QString &table, const QString &orderBy);
    QStringList sqliteRows(const QString &path, const QString &table, const QString &orderBy);

    PostgresServer m_server;
    DemoApiProcess m_api;
    QTemporaryDir m_dir;
    QString m_spec;
    QString m_secrets;
    std::unique_ptr<TargetDatabase> m_target;
    QSqlDatabase m_db;
    int m_databases = 0;
};

void TestPostgresTarget::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    if (!m_server.start())
        QSKIP(qPrintable(u"no PostgreSQL server could start: "_s + m_server.errorString()));
    QVERIFY2(m_api.start(), qPrintable(m_api.errorString()));
    QByteArray yaml = readFile(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/demo_analytics_api.yaml"));
    QVERIFY(yaml.contains("http://127.0.0.1:8765"));
    yaml.replace("http://127.0.0.1:8765", m_api.url().toString().toUtf8());
    m_spec = m_dir.filePath(u"analytics.yaml"_s);
    QVERIFY(writeFile(m_spec, yaml));
    m_secrets = m_dir.filePath(u"secrets.yaml"_s);
    QVERIFY(writeFile(m_secrets, "api_key: demo-token\n"));
}

void TestPostgresTarget::cleanupTestCase()
{
    m_api.stop();
    m_server.stop();
}

// Each test writes into a database of its own.
void TestPostgresTarget::init()
{
    const QString name = u"test%1"_s.arg(++m_databases);
    QVERIFY2(m_server.createDatabase(name), qPrintable(m_server.errorString()));
    QString error;
    const auto url = TargetUrl::parse(m_server.url(name), {}, false, &error);
    QVERIFY2(url, qPrintable(error));
    QCOMPARE(url->kind, TargetUrl::Kind::Postgres);
    m_target = TargetDatabase::open(*url, &error);
    QVERIFY2(m_target, qPrintable(error));
    m_db = m_target->database();
}

void TestPostgresTarget::cleanup()
{
    m_db = {};
    m_target.reset();
}

QList<QVariantList> TestPostgresTarget::rows(const QString &sql)
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

QString TestPostgresTarget::dataType(const QString &table, const QString &column)
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT data_type FROM information_schema.columns WHERE table_name = ? AND column_name = ?"_s);
    query.addBindValue(table);
    query.addBindValue(column);
    return query.exec() && query.next() ? query.value(0).toString() : QString();
}

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

int TestPostgresTarget::backfill(const QStringList &arguments, QByteArray *output)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"xdg"_s));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(BACKFILL_BIN_DIR "/backfill"), arguments);
    if (!process.waitForStarted(10000) || !process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (output)
        *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QStringList TestPostgresTarget::tableRows(QSqlDatabase db, const QString &table, const QString &orderBy)
{
    QStringList columns;
    QSqlQuery names(db);
    names.prepare(u"SELECT column_name FROM _backfill_columns WHERE table_name = ? ORDER BY position"_s);
    names.addBindValue(table);
    if (!names.exec())
        return {u"no _backfill_columns: "_s + names.lastError().text()};
    while (names.next())
        columns << u'"' + names.value(0).toString() + u'"';
    QStringList result{columns.join(u',')};
    QSqlQuery query(db);
    if (!query.exec(u"SELECT "_s + columns.join(u", "_s) + u", _backfill_partition FROM "_s + table + u" ORDER BY "_s +
                    orderBy))
        return {u"cannot read: "_s + query.lastError().text()};
    while (query.next()) {
        QStringList values;
        for (int i = 0; i <= columns.size(); ++i)
            values << comparable(query.value(i));
        result << values.join(u'|');
    }
    return result;
}

QStringList TestPostgresTarget::sqliteRows(const QString &path, const QString &table, const QString &orderBy)
{
    QStringList result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"reference"_s);
        db.setDatabaseName(path);
        if (db.open())
            result = tableRows(db, table, orderBy);
    }
    QSqlDatabase::removeDatabase(u"reference"_s);
    return result;
}

void TestPostgresTarget::runnerLoadsTheReferenceRows()
{
    const QStringList common{u"run"_s,       m_spec,    u"--range"_s, u"2024-02-01,2024-02-10"_s,
                             u"--secrets"_s, m_secrets, u"--quiet"_s};
    const QString reference = m_dir.filePath(u"reference.sqlite"_s);
    QByteArray output;
    QCOMPARE(backfill(common + QStringList{u"--db"_s, reference}, &output), 0);

    const QString workspace = m_dir.filePath(u"pg-workspace.sqlite"_s);
    const QString url = m_server.url(u"test%1"_s.arg(m_databases));
    QVERIFY2(backfill(common + QStringList{u"--db"_s, workspace, u"--target"_s, url}, &output) == 0,
             output.constData());

    const QStringList expected = sqliteRows(reference, u"daily_events"_s, u"event_id"_s);
    QVERIFY(expected.size() > 100);
    QCOMPARE(tableRows(m_db, u"daily_events"_s, u"event_id"_s), expected);
    // The same inferred types, and the columns of the types they map to.
    const QString types = u"SELECT column_name || ':' || type FROM _backfill_columns ORDER BY position"_s;
    QStringList pgTypes;
    for (const QVariantList &row : rows(types))
        pgTypes << row[0].toString();
    QStringList sqliteTypes;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"reference"_s);
        db.setDatabaseName(reference);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(types));
        while (query.next())
            sqliteTypes << query.value(0).toString();
    }
    QSqlDatabase::removeDatabase(u"reference"_s);
    QCOMPARE(pgTypes, sqliteTypes);
    QVERIFY2(pgTypes.contains(u"value:real"_s) || pgTypes.contains(u"value:integer"_s), qPrintable(pgTypes.join(u' ')));

    // The ledger stays in the workspace; the rows are not there.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"ledger"_s);
        db.setDatabaseName(workspace);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT count(*) FROM partitions WHERE status IN ('succeeded', 'empty')"_s) &&
                query.next());
        QCOMPARE(query.value(0).toInt(), 10);
        QVERIFY(!db.tables().contains(u"daily_events"_s));
    }
    QSqlDatabase::removeDatabase(u"ledger"_s);

    // Running again skips the done partitions and changes nothing.
    QCOMPARE(backfill(common + QStringList{u"--db"_s, workspace, u"--target"_s, url}, &output), 0);
    QCOMPARE(tableRows(m_db, u"daily_events"_s, u"event_id"_s), expected);
}

void TestPostgresTarget::rerunAfterALostLedgerCommitIsIdempotent_data()
{
    QTest::addColumn<bool>("primaryKey");
    QTest::addRow("upserted by primary key") << true;
    QTest::addRow("partitions replaced without one") << false;
}

// The rows commit to PostgreSQL before the ledger commits to the workspace. A crash between
// the two leaves rows that the ledger does not know of: the partitions run again, and the
// table ends up with the same rows, none twice.
void TestPostgresTarget::rerunAfterALostLedgerCommitIsIdempotent()
{
    QFETCH(bool, primaryKey);
    QString spec = m_spec;
    if (!primaryKey) {
        QByteArray yaml = readFile(m_spec);
        QVERIFY(yaml.contains("        primary_key: [\"event_id\"]\n"));
        yaml.replace("        primary_key: [\"event_id\"]\n", "");
        spec = m_dir.filePath(u"nokey.yaml"_s);
        QVERIFY(writeFile(spec, yaml));
    }
    const QString workspace = m_dir.filePath(u"lost-%1.sqlite"_s.arg(m_databases));
    const QStringList run{u"run"_s,
                          spec,
                          u"--range"_s,
                          u"2024-03-01,2024-03-05"_s,
                          u"--secrets"_s,
                          m_secrets,
                          u"--quiet"_s,
                          u"--db"_s,
                          workspace,
                          u"--target"_s,
                          m_server.url(u"test%1"_s.arg(m_databases))};
    QByteArray output;
    QVERIFY2(backfill(run, &output) == 0, output.constData());
    const QStringList first = tableRows(m_db, u"daily_events"_s, u"event_id"_s);
    QVERIFY(first.size() > 50);
    const QDateTime firstLoad = rows(u"SELECT max(_backfill_loaded_at) FROM daily_events"_s)[0][0].toDateTime();
    QVERIFY(firstLoad.isValid());

    // The state a crash between the two commits leaves: the ledger's last transaction never
    // happened, so the partitions look interrupted with no page committed.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"ledger"_s);
        db.setDatabaseName(workspace);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(
            u"UPDATE partitions SET status = 'running', checkpoint = NULL, row_count = 0, page_count = 0"_s));
        QCOMPARE(query.numRowsAffected(), 5);
    }
    QSqlDatabase::removeDatabase(u"ledger"_s);

    QVERIFY2(backfill(run, &output) == 0, output.constData());
    QCOMPARE(tableRows(m_db, u"daily_events"_s, u"event_id"_s), first);
    // Every row was written again, none twice.
    QVERIFY(rows(u"SELECT min(_backfill_loaded_at) FROM daily_events"_s)[0][0].toDateTime() > firstLoad);
    QCOMPARE(rows(u"SELECT count(*) FROM daily_events"_s)[0][0].toInt(),
             rows(u"SELECT count(DISTINCT event_id) FROM daily_events"_s)[0][0].toInt());
}

void TestPostgresTarget::fullRefreshReplacesTheTable()
{
    const QString workspace = m_dir.filePath(u"refresh.sqlite"_s);
    const QStringList common{u"run"_s,  m_spec,    u"--secrets"_s, m_secrets,
                             u"--db"_s, workspace, u"--target"_s,  m_server.url(u"test%1"_s.arg(m_databases))};
    QByteArray output;
    QVERIFY2(backfill(common + QStringList{u"--range"_s, u"2024-04-01,2024-04-03"_s}, &output) == 0,
             output.constData());
    const int before =
        rows(u"SELECT count(*) FROM daily_events WHERE _backfill_partition = '2024-04-03'"_s)[0][0].toInt();
    QVERIFY(before > 0);
    QVERIFY2(backfill(common + QStringList{u"--range"_s, u"2024-04-02,2024-04-03"_s, u"--mode"_s, u"full-refresh"_s},
                      &output) == 0,
             output.constData());
    const auto partitions = rows(u"SELECT _backfill_partition, count(*) FROM daily_events GROUP BY 1 ORDER BY 1"_s);
    QCOMPARE(partitions.size(), 2);
    QCOMPARE(partitions[0][0].toString(), u"2024-04-02"_s);
    QCOMPARE(partitions[1][0].toString(), u"2024-04-03"_s);
    QCOMPARE(partitions[1][1].toInt(), before);
}

// A full refresh commits the ledger's forgetting of the partitions outside it (in the
// workspace) before their rows go from PostgreSQL. A crash between the two commits leaves old
// rows that the ledger does not know of, never partitions the ledger calls done whose rows
// are gone. Here the removal fails after the ledger's commit, as a crash there would: a
// trigger refuses deletes on the table (upserts by primary key never delete).
void TestPostgresTarget::fullRefreshForgetsInTheLedgerBeforeRemovingRows()
{
    const QString workspace = m_dir.filePath(u"refresh-order.sqlite"_s);
    const QStringList common{u"run"_s,  m_spec,    u"--secrets"_s, m_secrets,
                             u"--db"_s, workspace, u"--target"_s,  m_server.url(u"test%1"_s.arg(m_databases))};
    const QStringList refresh{u"--range"_s, u"2024-07-02,2024-07-03"_s, u"--mode"_s, u"full-refresh"_s};
    QByteArray output;
    QVERIFY2(backfill(common + QStringList{u"--range"_s, u"2024-07-01,2024-07-03"_s}, &output) == 0,
             output.constData());
    const QString perPartition = u"SELECT _backfill_partition, count(*) FROM daily_events GROUP BY 1 ORDER BY 1"_s;
    const auto loaded = rows(perPartition);
    QCOMPARE(loaded.size(), 3);
    QVERIFY(loaded[0][1].toInt() > 0);
    const auto ledger = [&] {
        QStringList partitions;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"ledger"_s);
            db.setDatabaseName(workspace);
            QSqlQuery query(db);
            if (db.open() && query.exec(u"SELECT partition_key || ' ' || status FROM partitions ORDER BY 1"_s)) {
                while (query.next())
                    partitions << query.value(0).toString();
            }
        }
        QSqlDatabase::removeDatabase(u"ledger"_s);
        return partitions;
    };
    QCOMPARE(ledger(), QStringList({u"2024-07-01 succeeded"_s, u"2024-07-02 succeeded"_s, u"2024-07-03 succeeded"_s}));

    QSqlQuery sql(m_db);
    QVERIFY2(sql.exec(u"CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS "
                      u"$$ BEGIN RAISE EXCEPTION 'deletes refused by the test'; END $$"_s),
             qPrintable(sql.lastError().text()));
    QVERIFY2(sql.exec(u"CREATE TRIGGER refuse_delete BEFORE DELETE ON daily_events "
                      u"FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete()"_s),
             qPrintable(sql.lastError().text()));
    QVERIFY2(backfill(common + refresh, &output) != 0, output.constData());
    QVERIFY2(output.contains("deletes refused by the test"), output.constData());
    // The ledger forgot 2024-07-01, and its rows are all still there: a later run loads it
    // again if asked, or the next full refresh removes them. The refreshed days are done.
    QCOMPARE(ledger(), QStringList({u"2024-07-02 succeeded"_s, u"2024-07-03 succeeded"_s}));
    const auto kept = rows(perPartition);
    QCOMPARE(kept.size(), 3);
    QCOMPARE(kept[0], loaded[0]);
    QCOMPARE(kept[1][1], loaded[1][1]);
    QCOMPARE(kept[2][1], loaded[2][1]);

    // Deletes allowed again, the full refresh completes: the table holds exactly its days.
    QVERIFY2(sql.exec(u"DROP TRIGGER refuse_delete ON daily_events"_s), qPrintable(sql.lastError().text()));
    QVERIFY2(backfill(common + refresh, &output) == 0, output.constData());
    QCOMPARE(ledger(), QStringList({u"2024-07-02 succeeded"_s, u"2024-07-03 succeeded"_s}));
    const auto refreshed = rows(perPartition);
    QCOMPARE(refreshed.size(), 2);
    QCOMPARE(refreshed[0], loaded[1]);
    QCOMPARE(refreshed[1], loaded[2]);
}

// A replication's `target` may be the URL, and a stream's `object` names schema and table.
void TestPostgresTarget::runsAReplicationIntoASchema()
{
    const QString replication = m_dir.filePath(u"replication.yaml"_s);
    QVERIFY(writeFile(replication, "source: analytics.yaml\n"
                                   "target: " +
                                       m_server.url(u"test%1"_s.arg(m_databases)).toUtf8() +
                                       "\n"
                                       "streams:\n"
                                       "  daily_events:\n"
                                       "    object: analytics.events\n"
                                       "    source_options: {range: '2024-05-01,2024-05-02'}\n"));
    QByteArray output;
    QVERIFY2(backfill({u"run"_s, u"--replication"_s, replication, u"--secrets"_s, m_secrets, u"--db"_s,
                       m_dir.filePath(u"replication.sqlite"_s)},
                      &output) == 0,
             output.constData());
    const auto partitions = rows(u"SELECT _backfill_partition, count(*) FROM analytics.events GROUP BY 1 ORDER BY 1"_s);
    QCOMPARE(partitions.size(), 2);
    QCOMPARE(partitions[0][0].toString(), u"2024-05-01"_s);
    QVERIFY(partitions[0][1].toInt() > 0);
}

void TestPostgresTarget::resumesAfterSigkill_data()
{
    QTest::addColumn<bool>("primaryKey");
    QTest::addRow("upsert by primary key") << true;
    QTest::addRow("partition replace without a key") << false;
}

// As tst_crashresume, into PostgreSQL: the runner killed at growing instants, so some kills
// fall between the target's commit and the ledger's; resumed runs end with every row once.
void TestPostgresTarget::resumesAfterSigkill()
{
    QFETCH(bool, primaryKey);
    DemoApiProcess slowApi; // some latency, so that a run lasts long enough to be killed
    QVERIFY2(slowApi.start({u"--latency"_s, u"15"_s}), qPrintable(slowApi.errorString()));
    QByteArray yaml = readFile(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/demo_bulk_benchmark.yaml"));
    QVERIFY(yaml.contains("size: 500") && yaml.contains("concurrency: 8"));
    yaml.replace("http://127.0.0.1:8765", slowApi.url().toString().toUtf8());
    yaml.replace("size: 500", "size: 100");
    yaml.replace("concurrency: 8", "concurrency: 4");
    if (!primaryKey)
        yaml.replace("        primary_key: [\"id\"]\n", "");
    const QString spec = m_dir.filePath(u"bulk-%1.yaml"_s.arg(m_databases));
    QVERIFY(writeFile(spec, yaml));
    const QString workspace = m_dir.filePath(u"bulk-%1.sqlite"_s.arg(m_databases));
    const QStringList arguments{u"run"_s,     spec,          u"--db"_s,
                                workspace,    u"--range"_s,  u"1,12"_s,
                                u"--quiet"_s, u"--target"_s, m_server.url(u"test%1"_s.arg(m_databases))};
    const QString program = QStringLiteral(BACKFILL_BIN_DIR "/backfill");
    const auto count = [this](const QString &sql) {
        const auto result = rows(sql);
        return result.isEmpty() ? qint64(-1) : result[0][0].toLongLong();
    };

    int killed = 0;
    for (int delayMs : {200, 400, 600, 800, 1000, 1300, 1700, 2200}) {
        QProcess run;
        run.start(program, arguments);
        QVERIFY(run.waitForStarted());
        if (run.waitForFinished(delayMs))
            break;
        ::kill(pid_t(run.processId()), SIGKILL);
        QVERIFY(run.waitForFinished(5000));
        ++killed;
        if (primaryKey) // without a key, a partition's rows wait in staging until it is done
            QVERIFY(count(u"SELECT count(*) - count(DISTINCT id) FROM records"_s) <= 0);
    }
    QVERIFY2(killed >= 2, "the run finished before it could be killed twice; make it slower");

    int exitCode = -1;
    for (int attempt = 0; attempt < 3 && exitCode != 0; ++attempt) {
        QProcess run;
        run.start(program, arguments);
        QVERIFY(run.waitForFinished(120000));
        exitCode = run.exitCode();
    }
    QCOMPARE(exitCode, 0);
    QCOMPARE(count(u"SELECT count(*) FROM records"_s), 12 * 2500);
    QCOMPARE(count(u"SELECT count(DISTINCT id) FROM records"_s), 12 * 2500);
    QCOMPARE(count(u"SELECT count(*) FROM (SELECT _backfill_partition FROM records GROUP BY 1 "
                   "HAVING count(*) = 2500) AS full_partitions"_s),
             12);
}

void TestPostgresTarget::runnerRefusesAnUnreachableServer()
{
    QByteArray output;
    // A port nothing listens on: the run stops before any request, with the target named.
    const QString url = u"postgresql://nobody@127.0.0.1:%1/none"_s.arg(m_server.port() == 1 ? 2 : 1);
    const int exit = backfill({u"run"_s, m_spec, u"--range"_s, u"2024-01-01"_s, u"--secrets"_s, m_secrets, u"--db"_s,
                               m_dir.filePath(u"unreachable.sqlite"_s), u"--target"_s, url},
                              &output);
    QVERIFY2(exit == 3, output.constData());
    QVERIFY2(output.contains("cannot open the target postgresql://nobody@127.0.0.1:"), output.constData());
    QVERIFY2(!output.contains("password"), output.constData());
}

QTEST_GUILESS_MAIN(TestPostgresTarget)
#include "tst_postgrestarget.moc"
