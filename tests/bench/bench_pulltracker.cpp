// What comparing a re-pulled partition costs in memory: one partition of N rows (the demo API's
// bulk records, generated a page at a time) pulled once, its fingerprint kept in a real
// workspace file, then pulled again with a tenth of its rows changed, a hundredth gone and as
// many new, compared with the first pull by the writer's PullTracker. Memory stays flat when
// the peak RSS of the second pass does not grow with N (run it at 100k and 1M rows: run.sh
// prints the ratio).
//   bench_pulltracker --rows 1000000 --db FILE
// prints: pulltracker rows=N added=A changed=C removed=R secs=S rss_before_mb=B rss_peak_mb=P
#include "app/demoapi/dataset.h"
#include "app/demoapi/jsonwriter.h"
#include "model/targets/pulltracker.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QElapsedTimer>
#include <QFile>

#include <sys/resource.h>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
constexpr int RecordsPerPage = 500;

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // kilobytes on Linux
}

// Rows [from, to) of the partition, a page at a time; with `changed`, every tenth row comes
// from it (the same id, other values).
void pull(const DemoApi::Dataset &data, const DemoApi::Dataset *changed, qint64 from, qint64 to, PullTracker &tracker)
{
    for (qint64 first = from; first < to; first += RecordsPerPage) {
        DemoApi::JsonWriter w(RecordsPerPage * 350 + 16);
        w.beginArray();
        for (qint64 i = first; i < std::min(to, first + RecordsPerPage); ++i)
            (changed && i % 10 == 0 ? *changed : data).writeBulkRecord(w, 1, i);
        w.endArray();
        RecordBatch batch;
        QString error;
        if (!batch.appendJson(w.take(), {}, &error))
            qFatal("cannot parse a generated page: %s", qPrintable(error));
        tracker.add(batch, {});
    }
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption rows(u"rows"_s, u"Rows in the partition."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption db(u"db"_s, u"The workspace file (replaced)."_s, u"FILE"_s, u"pulltracker.sqlite"_s);
    parser.addOptions({rows, db});
    parser.process(app);
    const qint64 rowCount = parser.value(rows).toLongLong();
    const QString path = parser.value(db);
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1StringView(suffix));

    Workspace workspace;
    QString error;
    if (!workspace.open(path, &error)) {
        fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(error));
        return 2;
    }
    PartitionLedger ledger(workspace);
    const qint64 endpointId = ledger.ensureEndpoint(u"Bulk records (benchmark)"_s, u"records"_s);
    const QString key = u"1"_s;
    const DemoApi::Dataset data(1, 0, QDate(2026, 1, 1));
    const DemoApi::Dataset changed(2, 0, QDate(2026, 1, 1));
    const QStringList primaryKey = {u"id"_s};

    // The first pull: nothing to compare with, a fingerprint left in the ledger.
    {
        if (!ledger.markRunning(endpointId, key))
            qFatal("cannot start the partition");
        PullTracker first(primaryKey, {}, std::nullopt, true);
        pull(data, nullptr, 0, rowCount, first);
        const PullTracker::Result result = first.finish({});
        if (!result.error.isEmpty() || !ledger.recordPull(endpointId, key, result.pull, {}, result.fingerprint))
            qFatal("cannot record the first pull");
    }

    // The second: the first hundredth gone, as many new at the end, every tenth row changed.
    const double before = peakRssMb();
    QElapsedTimer clock;
    clock.start();
    PullTracker second(primaryKey, {}, ledger.fingerprint(endpointId, key), true);
    pull(data, &changed, rowCount / 100, rowCount + rowCount / 100, second);
    const PullTracker::Result result = second.finish({});
    if (!result.error.isEmpty() ||
        !ledger.recordPull(endpointId, key, result.pull, result.examples, result.fingerprint))
        qFatal("cannot record the second pull: %s", qPrintable(result.error));
    const double secs = double(clock.nsecsElapsed()) / 1e9;
    printf("pulltracker rows=%lld added=%lld changed=%lld removed=%lld examples=%lld secs=%.3f rss_before_mb=%.1f "
           "rss_peak_mb=%.1f\n",
           rowCount, result.pull.added, result.pull.changed, result.pull.removed, qint64(result.examples.size()), secs,
           before, peakRssMb());
    return 0;
}
