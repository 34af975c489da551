// The `backfill` runner end to end, the commands around a run: help, bad usage, validate, eval (expressions and
// JMESPath), plan and preview, each run as a process against backfill-demo-api on 127.0.0.1 with a temporary
// workspace. Asserts what a user sees: exit codes, stdout and stderr, and that nothing is written.
#include "tests/integration/backfillclifixture.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestBackfillCliCommands : public BackfillCliFixture
{
    Q_OBJECT

private slots:
    void answersHelpOnEveryCommand_data();
    void answersHelpOnEveryCommand();
    void rejectsBadUsage_data();
    void rejectsBadUsage();
    void validatesSpecs();
    void evaluatesExpressions_data();
    void evaluatesExpressions();
    void evaluatesJmesPathFromFileAndStdin();
    void plansRanges_data();
    void plansRanges();
    void previewsWithoutWriting();
    void readsInputsFromTheCommandLine();
};

void TestBackfillCliCommands::answersHelpOnEveryCommand_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("validate") << u"validate"_s << u"FILE:LINE:COL"_s;
    QTest::addRow("plan") << u"plan"_s << u"--only-missing"_s;
    QTest::addRow("run") << u"run"_s << u"--replication"_s;
    QTest::addRow("status") << u"status"_s << u"--db"_s;
    QTest::addRow("preview") << u"preview"_s << u"--max-pages"_s;
    QTest::addRow("eval") << u"eval"_s << u"--jmespath"_s;
}

void TestBackfillCliCommands::answersHelpOnEveryCommand()
{
    QFETCH(QString, command);
    QFETCH(QString, mentions);
    const Result result = backfill({command, u"--help"_s});
    QVERIFY2(result.exitCode == 0, result.describe());
    QVERIFY2(result.outText().startsWith(u"Usage: backfill "_s + command), result.describe());
    QVERIFY2(result.outText().contains(mentions), result.describe());
    QVERIFY(result.err.isEmpty());

    const Result top = backfill({u"--help"_s});
    QCOMPARE(top.exitCode, 0);
    QVERIFY(top.outText().contains(u"  "_s + command + u' '));
}

void TestBackfillCliCommands::rejectsBadUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString spec = path(u"analytics.yaml"_s);
    QTest::addRow("no command") << QStringList() << u"Usage: backfill <command>"_s;
    QTest::addRow("unknown command") << QStringList{u"launch"_s} << u"unknown command \"launch\""_s;
    QTest::addRow("unknown option") << QStringList{u"run"_s, spec, u"--fast"_s} << u"Unknown option 'fast'"_s;
    QTest::addRow("no spec") << QStringList{u"run"_s} << u"give one spec file"_s;
    QTest::addRow("bad order") << QStringList{u"run"_s, spec, u"--order"_s, u"random"_s}
                               << u"--order must be oldest, newest or failed-first"_s;
    QTest::addRow("two filters") << QStringList{u"run"_s, spec, u"--only-missing"_s, u"--retry-failed"_s}
                                 << u"exclude each other"_s;
    QTest::addRow("unknown endpoint") << QStringList{u"plan"_s, spec, u"--endpoint"_s, u"hourly"_s}
                                      << u"has no endpoint \"hourly\" (it has: daily_events)"_s;
    QTest::addRow("bad range") << QStringList{u"plan"_s, spec, u"--range"_s, u"[2024-01-01...2024-13-01]"_s}
                               << u"daily_events: range \"[2024-01-01...2024-13-01]\""_s;
    QTest::addRow("missing file") << QStringList{u"plan"_s, path(u"nothing.yaml"_s)} << u"no such file"_s;
    QTest::addRow("preview without endpoint") << QStringList{u"preview"_s, spec} << u"--endpoint NAME"_s;
}

void TestBackfillCliCommands::rejectsBadUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result result = backfill(arguments);
    QVERIFY2(result.exitCode == 2, result.describe());
    QVERIFY2(result.errText().contains(message), result.describe());
    QVERIFY(result.out.isEmpty());
}

void TestBackfillCliCommands::validatesSpecs()
{
    const Result valid = backfill({u"validate"_s, m_analytics});
    QVERIFY2(valid.exitCode == 0, valid.describe());
    QCOMPARE(valid.outText().trimmed(), m_analytics + u": valid (1 endpoint(s))"_s);

    // A misspelt key on line 6, column 5, and a broken expression: one line each.
    const QString broken = path(u"broken.yaml"_s);
    QVERIFY(writeFile(broken, "name: broken\n"
                              "endpoints:\n"
                              "  items:\n"
                              "    request:\n"
                              "      url: http://127.0.0.1/items\n"
                              "    responce:\n"
                              "      records:\n"
                              "        jmespath: \"data[\"\n"));
    const Result result = backfill({u"validate"_s, m_analytics, broken});
    QVERIFY2(result.exitCode == 2, result.describe());
    const QStringList lines = result.errText().split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(!lines.isEmpty(), result.describe());
    static const QRegularExpression form(u"^(.+):(\\d+):(\\d+): (.+)$"_s);
    for (const QString &line : lines) {
        const auto match = form.match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        QCOMPARE(match.captured(1), broken);
    }
    QVERIFY2(lines.constFirst().startsWith(broken + u":6:5: "_s), result.describe());
    QVERIFY2(lines.constFirst().contains(u"responce"_s), result.describe());
    // The valid file is still reported valid.
    QVERIFY2(result.outText().contains(m_analytics + u": valid"_s), result.describe());
}

void TestBackfillCliCommands::evaluatesExpressions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("output");
    QTest::addRow("coalesce") << QStringList{u"coalesce(state.x, \"a\")"_s, u"--state"_s, u"{\"x\": null}"_s} << 0
                              << u"\"a\""_s;
    QTest::addRow("context") << QStringList{u"context.range_start"_s, u"--context"_s,
                                            u"{\"range_start\": \"2024-01-01\"}"_s}
                             << 0 << u"\"2024-01-01\""_s;
    QTest::addRow("arithmetic") << QStringList{u"to_int(state.start_id) + 999"_s, u"--state"_s,
                                               u"{\"start_id\": \"10000\"}"_s}
                                << 0 << u"10999"_s;
    QTest::addRow("range") << QStringList{u"range(\"2024-01-30\", \"2024-02-01\", \"1d\")"_s} << 0
                           << u"[\n    \"2024-01-30\",\n    \"2024-01-31\",\n    \"2024-02-01\"\n]"_s;
    QTest::addRow("syntax error") << QStringList{u"1 +"_s} << 2 << u"expression:"_s;
    QTest::addRow("bad state") << QStringList{u"state.x"_s, u"--state"_s, u"{x"_s} << 2 << u"--state: invalid JSON"_s;
}

void TestBackfillCliCommands::evaluatesExpressions()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, output);
    const Result result = backfill(QStringList{u"eval"_s} + arguments);
    QVERIFY2(result.exitCode == exitCode, result.describe());
    if (exitCode == 0)
        QCOMPARE(result.outText().trimmed(), output);
    else
        QVERIFY2(result.errText().contains(output), result.describe());
}

void TestBackfillCliCommands::evaluatesJmesPathFromFileAndStdin()
{
    const QByteArray json = R"({"data": {"events": [{"id": 1, "kind": "a"}, {"id": 2, "kind": "b"}]}})";
    const Result fromStdin = backfill({u"eval"_s, u"--jmespath"_s, u"data.events[].id"_s, u"-"_s}, json);
    QVERIFY2(fromStdin.exitCode == 0, fromStdin.describe());
    QCOMPARE(fromStdin.outText().trimmed(), u"[\n    1,\n    2\n]"_s);

    const QString file = path(u"events.json"_s);
    QVERIFY(writeFile(file, json));
    const Result fromFile = backfill({u"eval"_s, u"--jmespath"_s, u"data.events[?kind=='b'] | [0].id"_s, file});
    QVERIFY2(fromFile.exitCode == 0, fromFile.describe());
    QCOMPARE(fromFile.outText().trimmed(), u"2"_s);

    const Result broken = backfill({u"eval"_s, u"--jmespath"_s, u"data.["_s, file});
    QVERIFY2(broken.exitCode == 2, broken.describe());
    QVERIFY2(broken.errText().startsWith(u"jmespath:"_s), broken.describe());
}

void TestBackfillCliCommands::plansRanges_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<QString>("range");
    QTest::addColumn<QStringList>("keys");
    QTest::addRow("sling days") << u"demo_analytics_api.yaml"_s << u"2024-01-01,2024-01-04"_s
                                << QStringList{u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-03"_s, u"2024-01-04"_s};
    QTest::addRow("brackets and a day") << u"demo_analytics_api.yaml"_s << u"[2024-01-30...2024-02-01], 2024-02-05"_s
                                        << QStringList{u"2024-01-30"_s, u"2024-01-31"_s, u"2024-02-01"_s,
                                                       u"2024-02-05"_s};
    QTest::addRow("months") << u"demo_sales_api.yaml"_s << u"2023-10-01,2023-12-31"_s
                            << QStringList{u"2023-10"_s, u"2023-11"_s, u"2023-12"_s};
    QTest::addRow("numbers") << u"demo_orders_api.yaml"_s << u"10000,12999"_s
                             << QStringList{u"10000-10999"_s, u"11000-11999"_s, u"12000-12999"_s};
}

void TestBackfillCliCommands::plansRanges()
{
    QFETCH(QString, example);
    QFETCH(QString, range);
    QFETCH(QStringList, keys);
    const QString spec = exampleCopy(example, u"plan-"_s + example, m_api.url());
    const QString db = path(u"plan.sqlite"_s);
    const Result result = backfill({u"plan"_s, spec, u"--range"_s, range, u"--db"_s, db, u"--json"_s});
    QVERIFY2(result.exitCode == 0, result.describe());
    const QJsonObject plan = QJsonDocument::fromJson(result.out).object();
    const QJsonObject endpoint = plan.value(u"endpoints"_s).toArray().at(0).toObject();
    QStringList planned;
    for (const QJsonValue &partition : endpoint.value(u"partitions"_s).toArray()) {
        planned << partition.toObject().value(u"key"_s).toString();
        QCOMPARE(partition.toObject().value(u"status"_s).toString(), u"missing"_s);
    }
    QCOMPARE(planned, keys);
    QCOMPARE(endpoint.value(u"estimated_requests"_s).toInt(), keys.size());
    QCOMPARE(plan.value(u"total"_s).toObject().value(u"partitions"_s).toInt(), keys.size());
    QVERIFY2(!QFile::exists(db), "plan must not create the workspace");

    const Result text = backfill({u"plan"_s, spec, u"--range"_s, range, u"--db"_s, db});
    QVERIFY2(text.exitCode == 0, text.describe());
    QVERIFY2(
        text.outLines().constFirst().contains(u"%1 of %1 selected partitions to run (%1 missing)"_s.arg(keys.size())),
        text.describe());
    QVERIFY2(text.outLines().constLast().startsWith(u"Total: %1 partitions, ~%1 requests"_s.arg(keys.size())),
             text.describe());
}

void TestBackfillCliCommands::previewsWithoutWriting()
{
    const QString db = path(u"xdg-preview"_s);
    QProcessEnvironment data;
    data.insert(u"XDG_DATA_HOME"_s, db);
    const Result json = backfill({u"preview"_s, m_analytics, u"--endpoint"_s, u"daily_events"_s, u"--partition"_s,
                                  u"2024-01-05"_s, u"--secrets"_s, m_secrets, u"--json"_s},
                                 {}, data);
    QVERIFY2(json.exitCode == 0, json.describe());
    const QJsonObject document = QJsonDocument::fromJson(json.out).object();
    const QJsonArray requests = document.value(u"requests"_s).toArray();
    QCOMPARE(requests.size(), 1);
    const QJsonObject request = requests.at(0).toObject().value(u"request"_s).toObject();
    QCOMPARE(request.value(u"method"_s).toString(), u"GET"_s);
    QCOMPARE(request.value(u"url"_s).toString(), m_api.url(u"/events/daily/2024-01-05"_s).toString());
    QCOMPARE(request.value(u"headers"_s).toObject().value(u"Authorization"_s).toString(), u"Bearer ****"_s);
    const QJsonObject response = requests.at(0).toObject().value(u"response"_s).toObject();
    QCOMPARE(response.value(u"status"_s).toInt(), 200);
    QVERIFY(response.value(u"body"_s).toString().contains(u"\"events\""_s));
    QCOMPARE(document.value(u"records"_s).toArray().size(), eventsOn(u"2024-01-05"_s));
    QCOMPARE(document.value(u"state"_s).toObject().value(u"date"_s).toString(), u"2024-01-05"_s);

    const Result text = backfill({u"preview"_s, m_analytics, u"--endpoint"_s, u"daily_events"_s, u"--partition"_s,
                                  u"2024-01-05"_s, u"--secrets"_s, m_secrets, u"--max-records"_s, u"3"_s},
                                 {}, data);
    QVERIFY2(text.exitCode == 0, text.describe());
    QVERIFY2(text.outText().contains(u"> GET "_s + m_api.url(u"/events/daily/2024-01-05"_s).toString()),
             text.describe());
    QVERIFY2(text.outText().contains(u"> Authorization: Bearer ****"_s), text.describe());
    QVERIFY2(text.outText().contains(u"< HTTP 200"_s), text.describe());
    QVERIFY2(text.outText().contains(u"Columns: "_s), text.describe());
    QVERIFY2(text.outText().contains(u"Records: 3 in 1 pages"_s), text.describe());

    // Paginated: the page limit, and the state the next page would start from.
    const QString paged = exampleCopy(u"demo_pagination_page.yaml"_s, u"paged.yaml"_s, m_api.url());
    const Result pages =
        backfill({u"preview"_s, paged, u"--endpoint"_s, u"items"_s, u"--max-pages"_s, u"2"_s, u"--json"_s}, {}, data);
    QVERIFY2(pages.exitCode == 0, pages.describe());
    const QJsonObject pagedDocument = QJsonDocument::fromJson(pages.out).object();
    QCOMPARE(pagedDocument.value(u"requests"_s).toArray().size(), 2);
    QCOMPARE(pagedDocument.value(u"records"_s).toArray().size(), 50);
    QCOMPARE(pagedDocument.value(u"state"_s).toObject().value(u"page"_s).toInt(), 3);
    QCOMPARE(pagedDocument.value(u"more_pages"_s).toBool(), true);

    // A wrong secret: the 401 is shown, the exit code says it failed, the secret is not.
    const QString wrong = path(u"wrong-secrets.yaml"_s);
    QVERIFY(writeFile(wrong, "api_key: not-the-token\n"));
    const Result denied = backfill({u"preview"_s, m_analytics, u"--endpoint"_s, u"daily_events"_s, u"--partition"_s,
                                    u"2024-01-05"_s, u"--secrets"_s, wrong},
                                   {}, data);
    QVERIFY2(denied.exitCode == 1, denied.describe());
    QVERIFY2(denied.outText().contains(u"< HTTP 401"_s), denied.describe());
    QVERIFY(!denied.out.contains("not-the-token") && !denied.err.contains("not-the-token"));

    QVERIFY2(!QFileInfo::exists(db), "preview must write nothing");
    verifyNoSecretIn(QString(), {json, text, pages});
}

void TestBackfillCliCommands::readsInputsFromTheCommandLine()
{
    // As Sling's shipped specs use them: a default state that requires an input, a URL that
    // reads one (Sling takes them from the connection's `inputs:`, the runner from --input).
    const QString spec = path(u"inputs.yaml"_s);
    QVERIFY(writeFile(spec, R"yaml(name: inputs
defaults:
  state:
    base_url: BASE
    kind: '{require(inputs.kind, "kind required in inputs (an event type)")}'
  request:
    headers:
      Authorization: "Bearer {secrets.api_key}"
endpoints:
  daily_events:
    name: daily_events
    request:
      url: '{state.base_url}/events/daily/{inputs.day}'
    response:
      records:
        jmespath: "data.events[]"
        primary_key: [event_id]
      processors:
        - expression: state.kind
          output: record.kind
)yaml"_ba.replace("BASE", m_api.url().toString().toUtf8())));
    const Result valid = backfill({u"validate"_s, spec});
    QVERIFY2(valid.exitCode == 0, valid.describe());

    const QStringList preview{u"preview"_s, spec, u"--endpoint"_s, u"daily_events"_s, u"--secrets"_s, m_secrets};
    const Result given = backfill(
        preview + QStringList{u"--input"_s, u"day=2024-01-05"_s, u"--input"_s, u"kind=purchase"_s, u"--json"_s});
    QVERIFY2(given.exitCode == 0, given.describe());
    const QJsonObject document = QJsonDocument::fromJson(given.out).object();
    const QJsonObject request = document.value(u"requests"_s).toArray().at(0).toObject().value(u"request"_s).toObject();
    QCOMPARE(request.value(u"url"_s).toString(), m_api.url(u"/events/daily/2024-01-05"_s).toString());
    const QJsonArray records = document.value(u"records"_s).toArray();
    QCOMPARE(records.size(), eventsOn(u"2024-01-05"_s));
    for (const QJsonValue &record : records)
        QCOMPARE(record.toObject().value(u"kind"_s).toString(), u"purchase"_s);

    // A run reads them the same way: the rows land with the input in them.
    const QString db = path(u"inputs.sqlite"_s);
    const Result run = backfill({u"run"_s, spec, u"--db"_s, db, u"--secrets"_s, m_secrets, u"--input"_s,
                                 u"day=2024-01-05"_s, u"--input"_s, u"kind=purchase"_s, u"--quiet"_s});
    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(count(db, u"SELECT COUNT(*) FROM daily_events WHERE kind = 'purchase'"_s), eventsOn(u"2024-01-05"_s));

    // One missing: the spec's own message, before any record; a malformed one: usage.
    const Result missing = backfill(preview + QStringList{u"--input"_s, u"day=2024-01-05"_s});
    QVERIFY2(missing.exitCode != 0, missing.describe());
    QVERIFY2(QString(missing.outText() + QString::fromUtf8(missing.err))
                 .contains(u"kind required in inputs (an event type)"_s),
             missing.describe());
    const Result malformed = backfill(preview + QStringList{u"--input"_s, u"day"_s});
    QCOMPARE(malformed.exitCode, 2);
    QVERIFY2(QString::fromUtf8(malformed.err).contains(u"--input takes NAME=VALUE, not \"day\""_s),
             malformed.describe());
}

QTEST_GUILESS_MAIN(TestBackfillCliCommands)
#include "tst_backfillcli_commands.moc"
