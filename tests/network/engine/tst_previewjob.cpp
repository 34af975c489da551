// PreviewJob against backfill-demo-api on 127.0.0.1: the requests as sent (secrets
// masked), the responses, the records, the inferred columns, the state after each page,
// the page and record limits, and the failures a user would see.
#include "model/spec/specloader.h"
#include "network/engine/previewjob.h"
#include "tests/support/demoapiprocess.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestPreviewJob : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void previewsOnePartition();
    void slingCollectionFunctionsRunInProcessors();
    void stopsAtThePageLimit_data();
    void stopsAtThePageLimit();
    void reportsAFailedRequest();
    void requestsOnlyHttpUrls();
    void refusesToStartWithoutASecret();
    void waitsForARetryUnlessSkipped_data();
    void waitsForARetryUnlessSkipped();

private:
    ApiSpec loadExample(const QString &name);
    PreviewResult preview(const ApiSpec &spec, const QString &endpoint, const PartitionPlan &partition,
                          const Secrets &secrets, const PreviewOptions &options, QList<PreviewPage> *pages = nullptr);

    DemoApiProcess m_api;
    QNetworkAccessManager m_network;
};

void TestPreviewJob::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_api.start(), qPrintable(m_api.errorString()));
}

// An example spec pointed at the test's server.
ApiSpec TestPreviewJob::loadExample(const QString &name)
{
    QFile file(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray yaml = file.readAll();
    yaml.replace("http://127.0.0.1:8765", m_api.url().toString().toUtf8());
    const SpecLoadResult loaded = SpecLoader::load(yaml, name);
    return loaded.hasErrors() ? ApiSpec() : loaded.spec;
}

PreviewResult TestPreviewJob::preview(const ApiSpec &spec, const QString &endpoint, const PartitionPlan &partition,
                                      const Secrets &secrets, const PreviewOptions &options, QList<PreviewPage> *pages)
{
    QString error;
    const auto program = EndpointProgram::compile(spec, endpoint, &error);
    if (!program) {
        qWarning() << error;
        return {};
    }
    PreviewJob job(&m_network);
    QSignalSpy finished(&job, &PreviewJob::finished);
    QSignalSpy fetched(&job, &PreviewJob::pageFetched);
    if (!job.start(program, partition, {}, {}, secrets, options, &error)) {
        qWarning() << error;
        return {};
    }
    if (!finished.wait(20000) || finished.size() != 1)
        return {};
    if (pages) {
        for (const auto &arguments : std::as_const(fetched))
            pages->append(arguments.at(0).value<PreviewPage>());
    }
    return finished.at(0).at(0).value<PreviewResult>();
}

void TestPreviewJob::previewsOnePartition()
{
    const ApiSpec spec = loadExample(u"demo_analytics_api.yaml"_s);
    QVERIFY(!spec.endpoints.isEmpty());
    Secrets secrets;
    secrets.insert(u"api_key"_s, u"demo-token"_s);

    QList<PreviewPage> pages;
    const PreviewResult result =
        preview(spec, u"daily_events"_s, {u"2024-01-05"_s, u"2024-01-05"_s}, secrets, PreviewOptions(), &pages);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.endpoint, u"daily_events"_s);
    QCOMPARE(result.partition, u"2024-01-05"_s);
    QCOMPARE(result.pages.size(), 1);
    QCOMPARE(pages.size(), 1); // pageFetched once per page

    const PreviewPage &page = result.pages.constFirst();
    QCOMPARE(page.method, QByteArray("GET"));
    QCOMPARE(page.url, m_api.url(u"/events/daily/2024-01-05"_s).toString());
    QVERIFY(page.requestHeaders.contains(qMakePair(QByteArray("Authorization"), QByteArray("Bearer ****"))));
    QCOMPARE(page.status, 200);
    QVERIFY(!page.bodyExcerpt.isEmpty());

    // The records are the ones the API serves for that day, with their columns.
    const DemoApiProcess::Response direct =
        m_api.get(u"/events/daily/2024-01-05"_s, {{"Authorization", "Bearer demo-token"}});
    const QJsonArray expected = direct.json().value(u"data"_s).toObject().value(u"events"_s).toArray();
    QVERIFY(!expected.isEmpty());
    QCOMPARE(result.records.size(), expected.size());
    QCOMPARE(result.records.at(0).toObject().value(u"event_id"_s), expected.at(0).toObject().value(u"event_id"_s));
    QCOMPARE(page.records.size(), expected.size());
    const auto column = std::find_if(result.columns.cbegin(), result.columns.cend(),
                                     [](const PreviewColumn &c) { return c.name == "event_id"_L1; });
    QVERIFY(column != result.columns.cend());
    QCOMPARE(column->type, inferColumnType(expected.at(0).toObject().value(u"event_id"_s)));

    // The state after: the date the processor tracked for sync.
    QCOMPARE(result.state.value(u"date"_s).toString(), u"2024-01-05"_s);
    QCOMPARE(result.state.value(u"last_date"_s).toString(), u"2024-01-05"_s);
    QVERIFY(!result.morePages);

    // Nothing of the secret in what the preview reports.
    const QByteArray json = QJsonDocument(result.toJson()).toJson();
    QVERIFY(!json.contains("demo-token"));
    QVERIFY(json.contains("\"requests\""));
}

void TestPreviewJob::slingCollectionFunctionsRunInProcessors()
{
    // Written as Sling's docs write a spec: endpoint `name:`, the range without defaults, and
    // record processors calling object_*, null_if, map, exists and chunk.
    const QByteArray yaml = R"yaml(name: functions
defaults:
  state:
    base_url: BASE
  request:
    headers:
      Authorization: "Bearer {secrets.api_key}"
endpoints:
  daily_events:
    name: daily_events
    iterate:
      over: range(context.range_start, context.range_end, "1d")
      into: state.day
    request:
      url: '{state.base_url}/events/daily/{date_format(state.day, "%Y-%m-%d")}'
    response:
      records:
        jmespath: "data.events[]"
        primary_key: [event_id]
      processors:
        - expression: object_casing(object_rename(record.device, "os", "operatingSystem"), "snake")
          output: record.device
        - expression: null_if(record.type, "click")
          output: record.type
        - expression: map(record.tags, "upper(value)")
          output: record.tags_upper
        - expression: exists(record.tags, "new")
          output: record.is_new
        - expression: chunk(record.tags, 1)
          output: record.tag_chunks
        - expression: object("user", record.user_id, "country", record.country)
          output: record.who
)yaml";
    const SpecLoadResult loaded =
        SpecLoader::load(QByteArray(yaml).replace("BASE", m_api.url().toString().toUtf8()), u"functions.yaml"_s);
    QVERIFY2(!loaded.hasErrors(), qPrintable(loaded.problems.isEmpty() ? QString() : loaded.problems.first().message));
    Secrets secrets;
    secrets.insert(u"api_key"_s, u"demo-token"_s);
    const PreviewResult result =
        preview(loaded.spec, u"daily_events"_s, {u"2024-01-05"_s, u"2024-01-05"_s}, secrets, PreviewOptions());
    QVERIFY2(result.ok(), qPrintable(result.error));

    const DemoApiProcess::Response direct =
        m_api.get(u"/events/daily/2024-01-05"_s, {{"Authorization", "Bearer demo-token"}});
    const QJsonArray served = direct.json().value(u"data"_s).toObject().value(u"events"_s).toArray();
    QCOMPARE(result.records.size(), served.size());
    int clicks = 0;
    for (qsizetype i = 0; i < served.size(); ++i) {
        const QJsonObject from = served.at(i).toObject();
        const QJsonObject record = result.records.at(i).toObject();
        const QJsonObject device = from.value(u"device"_s).toObject();
        QCOMPARE(record.value(u"device"_s).toObject(), (QJsonObject{{u"operating_system"_s, device.value(u"os"_s)},
                                                                    {u"version"_s, device.value(u"version"_s)},
                                                                    {u"mobile"_s, device.value(u"mobile"_s)}}));
        const bool click = from.value(u"type"_s) == u"click"_s;
        clicks += click ? 1 : 0;
        if (click) // no value: the column is NULL in the table
            QVERIFY(record.value(u"type"_s).isNull() || record.value(u"type"_s).isUndefined());
        else
            QCOMPARE(record.value(u"type"_s), from.value(u"type"_s));
        QJsonArray upper;
        QJsonArray chunks;
        for (const QJsonValue &tag : from.value(u"tags"_s).toArray()) {
            upper.append(tag.toString().toUpper());
            chunks.append(QJsonArray{tag});
        }
        QCOMPARE(record.value(u"tags_upper"_s).toArray(), upper);
        QCOMPARE(record.value(u"tag_chunks"_s).toArray(), chunks);
        QCOMPARE(record.value(u"is_new"_s).toBool(), from.value(u"tags"_s).toArray().contains(u"new"_s));
        QCOMPARE(record.value(u"who"_s).toObject(),
                 (QJsonObject{{u"user"_s, from.value(u"user_id"_s)}, {u"country"_s, from.value(u"country"_s)}}));
    }
    QVERIFY(clicks > 0); // the day has clicks: null_if had something to do
}

void TestPreviewJob::stopsAtThePageLimit_data()
{
    QTest::addColumn<int>("maxPages");
    QTest::addColumn<int>("maxRecords");
    QTest::addColumn<int>("pages");
    QTest::addColumn<int>("records");
    QTest::addColumn<int>("nextPage");
    QTest::addRow("two pages") << 2 << 1000 << 2 << 50 << 3;
    QTest::addRow("one page") << 1 << 1000 << 1 << 25 << 2;
    QTest::addRow("records first") << 5 << 30 << 2 << 30 << 3;
}

void TestPreviewJob::stopsAtThePageLimit()
{
    QFETCH(int, maxPages);
    QFETCH(int, maxRecords);
    QFETCH(int, pages);
    QFETCH(int, records);
    QFETCH(int, nextPage);

    const ApiSpec spec = loadExample(u"demo_pagination_page.yaml"_s);
    PreviewOptions options;
    options.maxPages = maxPages;
    options.maxRecords = maxRecords;
    const PreviewResult result = preview(spec, u"items"_s, {u"all"_s, QJsonValue::Null}, Secrets(), options);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.pages.size(), pages);
    QCOMPARE(result.records.size(), records);
    QVERIFY(result.morePages);
    QCOMPARE(result.state.value(u"page"_s).toInteger(), nextPage);
    QVERIFY2(result.pages.constLast().url.contains(u"page=%1"_s.arg(pages)), qPrintable(result.pages.last().url));
    QCOMPARE(result.records.at(0).toObject().value(u"id"_s).toInteger(), 1);
}

void TestPreviewJob::reportsAFailedRequest()
{
    const ApiSpec spec = loadExample(u"demo_analytics_api.yaml"_s);
    Secrets secrets;
    secrets.insert(u"api_key"_s, u"wrong-token"_s);
    const PreviewResult result =
        preview(spec, u"daily_events"_s, {u"2024-01-05"_s, u"2024-01-05"_s}, secrets, PreviewOptions());
    QCOMPARE(result.pages.size(), 1);
    QCOMPARE(result.pages.constFirst().status, 401);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(u"401"_s), qPrintable(result.error));
    QVERIFY(result.records.isEmpty());
    QVERIFY(!QJsonDocument(result.toJson()).toJson().contains("wrong-token"));
}

void TestPreviewJob::requestsOnlyHttpUrls()
{
    // A URL that names a local file is refused, not read (QNetworkAccessManager reads file: URLs).
    QTemporaryDir dir;
    QFile page(dir.filePath(u"page.json"_s));
    QVERIFY(page.open(QIODevice::WriteOnly) && page.write(R"({"data":[{"id":1}]})") > 0);
    page.close();
    const QByteArray yaml = "name: local\nendpoints:\n  local:\n    request:\n      url: \"" +
                            QUrl::fromLocalFile(page.fileName()).toEncoded() +
                            "\"\n    response:\n      records:\n        jmespath: \"data[]\"\n";
    const SpecLoadResult loaded = SpecLoader::load(yaml, u"local.yaml"_s);
    QVERIFY(!loaded.hasErrors());
    QString error;
    const auto program = EndpointProgram::compile(loaded.spec, u"local"_s, &error);
    QVERIFY2(program, qPrintable(error));
    PreviewJob job(&m_network);
    QSignalSpy finished(&job, &PreviewJob::finished);
    if (job.start(program, {}, {}, {}, Secrets(), PreviewOptions(), &error)) {
        QVERIFY(finished.wait(10000));
        const auto result = finished.at(0).at(0).value<PreviewResult>();
        QVERIFY(result.records.isEmpty());
        error = result.error;
    }
    QVERIFY2(error.contains(u"is not an http or https URL"_s), qPrintable(error));
}

void TestPreviewJob::refusesToStartWithoutASecret()
{
    const ApiSpec spec = loadExample(u"demo_analytics_api.yaml"_s);
    QString error;
    const auto program = EndpointProgram::compile(spec, u"daily_events"_s, &error);
    QVERIFY2(program, qPrintable(error));
    PreviewJob job(&m_network);
    QSignalSpy finished(&job, &PreviewJob::finished);
    QVERIFY(!job.start(program, {u"2024-01-05"_s, u"2024-01-05"_s}, {}, {}, Secrets(), PreviewOptions(), &error));
    QCOMPARE(error,
             u"daily_events needs the secret \"api_key\": put it in the secrets file or set BACKFILL_SECRET_API_KEY"_s);
    QCOMPARE(finished.size(), 0);
}

void TestPreviewJob::waitsForARetryUnlessSkipped_data()
{
    QTest::addColumn<bool>("followRetries");
    QTest::addColumn<int>("faultTimes");
    QTest::addColumn<QString>("day");
    QTest::addColumn<QStringList>("waits");
    QTest::addColumn<int>("pages");
    QTest::addColumn<QString>("error");
    const QString problem =
        uR"(HTTP 429: {"error":{"status":429,"code":"rate_limited","message":"too many requests"}})"_s;
    const QString wait = problem + u"; attempt %1 of 5 in 600 s (as the server asked)"_s;
    QTest::addRow("reported, not followed")
        << false << 1 << u"2024-02-01"_s << QStringList() << 1 << problem + u" (a run would retry this request)"_s;
    QTest::addRow("two waits skipped") << true << 2 << u"2024-02-02"_s << QStringList{wait.arg(2), wait.arg(3)} << 3
                                       << QString();
    QTest::addRow("attempts run out") << true << 10 << u"2024-02-03"_s
                                      << QStringList{wait.arg(2), wait.arg(3), wait.arg(4), wait.arg(5)} << 5
                                      << problem + u" (after 5 attempts)"_s;
}

void TestPreviewJob::waitsForARetryUnlessSkipped()
{
    QFETCH(bool, followRetries);
    QFETCH(int, faultTimes);
    QFETCH(QString, day);
    QFETCH(QStringList, waits);
    QFETCH(int, pages);
    QFETCH(QString, error);

    // The demo API answers the first requests of the URL with 429 and Retry-After: 600.
    ApiSpec spec = loadExample(u"demo_analytics_api.yaml"_s);
    spec.endpoints[0].request.parameters = {
        {u"fault"_s, u"429"_s}, {u"fault_times"_s, faultTimes}, {u"retry_after_s"_s, 600}};
    QString failure;
    const auto program = EndpointProgram::compile(spec, u"daily_events"_s, &failure);
    QVERIFY2(program, qPrintable(failure));
    Secrets secrets;
    secrets.insert(u"api_key"_s, u"demo-token"_s);
    PreviewOptions options;
    options.followRetries = followRetries;
    PreviewJob job(&m_network);
    QStringList waited;
    connect(&job, &PreviewJob::waiting, this, [&](qint64 delayMs, const QString &reason) {
        QCOMPARE(delayMs, 600000);
        QVERIFY(job.isWaiting());
        waited.append(reason);
        job.skipWait(); // the user does not wait ten minutes
    });
    QSignalSpy finished(&job, &PreviewJob::finished);
    QVERIFY2(job.start(program, {day, day}, {}, {}, secrets, options, &failure), qPrintable(failure));
    QVERIFY(finished.wait(20000));
    const auto result = finished.at(0).at(0).value<PreviewResult>();
    QCOMPARE(waited, waits);
    QCOMPARE(result.pages.size(), pages);
    QCOMPARE(result.pages.constFirst().status, 429);
    QCOMPARE(result.pages.constLast().page, 1); // attempts of one page
    QCOMPARE(result.error, error);
    QCOMPARE(result.records.isEmpty(), !error.isEmpty());
}

QTEST_GUILESS_MAIN(TestPreviewJob)
#include "tst_previewjob.moc"
