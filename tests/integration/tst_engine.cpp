// The backfill engine end to end: specs from resources/examples/ against backfill-demo-api
// on 127.0.0.1, rows and ledger checked in the real workspace file.
#include "tests/support/demoapiprocess.h"
#include "tests/support/examplespecs.h"

#include "model/spec/specloader.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "network/engine/backfillengine.h"
#include "network/planning/endpointprogram.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void everyPaginationStyleLoadsEveryItem_data();
    void everyPaginationStyleLoadsEveryItem();
    void dailyPartitionsMatchTheApi();
    void emptyFirstPartitionSucceeds();
    void retriesServerErrorsThenSucceeds();
    void honoursRetryAfterOn429();
    void failedPartitionResumesFromItsCheckpoint();
    void expiredCursorRestartsThePartition();
    void rerunWithoutPrimaryKeyReplacesRows();
    void recordWithoutItsPrimaryKeyFailsThePartition();
    void brokenBodiesFailWithTheirCause_data();
    void brokenBodiesFailWithTheirCause();
    void rateLimitHoldsOnTheServer();
    void pauseStopsNewRequests();
    void missingSecretStopsBeforeAnyRequest();
    void failedPartitionKeepsItsRequestAndResponse();
    void pagesOfAPartitionOverlapWhenTheTotalIsKnown();
    void pagesFetchedAheadPastTheStopAreDropped();
    void parallelPagesResumeFromTheirCheckpoint();

private:
    ApiSpec loadSpec(const QString &file);
    std::optional<RunSummary> run(const ApiSpec &spec, const QString &endpoint, const QJsonObject &context = {},
                                  const EngineOptions &options = {}, BackfillEngine **started = nullptr);
    qint64 count(const QString &sql);

    DemoApiProcess m_api;
    QTemporaryDir m_dir;
    QString m_workspace;
    Secrets m_secrets;
    QNetworkAccessManager m_network;
    QList<EngineEvent> m_events;
    std::unique_ptr<Workspace> m_reader;
};

void TestEngine::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_api.start({u"--cursor-ttl"_s, u"2000"_s}), qPrintable(m_api.errorString()));
    m_secrets.insert(u"api_key"_s, u"demo-token"_s);
}

void TestEngine::init()
{
    static int n = 0;
    m_workspace = m_dir.filePath(u"workspace-%1.sqlite"_s.arg(++n));
    m_events.clear();
    QVERIFY(m_api.resetStats());
}

void TestEngine::cleanup()
{
    m_reader.reset();
}

ApiSpec TestEngine::loadSpec(const QString &file)
{
    return exampleSpec(file, m_api.url().toString());
}

std::optional<RunSummary> TestEngine::run(const ApiSpec &spec, const QString &endpoint, const QJsonObject &context,
                                          const EngineOptions &options, BackfillEngine **started)
{
    QString error;
    const auto program = EndpointProgram::compile(spec, endpoint, &error);
    if (!program) {
        qWarning() << error;
        return std::nullopt;
    }
    const auto plans = planPartitions(*program, context, {}, &error);
    if (!plans) {
        qWarning() << error;
        return std::nullopt;
    }
    auto *engine = new BackfillEngine(&m_network, this);
    connect(engine, &BackfillEngine::event, this, [this](const EngineEvent &event) { m_events.append(event); });
    QSignalSpy finished(engine, &BackfillEngine::finished);
    if (!engine->start(spec, {{endpoint, {}, plans->partitions, context}}, m_secrets, m_workspace, options, &error)) {
        qWarning() << error;
        delete engine;
        return std::nullopt;
    }
    if (started)
        *started = engine;
    if (!finished.wait(120000))
        return std::nullopt;
    const auto summary = finished.at(0).at(0).value<RunSummary>();
    engine->deleteLater();
    return summary;
}

qint64 TestEngine::count(const QString &sql)
{
    if (!m_reader) {
        m_reader = std::make_unique<Workspace>();
        if (!m_reader->open(m_workspace))
            return -1;
    }
    QSqlQuery query(m_reader->database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

void TestEngine::everyPaginationStyleLoadsEveryItem_data()
{
    QTest::addColumn<QString>("file");
    for (const char *style : {"page", "offset", "cursor", "next_url", "link", "has_more"})
        QTest::addRow("%s", style) << u"demo_pagination_%1.yaml"_s.arg(QLatin1StringView(style));
}

void TestEngine::everyPaginationStyleLoadsEveryItem()
{
    QFETCH(QString, file);
    const auto summary = run(loadSpec(file), u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 237);
    QCOMPARE(count(u"SELECT count(DISTINCT id) FROM items"_s), 237);

    PartitionLedger ledger(*m_reader);
    const auto partition = ledger.partition(ledger.endpointId(loadSpec(file).name, u"items"_s), u"all"_s);
    QVERIFY(partition);
    QCOMPARE(partition->status, PartitionStatus::Succeeded);
    QCOMPARE(partition->counts.rows, 237);
    QCOMPARE(partition->counts.pages, 10);
    QVERIFY(!partition->hasCheckpoint);
}

void TestEngine::dailyPartitionsMatchTheApi()
{
    const ApiSpec spec = loadSpec(u"demo_analytics_api.yaml"_s);
    const QJsonObject context{{u"range_start"_s, u"2024-01-01"_s}, {u"range_end"_s, u"2024-01-10"_s}};
    const auto summary = run(spec, u"daily_events"_s, context);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->counts.partitions, 10);

    qint64 expected = 0;
    for (int day = 1; day <= 10; ++day) {
        const auto response = m_api.get(u"/events/daily/2024-01-%1"_s.arg(day, 2, 10, QLatin1Char('0')),
                                        {{"Authorization", "Bearer demo-token"}});
        QCOMPARE(response.status, 200);
        const qint64 events = response.json().value(u"data"_s).toObject().value(u"events"_s).toArray().size();
        QCOMPARE(count(u"SELECT count(*) FROM daily_events WHERE _backfill_partition = '2024-01-%1'"_s.arg(
                     day, 2, 10, QLatin1Char('0'))),
                 events);
        expected += events;
    }
    QCOMPARE(count(u"SELECT count(*) FROM daily_events"_s), expected);
    QCOMPARE(summary->counts.rows, expected);

    PartitionLedger ledger(*m_reader);
    const qint64 id = ledger.endpointId(spec.name, u"daily_events"_s);
    QCOMPARE(ledger.syncState(id).value(u"last_date"_s).toString(), u"2024-01-10"_s);
    const auto counts = ledger.countsByStatus(id, {u"2024-01-01"_s, u"2024-01-05"_s, u"2024-01-10"_s, u"2024-01-11"_s});
    QCOMPARE(counts.value(PartitionStatus::Succeeded) + counts.value(PartitionStatus::Empty), 3);
    QCOMPARE(counts.value(PartitionStatus::Missing), 1);

    // Once no partition is left, one event says the run is writing its last rows and indexing,
    // after the last partition's and before the end; the run's log keeps it.
    const auto finishing = std::find_if(m_events.cbegin(), m_events.cend(), [](const EngineEvent &event) {
        return event.kind == EngineEvent::Kind::Finishing;
    });
    QVERIFY(finishing != m_events.cend());
    QCOMPARE(std::count_if(m_events.cbegin(), m_events.cend(),
                           [](const EngineEvent &event) { return event.kind == EngineEvent::Kind::Finishing; }),
             1);
    QVERIFY2(finishing->message.contains(u"indexing the tables"_s), qPrintable(finishing->message));
    QVERIFY(std::none_of(finishing, m_events.cend(), [](const EngineEvent &event) {
        return event.kind == EngineEvent::Kind::PartitionSucceeded || event.kind == EngineEvent::Kind::PageFetched;
    }));
    QCOMPARE(m_events.last().kind, EngineEvent::Kind::RunFinished);
    const QList<RunEvent> logged = ledger.events(summary->runId);
    QVERIFY(std::any_of(logged.cbegin(), logged.cend(), [](const RunEvent &event) {
        return event.data.value(u"event"_s).toString() == u"finishing"_s;
    }));
}

void TestEngine::emptyFirstPartitionSucceeds()
{
    // 2024-02-07 has no events: the first partition loaded into a new workspace may be empty.
    const ApiSpec spec = loadSpec(u"demo_analytics_api.yaml"_s);
    const auto empty =
        run(spec, u"daily_events"_s, {{u"range_start"_s, u"2024-02-07"_s}, {u"range_end"_s, u"2024-02-07"_s}});
    QVERIFY(empty);
    QVERIFY2(empty->error.isEmpty(), qPrintable(empty->error));
    QCOMPARE(empty->outcome, RunOutcome::Succeeded);
    QCOMPARE(empty->counts.empty, 1);
    const auto full =
        run(spec, u"daily_events"_s, {{u"range_start"_s, u"2024-02-06"_s}, {u"range_end"_s, u"2024-02-08"_s}});
    QVERIFY(full);
    QCOMPARE(full->outcome, RunOutcome::Succeeded);
    QVERIFY(full->counts.rows > 0);
    QCOMPARE(count(u"SELECT count(*) FROM daily_events"_s), full->counts.rows);

    PartitionLedger ledger(*m_reader);
    const qint64 id = ledger.endpointId(spec.name, u"daily_events"_s);
    QCOMPARE(ledger.partition(id, u"2024-02-07"_s)->status, PartitionStatus::Empty);
    QCOMPARE(ledger.partition(id, u"2024-02-06"_s)->status, PartitionStatus::Succeeded);
}

namespace {
// Puts a rule first: retry `condition` quickly, so fault tests do not wait for real backoff.
void addFastRetry(ApiSpec &spec, const QString &condition, int attempts)
{
    Rule rule;
    rule.condition = condition;
    rule.action = u"retry"_s;
    rule.maxAttempts = attempts;
    rule.backoff = u"constant"_s;
    rule.backoffBase = 0.02;
    Endpoint &endpoint = spec.endpoints.first();
    endpoint.response.rules.prepend.prepend(rule);
}

void addParameter(ApiSpec &spec, const QString &name, const QString &value)
{
    setValue(spec.endpoints.first().request.parameters, name, value);
}
} // namespace

void TestEngine::retriesServerErrorsThenSucceeds()
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
    QVERIFY2(retry->message.contains(u"retrying page 1 in 20 ms"_s), qPrintable(retry->message));
}

void TestEngine::honoursRetryAfterOn429()
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

void TestEngine::failedPartitionResumesFromItsCheckpoint()
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

void TestEngine::expiredCursorRestartsThePartition()
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

void TestEngine::rerunWithoutPrimaryKeyReplacesRows()
{
    ApiSpec spec = loadSpec(u"demo_pagination_offset.yaml"_s);
    spec.endpoints.first().response.records.primaryKey.clear();
    QVERIFY(run(spec, u"items"_s));
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 237);
    m_reader.reset();
    QVERIFY(run(spec, u"items"_s));
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 237);
    QCOMPARE(count(u"SELECT count(DISTINCT id) FROM items"_s), 237);
    QCOMPARE(count(u"SELECT count(*) FROM items__staging"_s), 0);
}

void TestEngine::recordWithoutItsPrimaryKeyFailsThePartition()
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

void TestEngine::brokenBodiesFailWithTheirCause_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("cause");
    QTest::addRow("html with 200") << u"html"_s << u"the response is not valid JSON: it starts with `<"_s;
    QTest::addRow("truncated json") << u"truncate"_s << u"the response is not valid JSON"_s;
    QTest::addRow("invalid json") << u"invalid"_s << u"the response is not valid JSON"_s;
    QTest::addRow("connection closed") << u"close"_s << u"closed"_s;
}

void TestEngine::brokenBodiesFailWithTheirCause()
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

void TestEngine::rateLimitHoldsOnTheServer()
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

void TestEngine::pauseStopsNewRequests()
{
    ApiSpec spec = loadSpec(u"demo_pagination_page.yaml"_s);
    addParameter(spec, u"latency_ms"_s, u"50"_s);
    addParameter(spec, u"per_page"_s, u"5"_s); // 48 pages
    BackfillEngine *engine = nullptr;
    QString error;
    const auto program = EndpointProgram::compile(spec, u"items"_s, &error);
    engine = new BackfillEngine(&m_network, this);
    QSignalSpy finished(engine, &BackfillEngine::finished);
    QVERIFY(engine->start(spec, {{u"items"_s, {}, {{u"all"_s, {}}}, {}}}, m_secrets, m_workspace, {}, &error));
    QTRY_VERIFY(m_api.stats().value(u"requests_total"_s).toInt() >= 3);
    engine->pause();
    QTest::qWait(200); // the request in flight finishes
    const int before = m_api.stats().value(u"requests_total"_s).toInt();
    QTest::qWait(500);
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), before);
    engine->resume();
    QVERIFY(finished.wait(60000));
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), 48);
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 237);
    delete engine;
}

void TestEngine::missingSecretStopsBeforeAnyRequest()
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

void TestEngine::failedPartitionKeepsItsRequestAndResponse()
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

namespace {
// 400 items in 20 pages of 20, each answer 100 ms late, at most 4 requests at a time.
ApiSpec withParallelPages(ApiSpec spec)
{
    spec.endpoints.first().request.concurrency = 4;
    addParameter(spec, u"total"_s, u"400"_s);
    addParameter(spec, u"per_page"_s, u"20"_s);
    addParameter(spec, u"latency_ms"_s, u"100"_s);
    return spec;
}

QList<int> fetchedPages(const QList<EngineEvent> &events)
{
    QList<int> pages;
    for (const EngineEvent &event : events) {
        if (event.kind == EngineEvent::Kind::PageFetched)
            pages.append(event.page);
    }
    return pages;
}

QList<int> oneTo(int last)
{
    QList<int> numbers;
    for (int i = 1; i <= last; ++i)
        numbers.append(i);
    return numbers;
}
} // namespace

void TestEngine::pagesOfAPartitionOverlapWhenTheTotalIsKnown()
{
    // The first answer says total_pages = 20: the other 19 are requested without waiting
    // for each other, but within request.concurrency, and committed in order.
    const ApiSpec spec = withParallelPages(loadSpec(u"demo_pagination_page.yaml"_s));
    const auto summary = run(spec, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->requests, 20);
    const QJsonObject stats = m_api.stats();
    QCOMPARE(stats.value(u"requests_total"_s).toInt(), 20);
    const int peak = stats.value(u"peak_in_flight"_s).toInt();
    QVERIFY2(peak >= 2 && peak <= 4, qPrintable(QString::number(peak)));
    QCOMPARE(fetchedPages(m_events), oneTo(20));

    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 400);
    QCOMPARE(count(u"SELECT count(DISTINCT id) FROM items"_s), 400);
    QCOMPARE(count(u"SELECT min(id) FROM items"_s), 1);
    QCOMPARE(count(u"SELECT max(id) FROM items"_s), 400);
    PartitionLedger ledger(*m_reader);
    const auto partition = ledger.partition(ledger.endpointId(spec.name, u"items"_s), u"all"_s);
    QVERIFY(partition);
    QCOMPARE(partition->status, PartitionStatus::Succeeded);
    QCOMPARE(partition->counts.pages, 20);
    QCOMPARE(partition->counts.rows, 400);
    QVERIFY(!partition->hasCheckpoint);
}

void TestEngine::pagesFetchedAheadPastTheStopAreDropped()
{
    // The answers announce 20 pages but the stop condition ends the partition at page 3:
    // pages requested ahead of it are never written.
    ApiSpec spec = withParallelPages(loadSpec(u"demo_pagination_page.yaml"_s));
    spec.endpoints.first().pagination.stopCondition = u"response.json.page >= 3"_s;
    const auto summary = run(spec, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QVERIFY2(summary->requests > 3, qPrintable(QString::number(summary->requests))); // some went ahead
    QCOMPARE(summary->counts.rows, 60);
    QCOMPARE(fetchedPages(m_events), oneTo(3));
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 60);
    QCOMPARE(count(u"SELECT max(id) FROM items"_s), 60);
    PartitionLedger ledger(*m_reader);
    const auto partition = ledger.partition(ledger.endpointId(spec.name, u"items"_s), u"all"_s);
    QCOMPARE(partition->counts.pages, 3);
    QCOMPARE(partition->counts.rows, 60);
}

void TestEngine::parallelPagesResumeFromTheirCheckpoint()
{
    // Page 7 fails for good while later pages are already in flight: pages 1 to 6 are
    // committed with the checkpoint of page 6, and the resumed run asks for 7 to 20 only.
    ApiSpec failing = withParallelPages(loadSpec(u"demo_pagination_page.yaml"_s));
    addFastRetry(failing, u"response.status >= 500"_s, 2);
    addParameter(failing, u"fault"_s, u"{if(state.page == 7, \"500\", \"\")}"_s);
    auto summary = run(failing, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Failed);
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 120);
    {
        PartitionLedger ledger(*m_reader);
        const auto partition = ledger.partition(ledger.endpointId(failing.name, u"items"_s), u"all"_s);
        QCOMPARE(partition->status, PartitionStatus::Failed);
        QCOMPARE(partition->counts.pages, 6);
        QCOMPARE(partition->counts.rows, 120);
        QVERIFY(partition->hasCheckpoint);
        QCOMPARE(ledger.checkpoint(ledger.endpointId(failing.name, u"items"_s), u"all"_s).value(u"page"_s).toInt(), 7);
    }
    m_reader.reset();

    QVERIFY(m_api.resetStats());
    m_events.clear();
    summary = run(withParallelPages(loadSpec(u"demo_pagination_page.yaml"_s)), u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->requests, 14);
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), 14);
    QCOMPARE(fetchedPages(m_events), oneTo(20).mid(6));
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 400);
    QCOMPARE(count(u"SELECT count(DISTINCT id) FROM items"_s), 400);
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
