// "Start from a URL" guesses from real answers of backfill-demo-api: each of its six pagination
// styles is recognized from the first page alone, with the records path and the key, and the
// endpoint the guess fills asks for the next page the way the API expects.
#include "tests/support/demoapiprocess.h"

#include "views/editor/paginationsettings.h"
#include "views/welcome/endpointguess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;
using Kind = PaginationSettings::Kind;

Q_DECLARE_METATYPE(Backfill::PaginationSettings::Kind)

class TestEndpointGuess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void recognizesEachPaginationOfTheDemo_data();
    void recognizesEachPaginationOfTheDemo();
    void aUrlBecomesAConnectionWithItsQuery();
    void theGuessFillsAnEndpointThatPagesOn();
    void saysWhenNothingIsFound();
    void commonShapesOfOtherApis();

private:
    EndpointGuess guessFor(const QString &pathAndQuery);

    DemoApiProcess m_api;
};

void TestEndpointGuess::initTestCase()
{
    QVERIFY2(m_api.start(), qPrintable(m_api.errorString()));
}

EndpointGuess TestEndpointGuess::guessFor(const QString &pathAndQuery)
{
    const DemoApiProcess::Response response = m_api.get(pathAndQuery);
    if (response.status != 200)
        qFatal("%s answered %d", qPrintable(pathAndQuery), response.status);
    const QJsonDocument json = QJsonDocument::fromJson(response.body);
    const QJsonValue body = json.isArray() ? QJsonValue(json.array()) : QJsonValue(json.object());
    return EndpointGuess::fromResponse(m_api.url(pathAndQuery), response.headers, body);
}

void TestEndpointGuess::recognizesEachPaginationOfTheDemo_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("records");
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QString>("field");

    QTest::newRow("Link header") << u"/paged/link?per_page=20"_s << Kind::LinkHeader << u"[]"_s << QString()
                                 << QString();
    QTest::newRow("cursor") << u"/paged/cursor?limit=20"_s << Kind::Cursor << u"data[]"_s << u"cursor"_s
                            << u"next_cursor"_s;
    QTest::newRow("next URL") << u"/paged/next-url?limit=20"_s << Kind::NextUrl << u"data[]"_s << QString()
                              << u"next"_s;
    QTest::newRow("has_more") << u"/paged/has-more?limit=20"_s << Kind::HasMore << u"data[]"_s << u"starting_after"_s
                              << u"id"_s;
    QTest::newRow("page number") << u"/paged/page?per_page=20"_s << Kind::PageNumber << u"data[]"_s << u"page"_s
                                 << QString();
    QTest::newRow("offset") << u"/paged/offset?limit=20"_s << Kind::OffsetLimit << u"data[]"_s << u"offset"_s
                            << QString();
}

void TestEndpointGuess::recognizesEachPaginationOfTheDemo()
{
    QFETCH(QString, path);
    QFETCH(Kind, kind);
    QFETCH(QString, records);
    QFETCH(QString, parameter);
    QFETCH(QString, field);

    const EndpointGuess guess = guessFor(path);
    QCOMPARE(guess.pagination.kind, kind);
    QCOMPARE(guess.recordsPath, records);
    QCOMPARE(guess.records, 20);
    QCOMPARE(guess.primaryKey, QStringList{u"id"_s});
    if (!parameter.isEmpty())
        QCOMPARE(guess.pagination.parameter, parameter);
    if (!field.isEmpty())
        QCOMPARE(guess.pagination.path, field);
    if (kind == Kind::PageNumber) {
        QCOMPARE(guess.pagination.totalField, u"total_pages"_s);
        QCOMPARE(guess.pagination.sizeParameter, u"per_page"_s);
        QCOMPARE(guess.pagination.pageSize, 20);
    }
    if (kind == Kind::OffsetLimit)
        QCOMPARE(guess.pagination.totalField, u"total"_s);
    // Three findings, for records, key and pagination, each naming what it found.
    QCOMPARE(guess.findings.size(), 3);
    QVERIFY2(guess.findings.at(0).contains(records), qPrintable(guess.findings.at(0)));
}

void TestEndpointGuess::aUrlBecomesAConnectionWithItsQuery()
{
    const ApiSpec spec = specForUrl(QUrl(u"http://127.0.0.1:8765/paged/next-url?limit=20&sort=id"_s));
    QCOMPARE(spec.name, u"API at 127.0.0.1:8765"_s);
    QCOMPARE(spec.defaults.state.value(0).key, u"base_url"_s);
    QCOMPARE(spec.defaults.state.value(0).value.toString(), u"http://127.0.0.1:8765"_s);
    QCOMPARE(spec.endpoints.size(), 1);
    const Endpoint &endpoint = spec.endpoints.constFirst();
    QCOMPARE(endpoint.name, u"next_url"_s);
    QCOMPARE(endpoint.request.url, u"{state.base_url}/paged/next-url"_s);
    QCOMPARE(endpoint.request.parameters.size(), 2);
    QCOMPARE(endpoint.request.parameters.at(0).key, u"limit"_s);
    QCOMPARE(endpoint.request.parameters.at(0).value, QJsonValue(20)); // a number stays a number
    QCOMPARE(endpoint.request.parameters.at(1).value, QJsonValue(u"id"_s));
}

void TestEndpointGuess::theGuessFillsAnEndpointThatPagesOn()
{
    // Page numbers: the URL's per_page moves into the pagination's state; nothing is sent twice.
    const QUrl url = m_api.url(u"/paged/page?per_page=20"_s);
    ApiSpec spec = specForUrl(url);
    guessFor(u"/paged/page?per_page=20"_s).apply(spec.endpoints.first(), url);
    const Endpoint &endpoint = spec.endpoints.constFirst();
    QCOMPARE(endpoint.response.records.jmespath, u"data[]"_s);
    QCOMPARE(endpoint.response.records.primaryKey, QStringList{u"id"_s});
    QStringList parameters;
    for (const KeyValue &entry : endpoint.request.parameters)
        parameters.append(entry.key + u'=' + entry.value.toString());
    QCOMPARE(parameters, (QStringList{u"page={state.page}"_s, u"per_page={state.per_page}"_s}));
    const PaginationSettings recognized = PaginationSettings::recognize(endpoint);
    QCOMPARE(recognized.kind, Kind::PageNumber);
    QCOMPARE(recognized.pageSize, 20);

    // The Link header: the first URL, query included, is where the pages start.
    const QUrl linkUrl = m_api.url(u"/paged/link?per_page=20"_s);
    ApiSpec link = specForUrl(linkUrl);
    guessFor(u"/paged/link?per_page=20"_s).apply(link.endpoints.first(), linkUrl);
    QCOMPARE(link.endpoints.constFirst().request.url, u"{state.url}"_s);
    QVERIFY(link.endpoints.constFirst().request.parameters.isEmpty());
    QCOMPARE(PaginationSettings::recognize(link.endpoints.constFirst()).firstUrl,
             u"{state.base_url}/paged/link?per_page=20"_s);
}

void TestEndpointGuess::saysWhenNothingIsFound()
{
    // The demo's root lists its endpoints: objects without an id and no paging fields.
    const EndpointGuess guess = guessFor(u"/"_s);
    QCOMPARE(guess.recordsPath, u"endpoints[]"_s);
    QVERIFY(guess.primaryKey.isEmpty());
    QVERIFY2(guess.findings.at(1).startsWith(u"Primary key: none found"_s), qPrintable(guess.findings.at(1)));
    QCOMPARE(guess.pagination.kind, Kind::None);
    QVERIFY2(guess.findings.at(2).contains(u"none found"_s), qPrintable(guess.findings.at(2)));
}

void TestEndpointGuess::commonShapesOfOtherApis()
{
    const auto guess = [](const QString &url, const QByteArray &json) {
        return EndpointGuess::fromResponse(QUrl(url), {}, QJsonDocument::fromJson(json).object());
    };
    // A cursor and has_more together (Notion, Slack): the cursor is what goes back.
    const EndpointGuess notion = guess(u"https://api.example.com/v1/pages"_s,
                                       R"({"results":[{"id":"a"},{"id":"b"}],"next_cursor":"b","has_more":true})");
    QCOMPARE(notion.pagination.kind, Kind::Cursor);
    QCOMPARE(notion.pagination.parameter, u"cursor"_s);
    QCOMPARE(notion.recordsPath, u"results[]"_s);
    // A relative next link cannot be requested as it is: not taken for a next URL.
    const EndpointGuess jsonApi = guess(u"https://api.example.com/articles"_s,
                                        R"({"data":[{"id":"1"},{"id":"2"}],"links":{"next":"/articles?page=2"}})");
    QVERIFY(jsonApi.pagination.kind != Kind::NextUrl);
    // Another resource's id is not the key, even when it differs on the first page; the
    // resource's own is.
    const EndpointGuess orders = guess(u"https://api.example.com/orders"_s,
                                       R"({"orders":[{"account_id":1,"order_id":10},{"account_id":2,"order_id":11}]})");
    QCOMPARE(orders.primaryKey, QStringList{u"order_id"_s});
    const EndpointGuess foreign =
        guess(u"https://api.example.com/orders"_s, R"({"orders":[{"account_id":1},{"account_id":2}]})");
    QVERIFY(foreign.primaryKey.isEmpty());
    // Nested page numbers count from where the body says.
    const EndpointGuess nested =
        guess(u"https://api.example.com/items"_s, R"({"items":[{"id":1}],"meta":{"current_page":0,"total_pages":4}})");
    QCOMPARE(nested.pagination.kind, Kind::PageNumber);
    QCOMPARE(nested.pagination.firstPage, 0);
    QCOMPARE(nested.pagination.parameter, u"page"_s);
    QCOMPARE(nested.pagination.pageField, u"meta.current_page"_s);
    // A password in the URL goes nowhere near the spec.
    const ApiSpec spec = specForUrl(QUrl(u"https://me:s3cret@api.example.com/v1/items"_s));
    QCOMPARE(spec.defaults.state.value(0).value.toString(), u"https://api.example.com"_s);
    QVERIFY(!spec.name.contains(u"s3cret"_s));
}

QTEST_GUILESS_MAIN(TestEndpointGuess)
#include "tst_endpointguess.moc"
