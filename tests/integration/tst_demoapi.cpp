// backfill-demo-api end to end: every pagination style walked to its end, the seed
// endpoints, authentication, each fault, the rate limit, the statistics, history
// mutation and determinism, all through a real HTTP client on 127.0.0.1.
#include "tests/support/demoapiprocess.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using Backfill::DemoApiProcess;

namespace {

const DemoApiProcess::Headers kBearer{{"Authorization", "Bearer demo-token"}};
const DemoApiProcess::Headers kApiKey{{"X-API-Key", "demo-key"}};

QList<qint64> idsOf(const QJsonArray &records, const char *key = "id")
{
    QList<qint64> ids;
    for (const QJsonValue &record : records)
        ids.append(record.toObject().value(QLatin1StringView(key)).toInteger());
    return ids;
}

bool isUtcTimestamp(const QJsonValue &value)
{
    static const QRegularExpression pattern(u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$"_s);
    return pattern.match(value.toString()).hasMatch();
}

QList<qint64> range(qint64 first, qint64 count)
{
    QList<qint64> ids;
    for (qint64 i = 0; i < count; ++i)
        ids.append(first + i);
    return ids;
}

// The URL of rel="next" in an RFC 8288 Link header, or an empty string.
QString nextLink(const QByteArray &header)
{
    static const QRegularExpression pattern(u"<([^>]*)>\\s*;\\s*rel=\"next\""_s);
    return pattern.match(QString::fromUtf8(header)).captured(1);
}

} // namespace

class TestDemoApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void printsUrlAndDescribesItself();
    void walksEveryPaginationStyle_data();
    void walksEveryPaginationStyle();
    void dailyEvents();
    void monthlySalesAndOrders();
    void neoFeed();
    void bulkRecords();
    void authentication_data();
    void authentication();
    void oauthClientCredentials();
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
    void historyMutatesPerGeneration();
    void sameSeedSameBytes();
    void latencyPerEndpoint();
    void rejectsBadOptions_data();
    void rejectsBadOptions();

private:
    // Walks one pagination style to its end; returns the ids in the order received.
    QList<qint64> walk(const QString &style, int total, int size, int &requests, const QString &extra = {});

    DemoApiProcess m_api;
};

void TestDemoApi::initTestCase()
{
    QVERIFY2(m_api.start(), qPrintable(m_api.errorString()));
}

void TestDemoApi::cleanupTestCase()
{
    m_api.stop();
}

void TestDemoApi::init()
{
    QVERIFY(m_api.resetStats());
}

void TestDemoApi::printsUrlAndDescribesItself()
{
    QCOMPARE(m_api.url().host(), u"127.0.0.1"_s);
    QVERIFY(m_api.url().port() > 0);
    const DemoApiProcess::Response index = m_api.get(u"/"_s);
    QCOMPARE(index.status, 200);
    const QJsonObject root = index.json();
    QCOMPARE(root.value(u"base_url").toString(), m_api.url().toString());
    QStringList paths;
    for (const QJsonValue &endpoint : root.value(u"endpoints").toArray())
        paths.append(endpoint.toObject().value(u"path").toString());
    for (const QString &expected :
         {u"/events/daily/{date}"_s, u"/sales/summary"_s, u"/orders"_s, u"/neo/rest/v1/feed"_s, u"/paged/page"_s,
          u"/paged/offset"_s, u"/paged/cursor"_s, u"/paged/next-url"_s, u"/paged/link"_s, u"/paged/has-more"_s,
          u"/bulk/records"_s, u"/oauth/token"_s, u"/_stats"_s, u"/_reset"_s, u"/_advance"_s})
        QVERIFY2(paths.contains(expected), qPrintable(expected));
    const QJsonObject kinds = root.value(u"faults").toObject().value(u"kinds").toObject();
    for (const char *kind : {"500", "502", "503", "429", "close", "truncate", "invalid", "html", "empty", "empty_page",
                             "duplicate", "shuffle", "hang", "slow"})
        QVERIFY2(kinds.contains(QLatin1StringView(kind)), kind);

    const DemoApiProcess::Response missing = m_api.get(u"/nope"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value(u"error").toObject().value(u"code").toString(), u"not_found"_s);
}

QList<qint64> TestDemoApi::walk(const QString &style, int total, int size, int &requests, const QString &extra)
{
    QList<qint64> ids;
    requests = 0;
    const QString common = u"total=%1&"_s.arg(total) + extra;
    QString next;
    if (style == u"page")
        next = u"/paged/page?%1per_page=%2&page=1"_s.arg(common).arg(size);
    else if (style == u"offset")
        next = u"/paged/offset?%1limit=%2&offset=0"_s.arg(common).arg(size);
    else if (style == u"cursor")
        next = u"/paged/cursor?%1limit=%2"_s.arg(common).arg(size);
    else if (style == u"next-url")
        next = u"/paged/next-url?%1limit=%2"_s.arg(common).arg(size);
    else if (style == u"link")
        next = u"/paged/link?%1per_page=%2&page=1"_s.arg(common).arg(size);
    else if (style == u"has-more")
        next = u"/paged/has-more?%1limit=%2"_s.arg(common).arg(size);

    while (!next.isEmpty() && requests < 1000) {
        const DemoApiProcess::Response r = m_api.get(next);
        ++requests;
        if (r.status != 200) {
            qWarning() << "status" << r.status << r.body;
            return {};
        }
        const QJsonDocument document = QJsonDocument::fromJson(r.body);
        const QJsonObject body = document.object();
        const QJsonArray data = document.isArray() ? document.array() : body.value(u"data").toArray();
        ids += idsOf(data);
        next.clear();
        if (style == u"page") {
            const int page = body.value(u"page").toInt();
            if (page < body.value(u"total_pages").toInt())
                next = u"/paged/page?%1per_page=%2&page=%3"_s.arg(common).arg(size).arg(page + 1);
        } else if (style == u"offset") {
            const int offset = body.value(u"offset").toInt() + size;
            if (offset < body.value(u"total").toInt())
                next = u"/paged/offset?%1limit=%2&offset=%3"_s.arg(common).arg(size).arg(offset);
        } else if (style == u"cursor") {
            const QJsonValue cursor = body.value(u"next_cursor");
            if (!cursor.isNull())
                next = u"/paged/cursor?%1limit=%2&cursor=%3"_s.arg(common).arg(size).arg(cursor.toString());
        } else if (style == u"next-url") {
            const QJsonValue url = body.value(u"next");
            if (!url.isNull())
                next = QUrl(url.toString()).toString(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        } else if (style == u"link") {
            const QString url = nextLink(r.header("link"));
            if (!url.isEmpty())
                next = QUrl(url).toString(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        } else if (style == u"has-more") {
            if (body.value(u"has_more").toBool() && !data.isEmpty())
                next = u"/paged/has-more?%1limit=%2&starting_after=%3"_s.arg(common).arg(size).arg(ids.last());
        }
    }
    return ids;
}

void TestDemoApi::walksEveryPaginationStyle_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("expectedRequests");
    for (const QString &style : {u"page"_s, u"offset"_s, u"cursor"_s, u"next-url"_s, u"link"_s, u"has-more"_s}) {
        QTest::addRow("%s 237 by 25", qPrintable(style)) << style << 237 << 25 << 10;
        QTest::addRow("%s 100 by 25", qPrintable(style)) << style << 100 << 25 << 4;
        QTest::addRow("%s 7 by 100", qPrintable(style)) << style << 7 << 100 << 1;
        QTest::addRow("%s empty", qPrintable(style)) << style << 0 << 10 << 1;
    }
}

void TestDemoApi::walksEveryPaginationStyle()
{
    QFETCH(QString, style);
    QFETCH(int, total);
    QFETCH(int, size);
    QFETCH(int, expectedRequests);
    int requests = 0;
    const QList<qint64> ids = walk(style, total, size, requests);
    QCOMPARE(ids, range(1, total)); // every record once, in order, nothing more
    QCOMPARE(requests, expectedRequests);
    const QJsonObject stats = m_api.stats();
    QCOMPARE(stats.value(u"requests").toObject().value(u"/paged/"_s + style).toObject().value(u"200").toInt(),
             expectedRequests);
}

void TestDemoApi::dailyEvents()
{
    const DemoApiProcess::Response r = m_api.get(u"/events/daily/2024-01-05"_s, kBearer);
    QCOMPARE(r.status, 200);
    const QJsonArray events = r.json().value(u"data").toObject().value(u"events").toArray();
    QVERIFY2(events.size() >= 20 && events.size() <= 80, qPrintable(QString::number(events.size())));
    QCOMPARE(r.json().value(u"meta").toObject().value(u"count").toInt(), events.size());
    QSet<QString> ids;
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        ids.insert(event.value(u"event_id").toString());
        QVERIFY(event.value(u"event_id").toString().startsWith(u"evt_20240105_"));
        QVERIFY(isUtcTimestamp(event.value(u"created_at")));
        QVERIFY(isUtcTimestamp(event.value(u"updated_at")));
        QVERIFY(event.value(u"created_at").toString().startsWith(u"2024-01-05T"));
        QVERIFY(event.value(u"user_id").isDouble());
        QVERIFY(event.value(u"value").isDouble());
        QVERIFY(event.value(u"device").toObject().contains(u"os"));
        QVERIFY(!event.value(u"tags").toArray().isEmpty());
    }
    QCOMPARE(ids.size(), events.size());

    // Some days are empty, so "empty" partitions exist; find one in 2024.
    int emptyDays = 0;
    for (QDate d(2024, 1, 1); d < QDate(2024, 4, 1); d = d.addDays(1)) {
        const DemoApiProcess::Response day = m_api.get(u"/events/daily/"_s + d.toString(Qt::ISODate), kBearer);
        QCOMPARE(day.status, 200);
        if (day.json().value(u"data").toObject().value(u"events").toArray().isEmpty())
            ++emptyDays;
    }
    QVERIFY2(emptyDays >= 1 && emptyDays <= 10, qPrintable(QString::number(emptyDays)));

    const DemoApiProcess::Response bad = m_api.get(u"/events/daily/2024-13-01"_s, kBearer);
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.json().value(u"error").toObject().value(u"message").toString(), u"the date must be YYYY-MM-DD"_s);
}

void TestDemoApi::monthlySalesAndOrders()
{
    const DemoApiProcess::Response sales = m_api.get(u"/sales/summary?month=2023-07"_s, kApiKey);
    QCOMPARE(sales.status, 200);
    const QJsonArray records = sales.json().value(u"sales").toArray();
    QVERIFY(records.size() >= 30 && records.size() <= 60);
    QSet<qint64> saleIds;
    for (const QJsonValue &value : records) {
        const QJsonObject sale = value.toObject();
        saleIds.insert(sale.value(u"sale_id").toInteger());
        QCOMPARE(sale.value(u"month").toString(), u"2023-07"_s);
        QVERIFY(sale.value(u"created_at").toString().startsWith(u"2023-07-"));
        QVERIFY(sale.value(u"product").toObject().contains(u"sku"));
        QVERIFY(sale.value(u"discounts").isArray());
    }
    QCOMPARE(saleIds.size(), records.size());
    QCOMPARE(m_api.get(u"/sales/summary?month=2023-7"_s, kApiKey).status, 400);

    const DemoApiProcess::Response orders = m_api.get(u"/orders?id_min=10000&id_max=10999"_s, kBearer);
    QCOMPARE(orders.status, 200);
    const QList<qint64> ids = idsOf(orders.json().value(u"orders").toArray(), "order_id");
    QVERIFY2(ids.size() > 200 && ids.size() < 400, qPrintable(QString::number(ids.size()))); // ~30% density
    QVERIFY(std::is_sorted(ids.begin(), ids.end()));
    QCOMPARE(QSet<qint64>(ids.begin(), ids.end()).size(), ids.size());
    QVERIFY(ids.first() >= 10000 && ids.last() <= 10999);
    // Adjacent ranges split the same orders.
    const QList<qint64> low =
        idsOf(m_api.get(u"/orders?id_min=10000&id_max=10499"_s, kBearer).json().value(u"orders").toArray(), "order_id");
    const QList<qint64> high =
        idsOf(m_api.get(u"/orders?id_min=10500&id_max=10999"_s, kBearer).json().value(u"orders").toArray(), "order_id");
    QCOMPARE(low + high, ids);
    QCOMPARE(m_api.get(u"/orders?id_min=5&id_max=4"_s, kBearer).status, 400);
}

void TestDemoApi::neoFeed()
{
    const DemoApiProcess::Response r =
        m_api.get(u"/neo/rest/v1/feed?start_date=2025-04-01&end_date=2025-04-03&api_key=demo-key"_s);
    QCOMPARE(r.status, 200);
    const QJsonObject objects = r.json().value(u"near_earth_objects").toObject();
    QCOMPARE(objects.keys(), (QStringList{u"2025-04-01"_s, u"2025-04-02"_s, u"2025-04-03"_s}));
    int count = 0;
    for (const QJsonValue &day : objects) {
        count += int(day.toArray().size());
        const QJsonObject neo = day.toArray().first().toObject();
        QVERIFY(!neo.value(u"id").toString().isEmpty());
        QVERIFY(neo.value(u"close_approach_data").toArray().first().toObject().contains(u"miss_distance"));
    }
    QCOMPARE(r.json().value(u"element_count").toInt(), count);
    QVERIFY(r.json().value(u"links").toObject().value(u"next").toString().contains(u"start_date=2025-04-04"));

    const DemoApiProcess::Response tooLong =
        m_api.get(u"/neo/rest/v1/feed?start_date=2025-04-01&end_date=2025-04-09&api_key=demo-key"_s);
    QCOMPARE(tooLong.status, 400);
    QVERIFY(tooLong.json().value(u"error_message").toString().contains(u"only 7 Days"));
}

void TestDemoApi::bulkRecords()
{
    const DemoApiProcess::Response r = m_api.get(u"/bulk/records?partition=3&page=2&size=500"_s);
    QCOMPARE(r.status, 200);
    const QJsonDocument document = QJsonDocument::fromJson(r.body);
    QVERIFY(document.isArray());
    const QList<qint64> ids = idsOf(document.array());
    QCOMPARE(ids, range(30'000'500, 500));
    const qsizetype perRecord = r.body.size() / 500;
    QVERIFY2(perRecord >= 250 && perRecord <= 400, qPrintable(QString::number(perRecord)));
    QCOMPARE(document.array().at(123).toObject().value(u"name").toString(), u"record-000000000623"_s);
    QCOMPARE(r.header("x-total-pages"), QByteArray("5"));

    const DemoApiProcess::Response last = m_api.get(u"/bulk/records?partition=3&page=5&size=500&format=object"_s);
    QCOMPARE(last.json().value(u"data").toArray().size(), 500);
    QCOMPARE(last.json().value(u"has_more").toBool(), false);
    QCOMPARE(last.json().value(u"total_pages").toInt(), 5);
    const DemoApiProcess::Response beyond = m_api.get(u"/bulk/records?partition=3&page=6&size=500"_s);
    QCOMPARE(beyond.body, QByteArray("[]"));
    QCOMPARE(m_api.get(u"/bulk/records?page=1"_s).status, 400);
}

void TestDemoApi::authentication_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    const QString events = u"/events/daily/2024-02-01"_s;
    const QString sales = u"/sales/summary?month=2024-02"_s;
    QTest::addRow("bearer missing") << events << QByteArray() << QByteArray() << 401 << u"a bearer token is required"_s;
    QTest::addRow("bearer wrong") << events << QByteArray("Authorization") << QByteArray("Bearer nope") << 401
                                  << u"invalid bearer token"_s;
    QTest::addRow("bearer right") << events << QByteArray("Authorization") << QByteArray("Bearer demo-token") << 200
                                  << QString();
    QTest::addRow("api key missing") << sales << QByteArray() << QByteArray() << 401
                                     << u"an API key is required (X-API-Key header or api_key)"_s;
    QTest::addRow("api key wrong") << sales << QByteArray("X-API-Key") << QByteArray("nope") << 401
                                   << u"invalid API key"_s;
    QTest::addRow("api key header") << sales << QByteArray("X-API-Key") << QByteArray("demo-key") << 200 << QString();
    QTest::addRow("api key query") << sales + u"&api_key=demo-key"_s << QByteArray() << QByteArray() << 200
                                   << QString();
}

void TestDemoApi::authentication()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QFETCH(int, status);
    QFETCH(QString, message);
    DemoApiProcess::Headers headers;
    if (!header.isEmpty())
        headers.append({header, value});
    const DemoApiProcess::Response r = m_api.get(path, headers);
    QCOMPARE(r.status, status);
    if (status == 401)
        QCOMPARE(r.json().value(u"error").toObject().value(u"message").toString(), message);
}

void TestDemoApi::oauthClientCredentials()
{
    const DemoApiProcess::Response wrong =
        m_api.post(u"/oauth/token"_s, "grant_type=client_credentials&client_id=demo-client&client_secret=x");
    QCOMPARE(wrong.status, 401);
    QCOMPARE(wrong.json().value(u"error").toString(), u"invalid_client"_s);
    QCOMPARE(m_api.post(u"/oauth/token"_s, "grant_type=password").status, 400);

    const DemoApiProcess::Response issued =
        m_api.post(u"/oauth/token"_s, "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret");
    QCOMPARE(issued.status, 200);
    QCOMPARE(issued.json().value(u"token_type").toString(), u"Bearer"_s);
    QCOMPARE(issued.json().value(u"expires_in").toInt(), 3600);
    const QByteArray token = issued.json().value(u"access_token").toString().toUtf8();
    QVERIFY(!token.isEmpty());
    QCOMPARE(m_api.get(u"/orders?id_min=1&id_max=10"_s, {{"Authorization", "Bearer " + token}}).status, 200);

    // HTTP Basic client authentication, and a token that expires at once.
    const DemoApiProcess::Response basic =
        m_api.post(u"/oauth/token?ttl_ms=0"_s, "grant_type=client_credentials",
                   {{"Authorization", "Basic " + QByteArray("demo-client:demo-secret").toBase64()}});
    QCOMPARE(basic.status, 200);
    const QByteArray expired = basic.json().value(u"access_token").toString().toUtf8();
    const DemoApiProcess::Response rejected =
        m_api.get(u"/orders?id_min=1&id_max=10"_s, {{"Authorization", "Bearer " + expired}});
    QCOMPARE(rejected.status, 401);
    QCOMPARE(rejected.json().value(u"error").toObject().value(u"message").toString(), u"access token expired"_s);
    QVERIFY(rejected.header("www-authenticate").contains("invalid_token"));
}

void TestDemoApi::statusFaultsFailThenSucceed_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("status");
    QTest::addRow("500") << u"500"_s << 500;
    QTest::addRow("502") << u"502"_s << 502;
    QTest::addRow("503") << u"503"_s << 503;
    QTest::addRow("429") << u"429"_s << 429;
}

void TestDemoApi::statusFaultsFailThenSucceed()
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

void TestDemoApi::retryAfterStyles_data()
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

void TestDemoApi::retryAfterStyles()
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

void TestDemoApi::bodyFaults_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<bool>("parses");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addRow("truncate") << u"truncate"_s << false << QByteArray("application/json");
    QTest::addRow("invalid") << u"invalid"_s << false << QByteArray("application/json");
    QTest::addRow("html") << u"html"_s << false << QByteArray("text/html; charset=utf-8");
    QTest::addRow("empty") << u"empty"_s << false << QByteArray("application/json");
}

void TestDemoApi::bodyFaults()
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

void TestDemoApi::closesConnectionMidBody()
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

void TestDemoApi::hangsUntilTheClientGivesUp()
{
    const DemoApiProcess::Response r = m_api.get(u"/paged/page?fault=hang"_s, {}, 300);
    QCOMPARE(r.error, QNetworkReply::OperationCanceledError);
    QCOMPARE(r.status, 0);
    const QJsonObject counts = m_api.stats().value(u"requests").toObject().value(u"/paged/page").toObject();
    QCOMPARE(counts.value(u"none").toInt(), 1);
}

void TestDemoApi::slowBodyArrivesWhole()
{
    const QByteArray whole = m_api.get(u"/paged/link?per_page=20"_s).body;
    const DemoApiProcess::Response r =
        m_api.get(u"/paged/link?per_page=20&fault=slow&trickle_bytes=700&trickle_ms=5"_s);
    QCOMPARE(r.error, QNetworkReply::NoError);
    QCOMPARE(r.body, whole);
}

void TestDemoApi::duplicateShuffleAndEmptyPages()
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

void TestDemoApi::cursorsExpire()
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

void TestDemoApi::rateLimitPerToken()
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

void TestDemoApi::randomFaultsFromCommandLine()
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

void TestDemoApi::statsCountRequestsAndConcurrency()
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

void TestDemoApi::historyMutatesPerGeneration()
{
    DemoApiProcess mutating;
    QVERIFY(mutating.start({u"--mutate-history"_s, u"3"_s, u"--today"_s, u"2024-03-10"_s}));
    const QString recent = u"/events/daily/2024-03-09"_s;
    const QString old = u"/events/daily/2024-03-01"_s;
    const QJsonArray before = mutating.get(recent, kBearer).json().value(u"data").toObject().value(u"events").toArray();
    const QByteArray oldBefore = mutating.get(old, kBearer).body;
    QCOMPARE(mutating.post(u"/_advance"_s).json().value(u"generation").toInt(), 1);
    const QJsonArray after = mutating.get(recent, kBearer).json().value(u"data").toObject().value(u"events").toArray();

    QCOMPARE(after.size(), before.size() + 1); // a late arrival
    const QJsonObject first = before.first().toObject();
    const QJsonObject changed = after.first().toObject();
    QCOMPARE(changed.value(u"event_id"), first.value(u"event_id"));
    QCOMPARE(changed.value(u"created_at"), first.value(u"created_at"));
    QVERIFY(changed.value(u"updated_at").toString() > first.value(u"updated_at").toString());
    QVERIFY(changed.value(u"value").toDouble() != first.value(u"value").toDouble());
    QCOMPARE(changed.value(u"revision").toInt(), 1);
    QCOMPARE(mutating.get(old, kBearer).body, oldBefore); // outside the window
}

void TestDemoApi::sameSeedSameBytes()
{
    const QStringList paths{u"/events/daily/2024-01-05"_s,     u"/sales/summary?month=2024-01"_s,
                            u"/orders?id_min=1&id_max=2000"_s, u"/neo/rest/v1/feed?start_date=2025-04-01"_s,
                            u"/paged/page?page=3"_s,           u"/paged/cursor?limit=30"_s,
                            u"/paged/has-more?limit=5"_s,      u"/bulk/records?partition=17&page=3"_s};
    const DemoApiProcess::Headers headers{{"Authorization", "Bearer demo-token"}, {"X-API-Key", "demo-key"}};
    DemoApiProcess a;
    DemoApiProcess b;
    DemoApiProcess c;
    QVERIFY(a.start({u"--seed"_s, u"7"_s}));
    QVERIFY(b.start({u"--seed"_s, u"7"_s}));
    QVERIFY(c.start({u"--seed"_s, u"8"_s}));
    // Links in the feed carry each server's own port; everything else must be equal.
    const auto fetch = [&](DemoApiProcess &api, const QString &path) {
        return api.get(path + u"&api_key=demo-key"_s, headers).body.replace(api.url().toString().toUtf8(), "BASE");
    };
    for (const QString &path : paths) {
        const QByteArray bodyA = fetch(a, path);
        QVERIFY2(bodyA.size() > 100, qPrintable(path));
        QCOMPARE(fetch(b, path), bodyA);
        QVERIFY2(fetch(c, path) != bodyA, qPrintable(path));
    }
}

void TestDemoApi::latencyPerEndpoint()
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

void TestDemoApi::rejectsBadOptions_data()
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

void TestDemoApi::rejectsBadOptions()
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

QTEST_GUILESS_MAIN(TestDemoApi)
#include "tst_demoapi.moc"
