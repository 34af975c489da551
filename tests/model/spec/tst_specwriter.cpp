// SpecWriter: saving a spec and loading it again gives an equal spec, in a stable, readable order.
#include "model/spec/spec.h"
#include "model/spec/specloader.h"
#include "model/spec/specwriter.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestSpecWriter : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsTheExamples_data();
    void roundTripsTheExamples();
    void writesInAReadableOrder();
    void quotesOnlyWhatNeedsIt_data();
    void quotesOnlyWhatNeedsIt();
    void roundTripsTrickyStrings_data();
    void roundTripsTrickyStrings();
    void roundTripsJsonPayloads();
    void roundTripsEveryField();
};

static QString problemsText(const SpecProblems &problems)
{
    QStringList lines;
    for (const SpecProblem &problem : problems)
        lines.append(problem.toString());
    return lines.join(u'\n');
}

// Writes and reads back (validation problems do not matter here, the values do).
static ApiSpec roundTrip(const ApiSpec &spec)
{
    const QByteArray yaml = SpecWriter::write(spec);
    return SpecLoader::load(yaml, u"written.yaml"_s).spec;
}

void TestSpecWriter::roundTripsTheExamples_data()
{
    QTest::addColumn<QString>("path");
    const QDir examples(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples"));
    const QStringList files = examples.entryList({u"*_api.yaml"_s}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 3);
    for (const QString &file : files)
        QTest::addRow("%s", qPrintable(file)) << examples.filePath(file);
}

void TestSpecWriter::roundTripsTheExamples()
{
    QFETCH(QString, path);
    const SpecLoadResult original = SpecLoader::loadFile(path);
    QVERIFY2(original.problems.isEmpty(), qPrintable(problemsText(original.problems)));

    const QByteArray written = SpecWriter::write(original.spec);
    const SpecLoadResult reloaded = SpecLoader::load(written, u"written.yaml"_s);
    QVERIFY2(reloaded.problems.isEmpty(),
             qPrintable(problemsText(reloaded.problems) + u'\n' + QString::fromUtf8(written)));
    QCOMPARE(reloaded.spec, original.spec);
    // Stable: writing the reloaded spec gives the same text.
    QCOMPARE(SpecWriter::write(reloaded.spec), written);
}

void TestSpecWriter::writesInAReadableOrder()
{
    const SpecLoadResult loaded =
        SpecLoader::loadFile(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/analytics_api.yaml"));
    QVERIFY(loaded.problems.isEmpty());
    const QString expected = uR"(name: Analytics API

defaults:
  state:
    base_url: https://api.analytics.com/v1
  request:
    headers:
      Authorization: "Bearer {secrets.api_key}"

endpoints:
  daily_events:
    description: Get daily event data for a date range
    state:
      date: '{date_format(state.current_date, "%Y-%m-%d")}'
    sync: [last_date]
    iterate:
      over: |
        range(
          coalesce(context.range_start, sync.last_date, date_format(date_add(now(), -7, "day"), "%Y-%m-%d")),
          coalesce(context.range_end, date_format(date_add(now(), -1, "day"), "%Y-%m-%d")),
          "1d"
        )
      into: state.current_date
      concurrency: 5
    request:
      url: "{state.base_url}/events/daily/{state.date}"
      method: GET
    response:
      records:
        jmespath: data.events[]
        primary_key: [event_id]
      processors:
        - expression: state.date
          output: state.last_date
          aggregation: maximum
    overrides:
      mode: incremental
)"_s;
    QCOMPARE(QString::fromUtf8(SpecWriter::write(loaded.spec)), expected);
}

void TestSpecWriter::quotesOnlyWhatNeedsIt_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("written");
    QTest::addRow("word") << u"incremental"_s << u"incremental"_s;
    QTest::addRow("url") << u"https://api.example.com/v1?a=b"_s << u"https://api.example.com/v1?a=b"_s;
    QTest::addRow("empty") << u""_s << u"\"\""_s;
    QTest::addRow("integer") << u"123"_s << u"\"123\""_s;
    QTest::addRow("float") << u"1.5e3"_s << u"\"1.5e3\""_s;
    QTest::addRow("bool") << u"true"_s << u"\"true\""_s;
    QTest::addRow("yaml 1.1 bool") << u"yes"_s << u"\"yes\""_s;
    QTest::addRow("null") << u"null"_s << u"\"null\""_s;
    QTest::addRow("tilde") << u"~"_s << u"\"~\""_s;
    QTest::addRow("template") << u"{state.url}"_s << u"\"{state.url}\""_s;
    QTest::addRow("colon space") << u"a: b"_s << u"\"a: b\""_s;
    QTest::addRow("comment") << u"a #b"_s << u"\"a #b\""_s;
    QTest::addRow("leading dash") << u"- x"_s << u"\"- x\""_s;
    QTest::addRow("leading space") << u" x"_s << u"\" x\""_s;
    QTest::addRow("double quotes inside") << u"say \"hi\""_s << u"say \"hi\""_s;
    QTest::addRow("quoted template") << u"{format(\"%Y\")}"_s << u"'{format(\"%Y\")}'"_s;
    QTest::addRow("both quotes in a template") << u"{it's \"x\"}"_s << u"'{it''s \"x\"}'"_s;
    QTest::addRow("template inside text") << u"Bearer {secrets.key}"_s << u"\"Bearer {secrets.key}\""_s;
    QTest::addRow("tab") << u"a\tb"_s << u"\"a\\tb\""_s;
    QTest::addRow("non-ASCII") << u"café"_s << u"café"_s;
}

void TestSpecWriter::quotesOnlyWhatNeedsIt()
{
    QFETCH(QString, text);
    QFETCH(QString, written);
    QCOMPARE(SpecWriter::quoted(text), written);
}

void TestSpecWriter::roundTripsTrickyStrings_data()
{
    QTest::addColumn<QString>("text");
    for (const QString &text : {u""_s,
                                u"123"_s,
                                u"0x1F"_s,
                                u"-7"_s,
                                u"1e5"_s,
                                u"true"_s,
                                u"No"_s,
                                u"~"_s,
                                u"null"_s,
                                u"a: b"_s,
                                u"#hash"_s,
                                u"trailing "_s,
                                u" leading"_s,
                                u"key:"_s,
                                u"[list]"_s,
                                u"{map}"_s,
                                u"&anchor"_s,
                                u"*alias"_s,
                                u"!tag"_s,
                                u"%directive"_s,
                                u"@at"_s,
                                u"`tick`"_s,
                                u"it's"_s,
                                u"say \"hi\""_s,
                                u"back\\slash"_s,
                                u"tab\there"_s,
                                u"bell\x07"_s,
                                u"line\nbreak"_s,
                                u"two lines\n"_s,
                                u"ends\n\n"_s,
                                u"\nstarts"_s,
                                u"  indented\nblock\n"_s,
                                u"more\n  indented\nlines\n"_s,
                                u"trailing space \nline"_s,
                                u"crlf\r\nline"_s,
                                u"unicode café ✓"_s,
                                u"---"_s,
                                u"..."_s,
                                u"a,b"_s,
                                u"range(\n  1,\n  2\n)\n"_s}) {
        QTest::addRow("%s", qPrintable(SpecWriter::quoted(text))) << text;
    }
}

void TestSpecWriter::roundTripsTrickyStrings()
{
    QFETCH(QString, text);
    ApiSpec spec;
    spec.name = text;
    spec.description = text;
    Endpoint endpoint;
    endpoint.name = text.isEmpty() ? u"empty"_s : text;
    endpoint.description = text;
    endpoint.request.url = u"http://127.0.0.1/"_s;
    endpoint.request.headers = {{u"X-Text"_s, text}};
    endpoint.response.records.primaryKey = {text, u"id"_s};
    spec.endpoints.append(endpoint);
    const ApiSpec reloaded = roundTrip(spec);
    QCOMPARE(reloaded.name, text);
    QCOMPARE(reloaded.description, text);
    QCOMPARE(reloaded.endpoints.size(), 1);
    QCOMPARE(reloaded.endpoints.first().name, endpoint.name);
    QCOMPARE(reloaded.endpoints.first().request.headers, endpoint.request.headers);
    QCOMPARE(reloaded.endpoints.first().response.records.primaryKey, endpoint.response.records.primaryKey);
    QCOMPARE(reloaded, spec);
}

void TestSpecWriter::roundTripsJsonPayloads()
{
    const QJsonObject payload{
        {u"query"_s, u"query { items(first: 10) { id } }"_s},
        {u"variables"_s, QJsonObject{{u"from"_s, u"{state.from}"_s},
                                     {u"limit"_s, 100},
                                     {u"ratio"_s, 0.25},
                                     {u"big"_s, 1e20},
                                     {u"whole"_s, 3.0},
                                     {u"flag"_s, false},
                                     {u"nothing"_s, QJsonValue::Null}}},
        {u"list"_s, QJsonArray{1, u"two"_s, QJsonArray{}, QJsonObject{}, QJsonObject{{u"a"_s, QJsonArray{1, 2}}}}},
        {u"json text"_s, u"{\"a\": [1, 2]}"_s},
        {u"123"_s, u"numeric key"_s},
    };
    ApiSpec spec;
    spec.name = u"payloads"_s;
    Endpoint endpoint;
    endpoint.name = u"post"_s;
    endpoint.state = {{u"from"_s, u"2024-01-01"_s}, {u"page"_s, 1}, {u"ids"_s, QJsonArray{1, 2, 3}}};
    endpoint.request.url = u"http://127.0.0.1/graphql"_s;
    endpoint.request.method = u"POST"_s;
    endpoint.request.payload = payload;
    spec.endpoints.append(endpoint);
    const ApiSpec reloaded = roundTrip(spec);
    QCOMPARE(reloaded.endpoints.first().request.payload, QJsonValue(payload));
    QCOMPARE(reloaded.endpoints.first().state, endpoint.state);
    QCOMPARE(reloaded, spec);

    // A JSON body written as a string stays a string.
    spec.endpoints.first().request.payload = u"{\"query\": \"{ items { id } }\"}"_s;
    QCOMPARE(roundTrip(spec), spec);
}

void TestSpecWriter::roundTripsEveryField()
{
    ApiSpec spec;
    spec.name = u"Everything"_s;
    spec.description = u"Every field the spec knows"_s;
    spec.authentication.type = Authentication::Type::OAuth2;
    spec.authentication.flow = u"client_credentials"_s;
    spec.authentication.clientId = u"{secrets.client_id}"_s;
    spec.authentication.clientSecret = u"{secrets.client_secret}"_s;
    spec.authentication.authenticationUrl = u"https://127.0.0.1/oauth/token"_s;
    spec.authentication.scopes = {u"read:data"_s, u"write:data"_s};
    spec.defaults.state = {{u"base_url"_s, u"http://127.0.0.1"_s}};
    spec.defaults.request.timeout = 30;
    spec.defaults.request.rate = 2.5;
    spec.defaults.response.rules.items =
        QList<Rule>{{u"response.status == 429"_s, u"retry"_s, 5, u"exponential"_s, 1.5, u"slow down"_s, {}}};

    Endpoint endpoint;
    endpoint.name = u"events"_s;
    endpoint.description = u"Events"_s;
    endpoint.docs = u"https://127.0.0.1/docs"_s;
    endpoint.disabled = false;
    endpoint.state = {{u"page"_s, 1}, {u"limit"_s, 100}};
    endpoint.sync = QStringList{u"last_id"_s};
    endpoint.iterate = {u"range(1, 10, 1)"_s, u"state.block"_s, 2, {}};
    endpoint.request.url = u"{state.base_url}/events"_s;
    endpoint.request.method = u"GET"_s;
    endpoint.request.headers = {{u"Accept"_s, u"application/json"_s}};
    endpoint.request.parameters = {{u"page"_s, u"{state.page}"_s}, {u"limit"_s, 100}};
    endpoint.request.concurrency = 3;
    endpoint.pagination.nextState = {{u"page"_s, u"{state.page + 1}"_s}};
    endpoint.pagination.stopCondition = u"length(response.records) < state.limit"_s;
    endpoint.response.records = {u"data[]"_s, {u"id"_s, u"region"_s}, u"updated_at"_s, 1000, {}};
    endpoint.response.processors.items = QList<Processor>{{u"record.id"_s, u"state.last_id"_s, u"maximum"_s, {}}};
    endpoint.response.processors.append = QList<Processor>{{u"upper(record.name)"_s, u"record.name"_s, {}, {}}};
    endpoint.response.rules.prepend = QList<Rule>{{u"response.status == 404"_s, u"continue"_s, {}, {}, {}, {}, {}}};
    endpoint.response.rules.append = QList<Rule>{{u"response.status >= 500"_s, u"fail"_s, {}, {}, {}, {}, {}}};
    endpoint.overrides.mode = u"incremental"_s;
    spec.endpoints.append(endpoint);

    Endpoint basic;
    basic.name = u"no rules"_s;
    basic.request.url = u"http://127.0.0.1/plain"_s;
    basic.response.rules.items = QList<Rule>{};
    spec.endpoints.append(basic);

    const QByteArray yaml = SpecWriter::write(spec);
    const SpecLoadResult result = SpecLoader::load(yaml, u"written.yaml"_s);
    QVERIFY2(result.problems.isEmpty(), qPrintable(problemsText(result.problems) + u'\n' + QString::fromUtf8(yaml)));
    QCOMPARE(result.spec, spec);
    QVERIFY(yaml.contains("      +rules:\n        - condition: response.status == 404\n          action: continue\n"));
    QVERIFY(yaml.contains("  scopes: [\"read:data\", \"write:data\"]\n"));
    QVERIFY(yaml.contains("    rules: []\n"));
}

QTEST_GUILESS_MAIN(TestSpecWriter)
#include "tst_specwriter.moc"
