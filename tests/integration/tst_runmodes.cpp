// `backfill run --mode` and `--lookback` end to end against backfill-demo-api: which
// partitions run (the ledger's attempts), and what the table holds afterwards.
#include "tests/support/demoapiprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestRunModes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void incrementalRunsWhatFollowsAndTheLookback();
    void fullRefreshReplacesTheTable();
    void refusesBadModes_data();
    void refusesBadModes();

private:
    int backfill(const QStringList &arguments, QByteArray *output = nullptr); // run the spec
    int runner(const QStringList &arguments, QByteArray *output);
    QString query(const QString &db, const QString &sql); // rows as "a|b" lines joined by spaces
    qint64 eventsOn(const QString &date);

    QTemporaryDir m_dir;
    DemoApiProcess m_api;
    QString m_spec;
    QString m_secrets;
};

void TestRunModes::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_api.start(), qPrintable(m_api.errorString()));
    QFile example(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/demo_analytics_api.yaml"));
    QVERIFY(example.open(QIODevice::ReadOnly));
    QByteArray yaml = example.readAll();
    // The default selection ends on 2024-01-08 rather than yesterday, so that an
    // incremental run without a range has a known end.
    const QByteArray end = R"(coalesce(context.range_end, date_format(date_add(now(), -1, "day"), "%Y-%m-%d")))";
    QVERIFY(yaml.contains(end) && yaml.contains("http://127.0.0.1:8765"));
    yaml.replace(end, R"(coalesce(context.range_end, "2024-01-08"))");
    yaml.replace("http://127.0.0.1:8765", m_api.url().toString().toUtf8());
    m_spec = m_dir.filePath(u"analytics.yaml"_s);
    QFile spec(m_spec);
    QVERIFY(spec.open(QIODevice::WriteOnly) && spec.write(yaml) == yaml.size());
    spec.close();
    m_secrets = m_dir.filePath(u"secrets.yaml"_s);
    QFile secrets(m_secrets);
    QVERIFY(secrets.open(QIODevice::WriteOnly) && secrets.write("api_key: demo-token\n") > 0);
}

void TestRunModes::cleanupTestCase()
{
    m_api.stop();
}

int TestRunModes::backfill(const QStringList &arguments, QByteArray *output)
{
    return runner(QStringList{u"run"_s, m_spec, u"--secrets"_s, m_secrets, u"--quiet"_s} + arguments, output);
}

int TestRunModes::runner(const QStringList &arguments, QByteArray *output)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"xdg"_s));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(QStringLiteral(BACKFILL_BIN_DIR "/backfill"), arguments);
    if (!process.waitForStarted(10000) || !process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (output)
        *output = process.readAllStandardOutput() + process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QString TestRunModes::query(const QString &db, const QString &sql)
{
    QStringList rows;
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        database.setDatabaseName(db);
        if (database.open()) {
            QSqlQuery query(database);
            if (!query.exec(sql))
                rows << query.lastError().text();
            while (query.next()) {
                QStringList values;
                for (int i = 0; i < query.record().count(); ++i)
                    values << query.value(i).toString();
                rows << values.join(u'|');
            }
        }
    }
    QSqlDatabase::removeDatabase(u"check"_s);
    return rows.join(u' ');
}

qint64 TestRunModes::eventsOn(const QString &date)
{
    const auto response = m_api.get(u"/events/daily/"_s + date, {{"Authorization", "Bearer demo-token"}});
    return response.status == 200 ? response.json().value(u"data"_s).toObject().value(u"events"_s).toArray().size()
                                  : -1;
}

void TestRunModes::incrementalRunsWhatFollowsAndTheLookback()
{
    const QString db = m_dir.filePath(u"incremental.sqlite"_s);
    const QString attempts = u"SELECT partition_key || ':' || attempts FROM partitions ORDER BY partition_key"_s;
    QByteArray output;
    // A range makes the spec's incremental mode a backfill of that range (and moves sync.last_date).
    QVERIFY2(backfill({u"--db"_s, db, u"--range"_s, u"2024-01-01,2024-01-05"_s}, &output) == 0, output.constData());
    QCOMPARE(query(db, attempts), u"2024-01-01:1 2024-01-02:1 2024-01-03:1 2024-01-04:1 2024-01-05:1"_s);

    // No range: from sync.last_date, three partitions back, to the default end. The plan
    // says so first.
    QVERIFY2(runner({u"plan"_s, m_spec, u"--db"_s, db, u"--lookback"_s, u"3"_s, u"--json"_s}, &output) == 0,
             output.constData());
    const QJsonObject plan = QJsonDocument::fromJson(output).object();
    const QJsonObject endpoint = plan.value(u"endpoints"_s).toArray().first().toObject();
    QCOMPARE(endpoint.value(u"to_run"_s).toInt(), 6);
    QCOMPARE(endpoint.value(u"partitions"_s).toArray().first().toObject().value(u"key"_s).toString(), u"2024-01-03"_s);
    QVERIFY2(backfill({u"--db"_s, db, u"--lookback"_s, u"3"_s}, &output) == 0, output.constData());
    QCOMPARE(query(db, attempts), u"2024-01-01:1 2024-01-02:1 2024-01-03:2 2024-01-04:2 2024-01-05:2 "
                                  "2024-01-06:1 2024-01-07:1 2024-01-08:1"_s);

    // Without a lookback, an incremental run with nothing new runs nothing.
    QVERIFY2(backfill({u"--db"_s, db}, &output) == 0, output.constData());
    QVERIFY2(output.contains("Nothing to run"), output.constData());
    QVERIFY(query(db, attempts).endsWith(u"2024-01-08:1"_s));

    // --mode wins over the spec's overrides.mode: a plain run from the sync value runs the
    // not-done partitions only, here none; the lookback is an incremental thing.
    QVERIFY2(backfill({u"--db"_s, db, u"--mode"_s, u"incremental"_s, u"--lookback"_s, u"1"_s}, &output) == 0,
             output.constData());
    QVERIFY(query(db, attempts).endsWith(u"2024-01-08:2"_s));
    QCOMPARE(query(db, u"SELECT count(*) FROM daily_events"_s),
             QString::number(eventsOn(u"2024-01-01"_s) + eventsOn(u"2024-01-02"_s) + eventsOn(u"2024-01-03"_s) +
                             eventsOn(u"2024-01-04"_s) + eventsOn(u"2024-01-05"_s) + eventsOn(u"2024-01-06"_s) +
                             eventsOn(u"2024-01-07"_s) + eventsOn(u"2024-01-08"_s)));
}

void TestRunModes::fullRefreshReplacesTheTable()
{
    const QString db = m_dir.filePath(u"refresh.sqlite"_s);
    QByteArray output;
    QVERIFY2(backfill({u"--db"_s, db, u"--range"_s, u"2024-02-01,2024-02-03"_s}, &output) == 0, output.constData());
    const qint64 first = eventsOn(u"2024-02-01"_s);
    const qint64 second = eventsOn(u"2024-02-02"_s);
    const qint64 third = eventsOn(u"2024-02-03"_s);
    QCOMPARE(query(db, u"SELECT count(*) FROM daily_events"_s), QString::number(first + second + third));
    // A row the API no longer has, in a partition the refresh runs again.
    QCOMPARE(query(db, u"INSERT INTO daily_events (event_id, _backfill_partition, _backfill_loaded_at) "
                       "VALUES ('gone', '2024-02-02', '2024-02-02T00:00:00.000Z')"_s),
             QString());

    QVERIFY2(backfill({u"--db"_s, db, u"--range"_s, u"2024-02-02,2024-02-03"_s, u"--mode"_s, u"full-refresh"_s},
                      &output) == 0,
             output.constData());
    QCOMPARE(query(db, u"SELECT count(*) FROM daily_events"_s), QString::number(second + third));
    QCOMPARE(query(db, u"SELECT count(*) FROM daily_events WHERE event_id = 'gone' OR "
                       "_backfill_partition = '2024-02-01'"_s),
             u"0"_s);
    // Done partitions ran again; the one whose rows went is missing again.
    QCOMPARE(query(db, u"SELECT partition_key || ':' || attempts FROM partitions ORDER BY partition_key"_s),
             u"2024-02-02:2 2024-02-03:2"_s);
}

void TestRunModes::refusesBadModes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addRow("unknown mode") << QStringList{u"--mode"_s, u"sideways"_s}
                                  << u"--mode must be full-refresh, incremental or backfill"_s;
    QTest::addRow("backfill without a range")
        << QStringList{u"--mode"_s, u"backfill"_s} << u"daily_events: mode backfill needs a range"_s;
    QTest::addRow("negative lookback") << QStringList{u"--lookback"_s, u"-1"_s}
                                       << u"--lookback must be a whole number"_s;
}

void TestRunModes::refusesBadModes()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QByteArray output;
    const QString db = m_dir.filePath(u"refused.sqlite"_s);
    QCOMPARE(backfill(QStringList{u"--db"_s, db} + arguments, &output), 2);
    QVERIFY2(QString::fromUtf8(output).contains(message), output.constData());
}

QTEST_GUILESS_MAIN(TestRunModes)
#include "tst_runmodes.moc"
