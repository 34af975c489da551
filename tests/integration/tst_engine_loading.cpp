// The backfill engine end to end, loading: every pagination style, daily partitions against the API, empty and
// rerun partitions, pausing, and pages fetched in parallel; specs from resources/examples/ against
// backfill-demo-api on 127.0.0.1, rows and ledger checked in the real workspace file.
#include "tests/integration/enginefixture.h"

#include "model/workspace/partitionledger.h"
#include "network/planning/endpointprogram.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestEngineLoading : public EngineFixture
{
    Q_OBJECT

private slots:
    void everyPaginationStyleLoadsEveryItem_data();
    void everyPaginationStyleLoadsEveryItem();
    void dailyPartitionsMatchTheApi();
    void emptyFirstPartitionSucceeds();
    void rerunWithoutPrimaryKeyReplacesRows();
    void pauseStopsNewRequests();
    void pagesOfAPartitionOverlapWhenTheTotalIsKnown();
    void pagesFetchedAheadPastTheStopAreDropped();
    void parallelPagesResumeFromTheirCheckpoint();
};

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

void TestEngineLoading::everyPaginationStyleLoadsEveryItem_data()
{
    QTest::addColumn<QString>("file");
    for (const char *style : {"page", "offset", "cursor", "next_url", "link", "has_more"})
        QTest::addRow("%s", style) << u"demo_pagination_%1.yaml"_s.arg(QLatin1StringView(style));
}

void TestEngineLoading::everyPaginationStyleLoadsEveryItem()
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

void TestEngineLoading::dailyPartitionsMatchTheApi()
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

void TestEngineLoading::emptyFirstPartitionSucceeds()
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

void TestEngineLoading::rerunWithoutPrimaryKeyReplacesRows()
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

void TestEngineLoading::pauseStopsNewRequests()
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

void TestEngineLoading::pagesOfAPartitionOverlapWhenTheTotalIsKnown()
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

void TestEngineLoading::pagesFetchedAheadPastTheStopAreDropped()
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

void TestEngineLoading::parallelPagesResumeFromTheirCheckpoint()
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

QTEST_GUILESS_MAIN(TestEngineLoading)
#include "tst_engine_loading.moc"
