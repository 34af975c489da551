// The engine against every fault the demo API can inject: the final table equals the API's
// data exactly (by primary key and by row count), or the partition fails with a message that
// names the cause and a later run completes it.
#include "tests/support/engineharness.h"

#include "model/workspace/partitionledger.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestEngineFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void everyRetryAfterFormIsHonoured_data();
    void everyRetryAfterFormIsHonoured();
    void aPageFetchedAheadWaitsFromItsAnswer_data();
    void aPageFetchedAheadWaitsFromItsAnswer();
    void a429PausesEveryWorkerOfTheEndpoint();
    void serverErrorBurstsAreRetried_data();
    void serverErrorBurstsAreRetried();
    void hangsTimeOutAndRetry();
    void hangsFailTheirPartitionWhenRetriesRunOut();
    void dataFaultsStillGiveExactRows_data();
    void dataFaultsStillGiveExactRows();
    void brokenExchangesAreRetriedWithoutARule_data();
    void brokenExchangesAreRetriedWithoutARule();
    void aRuleOnTheFaultNameDecides();
    void aCursorThatExpiresMidRunRestartsThePartition();
    void everyFaultMixedInOneRun();
    void anEmptyPageInTheMiddleIsRetried();

private:
    void checkExactItems();

    EngineHarness m_harness;
};

void TestEngineFaults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_harness.start(), qPrintable(m_harness.api().errorString()));
}

void TestEngineFaults::init()
{
    QVERIFY(m_harness.next());
}

// The demo API's /paged/* collections hold 237 items with ids 1 to 237.
void TestEngineFaults::checkExactItems()
{
    QCOMPARE(m_harness.count(u"SELECT count(*) FROM items"_s), 237);
    QCOMPARE(m_harness.count(u"SELECT count(DISTINCT id) FROM items"_s), 237);
    QCOMPARE(m_harness.count(u"SELECT min(id) FROM items"_s), 1);
    QCOMPARE(m_harness.count(u"SELECT max(id) FROM items"_s), 237);
}

void TestEngineFaults::everyRetryAfterFormIsHonoured_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<int>("minimumWaitMs");
    QTest::addColumn<QString>("reason");
    QTest::addRow("Retry-After seconds") << u"seconds"_s << 1 << 900 << u"as the server asked"_s;
    // An HTTP date has whole seconds only: asked for 2 s, at least 1 s is left.
    QTest::addRow("Retry-After HTTP date") << u"date"_s << 2 << 900 << u"as the server asked"_s;
    QTest::addRow("RateLimit-Reset") << u"reset"_s << 1 << 900 << u"as the server asked"_s;
    // Retry-After: 0 falls back to the backoff, never a hot loop.
    QTest::addRow("Retry-After zero") << u"zero"_s << 0 << 100 << u"backoff"_s;
}

void TestEngineFaults::everyRetryAfterFormIsHonoured()
{
    QFETCH(QString, style);
    QFETCH(int, seconds);
    QFETCH(int, minimumWaitMs);
    QFETCH(QString, reason);
    ApiSpec spec = m_harness.loadSpec(u"demo_pagination_page.yaml"_s);
    addParameter(spec, u"fault"_s, u"429"_s);
    addParameter(spec, u"fault_times"_s, u"1"_s);
    addParameter(spec, u"retry_after"_s, style);
    addParameter(spec, u"retry_after_s"_s, QString::number(seconds));
    addParameter(spec, u"per_page"_s, u"100"_s); // 3 pages, each answered 429 once
    // One page at a time, so every answer is looked at as it arrives and waits the server's
    // full time (a page fetched ahead waits only what is left: aPageFetchedAheadWaitsFromItsAnswer).
    EngineOptions options;
    options.parallelPages = false;
    const auto summary = m_harness.run(spec, u"items"_s, {}, options);
    QVERIFY(summary);
    QVERIFY2(summary->failed.isEmpty(), qPrintable(summary->failed.value(0).second));
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->rateLimited, 3);
    QCOMPARE(summary->requests, 6);
    const QList<EngineEvent> retries = m_harness.events(EngineEvent::Kind::Retry);
    QCOMPARE(retries.size(), 3);
    for (const EngineEvent &retry : retries) {
        QCOMPARE(retry.httpStatus, 429);
        QVERIFY2(retry.waitMs >= minimumWaitMs, qPrintable(retry.message));
        QVERIFY2(retry.message.contains(reason), qPrintable(retry.message));
    }
    checkExactItems();
}

void TestEngineFaults::aPageFetchedAheadWaitsFromItsAnswer_data()
{
    QTest::addColumn<QString>("style");
    QTest::addRow("Retry-After seconds") << u"seconds"_s;
    QTest::addRow("Retry-After HTTP date") << u"date"_s;
    QTest::addRow("RateLimit-Reset") << u"reset"_s;
}

void TestEngineFaults::aPageFetchedAheadWaitsFromItsAnswer()
{
    // Pages in parallel: page 3 goes out with page 2 and is answered 429 "come back in 2 s" at
    // once, while page 2 takes 3 s. When the partition reaches page 3, the server's deadline
    // has passed: the page is retried at once, not after another 2 s counted from then.
    QFETCH(QString, style);
    const int retryAfterMs = 2000;
    ApiSpec spec = m_harness.loadSpec(u"demo_pagination_page.yaml"_s);
    addParameter(spec, u"fault"_s, u"{if(state.page == 3, \"429\", \"\")}"_s);
    addParameter(spec, u"fault_times"_s, u"1"_s);
    addParameter(spec, u"retry_after"_s, style);
    addParameter(spec, u"retry_after_s"_s, QString::number(retryAfterMs / 1000));
    addParameter(spec, u"latency_ms"_s, u"{if(state.page == 2, 3000, 0)}"_s);
    EngineOptions options;
    options.parallelPages = true;
    const auto summary = m_harness.run(spec, u"items"_s, {}, options);
    QVERIFY(summary);
    QVERIFY2(summary->failed.isEmpty(), qPrintable(summary->failed.value(0).second));
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->rateLimited, 1);
    QCOMPARE(summary->requests, 11); // 10 pages and one retry

    // Exactly one announcement for page 3: its retry, with what is left of the server's wait.
    QList<EngineEvent> announced;
    for (const EngineEvent &event : m_harness.events()) {
        if ((event.kind == EngineEvent::Kind::Retry || event.kind == EngineEvent::Kind::Wait) && event.page == 3)
            announced.append(event);
    }
    QCOMPARE(announced.size(), 1);
    const EngineEvent &retry = announced.first();
    QCOMPARE(retry.kind, EngineEvent::Kind::Retry);
    QCOMPARE(retry.httpStatus, 429);
    QVERIFY2(retry.message.contains(u"as the server asked"_s), qPrintable(retry.message));
    QVERIFY2(retry.waitMs < retryAfterMs, qPrintable(retry.message));
    checkExactItems();
}

void TestEngineFaults::a429PausesEveryWorkerOfTheEndpoint()
{
    // Five days in parallel; the first answer of 2024-01-03 is a 429 asking for 1 s. The
    // other days' later requests wait for the same deadline, and say why.
    ApiSpec spec = m_harness.loadSpec(u"demo_analytics_api.yaml"_s);
    addParameter(spec, u"fault"_s, u"{if(state.date == \"2024-01-03\", \"429\", \"\")}"_s);
    addParameter(spec, u"fault_times"_s, u"1"_s);
    addParameter(spec, u"retry_after_s"_s, u"1"_s);
    addParameter(spec, u"latency_ms"_s, u"150"_s); // the other days are still busy when the 429 arrives
    spec.endpoints.first().iterate.concurrency = 2;
    const QJsonObject context{{u"range_start"_s, u"2024-01-01"_s}, {u"range_end"_s, u"2024-01-08"_s}};
    const auto summary = m_harness.run(spec, u"daily_events"_s, context);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->rateLimited, 1);
    const QList<EngineEvent> waits = m_harness.events(EngineEvent::Kind::Wait);
    QVERIFY2(!waits.isEmpty(), "no worker waited for the endpoint's 429 deadline");
    for (const EngineEvent &wait : waits) {
        QVERIFY2(wait.partition != u"2024-01-03"_s, qPrintable(wait.message));
        QVERIFY2(wait.message.contains(u"429"_s), qPrintable(wait.message));
        QVERIFY2(wait.waitMs > 0, qPrintable(wait.message));
    }
    QCOMPARE(m_harness.count(u"SELECT count(DISTINCT _backfill_partition) FROM daily_events"_s), 8);
}

void TestEngineFaults::serverErrorBurstsAreRetried_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("times");
    QTest::addRow("500 twice") << u"500"_s << 2;
    QTest::addRow("502 three times") << u"502"_s << 3;
    QTest::addRow("503 three times") << u"503"_s << 3;
    QTest::addRow("504 twice") << u"504"_s << 2;
    QTest::addRow("500 and 503 together") << u"500,503"_s << 1;
}

void TestEngineFaults::serverErrorBurstsAreRetried()
{
    QFETCH(QString, fault);
    QFETCH(int, times);
    ApiSpec spec = m_harness.loadSpec(u"demo_pagination_offset.yaml"_s);
    addFastRetry(spec, u"response.status >= 500"_s, times + 1);
    addParameter(spec, u"fault"_s, fault);
    addParameter(spec, u"fault_times"_s, QString::number(times));
    const auto summary = m_harness.run(spec, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QVERIFY2(summary->retries >= times, qPrintable(QString::number(summary->retries)));
    checkExactItems();
}

void TestEngineFaults::hangsTimeOutAndRetry()
{
    ApiSpec spec = m_harness.loadSpec(u"demo_pagination_page.yaml"_s);
    spec.endpoints.first().request.timeout = 0.3;
    addFastRetry(spec, u"response.status == 0"_s, 3);
    addParameter(spec, u"fault"_s, u"{if(state.page == 3, \"hang\", \"\")}"_s);
    addParameter(spec, u"fault_times"_s, u"1"_s);
    const auto summary = m_harness.run(spec, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    const QList<EngineEvent> retries = m_harness.events(EngineEvent::Kind::Retry);
    QCOMPARE(retries.size(), 1);
    QCOMPARE(retries.first().page, 3);
    QCOMPARE(retries.first().httpStatus, 0);
    QVERIFY2(retries.first().message.contains(u"timed out"_s, Qt::CaseInsensitive),
             qPrintable(retries.first().message));
    checkExactItems();
}

void TestEngineFaults::hangsFailTheirPartitionWhenRetriesRunOut()
{
    ApiSpec spec = m_harness.loadSpec(u"demo_pagination_page.yaml"_s);
    spec.endpoints.first().request.timeout = 0.2;
    addFastRetry(spec, u"response.status == 0"_s, 2);
    addParameter(spec, u"fault"_s, u"{if(state.page == 2, \"hang\", \"\")}"_s);
    auto summary = m_harness.run(spec, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Failed);
    QCOMPARE(summary->failed.size(), 1);
    QVERIFY2(summary->failed.first().second.contains(u"timed out"_s, Qt::CaseInsensitive),
             qPrintable(summary->failed.first().second));
    QCOMPARE(m_harness.count(u"SELECT count(*) FROM items"_s), 25); // page 1 is committed
    {
        PartitionLedger ledger(*m_harness.reader());
        const auto partition = ledger.partition(ledger.endpointId(spec.name, u"items"_s), u"all"_s);
        QVERIFY(partition);
        QCOMPARE(partition->status, PartitionStatus::Failed);
    }
    m_harness.closeReader();

    // The fault gone, the next run resumes from page 2 and completes exactly.
    QVERIFY(m_harness.api().resetStats());
    summary = m_harness.run(m_harness.loadSpec(u"demo_pagination_page.yaml"_s), u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(m_harness.api().stats().value(u"requests_total"_s).toInt(), 9);
    checkExactItems();
}

void TestEngineFaults::dataFaultsStillGiveExactRows_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("probe"); // a request showing that the fault is really there
    QTest::addRow("duplicates across pages, page number")
        << u"demo_pagination_page.yaml"_s << u"duplicate"_s << u"/paged/page?page=2&per_page=25"_s;
    QTest::addRow("duplicates across pages, offset")
        << u"demo_pagination_offset.yaml"_s << u"duplicate"_s << u"/paged/page?page=2&per_page=25"_s;
    QTest::addRow("shuffled pages, page number")
        << u"demo_pagination_page.yaml"_s << u"shuffle"_s << u"/paged/page?page=1&per_page=25"_s;
    QTest::addRow("shuffled pages, offset")
        << u"demo_pagination_offset.yaml"_s << u"shuffle"_s << u"/paged/page?page=1&per_page=25"_s;
    QTest::addRow("duplicated and shuffled, cursor")
        << u"demo_pagination_cursor.yaml"_s << u"duplicate,shuffle"_s << u"/paged/page?page=1&per_page=25"_s;
    QTest::addRow("slow trickling bodies") << u"demo_pagination_next_url.yaml"_s << u"slow"_s << QString();
}

void TestEngineFaults::dataFaultsStillGiveExactRows()
{
    QFETCH(QString, spec);
    QFETCH(QString, fault);
    QFETCH(QString, probe);
    if (!probe.isEmpty()) {
        // Without the fault, page N of 25 starts at id 25 * (N - 1) + 1; with it, it does not.
        const int page = probe.contains(u"page=2"_s) ? 2 : 1;
        const auto answer =
            m_harness.api().get(probe + u"&fault="_s + QString::fromLatin1(QUrl::toPercentEncoding(fault)));
        const int firstId = answer.json().value(u"data"_s).toArray().at(0).toObject().value(u"id"_s).toInt();
        QVERIFY2(firstId != 25 * (page - 1) + 1, qPrintable(u"the demo API did not apply %1"_s.arg(fault)));
        QVERIFY(m_harness.api().resetStats());
    }
    ApiSpec loaded = m_harness.loadSpec(spec);
    addParameter(loaded, u"fault"_s, fault);
    const auto summary = m_harness.run(loaded, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    if (fault.contains(u"duplicate"_s)) // the engine saw the overlap, and kept one row per id
        QVERIFY2(summary->counts.rows > 237, qPrintable(QString::number(summary->counts.rows)));
    checkExactItems();
}

void TestEngineFaults::brokenExchangesAreRetriedWithoutARule_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("times");    // answers of page 3 spoiled before a good one
    QTest::addColumn<QString>("said"); // what each retry says broke, a regular expression
    QTest::addRow("closed after half the Content-Length")
        << u"close"_s << 2 << u"body cut off after 2,764 of 5,529 bytes"_s;
    QTest::addRow("chunked, closed before the last chunk")
        // When the close arrives with the last bytes, Qt takes the body as complete: its JSON breaks.
        << u"close_chunked"_s << 2
        << u"body cut off after 2,764 bytes: the connection closed before the last chunk|not valid JSON"_s;
    // Qt sends a GET again itself once when a kept-alive connection closes unanswered.
    QTest::addRow("reset before the headers") << u"reset"_s << 3 << u"closed before an answer"_s;
    QTest::addRow("JSON cut off in a complete answer") << u"truncate"_s << 1 << u"not valid JSON"_s;
    QTest::addRow("malformed JSON") << u"invalid"_s << 1 << u"not valid JSON"_s;
    QTest::addRow("an HTML page with 200") << u"html"_s << 1 << u"<!DOCTYPE html>"_s;
    QTest::addRow("an empty body with 200") << u"empty"_s << 1 << u"the response body is empty \\(HTTP 200\\)"_s;
}

void TestEngineFaults::brokenExchangesAreRetriedWithoutARule()
{
    // The spec retries 5xx only, the way most specs are written: a broken exchange or an
    // unreadable body is retried all the same, with that rule's backoff and attempts.
    QFETCH(QString, fault);
    QFETCH(int, times);
    QFETCH(QString, said);
    ApiSpec spec = m_harness.loadSpec(u"demo_pagination_page.yaml"_s);
    addFastRetry(spec, u"response.status >= 500"_s, 5);
    addParameter(spec, u"fault"_s, u"{if(state.page == 3, \"%1\", \"\")}"_s.arg(fault));
    addParameter(spec, u"fault_times"_s, QString::number(times));
    addParameter(spec, u"since"_s, u"2024-01-01T00:00:00+01:00"_s); // a URL with %-escapes in the message
    EngineOptions options;
    options.parallelPages = false;
    const auto summary = m_harness.run(spec, u"items"_s, {}, options);
    QVERIFY(summary);
    QVERIFY2(summary->failed.isEmpty(), qPrintable(summary->failed.value(0).second));
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    const QList<EngineEvent> retries = m_harness.events(EngineEvent::Kind::Retry);
    QVERIFY2(!retries.isEmpty(), "nothing was retried: the fault did not happen");
    for (const EngineEvent &retry : retries) {
        QCOMPARE(retry.page, 3);
        QVERIFY2(retry.message.contains(QRegularExpression(said)), qPrintable(retry.message));
        QVERIFY2(retry.message.contains(u"page=3"_s), qPrintable(retry.message));           // the URL
        QVERIFY2(retry.message.contains(u"constant backoff"_s), qPrintable(retry.message)); // the spec's rule
        QVERIFY2(retry.message.contains(QRegularExpression(u"since=2024-01-01T00(:|%3A)00(:|%3A)00%2B01(:|%3A)00"_s)),
                 qPrintable(retry.message));
        QVERIFY2(retry.message.contains(QRegularExpression(u"; retrying in \\d+ ms \\(constant backoff, attempt \\d "
                                                           u"of 5\\)$"_s)),
                 qPrintable(retry.message));
    }
    checkExactItems();
}

void TestEngineFaults::aRuleOnTheFaultNameDecides()
{
    // A spec can still say otherwise: fail at once when the body is cut off.
    ApiSpec spec = m_harness.loadSpec(u"demo_pagination_page.yaml"_s);
    Rule rule;
    rule.condition = u"response.status == 0 && response.fault == \"cut_off\""_s;
    rule.action = u"fail"_s;
    rule.message = u"cut off: {response.error}"_s;
    spec.endpoints.first().response.rules.prepend.prepend(rule);
    addParameter(spec, u"fault"_s, u"{if(state.page == 2, \"close\", \"\")}"_s);
    addParameter(spec, u"fault_times"_s, u"1"_s);
    auto summary = m_harness.run(spec, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Failed);
    QCOMPARE(summary->retries, 0);
    QCOMPARE(summary->failed.size(), 1);
    QVERIFY2(summary->failed.first().second.startsWith(u"cut off: body cut off after"_s),
             qPrintable(summary->failed.first().second));
    QCOMPARE(m_harness.count(u"SELECT count(*) FROM items"_s), 25); // page 1 is committed

    // The next run resumes at page 2, whose fault was used up, and completes exactly.
    summary = m_harness.run(spec, u"items"_s);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    checkExactItems();
}

void TestEngineFaults::aCursorThatExpiresMidRunRestartsThePartition()
{
    // The first request that carries a cursor is answered 400 "cursor expired" (a cursor
    // outlives its TTL while the partition is read): the partition starts over from its first
    // page, once, and ends exact.
    ApiSpec spec = m_harness.loadSpec(u"demo_pagination_cursor.yaml"_s);
    addParameter(spec, u"fault"_s, u"{if(is_null(state.cursor), \"\", \"expire\")}"_s);
    addParameter(spec, u"fault_key"_s, u"expiry"_s);
    addParameter(spec, u"fault_times"_s, u"1"_s);
    const auto summary = m_harness.run(spec, u"items"_s);
    QVERIFY(summary);
    QVERIFY2(summary->failed.isEmpty(), qPrintable(summary->failed.value(0).second));
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    QCOMPARE(summary->requests, 12); // page 1, page 2 expired, then pages 1 to 10
    const QList<EngineEvent> warnings = m_harness.events(EngineEvent::Kind::Warning);
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().httpStatus, 400);
    QVERIFY2(warnings.first().message.contains(u"page 2's position expired"_s), qPrintable(warnings.first().message));
    QVERIFY2(warnings.first().message.contains(u"restarting from its first page"_s),
             qPrintable(warnings.first().message));
    checkExactItems();
    {
        PartitionLedger ledger(*m_harness.reader());
        const auto partition = ledger.partition(ledger.endpointId(spec.name, u"items"_s), u"all"_s);
        QVERIFY(partition);
        QCOMPARE(partition->status, PartitionStatus::Succeeded);
        QCOMPARE(partition->counts.rows, 237); // counted again from the first page
        QCOMPARE(partition->counts.pages, 10);
    }
    m_harness.closeReader();
}

void TestEngineFaults::everyFaultMixedInOneRun()
{
    // One fault on each page of one partition, each once, pages fetched side by side.
    ApiSpec spec = m_harness.loadSpec(u"demo_pagination_page.yaml"_s);
    spec.endpoints.first().request.timeout = 0.5;
    addFastRetry(spec, u"response.status >= 500"_s, 3);
    const QStringList faults{u"close"_s, u"503"_s,      u"reset"_s, u"html"_s,  u"429"_s,
                             u"hang"_s,  u"truncate"_s, u"502"_s,   u"empty"_s, u"close_chunked"_s};
    QString choice = u"\"\""_s;
    for (qsizetype page = faults.size(); page >= 1; --page)
        choice = u"if(state.page == %1, \"%2\", %3)"_s.arg(page).arg(faults.at(page - 1), choice);
    addParameter(spec, u"fault"_s, u"{"_s + choice + u"}"_s);
    addParameter(spec, u"fault_times"_s, u"1"_s);
    addParameter(spec, u"retry_after"_s, u"zero"_s);
    const auto summary = m_harness.run(spec, u"items"_s);
    QVERIFY(summary);
    QVERIFY2(summary->failed.isEmpty(), qPrintable(summary->failed.value(0).second));
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    // Every page but the reset one (Qt sends that GET again itself) was retried once.
    QVERIFY2(summary->retries >= 9, qPrintable(QString::number(summary->retries)));
    checkExactItems();
}

void TestEngineFaults::anEmptyPageInTheMiddleIsRetried()
{
    // Page 3 of 10 comes back valid but empty, once: retried, and the table is exact. When it
    // stays empty, the partition fails with the reason, and the next run completes it.
    ApiSpec spec = m_harness.loadSpec(u"demo_pagination_page.yaml"_s);
    addFastRetry(spec, u"response.status >= 500"_s, 3);
    addParameter(spec, u"fault"_s, u"{if(state.page == 3, \"empty_page\", \"\")}"_s);
    addParameter(spec, u"fault_times"_s, u"1"_s);
    EngineOptions options;
    options.parallelPages = true;
    auto summary = m_harness.run(spec, u"items"_s, {}, options);
    QVERIFY(summary);
    QVERIFY2(summary->failed.isEmpty(), qPrintable(summary->failed.value(0).second));
    const QList<EngineEvent> retries = m_harness.events(EngineEvent::Kind::Retry);
    QCOMPARE(retries.size(), 1);
    QVERIFY2(retries.first().message.contains(u"page 3 of 10 has no records, though the pages before it had"_s),
             qPrintable(retries.first().message));
    checkExactItems();

    m_harness.closeReader();
    QVERIFY(m_harness.next());
    addParameter(spec, u"fault_times"_s, u"100"_s);
    summary = m_harness.run(spec, u"items"_s, {}, options);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Failed);
    QVERIFY2(summary->failed.first().second.contains(u"page 3 of 10 has no records"_s),
             qPrintable(summary->failed.first().second));
    QVERIFY(m_harness.api().resetStats());
    summary = m_harness.run(m_harness.loadSpec(u"demo_pagination_page.yaml"_s), u"items"_s, {}, options);
    QVERIFY(summary);
    QCOMPARE(summary->outcome, RunOutcome::Succeeded);
    checkExactItems();
}

QTEST_GUILESS_MAIN(TestEngineFaults)
#include "tst_enginefaults.moc"
