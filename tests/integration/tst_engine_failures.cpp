// The backfill engine end to end, failing: retries, Retry-After, resuming from checkpoints, expired cursors,
// records and bodies that fail a partition, the rate limit, a missing secret and what a failed partition keeps;
// specs from resources/examples/ against backfill-demo-api on 127.0.0.1.
#include "tests/integration/enginefixture.h"

#include "model/workspace/partitionledger.h"

#include <QJsonDocument>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestEngineFailures : public EngineFixture
{
    Q_OBJECT

private slots:
    void retriesServerErrorsThenSucceeds();
    void honoursRetryAfterOn429();
    void failedPartitionResumesFromItsCheckpoint();
    void expiredCursorRestartsThePartition();
    void recordWithoutItsPrimaryKeyFailsThePartition();
    void brokenBodiesFailWithTheirCause_data();
    void brokenBodiesFailWithTheirCause();
    void rateLimitHoldsOnTheServer();
    void missingSecretStopsBeforeAnyRequest();
    void failedPartitionKeepsItsRequestAndResponse();
};

void TestEngineFailures::retriesServerErrorsThenSucceeds()
{
    ApiSpec spec = loadSpec(u"demo_pagination_page.yaml"_s);
    addFastRetry(spec, u"response.status >= 500"_s, 3);
    addParameter(spec, u"fault"_s, u"500"_s);
    addParameter(spec, u"fault_times"_s, u"2"_s); // every page fails twice, then answers
    const auto summary = run(spec, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->retries, 20);
    QCOMPARE(summary->requests, 30);
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 237);
    const auto retry = std::find_if(m_events.cbegin(), m_events.cend(),
                                    [](const EngineEvent &e) { return e.kind == EngineEvent::Kind::Retry; });
    QVERIFY(retry != m_events.cend());
    QCOMPARE(retry->httpStatus, 500);
    QVERIFY2(retry->message.contains(u"page 1 ("_s) && retry->message.contains(u"retrying in 20 ms"_s),
             qPrintable(retry->message));
}

void TestEngineFailures::honoursRetryAfterOn429()
{
    ApiSpec spec = loadSpec(u"demo_pagination_page.yaml"_s);
    addParameter(spec, u"fault"_s, u"429"_s);
    addParameter(spec, u"fault_times"_s, u"1"_s);
    addParameter(spec, u"retry_after"_s, u"zero"_s); // Retry-After: 0 falls back to the backoff, never a hot loop
    addParameter(spec, u"per_page"_s, u"100"_s);     // 3 pages, each answered 429 once
    const auto summary = run(spec, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->rateLimited, 3);
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 237);
    for (const EngineEvent &event : std::as_const(m_events)) {
        if (event.kind == EngineEvent::Kind::Retry)
            QVERIFY2(event.waitMs >= 100, qPrintable(event.message));
    }
}

void TestEngineFailures::failedPartitionResumesFromItsCheckpoint()
{
    ApiSpec failing = loadSpec(u"demo_pagination_page.yaml"_s);
    addFastRetry(failing, u"response.status >= 500"_s, 2);
    addParameter(failing, u"fault"_s, u"{if(state.page == 4, \"500\", \"\")}"_s);
    auto summary = run(failing, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Failed);
    QCOMPARE(summary->counts.failed, 1);
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 75); // pages 1 to 3 are committed
    {
        PartitionLedger ledger(*m_reader);
        const auto partition = ledger.partition(ledger.endpointId(failing.name, u"items"_s), u"all"_s);
        QCOMPARE(partition->status, PartitionStatus::Failed);
        QVERIFY2(partition->lastError.contains(u"HTTP 500"_s), qPrintable(partition->lastError));
        QVERIFY(partition->hasCheckpoint);
        QCOMPARE(partition->httpStatus, 500);
    }
    m_reader.reset();

    QVERIFY(m_api.resetStats());
    m_events.clear();
    summary = run(loadSpec(u"demo_pagination_page.yaml"_s), u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->requests, 7); // pages 4 to 10 only
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), 7);
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 237);
    QCOMPARE(count(u"SELECT count(DISTINCT id) FROM items"_s), 237);
    PartitionLedger ledger(*m_reader);
    const auto partition = ledger.partition(ledger.endpointId(failing.name, u"items"_s), u"all"_s);
    QCOMPARE(partition->status, PartitionStatus::Succeeded);
    QCOMPARE(partition->counts.rows, 237);
    QCOMPARE(partition->counts.pages, 10);
    QCOMPARE(partition->attempts, 2);
}

void TestEngineFailures::expiredCursorRestartsThePartition()
{
    ApiSpec failing = loadSpec(u"demo_pagination_cursor.yaml"_s);
    addFastRetry(failing, u"response.status >= 500"_s, 1);
    addParameter(failing, u"fault"_s, u"{if(is_null(state.cursor), \"\", \"500\")}"_s);
    addParameter(failing, u"fault_times"_s, u"1"_s);
    auto summary = run(failing, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->counts.failed, 1);
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 25);
    m_reader.reset();

    QTest::qWait(2200); // the saved cursor expires (--cursor-ttl 2000)
    m_events.clear();
    summary = run(loadSpec(u"demo_pagination_cursor.yaml"_s), u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    const bool restarted = std::any_of(m_events.cbegin(), m_events.cend(), [](const EngineEvent &e) {
        return e.kind == EngineEvent::Kind::Warning && e.message.contains(u"restarting from its first page"_s);
    });
    QVERIFY(restarted);
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 237);
    QCOMPARE(count(u"SELECT count(DISTINCT id) FROM items"_s), 237);
}

void TestEngineFailures::recordWithoutItsPrimaryKeyFailsThePartition()
{
    // Item 30 (the 5th record of the second page) has no value for the key: upserting it
    // would add a row on every run.
    ApiSpec spec = loadSpec(u"demo_pagination_offset.yaml"_s);
    Endpoint &endpoint = spec.endpoints.first();
    Processor key;
    key.expression = u"if(record.id == 30, null, record.id)"_s;
    key.output = u"record.item_key"_s;
    endpoint.response.processors.items = QList<Processor>{key};
    endpoint.response.records.primaryKey = {u"item_key"_s};
    for (int attempt = 1; attempt <= 2; ++attempt) {
        const auto summary = run(spec, u"items"_s);
        QVERIFY(summary);
        QCOMPARE(summary->counts.failed, 1);
        const QString message = summary->failed.first().second;
        QVERIFY2(message.contains(u"record 5 of the page has no value for the primary key item_key"_s),
                 qPrintable(message));
        // The first page stays committed, once; nothing of the second.
        QCOMPARE(count(u"SELECT count(*) FROM items"_s), 25);
        QCOMPARE(count(u"SELECT count(*) FROM items WHERE item_key IS NULL OR item_key <> id"_s), 0);
        m_reader.reset();
    }
}

void TestEngineFailures::brokenBodiesFailWithTheirCause_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("cause");
    QTest::addRow("html with 200") << u"html"_s << u"the response is not valid JSON: it starts with `<"_s;
    QTest::addRow("truncated json") << u"truncate"_s << u"the response is not valid JSON"_s;
    QTest::addRow("invalid json") << u"invalid"_s << u"the response is not valid JSON"_s;
    QTest::addRow("connection closed") << u"close"_s << u"closed"_s;
}

void TestEngineFailures::brokenBodiesFailWithTheirCause()
{
    QFETCH(QString, fault);
    QFETCH(QString, cause);
    ApiSpec spec = loadSpec(u"demo_pagination_page.yaml"_s);
    addFastRetry(spec, u"response.status == 0 || response.status >= 500"_s, 2);
    addParameter(spec, u"fault"_s, u"{if(state.page == 2, \"%1\", \"\")}"_s.arg(fault));
    const auto summary = run(spec, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->counts.failed, 1);
    QCOMPARE(summary->failed.size(), 1);
    QVERIFY2(summary->failed.first().second.contains(cause, Qt::CaseInsensitive),
             qPrintable(summary->failed.first().second));
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 25);
    // A later run (the fault gone) completes it exactly.
    m_reader.reset();
    QVERIFY(run(loadSpec(u"demo_pagination_page.yaml"_s), u"items"_s));
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 237);
    QCOMPARE(count(u"SELECT count(DISTINCT id) FROM items"_s), 237);
}

void TestEngineFailures::rateLimitHoldsOnTheServer()
{
    ApiSpec spec = loadSpec(u"demo_bulk_benchmark.yaml"_s);
    spec.endpoints.first().request.rate = 10;
    const QJsonObject context{{u"range_start"_s, u"1"_s}, {u"range_end"_s, u"6"_s}};
    const auto summary = run(spec, u"records"_s, context);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->requests, 30);
    const QJsonObject stats = m_api.stats();
    QVERIFY2(stats.value(u"max_requests_per_second"_s).toInt() <= 10,
             qPrintable(QString::number(stats.value(u"max_requests_per_second"_s).toInt())));
    QCOMPARE(count(u"SELECT count(*) FROM records"_s), 6 * 5 * 500);
}

void TestEngineFailures::missingSecretStopsBeforeAnyRequest()
{
    const ApiSpec spec = loadSpec(u"demo_analytics_api.yaml"_s);
    Secrets none;
    BackfillEngine engine(&m_network);
    QString error;
    QVERIFY(!engine.start(spec, {{u"daily_events"_s, {}, {{u"2024-01-01"_s, u"2024-01-01"_s}}, {}}}, none, m_workspace,
                          {}, &error));
    QCOMPARE(error, u"daily_events needs the secret \"api_key\": put it in the secrets file or set "
                    "BACKFILL_SECRET_API_KEY"_s);
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), 0);
}

void TestEngineFailures::failedPartitionKeepsItsRequestAndResponse()
{
    const ApiSpec spec = loadSpec(u"demo_analytics_api.yaml"_s);
    const Secrets good = m_secrets;
    m_secrets.insert(u"api_key"_s, u"wrong-token-123"_s);
    const QJsonObject context{{u"range_start"_s, u"2024-01-05"_s}, {u"range_end"_s, u"2024-01-05"_s}};
    const auto summary = run(spec, u"daily_events"_s, context);
    m_secrets = good;
    QVERIFY(summary);
    QCOMPARE(summary->counts.failed, 1);

    // What the run history shows comes from the event kept in the workspace.
    count(u"SELECT 1"_s);
    PartitionLedger ledger(*m_reader);
    const QList<RunEvent> events = ledger.events(summary->runId);
    const auto failed = std::find_if(events.cbegin(), events.cend(), [](const RunEvent &event) {
        return event.data.value(u"event"_s).toString() == u"partition_failed"_s;
    });
    QVERIFY(failed != events.cend());
    QCOMPARE(failed->partitionKey, u"2024-01-05"_s);
    QCOMPARE(failed->data.value(u"method"_s).toString(), u"GET"_s);
    QCOMPARE(failed->data.value(u"status"_s).toInt(), 401);
    QCOMPARE(failed->data.value(u"url"_s).toString(), m_api.url().toString() + u"/events/daily/2024-01-05"_s);
    const QString headers = failed->data.value(u"request_headers"_s).toString();
    QVERIFY2(headers.contains(u"Authorization: Bearer ****"_s), qPrintable(headers));
    const QString response = failed->data.value(u"response"_s).toString();
    QVERIFY2(response.contains(u"invalid bearer token"_s), qPrintable(response));
    const QByteArray stored = QJsonDocument(failed->data).toJson();
    QVERIFY2(!stored.contains("wrong-token-123"), stored.constData());
}

QTEST_GUILESS_MAIN(TestEngineFailures)
#include "tst_engine_failures.moc"
