// backfill-demo-api end to end, its data: the index, every pagination style walked to its end, the seed
// endpoints, authentication, history mutation, thin and empty days and determinism, all through a real HTTP
// client on 127.0.0.1.
#include "tests/integration/demoapifixture.h"

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using Backfill::DemoApiProcess;

namespace {

const DemoApiProcess::Headers kBearer{{"Authorization", "Bearer demo-token"}};
const DemoApiProcess::Headers kApiKey{{"X-API-Key", "demo-key"}};

bool isUtcTimestamp(const QJsonValue &value)
{
    static const QRegularExpression pattern(u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$"_s);
    return pattern.match(value.toString()).hasMatch();
}

QString eventsPath(const QString &day)
{
    return u"/events/daily/"_s + day;
}

QJsonArray eventsOf(const DemoApiProcess::Response &response)
{
    return response.json().value(u"data").toObject().value(u"events").toArray();
}

int metaCountOf(const DemoApiProcess::Response &response)
{
    return response.json().value(u"meta").toObject().value(u"count").toInt(-1);
}

QStringList eventIdsOf(const QJsonArray &events)
{
    QStringList ids;
    for (const QJsonValue &event : events)
        ids.append(event.toObject().value(u"event_id").toString());
    return ids;
}

} // namespace

class TestDemoApiData : public DemoApiFixture
{
    Q_OBJECT

private slots:
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
    void historyMutatesPerGeneration();
    void thinDaysServeTheirFirstTenth();
    void emptyDaysServeNothing();
    void rejectsBadDayLists_data();
    void rejectsBadDayLists();
    void sameSeedSameBytes();
};

void TestDemoApiData::printsUrlAndDescribesItself()
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

void TestDemoApiData::walksEveryPaginationStyle_data()
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

void TestDemoApiData::walksEveryPaginationStyle()
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

void TestDemoApiData::dailyEvents()
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

void TestDemoApiData::monthlySalesAndOrders()
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

void TestDemoApiData::neoFeed()
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

void TestDemoApiData::bulkRecords()
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

void TestDemoApiData::authentication_data()
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

void TestDemoApiData::authentication()
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

void TestDemoApiData::oauthClientCredentials()
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

void TestDemoApiData::historyMutatesPerGeneration()
{
    DemoApiProcess mutating;
    QVERIFY(mutating.start({u"--mutate-history"_s, u"3"_s, u"--today"_s, u"2024-03-10"_s}));
    const QString recent = eventsPath(u"2024-03-09"_s);
    const QString old = eventsPath(u"2024-03-01"_s);
    const QJsonArray before = eventsOf(mutating.get(recent, kBearer));
    const QByteArray oldBefore = mutating.get(old, kBearer).body;
    QVERIFY2(before.size() >= 20, qPrintable(QString::number(before.size())));
    QCOMPARE(eventIdsOf(before).first(), u"evt_20240309_0001"_s);
    QCOMPARE(mutating.post(u"/_advance"_s).json().value(u"generation").toInt(), 1);
    const DemoApiProcess::Response afterResponse = mutating.get(recent, kBearer);
    const QJsonArray after = eventsOf(afterResponse);

    // The first record is withdrawn and one arrives late: as many as before, all of them counted.
    QCOMPARE(after.size(), before.size());
    QCOMPARE(metaCountOf(afterResponse), after.size());
    const QStringList afterIds = eventIdsOf(after);
    QVERIFY(!afterIds.contains(u"evt_20240309_0001"_s));
    QCOMPARE(afterIds.first(), u"evt_20240309_0002"_s);
    QCOMPARE(afterIds.last(), u"evt_20240309_%1"_s.arg(before.size() + 1, 4, 10, QLatin1Char('0')));
    // The others keep their id and creation time and change.
    for (qsizetype i = 0; i + 1 < after.size(); ++i) {
        const QJsonObject was = before.at(i + 1).toObject();
        const QJsonObject is = after.at(i).toObject();
        QCOMPARE(is.value(u"event_id"), was.value(u"event_id"));
        QCOMPARE(is.value(u"created_at"), was.value(u"created_at"));
        QVERIFY(is.value(u"updated_at").toString() > was.value(u"updated_at").toString());
        QVERIFY(is.value(u"value").toDouble() != was.value(u"value").toDouble());
        QCOMPARE(is.value(u"revision").toInt(), 1);
    }
    QCOMPARE(mutating.get(old, kBearer).body, oldBefore); // outside the window

    // Still withdrawn in the next generation, with a second late arrival.
    QCOMPARE(mutating.post(u"/_advance"_s).json().value(u"generation").toInt(), 2);
    const DemoApiProcess::Response second = mutating.get(recent, kBearer);
    QCOMPARE(eventsOf(second).size(), before.size() + 1);
    QCOMPARE(metaCountOf(second), before.size() + 1);
    QCOMPARE(eventIdsOf(eventsOf(second)).first(), u"evt_20240309_0002"_s);
    QCOMPARE(mutating.get(old, kBearer).body, oldBefore);
}

void TestDemoApiData::thinDaysServeTheirFirstTenth()
{
    // 74, 20 and no events in full; 2024-02-07 is one of the days without any, and thin it stays empty.
    const QStringList thinDays{u"2024-01-05"_s, u"2024-01-09"_s, u"2024-02-07"_s};
    DemoApiProcess thin;
    QVERIFY(thin.start({u"--thin-days"_s, thinDays.join(u',')}));
    for (const QString &day : thinDays) {
        const QJsonArray full = eventsOf(m_api.get(eventsPath(day), kBearer));
        const DemoApiProcess::Response response = thin.get(eventsPath(day), kBearer);
        QCOMPARE(response.status, 200);
        const QJsonArray served = eventsOf(response);
        QCOMPARE(served.size(), full.size() / 10);
        QCOMPARE(metaCountOf(response), served.size());
        // The records that remain are the full day's first ones, unchanged.
        for (qsizetype i = 0; i < served.size(); ++i)
            QCOMPARE(served.at(i).toObject(), full.at(i).toObject());
    }
    QCOMPARE(eventsOf(thin.get(eventsPath(u"2024-01-05"_s), kBearer)).size(), 7);
    QCOMPARE(eventsOf(thin.get(eventsPath(u"2024-01-09"_s), kBearer)).size(), 2);
    QVERIFY(eventsOf(m_api.get(eventsPath(u"2024-02-07"_s), kBearer)).isEmpty());
    // Other days are whole.
    QCOMPARE(thin.get(eventsPath(u"2024-01-06"_s), kBearer).body, m_api.get(eventsPath(u"2024-01-06"_s), kBearer).body);
    const QJsonObject options = thin.get(u"/"_s).json().value(u"options").toObject();
    QCOMPARE(options.value(u"thin_days").toArray(), QJsonArray::fromStringList(thinDays));
    QCOMPARE(options.value(u"empty_days").toArray(), QJsonArray());
}

void TestDemoApiData::emptyDaysServeNothing()
{
    // The option repeats as well as taking a list.
    DemoApiProcess empty;
    QVERIFY(empty.start({u"--empty-days"_s, u"2024-01-06,2024-01-05"_s, u"--empty-days"_s, u"2024-01-08"_s}));
    for (const QString &day : {u"2024-01-05"_s, u"2024-01-06"_s, u"2024-01-08"_s}) {
        QVERIFY(!eventsOf(m_api.get(eventsPath(day), kBearer)).isEmpty());
        const DemoApiProcess::Response response = empty.get(eventsPath(day), kBearer);
        QCOMPARE(response.status, 200);
        QCOMPARE(response.json().value(u"data").toObject().value(u"date").toString(), day);
        QVERIFY(response.json().value(u"data").toObject().value(u"events").isArray());
        QVERIFY(eventsOf(response).isEmpty());
        QCOMPARE(metaCountOf(response), 0);
    }
    QCOMPARE(empty.get(eventsPath(u"2024-01-07"_s), kBearer).body,
             m_api.get(eventsPath(u"2024-01-07"_s), kBearer).body);
    QCOMPARE(empty.get(u"/"_s).json().value(u"options").toObject().value(u"empty_days").toArray(),
             QJsonArray::fromStringList({u"2024-01-05"_s, u"2024-01-06"_s, u"2024-01-08"_s}));
}

void TestDemoApiData::rejectsBadDayLists_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addRow("no such day") << QStringList{u"--thin-days"_s, u"2024-01-05,2024-02-30"_s}
                                 << u"--thin-days: expected yyyy-mm-dd, got \"2024-02-30\""_s;
    QTest::addRow("other form") << QStringList{u"--empty-days"_s, u"2024/01/05"_s}
                                << u"--empty-days: expected yyyy-mm-dd, got \"2024/01/05\""_s;
    QTest::addRow("empty item") << QStringList{u"--empty-days"_s, u"2024-01-05,"_s}
                                << u"--empty-days: expected yyyy-mm-dd, got \"\""_s;
    QTest::addRow("both") << QStringList{u"--thin-days"_s, u"2024-01-05"_s, u"--empty-days"_s, u"2024-01-05"_s}
                          << u"--thin-days and --empty-days both name 2024-01-05"_s;
}

void TestDemoApiData::rejectsBadDayLists()
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

void TestDemoApiData::sameSeedSameBytes()
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

QTEST_GUILESS_MAIN(TestDemoApiData)
#include "tst_demoapi_data.moc"
