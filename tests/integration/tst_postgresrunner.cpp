// The headless runner loading the demo API into a PostgreSQL target of a real server that the
// test starts: exactly the rows it loads into SQLite, re-runs, full refresh, a replication into
// a schema, resuming after SIGKILL. Skipped, saying why, where no server can start.
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

class TestPostgresRunner : public PostgresSuite
{
    Q_OBJECT

private slots:
    void runnerLoadsTheReferenceRows();
    void rerunAfterALostLedgerCommitIsIdempotent_data();
    void rerunAfterALostLedgerCommitIsIdempotent();
    void fullRefreshReplacesTheTable();
    void fullRefreshForgetsInTheLedgerBeforeRemovingRows();
    void runsAReplicationIntoASchema();
    void resumesAfterSigkill_data();
    void resumesAfterSigkill();
    void runnerRefusesAnUnreachableServer();
};

void TestPostgresRunner::runnerLoadsTheReferenceRows()
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

void TestPostgresRunner::rerunAfterALostLedgerCommitIsIdempotent_data()
{
    QTest::addColumn<bool>("primaryKey");
    QTest::addRow("upserted by primary key") << true;
    QTest::addRow("partitions replaced without one") << false;
}

// The rows commit to PostgreSQL before the ledger commits to the workspace. A crash between
// the two leaves rows that the ledger does not know of: the partitions run again, and the
// table ends up with the same rows, none twice.
void TestPostgresRunner::rerunAfterALostLedgerCommitIsIdempotent()
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

void TestPostgresRunner::fullRefreshReplacesTheTable()
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
void TestPostgresRunner::fullRefreshForgetsInTheLedgerBeforeRemovingRows()
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
void TestPostgresRunner::runsAReplicationIntoASchema()
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

void TestPostgresRunner::resumesAfterSigkill_data()
{
    QTest::addColumn<bool>("primaryKey");
    QTest::addRow("upsert by primary key") << true;
    QTest::addRow("partition replace without a key") << false;
}

// As tst_crashresume, into PostgreSQL: the runner killed at growing instants, so some kills
// fall between the target's commit and the ledger's; resumed runs end with every row once.
void TestPostgresRunner::resumesAfterSigkill()
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

void TestPostgresRunner::runnerRefusesAnUnreachableServer()
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

QTEST_GUILESS_MAIN(TestPostgresRunner)
#include "tst_postgresrunner.moc"
