// backfill-demo-api end to end, its faults: status and body faults, Retry-After, dropped, hanging and slow
// connections, odd pages, expiring cursors, the rate limit, random faults, the statistics, latency and bad
// options, all through a real HTTP client on 127.0.0.1.
#include "tests/integration/demoapifixture.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using Backfill::DemoApiProcess;

class TestDemoApiFaults : public DemoApiFixture
{
    Q_OBJECT

private slots:
    void statusFaultsFailThenSucceed_data();
    void statusFaultsFailThenSucceed();
    void retryAfterStyles_data();
    void retryAfterStyles();
    void bodyFaults_data();
    void bodyFaults();
    void closesConnectionMidBody();
    void hangsUntilTheClientGivesUp();
    void slowBodyArrivesWhole();
    void duplicateShuffleAndEmptyPages();
    void cursorsExpire();
    void rateLimitPerToken();
    void randomFaultsFromCommandLine();
    void statsCountRequestsAndConcurrency();
    void latencyPerEndpoint();
    void rejectsBadOptions_data();
    void rejectsBadOptions();
};

void TestDemoApiFaults::statusFaultsFailThenSucceed_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("status");
    QTest::addRow("500") << u"500"_s << 500;
    QTest::addRow("502") << u"502"_s << 502;
    QTest::addRow("503") << u"503"_s << 503;
    QTest::addRow("429") << u"429"_s << 429;
}

void TestDemoApiFaults::statusFaultsFailThenSucceed()
{
    QFETCH(QString, fault);
    QFETCH(int, status);
    const QString path = u"/paged/page?page=2&fault=%1&fault_times=2"_s.arg(fault);
    QCOMPARE(m_api.get(path).status, status);
    const DemoApiProcess::Response second = m_api.get(path);
    QCOMPARE(second.status, status);
    if (status == 429)
        QCOMPARE(second.header("retry-after"), QByteArray("1"));
    if (status == 502)
        QVERIFY(second.header("content-type").startsWith("text/html"));
    // Another partition of the same path keeps its own count.
    QCOMPARE(m_api.get(u"/paged/page?page=3&fault=%1&fault_times=2"_s.arg(fault)).status, status);
    const DemoApiProcess::Response third = m_api.get(path);
    QCOMPARE(third.status, 200);
    QCOMPARE(idsOf(third.json().value(u"data").toArray()), range(26, 25));
    const QJsonObject counts = m_api.stats().value(u"requests").toObject().value(u"/paged/page").toObject();
    QCOMPARE(counts.value(QString::number(status)).toInt(), 3);
    QCOMPARE(counts.value(u"200").toInt(), 1);
}

void TestDemoApiFaults::retryAfterStyles_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("pattern");
    QTest::addRow("seconds") << u"seconds"_s << QByteArray("retry-after") << u"^7$"_s;
    QTest::addRow("zero") << u"zero"_s << QByteArray("retry-after") << u"^0$"_s;
    QTest::addRow("date") << u"date"_s << QByteArray("retry-after")
                          << u"^[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$"_s;
    QTest::addRow("reset") << u"reset"_s << QByteArray("ratelimit-reset") << u"^7$"_s;
}

void TestDemoApiFaults::retryAfterStyles()
{
    QFETCH(QString, style);
    QFETCH(QByteArray, header);
    QFETCH(QString, pattern);
    const DemoApiProcess::Response r =
        m_api.get(u"/paged/offset?fault=429&retry_after=%1&retry_after_s=7"_s.arg(style));
    QCOMPARE(r.status, 429);
    const QString value = QString::fromLatin1(r.header(header));
    QVERIFY2(QRegularExpression(pattern).match(value).hasMatch(), qPrintable(value));
    if (style == u"date") {
        const QDateTime when = QLocale::c().toDateTime(value, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s);
        QVERIFY(when.isValid());
    }
}

void TestDemoApiFaults::bodyFaults_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<bool>("parses");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addRow("truncate") << u"truncate"_s << false << QByteArray("application/json");
    QTest::addRow("invalid") << u"invalid"_s << false << QByteArray("application/json");
    QTest::addRow("html") << u"html"_s << false << QByteArray("text/html; charset=utf-8");
    QTest::addRow("empty") << u"empty"_s << false << QByteArray("application/json");
}

void TestDemoApiFaults::bodyFaults()
{
    QFETCH(QString, fault);
    QFETCH(bool, parses);
    QFETCH(QByteArray, contentType);
    const QByteArray whole = m_api.get(u"/paged/cursor?limit=10"_s).body;
    const DemoApiProcess::Response r = m_api.get(u"/paged/cursor?limit=10&fault="_s + fault);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.error, QNetworkReply::NoError);
    QCOMPARE(r.header("content-type"), contentType);
    QJsonParseError error;
    QJsonDocument::fromJson(r.body, &error);
    QCOMPARE(error.error == QJsonParseError::NoError, parses);
    if (fault == u"truncate")
        QCOMPARE(r.body, whole.left(whole.size() / 2));
    if (fault == u"empty")
        QVERIFY(r.body.isEmpty());
    if (fault == u"html")
        QVERIFY(r.body.startsWith("<!DOCTYPE html>"));
}

void TestDemoApiFaults::closesConnectionMidBody()
{
    const QByteArray whole = m_api.get(u"/paged/page?per_page=100"_s).body;
    const DemoApiProcess::Response r = m_api.get(u"/paged/page?per_page=100&fault=close&fault_times=1"_s);
    QCOMPARE(r.error, QNetworkReply::RemoteHostClosedError);
    QVERIFY(r.body.size() < whole.size());
    // The retry gets the whole page.
    const DemoApiProcess::Response retry = m_api.get(u"/paged/page?per_page=100&fault=close&fault_times=1"_s);
    QCOMPARE(retry.error, QNetworkReply::NoError);
    QCOMPARE(retry.body, whole);
}

void TestDemoApiFaults::hangsUntilTheClientGivesUp()
{
    const DemoApiProcess::Response r = m_api.get(u"/paged/page?fault=hang"_s, {}, 300);
    QCOMPARE(r.error, QNetworkReply::OperationCanceledError);
    QCOMPARE(r.status, 0);
    const QJsonObject counts = m_api.stats().value(u"requests").toObject().value(u"/paged/page").toObject();
    QCOMPARE(counts.value(u"none").toInt(), 1);
}

void TestDemoApiFaults::slowBodyArrivesWhole()
{
    const QByteArray whole = m_api.get(u"/paged/link?per_page=20"_s).body;
    const DemoApiProcess::Response r =
        m_api.get(u"/paged/link?per_page=20&fault=slow&trickle_bytes=700&trickle_ms=5"_s);
    QCOMPARE(r.error, QNetworkReply::NoError);
    QCOMPARE(r.body, whole);
}

void TestDemoApiFaults::duplicateShuffleAndEmptyPages()
{
    int requests = 0;
    const QList<qint64> duplicated = walk(u"page"_s, 100, 25, requests, u"fault=duplicate&"_s);
    QCOMPARE(requests, 4);
    QCOMPARE(duplicated.size(), 103); // pages 2..4 each repeat one record
    QCOMPARE(QSet<qint64>(duplicated.begin(), duplicated.end()).size(), 100);
    const QList<qint64> viaCursor = walk(u"cursor"_s, 100, 25, requests, u"fault=duplicate&"_s);
    QCOMPARE(viaCursor.size(), 103);

    const QList<qint64> shuffled = walk(u"offset"_s, 237, 25, requests, u"fault=shuffle&"_s);
    QCOMPARE(requests, 10);
    QVERIFY(shuffled != range(1, 237));
    QList<qint64> sorted = shuffled;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(sorted, range(1, 237));

    const DemoApiProcess::Response empty = m_api.get(u"/paged/page?page=2&fault=empty_page"_s);
    QCOMPARE(empty.status, 200);
    QVERIFY(empty.json().value(u"data").toArray().isEmpty());
    QCOMPARE(empty.json().value(u"total_pages").toInt(), 10);
}

void TestDemoApiFaults::cursorsExpire()
{
    const DemoApiProcess::Response first = m_api.get(u"/paged/cursor?limit=10&cursor_ttl_ms=0"_s);
    const QString cursor = first.json().value(u"next_cursor").toString();
    QVERIFY(cursor.startsWith(u"cur_"));
    const DemoApiProcess::Response old = m_api.get(u"/paged/cursor?limit=10&cursor="_s + cursor);
    QCOMPARE(old.status, 400);
    QCOMPARE(old.json().value(u"error").toObject().value(u"message").toString(), u"cursor expired"_s);
    const DemoApiProcess::Response unknown = m_api.get(u"/paged/cursor?limit=10&cursor=cur_bogus"_s);
    QCOMPARE(unknown.status, 400);
    QCOMPARE(unknown.json().value(u"error").toObject().value(u"message").toString(), u"invalid cursor"_s);
}

void TestDemoApiFaults::rateLimitPerToken()
{
    DemoApiProcess limited;
    QVERIFY2(limited.start({u"--rate-limit"_s, u"3"_s, u"--retry-after"_s, u"reset"_s}),
             qPrintable(limited.errorString()));
    // Ten requests at once with one token, five with another.
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 15; ++i) {
        QNetworkRequest request(limited.url(u"/orders?id_min=1&id_max=50"_s));
        request.setRawHeader("Authorization", i < 10 ? "Bearer demo-token" : "Bearer other");
        replies.append(limited.network().get(request));
    }
    int ok = 0;
    int limitedCount = 0;
    int unauthorized = 0;
    for (QNetworkReply *reply : replies) {
        const DemoApiProcess::Response r = DemoApiProcess::wait(reply);
        if (r.status == 200)
            ++ok;
        else if (r.status == 429) {
            ++limitedCount;
            QVERIFY(r.header("ratelimit-reset").toInt() >= 1);
            QCOMPARE(r.header("ratelimit-remaining"), QByteArray("0"));
        } else if (r.status == 401)
            ++unauthorized;
    }
    // "other" is not a valid token: refused before the limiter, so it cannot use up demo-token's budget.
    QCOMPARE(unauthorized, 5);
    QVERIFY2(ok >= 3 && limitedCount >= 1 && ok + limitedCount == 10,
             qPrintable(u"%1 ok, %2 limited"_s.arg(ok).arg(limitedCount)));
    const QJsonObject counts = limited.stats().value(u"requests").toObject().value(u"/orders").toObject();
    QCOMPARE(counts.value(u"429").toInt(), limitedCount);
    QCOMPARE(counts.value(u"200").toInt(), ok);
}

void TestDemoApiFaults::randomFaultsFromCommandLine()
{
    DemoApiProcess faulty;
    QVERIFY2(faulty.start({u"--error-rate"_s, u"0.5"_s, u"--seed"_s, u"3"_s}), qPrintable(faulty.errorString()));
    QSet<int> statuses;
    for (int i = 0; i < 30; ++i)
        statuses.insert(faulty.get(u"/paged/page"_s).status);
    QVERIFY(statuses.contains(200));
    QVERIFY(statuses.contains(500) || statuses.contains(502) || statuses.contains(503));
    QVERIFY((statuses - QSet<int>{200, 500, 502, 503}).isEmpty());

    DemoApiProcess failing;
    QVERIFY(failing.start({u"--fault"_s, u"503"_s, u"--fault-times"_s, u"1"_s}));
    QCOMPARE(failing.get(u"/paged/page?page=4"_s).status, 503);
    QCOMPARE(failing.get(u"/paged/page?page=4"_s).status, 200);
}

void TestDemoApiFaults::statsCountRequestsAndConcurrency()
{
    for (int page = 1; page <= 3; ++page)
        QCOMPARE(m_api.get(u"/paged/page?page=%1"_s.arg(page)).status, 200);
    QCOMPARE(m_api.get(u"/paged/cursor?cursor=nope"_s).status, 400);
    QJsonObject stats = m_api.stats();
    QCOMPARE(stats.value(u"requests_total").toInt(), 4);
    QCOMPARE(stats.value(u"requests").toObject().value(u"/paged/page").toObject().value(u"200").toInt(), 3);
    QCOMPARE(stats.value(u"requests").toObject().value(u"/paged/cursor").toObject().value(u"400").toInt(), 1);
    QVERIFY(stats.value(u"max_requests_per_second").toInt() >= 1);
    QVERIFY(stats.value(u"max_requests_per_second").toInt() <= 4);
    QCOMPARE(stats.value(u"peak_in_flight").toInt(), 1);
    QCOMPARE(stats.value(u"in_flight").toInt(), 0);

    // Four requests held by the server for a while overlap there.
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 4; ++i)
        replies.append(m_api.network().get(QNetworkRequest(m_api.url(u"/paged/page?latency_ms=700"_s))));
    for (QNetworkReply *reply : replies)
        QCOMPARE(DemoApiProcess::wait(reply).status, 200);
    stats = m_api.stats();
    QVERIFY2(stats.value(u"peak_in_flight").toInt() >= 2,
             qPrintable(QString::number(stats.value(u"peak_in_flight").toInt())));
    QVERIFY(stats.value(u"peak_connections").toInt() >= 2);
    QCOMPARE(stats.value(u"requests_total").toInt(), 8);

    QVERIFY(m_api.resetStats());
    stats = m_api.stats();
    QCOMPARE(stats.value(u"requests_total").toInt(), 0);
    QVERIFY(stats.value(u"requests").toObject().isEmpty());
    QCOMPARE(stats.value(u"max_requests_per_second").toInt(), 0);
}

void TestDemoApiFaults::latencyPerEndpoint()
{
    DemoApiProcess slow;
    QVERIFY(slow.start({u"--latency-for"_s, u"/paged/offset=3000"_s}));
    QNetworkReply *held = slow.network().get(QNetworkRequest(slow.url(u"/paged/offset"_s)));
    // Other paths answer at once while the offset request is still held by the server.
    QTRY_COMPARE(slow.stats().value(u"in_flight").toInt(), 1);
    QCOMPARE(slow.get(u"/paged/page"_s).status, 200);
    QVERIFY(!held->isFinished());
    const DemoApiProcess::Response late = DemoApiProcess::wait(held);
    QCOMPARE(late.status, 200);
    QCOMPARE(idsOf(late.json().value(u"data").toArray()), range(1, 25));
    QCOMPARE(slow.stats().value(u"in_flight").toInt(), 0);
}

void TestDemoApiFaults::rejectsBadOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addRow("fault") << QStringList{u"--fault"_s, u"500,nope"_s} << u"--fault: unknown fault \"500,nope\""_s;
    QTest::addRow("rate limit") << QStringList{u"--rate-limit"_s, u"-1"_s}
                                << u"--rate-limit: expected a number of at least 0, got \"-1\""_s;
    QTest::addRow("rate") << QStringList{u"--error-rate"_s, u"2"_s}
                          << u"--error-rate: expected a rate between 0 and 1, got \"2\""_s;
    QTest::addRow("retry after") << QStringList{u"--retry-after"_s, u"soon"_s}
                                 << u"--retry-after: expected seconds, date, zero or reset, got \"soon\""_s;
    QTest::addRow("latency for") << QStringList{u"--latency-for"_s, u"paged=5"_s}
                                 << u"--latency-for: expected /prefix=ms, got \"paged=5\""_s;
    QTest::addRow("today") << QStringList{u"--today"_s, u"2024-02-30"_s}
                           << u"--today: expected yyyy-mm-dd, got \"2024-02-30\""_s;
    QTest::addRow("port") << QStringList{u"--port"_s, u"70000"_s} << u"--port: 70000 is not a port"_s;
}

void TestDemoApiFaults::rejectsBadOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    process.start(QStringLiteral(BACKFILL_BIN_DIR "/backfill-demo-api"), arguments);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(QString::fromUtf8(process.readAllStandardError()).trimmed(), message);
    QVERIFY(process.readAllStandardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(TestDemoApiFaults)
#include "tst_demoapi_faults.moc"
