// The `backfill` runner end to end, its runs: `backfill run` as a process against backfill-demo-api on
// 127.0.0.1, with a temporary workspace. Asserts what a user sees: exit codes, stdout and stderr, the rows in the
// database, secrets absent from everything written, an interrupted run resumed to the exact rows, and a
// replication file run and planned.
#include "tests/integration/backfillclifixture.h"

#include "model/spec/specloader.h"
#include "model/spec/specwriter.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestBackfillCliRun : public BackfillCliFixture
{
    Q_OBJECT

private slots:
    void runsLoadsRowsAndSkipsDoneWork();
    void runEmitsJsonLinesAndQuietSummary();
    void stopsOnAMissingSecret();
    void takesSecretsFromTheEnvironment();
    void loadsIntoTheTargetGiven();
    void reportsFailuresAndRetriesThem();
    void usesTheDefaultWorkspace();
    void resumesAfterASignal_data();
    void resumesAfterASignal();
    void runsAReplicationWithThreeStreams();
    void plansAReplication();
};

void TestBackfillCliRun::runsLoadsRowsAndSkipsDoneWork()
{
    const QString db = path(u"run.sqlite"_s);
    const QStringList days{u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-03"_s, u"2024-01-04"_s, u"2024-01-05"_s};
    qint64 expected = 0;
    for (const QString &day : days)
        expected += eventsOn(day);
    QVERIFY(expected > 0);

    const Result first = backfill(
        {u"run"_s, m_analytics, u"--range"_s, u"2024-01-01,2024-01-05"_s, u"--db"_s, db, u"--secrets"_s, m_secrets});
    QVERIFY2(first.exitCode == 0, first.describe());
    // Not a terminal: one line per partition, then the summary.
    const QStringList lines = first.outLines();
    QCOMPARE(lines.size(), days.size() + 1);
    for (const QString &day : days) {
        QVERIFY2(lines.filter(QRegularExpression(u"^daily_events %1 (succeeded|empty): \\d+ rows"_s.arg(day))).size() ==
                     1,
                 first.describe());
    }
    QVERIFY2(lines.constLast().contains(u"succeeded: 5 partitions"_s), first.describe());
    QVERIFY2(lines.constLast().contains(u"%1 rows"_s.arg(expected)), first.describe());
    QCOMPARE(count(db, u"SELECT count(*) FROM daily_events"_s), expected);
    QCOMPARE(count(db, u"SELECT count(DISTINCT event_id) FROM daily_events"_s), expected);

    // Again: everything is done, nothing runs.
    const Result second = backfill(
        {u"run"_s, m_analytics, u"--range"_s, u"2024-01-01,2024-01-05"_s, u"--db"_s, db, u"--secrets"_s, m_secrets});
    QVERIFY2(second.exitCode == 0, second.describe());
    QVERIFY2(second.errText().contains(u"Nothing to run"_s), second.describe());

    // A wider range runs only the new days; --force runs the done ones again.
    const Result wider = backfill(
        {u"run"_s, m_analytics, u"--range"_s, u"2024-01-04,2024-01-06"_s, u"--db"_s, db, u"--secrets"_s, m_secrets});
    QVERIFY2(wider.exitCode == 0, wider.describe());
    QCOMPARE(wider.outLines().size(), 2);
    QVERIFY2(wider.outText().startsWith(u"daily_events 2024-01-06 "_s), wider.describe());
    const Result forced = backfill({u"run"_s, m_analytics, u"--range"_s, u"2024-01-04,2024-01-06"_s, u"--db"_s, db,
                                    u"--secrets"_s, m_secrets, u"--force"_s, u"--order"_s, u"newest"_s});
    QVERIFY2(forced.exitCode == 0, forced.describe());
    QCOMPARE(forced.outLines().size(), 4);
    QCOMPARE(count(db, u"SELECT count(*) FROM daily_events"_s), expected + eventsOn(u"2024-01-06"_s));

    // Status: by endpoint and status, and the runs.
    const Result status = backfill({u"status"_s, u"--db"_s, db, u"--json"_s});
    QVERIFY2(status.exitCode == 0, status.describe());
    const QJsonObject json = QJsonDocument::fromJson(status.out).object();
    const QJsonObject endpoint = json.value(u"endpoints"_s).toArray().at(0).toObject();
    QCOMPARE(endpoint.value(u"endpoint"_s).toString(), u"daily_events"_s);
    QCOMPARE(endpoint.value(u"partitions"_s).toInt(), 6);
    const QJsonObject byStatus = endpoint.value(u"by_status"_s).toObject();
    QCOMPARE(byStatus.value(u"succeeded"_s).toInt() + byStatus.value(u"empty"_s).toInt(), 6);
    QCOMPARE(byStatus.value(u"failed"_s).toInt(), 0);
    QCOMPARE(endpoint.value(u"sync"_s).toObject().value(u"last_date"_s).toString(), u"2024-01-06"_s);
    const QJsonArray runs = json.value(u"runs"_s).toArray();
    QCOMPARE(runs.size(), 3); // the run with nothing to do records no run
    QCOMPARE(runs.at(0).toObject().value(u"started_by"_s).toString(), u"headless"_s);
    QCOMPARE(runs.at(0).toObject().value(u"outcome"_s).toString(), u"succeeded"_s);

    const Result ranged = backfill({u"status"_s, u"--db"_s, db, u"--range"_s, u"2024-01-01,2024-01-02"_s});
    QVERIFY2(ranged.exitCode == 0, ranged.describe());
    QVERIFY2(ranged.outLines().constFirst().startsWith(u"Analytics API (demo) / daily_events: 2 partitions"_s),
             ranged.describe());

    verifyNoSecretIn(db, {first, second, wider, forced, status, ranged});
}

void TestBackfillCliRun::runEmitsJsonLinesAndQuietSummary()
{
    const QString db = path(u"json.sqlite"_s);
    const Result result = backfill({u"run"_s, m_analytics, u"--range"_s, u"2024-02-01,2024-02-02"_s, u"--db"_s, db,
                                    u"--secrets"_s, m_secrets, u"--json"_s});
    QVERIFY2(result.exitCode == 0, result.describe());
    QList<QJsonObject> events;
    for (const QString &line : result.outLines()) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(), qPrintable(line));
        events.append(document.object());
    }
    QVERIFY(events.size() >= 4);
    QCOMPARE(events.constFirst().value(u"event"_s).toString(), u"run_started"_s);
    const QJsonObject summary = events.constLast();
    QCOMPARE(summary.value(u"event"_s).toString(), u"summary"_s);
    QCOMPARE(summary.value(u"partitions"_s).toInt(), 2);
    QCOMPARE(summary.value(u"failed"_s).toInt(), 0);
    QCOMPARE(summary.value(u"exit_code"_s).toInt(), 0);
    QCOMPARE(summary.value(u"rows"_s).toInteger(), eventsOn(u"2024-02-01"_s) + eventsOn(u"2024-02-02"_s));
    const qsizetype fetched = std::count_if(events.cbegin(), events.cend(), [](const QJsonObject &event) {
        return event.value(u"event"_s).toString() == "page_fetched"_L1;
    });
    QCOMPARE(fetched, 2);

    const Result quiet = backfill(
        {u"run"_s, m_analytics, u"--range"_s, u"2024-02-03"_s, u"--db"_s, db, u"--secrets"_s, m_secrets, u"--quiet"_s});
    QVERIFY2(quiet.exitCode == 0, quiet.describe());
    QCOMPARE(quiet.outLines().size(), 1);
    QVERIFY2(quiet.outText().startsWith(u"Run "_s), quiet.describe());
    verifyNoSecretIn(db, {result, quiet});
}

void TestBackfillCliRun::stopsOnAMissingSecret()
{
    const QString db = path(u"nosecret.sqlite"_s);
    const Result result = backfill({u"run"_s, m_analytics, u"--range"_s, u"2024-01-01"_s, u"--db"_s, db});
    QVERIFY2(result.exitCode == 2, result.describe());
    QCOMPARE(result.errText().trimmed(), u"daily_events needs the secret \"api_key\": put it in the --secrets file "
                                         "or set BACKFILL_SECRET_API_KEY"_s);
    QVERIFY2(!QFile::exists(db), "nothing may be written before the secrets are known");
}

void TestBackfillCliRun::takesSecretsFromTheEnvironment()
{
    const QString db = path(u"env.sqlite"_s);
    QProcessEnvironment secret;
    secret.insert(u"BACKFILL_SECRET_API_KEY"_s, u"demo-token"_s);
    const Result result =
        backfill({u"run"_s, m_analytics, u"--range"_s, u"2024-03-01"_s, u"--db"_s, db, u"--json"_s}, {}, secret);
    QVERIFY2(result.exitCode == 0, result.describe());
    QCOMPARE(count(db, u"SELECT count(*) FROM daily_events"_s), eventsOn(u"2024-03-01"_s));
    verifyNoSecretIn(db, {result});
}

void TestBackfillCliRun::loadsIntoTheTargetGiven()
{
    const QString db = path(u"target.sqlite"_s);
    const Result unknown = backfill({u"run"_s, m_analytics, u"--range"_s, u"2024-01-01"_s, u"--db"_s, db,
                                     u"--secrets"_s, m_secrets, u"--target"_s, u"mysql://user@host/db"_s});
    QVERIFY2(unknown.exitCode == 3, unknown.describe());
    QVERIFY2(unknown.errText().contains(u"target mysql://user@host/db: use sqlite:PATH or postgresql://"_s),
             unknown.describe());
    const Result noDatabase = backfill({u"run"_s, m_analytics, u"--range"_s, u"2024-01-01"_s, u"--db"_s, db,
                                        u"--secrets"_s, m_secrets, u"--target"_s, u"postgresql://user@host"_s});
    QVERIFY2(noDatabase.exitCode == 3, noDatabase.describe());
    QVERIFY2(noDatabase.errText().contains(u"name one database"_s), noDatabase.describe());
    QVERIFY(!QFile::exists(db));

    // Another SQLite file takes the rows; the workspace keeps the ledger.
    const QString elsewhere = path(u"elsewhere.sqlite"_s);
    const Result other = backfill({u"run"_s, m_analytics, u"--range"_s, u"2024-01-01"_s, u"--db"_s, db, u"--secrets"_s,
                                   m_secrets, u"--target"_s, u"sqlite:"_s + elsewhere});
    QVERIFY2(other.exitCode == 0, other.describe());
    QCOMPARE(count(elsewhere, u"SELECT count(*) FROM daily_events"_s), eventsOn(u"2024-01-01"_s));
    QCOMPARE(count(db, u"SELECT count(*) FROM sqlite_master WHERE name = 'daily_events'"_s), 0);
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE status = 'succeeded'"_s), 1);

    const Result same = backfill({u"run"_s, m_analytics, u"--range"_s, u"2024-01-02"_s, u"--db"_s, db, u"--secrets"_s,
                                  m_secrets, u"--target"_s, u"sqlite:"_s + db});
    QVERIFY2(same.exitCode == 0, same.describe());
    QCOMPARE(count(db, u"SELECT count(*) FROM daily_events"_s), eventsOn(u"2024-01-02"_s));

    const Result noWorkspace = backfill({u"status"_s, u"--db"_s, path(u"none.sqlite"_s)});
    QVERIFY2(noWorkspace.exitCode == 3, noWorkspace.describe());
}

void TestBackfillCliRun::reportsFailuresAndRetriesThem()
{
    // The same spec, but the API fails 2024-01-03 and a rule makes a 5xx fail at once.
    QByteArray yaml = readFile(m_analytics);
    yaml.replace("      rate: 20\n", "      rate: 20\n"
                                     "      parameters:\n"
                                     "        fault: '{if(state.date == \"2024-01-03\", \"500\", null)}'\n");
    yaml.replace("      rules:\n", "      rules:\n"
                                   "        - condition: \"response.status >= 500\"\n"
                                   "          action: fail\n");
    const QString failing = path(u"failing.yaml"_s);
    QVERIFY(writeFile(failing, yaml));
    const QString db = path(u"failures.sqlite"_s);
    const QStringList range{u"--range"_s, u"2024-01-01,2024-01-04"_s, u"--db"_s, db, u"--secrets"_s, m_secrets};

    const Result failed = backfill(QStringList{u"run"_s, failing} + range);
    QVERIFY2(failed.exitCode == 1, failed.describe());
    QVERIFY2(failed.outText().contains(u"daily_events 2024-01-03 failed: "_s), failed.describe());
    QVERIFY2(failed.outText().contains(u"Failed partitions:\n  daily_events 2024-01-03: "_s), failed.describe());
    QCOMPARE(count(db, u"SELECT count(*) FROM daily_events"_s),
             eventsOn(u"2024-01-01"_s) + eventsOn(u"2024-01-02"_s) + eventsOn(u"2024-01-04"_s));

    const Result status = backfill({u"status"_s, u"--db"_s, db});
    QVERIFY2(status.exitCode == 0, status.describe());
    QVERIFY2(status.outText().contains(u"3 succeeded, 1 failed"_s) || status.outText().contains(u"1 failed"_s),
             status.describe());
    QVERIFY2(
        status.outText().contains(
            u"  Failed:\n    2024-01-03  HTTP 500: {\"error\":{\"status\":500,\"code\":\"internal_error\",\"message\":\"the server failed (injected fault)\"}}"_s),
        status.describe());
    QVERIFY2(status.outText().contains(u"Last runs:\n  #1 "_s), status.describe());

    const Result plan =
        backfill(QStringList{u"plan"_s, m_analytics, u"--retry-failed"_s, u"--json"_s} + range.mid(0, 4));
    QVERIFY2(plan.exitCode == 0, plan.describe());
    const QJsonArray planned = QJsonDocument::fromJson(plan.out)
                                   .object()
                                   .value(u"endpoints"_s)
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(u"partitions"_s)
                                   .toArray();
    QCOMPARE(planned.size(), 1);
    QCOMPARE(planned.at(0).toObject().value(u"status"_s).toString(), u"failed"_s);
    QVERIFY(!planned.at(0).toObject().value(u"last_error"_s).toString().isEmpty());

    // The order in which a run would take them.
    const auto plannedKeys = [&](const QString &order) {
        const Result ordered = backfill(
            QStringList{u"plan"_s, m_analytics, u"--force"_s, u"--order"_s, order, u"--json"_s} + range.mid(0, 4));
        QStringList keys;
        const QJsonObject endpoint =
            QJsonDocument::fromJson(ordered.out).object().value(u"endpoints"_s).toArray().at(0).toObject();
        for (const QJsonValue &partition : endpoint.value(u"partitions"_s).toArray())
            keys << partition.toObject().value(u"key"_s).toString();
        return keys;
    };
    QCOMPARE(plannedKeys(u"oldest"_s),
             (QStringList{u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-03"_s, u"2024-01-04"_s}));
    QCOMPARE(plannedKeys(u"newest"_s),
             (QStringList{u"2024-01-04"_s, u"2024-01-03"_s, u"2024-01-02"_s, u"2024-01-01"_s}));
    QCOMPARE(plannedKeys(u"failed-first"_s).constFirst(), u"2024-01-03"_s);

    // The API recovered: --retry-failed runs the failed partition only.
    const Result retried = backfill(QStringList{u"run"_s, m_analytics, u"--retry-failed"_s} + range);
    QVERIFY2(retried.exitCode == 0, retried.describe());
    QCOMPARE(retried.outLines().size(), 2);
    QVERIFY2(retried.outText().startsWith(u"daily_events 2024-01-03 "_s), retried.describe());
    qint64 expected = 0;
    for (const QString &day : {u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-03"_s, u"2024-01-04"_s})
        expected += eventsOn(day);
    QCOMPARE(count(db, u"SELECT count(*) FROM daily_events"_s), expected);
    verifyNoSecretIn(db, {failed, status, plan, retried});
}

void TestBackfillCliRun::usesTheDefaultWorkspace()
{
    const QString orders = exampleCopy(u"demo_orders_api.yaml"_s, u"orders.yaml"_s, m_api.url());
    const Result result = backfill({u"run"_s, orders, u"--range"_s, u"10000,10999"_s, u"--secrets"_s, m_secrets});
    QVERIFY2(result.exitCode == 0, result.describe());
    const QString db = path(u"xdg/Backfill Studio/backfill/workspace.sqlite"_s);
    QVERIFY2(QFile::exists(db), qPrintable(QDir(path(u"xdg"_s)).entryList().join(u' ')));
    const auto direct = m_api.get(u"/orders?id_min=10000&id_max=10999"_s, kBearer);
    QCOMPARE(count(db, u"SELECT count(*) FROM orders_by_id"_s), direct.json().value(u"orders"_s).toArray().size());

    const Result status = backfill({u"status"_s});
    QVERIFY2(status.exitCode == 0, status.describe());
    QVERIFY2(status.outText().startsWith(u"Orders API (demo) / orders_by_id: 1 partitions (1 succeeded)"_s),
             status.describe());
}

void TestBackfillCliRun::resumesAfterASignal_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<int>("times");
    QTest::addRow("SIGINT") << int(SIGINT) << 1;
    QTest::addRow("SIGTERM") << int(SIGTERM) << 1;
    QTest::addRow("SIGINT twice") << int(SIGINT) << 2;
}

void TestBackfillCliRun::resumesAfterASignal()
{
    QFETCH(int, signalNumber);
    QFETCH(int, times);

    // A slow API, so that the run is still going when the signal comes.
    DemoApiProcess slow;
    QVERIFY2(slow.start({u"--latency"_s, u"300"_s}), qPrintable(slow.errorString()));
    const QString spec = exampleCopy(u"demo_analytics_api.yaml"_s, u"slow.yaml"_s, slow.url());
    const QString db = path(u"signal-%1-%2.sqlite"_s.arg(signalNumber).arg(times));
    const QStringList arguments{u"run"_s, spec,           u"--range"_s, u"2024-04-01,2024-04-12"_s, u"--db"_s,
                                db,       u"--secrets"_s, m_secrets,    u"--concurrency"_s,         u"1"_s};

    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.start(QStringLiteral(BACKFILL_BIN_DIR "/backfill"), arguments);
    QVERIFY(process.waitForStarted(10000));
    QByteArray out;
    while (out.count('\n') < 3 && process.state() == QProcess::Running) {
        process.waitForReadyRead(1000);
        out += process.readAllStandardOutput();
    }
    QVERIFY2(out.count('\n') >= 3, out.constData());
    for (int i = 0; i < times; ++i)
        QVERIFY(::kill(pid_t(process.processId()), signalNumber) == 0);
    QVERIFY(process.waitForFinished(30000));
    out += process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 130, QByteArray(out + err).constData());
    if (times == 1)
        QVERIFY2(err.contains("Interrupted: run the same command again to resume."), err.constData());

    // Some partitions are done, the rest are not.
    const Result status = backfill({u"status"_s, u"--db"_s, db, u"--json"_s});
    QVERIFY2(status.exitCode == 0, status.describe());
    const QJsonObject byStatus = QJsonDocument::fromJson(status.out)
                                     .object()
                                     .value(u"endpoints"_s)
                                     .toArray()
                                     .at(0)
                                     .toObject()
                                     .value(u"by_status"_s)
                                     .toObject();
    const int done = byStatus.value(u"succeeded"_s).toInt() + byStatus.value(u"empty"_s).toInt();
    // A partition's line is printed when its last page goes to the writer, which commits it up
    // to 200 ms later. A graceful stop commits it; a second signal exits at once and may leave
    // it to the next run (one at most: at concurrency 1 a partition takes 300 ms here).
    QVERIFY2(done >= (times == 1 ? 3 : 2) && done < 12, status.out.constData());
    if (times == 1) {
        // A graceful stop leaves nothing running and records the run as cancelled.
        QCOMPARE(byStatus.value(u"running"_s).toInt(), 0);
        const QJsonArray runs = QJsonDocument::fromJson(status.out).object().value(u"runs"_s).toArray();
        QCOMPARE(runs.at(0).toObject().value(u"outcome"_s).toString(), u"cancelled"_s);
    }

    // The same command again runs the rest, and only the rest, to the exact rows.
    const Result resumed = backfill(arguments);
    QVERIFY2(resumed.exitCode == 0, resumed.describe());
    QCOMPARE(resumed.outLines().size(), 12 - done + 1);
    qint64 expected = 0;
    for (int day = 1; day <= 12; ++day)
        expected += eventsOn(u"2024-04-%1"_s.arg(day, 2, 10, QLatin1Char('0')));
    QCOMPARE(count(db, u"SELECT count(*) FROM daily_events"_s), expected);
    QCOMPARE(count(db, u"SELECT count(DISTINCT event_id) FROM daily_events"_s), expected);
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE status IN ('succeeded', 'empty')"_s), 12);
    verifyNoSecretIn(db, {status, resumed});
}

void TestBackfillCliRun::runsAReplicationWithThreeStreams()
{
    // One spec with the three demo endpoints (copied from the examples), each with its own
    // credentials: a bearer token for events and orders, an API key for sales.
    ApiSpec shop;
    shop.name = u"Shop (demo)"_s;
    const std::pair<QString, QString> sources[] = {{u"demo_analytics_api.yaml"_s, u"daily_events"_s},
                                                   {u"demo_sales_api.yaml"_s, u"monthly_sales"_s},
                                                   {u"demo_orders_api.yaml"_s, u"orders_by_id"_s}};
    for (const auto &[example, endpointName] : sources) {
        const QString copy = exampleCopy(example, u"part-"_s + example, m_api.url());
        const SpecLoadResult loaded = SpecLoader::loadFile(copy);
        QVERIFY(!loaded.hasErrors());
        auto endpoint = loaded.spec.resolvedEndpoint(endpointName);
        QVERIFY(endpoint);
        endpoint->request.headers.clear();
        if (endpointName == "monthly_sales"_L1)
            setValue(endpoint->request.headers, u"X-API-Key"_s, u"{secrets.api_key}"_s);
        else
            setValue(endpoint->request.headers, u"Authorization"_s, u"Bearer {secrets.api_token}"_s);
        shop.endpoints.append(*endpoint);
    }
    QVERIFY(writeFile(path(u"shop.yaml"_s), SpecWriter::write(shop)));
    QVERIFY(writeFile(path(u"shop-secrets.yaml"_s), "api_token: demo-token\napi_key: demo-key\n"));
    QVERIFY(writeFile(path(u"shop-replication.yaml"_s), "source: shop.yaml\n"
                                                        "target: MY_TARGET_DB\n"
                                                        "defaults:\n"
                                                        "  mode: full-refresh\n"
                                                        "streams:\n"
                                                        "  daily_events:\n"
                                                        "    object: analytics.events\n"
                                                        "    source_options:\n"
                                                        "      range: '2024-01-01,2024-01-03'\n"
                                                        "  monthly_sales:\n"
                                                        "    object: sales.monthly_summary\n"
                                                        "    source_options:\n"
                                                        "      range: '2023-10-01,2023-12-31'\n"
                                                        "  orders_by_id:\n"
                                                        "    object: ecommerce.orders\n"
                                                        "    source_options:\n"
                                                        "      range: '10000,12999'\n"));
    const QString db = path(u"replication.sqlite"_s);
    const Result result = backfill({u"run"_s, u"--replication"_s, path(u"shop-replication.yaml"_s), u"--db"_s, db,
                                    u"--secrets"_s, path(u"shop-secrets.yaml"_s)});
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY2(result.outLines().constLast().contains(u"9 partitions (9 succeeded"_s) ||
                 result.outLines().constLast().contains(u"9 partitions ("_s),
             result.describe());

    qint64 events = 0;
    for (const QString &day : {u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-03"_s})
        events += eventsOn(day);
    qint64 sales = 0;
    for (const QString &month : {u"2023-10"_s, u"2023-11"_s, u"2023-12"_s})
        sales += m_api.get(u"/sales/summary?month="_s + month, kApiKey).json().value(u"sales"_s).toArray().size();
    const qint64 orders =
        m_api.get(u"/orders?id_min=10000&id_max=12999"_s, kBearer).json().value(u"orders"_s).toArray().size();
    QVERIFY(events > 0 && sales > 0 && orders > 0);
    QCOMPARE(count(db, u"SELECT count(*) FROM \"analytics.events\""_s), events);
    QCOMPARE(count(db, u"SELECT count(*) FROM \"sales.monthly_summary\""_s), sales);
    QCOMPARE(count(db, u"SELECT count(*) FROM \"ecommerce.orders\""_s), orders);
    QCOMPARE(count(db, u"SELECT count(DISTINCT _backfill_partition) FROM \"ecommerce.orders\""_s), 3);

    const Result again = backfill({u"run"_s, u"--replication"_s, path(u"shop-replication.yaml"_s), u"--db"_s, db,
                                   u"--secrets"_s, path(u"shop-secrets.yaml"_s)});
    QVERIFY2(again.exitCode == 0, again.describe());
    QVERIFY2(again.errText().contains(u"Nothing to run"_s), again.describe());
    verifyNoSecretIn(db, {result, again});
}

// Uses the spec and replication file of runsAReplicationWithThreeStreams().
void TestBackfillCliRun::plansAReplication()
{
    const QString replication = path(u"shop-replication.yaml"_s);
    QVERIFY(QFile::exists(replication));
    const auto endpointsOf = [](const Result &result) {
        QHash<QString, QJsonObject> byName;
        for (const QJsonValue &endpoint : QJsonDocument::fromJson(result.out).object().value(u"endpoints"_s).toArray())
            byName.insert(endpoint.toObject().value(u"endpoint"_s).toString(), endpoint.toObject());
        return byName;
    };

    // A fresh workspace: every stream's range is planned, under its table.
    const QString fresh = path(u"replication-plan.sqlite"_s);
    const Result planned = backfill({u"plan"_s, u"--replication"_s, replication, u"--db"_s, fresh, u"--json"_s});
    QVERIFY2(planned.exitCode == 0, planned.describe());
    const auto endpoints = endpointsOf(planned);
    QCOMPARE(endpoints.size(), 3);
    QCOMPARE(endpoints.value(u"daily_events"_s).value(u"table"_s).toString(), u"analytics.events"_s);
    QCOMPARE(endpoints.value(u"orders_by_id"_s).value(u"range"_s).toString(), u"10000,12999"_s);
    QStringList months;
    for (const QJsonValue &partition : endpoints.value(u"monthly_sales"_s).value(u"partitions"_s).toArray())
        months << partition.toObject().value(u"key"_s).toString();
    QCOMPARE(months, (QStringList{u"2023-10"_s, u"2023-11"_s, u"2023-12"_s}));
    QCOMPARE(QJsonDocument::fromJson(planned.out).object().value(u"total"_s).toObject().value(u"partitions"_s).toInt(),
             9);
    QVERIFY2(!QFile::exists(fresh), "plan must not create the workspace");

    // After the replication ran: nothing left, and --range / --endpoint narrow it as for run.
    const QString db = path(u"replication.sqlite"_s);
    const Result done = backfill({u"plan"_s, u"--replication"_s, replication, u"--db"_s, db});
    QVERIFY2(done.exitCode == 0, done.describe());
    QVERIFY2(done.outLines().constLast().startsWith(u"Total: 0 partitions, ~0 requests"_s), done.describe());
    const Result widened = backfill({u"plan"_s, u"--replication"_s, replication, u"--db"_s, db, u"--endpoint"_s,
                                     u"daily_events"_s, u"--range"_s, u"2024-01-02,2024-01-05"_s, u"--json"_s});
    QVERIFY2(widened.exitCode == 0, widened.describe());
    const QJsonObject events = endpointsOf(widened).value(u"daily_events"_s);
    QCOMPARE(endpointsOf(widened).size(), 1);
    QCOMPARE(events.value(u"selected"_s).toInt(), 4);
    QCOMPARE(events.value(u"to_run"_s).toInt(), 2);
    QCOMPARE(events.value(u"by_status"_s).toObject().value(u"missing"_s).toInt(), 2);

    const Result both = backfill({u"plan"_s, path(u"shop.yaml"_s), u"--replication"_s, replication});
    QCOMPARE(both.exitCode, 2);
    QVERIFY2(both.errText().contains(u"not both"_s), both.describe());
}

QTEST_GUILESS_MAIN(TestBackfillCliRun)
#include "tst_backfillcli_run.moc"
