// Runs one backfill of the bulk benchmark spec against a running backfill-demo-api and
// prints what it measured on one line, for tests/bench/run.sh to put side by side with
// the Python baseline:
//   bench_engine --url http://127.0.0.1:PORT --partitions 200 --concurrency 8 --db FILE
// prints: engine records=N rows_in_db=N secs=S records_per_s=R requests=N retries=N failed=N peak_rss_mb=M
//         avg_request_ms=T (send to answer, per page)
#include "model/core/memorypolicy.h"
#include "model/spec/specloader.h"
#include "model/workspace/workspace.h"
#include "network/engine/backfillengine.h"
#include "network/planning/endpointprogram.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSqlQuery>

#include <sys/resource.h>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}
} // namespace

int main(int argc, char *argv[])
{
    Backfill::keepMemoryFlat();
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption url(u"url"_s, u"The demo API's base URL."_s, u"url"_s);
    const QCommandLineOption spec(u"spec"_s, u"The spec file."_s, u"file"_s,
                                  QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/demo_bulk_benchmark.yaml"));
    const QCommandLineOption endpoint(u"endpoint"_s, u"The endpoint."_s, u"name"_s, u"records"_s);
    const QCommandLineOption partitions(u"partitions"_s, u"Partitions 1..N."_s, u"n"_s, u"200"_s);
    const QCommandLineOption concurrency(u"concurrency"_s, u"Partitions in parallel."_s, u"n"_s, u"8"_s);
    const QCommandLineOption rate(u"rate"_s, u"Requests per second (0: unlimited)."_s, u"n"_s, u"0"_s);
    const QCommandLineOption db(u"db"_s, u"The workspace file (replaced)."_s, u"file"_s, u"/tmp/bench-engine.sqlite"_s);
    const QCommandLineOption set(u"param"_s, u"Extra request parameter name=value."_s, u"name=value"_s);
    const QCommandLineOption sequential(u"sequential-pages"_s,
                                        u"Fetch each partition's pages one after the other, as with a cursor."_s);
    parser.addOptions({url, spec, endpoint, partitions, concurrency, rate, db, set, sequential});
    parser.process(app);

    SpecLoadResult loaded = SpecLoader::loadFile(parser.value(spec));
    if (hasErrors(loaded.problems)) {
        for (const auto &problem : loaded.problems)
            fprintf(stderr, "%s\n", qPrintable(problem.toString()));
        return 2;
    }
    setValue(loaded.spec.defaults.state, u"base_url"_s, parser.value(url));
    for (const QString &pair : parser.values(set)) {
        for (Endpoint &e : loaded.spec.endpoints)
            setValue(e.request.parameters, pair.section(u'=', 0, 0), pair.section(u'=', 1));
    }
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(parser.value(db) + QLatin1StringView(suffix));

    QString error;
    const auto program = EndpointProgram::compile(loaded.spec, parser.value(endpoint), &error);
    if (!program) {
        fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    const QJsonObject context{{u"range_start"_s, u"1"_s}, {u"range_end"_s, parser.value(partitions)}};
    const auto plans = planPartitions(*program, context, {}, &error);
    if (!plans) {
        fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }

    QNetworkAccessManager network;
    BackfillEngine engine(&network);
    EngineOptions options;
    options.concurrency = parser.value(concurrency).toInt();
    options.rate = parser.value(rate).toDouble();
    options.startedBy = u"benchmark"_s;
    options.parallelPages = !parser.isSet(sequential);
    options.processSmallPagesInline = true; // as the headless runner runs
    RunSummary summary;
    // Where scheduling time goes: the requests themselves (send to answer) against the whole.
    qint64 requestMs = 0;
    qint64 pagesFetched = 0;
    QObject::connect(&engine, &BackfillEngine::event, &app, [&](const EngineEvent &event) {
        if (event.kind == EngineEvent::Kind::PageFetched) {
            requestMs += event.durationMs;
            ++pagesFetched;
        }
    });
    QObject::connect(&engine, &BackfillEngine::finished, &app, [&](const RunSummary &s) {
        summary = s;
        app.quit();
    });
    if (!engine.start(loaded.spec, {{parser.value(endpoint), {}, plans->partitions, context}}, Secrets(),
                      parser.value(db), options, &error)) {
        fprintf(stderr, "%s\n", qPrintable(error));
        return 3;
    }
    app.exec();

    qint64 rows = -1;
    {
        Workspace workspace;
        if (workspace.open(parser.value(db))) {
            QSqlQuery query(workspace.database());
            if (query.exec(u"SELECT count(*) FROM "_s + parser.value(endpoint)) && query.next())
                rows = query.value(0).toLongLong();
        }
    }
    const double secs = summary.wallMs / 1000.0;
    printf("engine records=%lld rows_in_db=%lld secs=%.2f records_per_s=%.0f requests=%d retries=%d failed=%d "
           "peak_rss_mb=%.0f avg_request_ms=%.1f\n",
           summary.counts.rows, rows, secs, summary.counts.rows / std::max(secs, 0.001), summary.requests,
           summary.retries, summary.counts.failed, peakRssMb(),
           double(requestMs) / double(std::max<qint64>(1, pagesFetched)));
    return summary.counts.failed > 0 ? 1 : 0;
}
