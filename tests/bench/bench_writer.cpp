// The engine's writer alone: the throughput workload's pages (the demo API's bulk records,
// generated and parsed before the clock starts) handed to a LoadWriter on its own thread,
// as fast as it takes them, in the order the engine hands them over (8 partitions side by
// side, page by page). No HTTP, no JSON parsing, nothing else on the CPU: what SQLite and the
// writer's own work cost on this machine, the ceiling of the end-to-end figure.
//   bench_writer --partitions 200 --concurrency 8 --db FILE [--track on|off] [--repull]
// (--repull: the timed pass pulls every partition a second time, compared with the first, as a
// lookback or --force does; --track off: without the PullTracker, to see what it costs)
// prints: writer rows=N committed=N secs=S rows_per_s=R load_secs=L index_secs=I close_secs=C
#include "app/demoapi/dataset.h"
#include "app/demoapi/jsonwriter.h"
#include "model/core/memorypolicy.h"
#include "model/targets/loadwriter.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <deque>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
constexpr int PagesPerPartition = 5;
constexpr int RecordsPerPage = 500;

// One page of the bulk endpoint's records, as the engine's parsing threads leave it.
RecordBatch bulkPage(const DemoApi::Dataset &data, int partition, int page)
{
    DemoApi::JsonWriter w(RecordsPerPage * 350 + 16);
    w.beginArray();
    for (int i = page * RecordsPerPage; i < (page + 1) * RecordsPerPage; ++i)
        data.writeBulkRecord(w, partition, i);
    w.endArray();
    RecordBatch batch;
    QString error;
    if (!batch.appendJson(w.take(), {}, &error))
        qFatal("cannot parse a generated page: %s", qPrintable(error));
    return batch;
}
} // namespace

int main(int argc, char *argv[])
{
    Backfill::keepMemoryFlat();
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption partitions(u"partitions"_s, u"Partitions 1..N."_s, u"n"_s, u"200"_s);
    const QCommandLineOption concurrency(u"concurrency"_s, u"Partitions side by side."_s, u"n"_s, u"8"_s);
    const QCommandLineOption db(u"db"_s, u"The workspace file (replaced)."_s, u"file"_s, u"/tmp/bench-writer.sqlite"_s);
    const QCommandLineOption track(u"track"_s, u"Pull tracking (duplicates, changes): on or off."_s, u"on|off"_s,
                                   u"on"_s);
    const QCommandLineOption repull(u"repull"_s, u"Load every partition once before the clock starts: the timed "
                                                 u"pass pulls them again (compared with the first)."_s);
    parser.addOptions({partitions, concurrency, db, track, repull});
    parser.process(app);
    const int partitionCount = parser.value(partitions).toInt();
    const int side = std::max(1, parser.value(concurrency).toInt());
    const QString path = parser.value(db);
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1StringView(suffix));

    qint64 endpointId = -1;
    {
        Workspace workspace;
        QString error;
        if (!workspace.open(path, &error)) {
            fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(error));
            return 2;
        }
        PartitionLedger ledger(workspace);
        endpointId = ledger.ensureEndpoint(u"Bulk records (benchmark)"_s, u"records"_s);
    }

    // The ops in the engine's order: a window of `side` partitions, page by page, a partition
    // leaving the window after its last page and the next one taking its place.
    const DemoApi::Dataset data(1, 0, QDate(2026, 1, 1));
    PartitionCounts counts;
    const auto makeOps = [&] {
        counts = {};
        std::vector<LoadOp> ops;
        ops.reserve(size_t(partitionCount * (PagesPerPartition + 1)));
        std::deque<int> waiting;
        for (int p = 1; p <= partitionCount; ++p)
            waiting.push_back(p);
        std::vector<std::pair<int, int>> window; // partition, next page
        while (!waiting.empty() || !window.empty()) {
            while (int(window.size()) < side && !waiting.empty()) {
                LoadOp running;
                running.kind = LoadOp::Kind::Running;
                running.endpointId = endpointId;
                running.partition = QString::number(waiting.front());
                ops.push_back(std::move(running));
                window.emplace_back(waiting.front(), 0);
                waiting.pop_front();
            }
            for (size_t i = 0; i < window.size();) {
                auto &[partition, page] = window[i];
                LoadOp op;
                op.endpointId = endpointId;
                op.partition = QString::number(partition);
                op.table = u"records"_s;
                op.primaryKey = {u"id"_s};
                op.records = bulkPage(data, partition, page);
                op.counts = {page + 1, qint64(page + 1) * RecordsPerPage, 0};
                op.httpStatus = 200;
                op.checkpoint = QJsonObject{{u"page"_s, page + 2}};
                op.restart = page == 0; // a new attempt from its first page, as the engine sends it
                op.last = ++page == PagesPerPartition;
                counts.rows += op.records.rowCount();
                ops.push_back(std::move(op));
                if (page == PagesPerPartition)
                    window.erase(window.begin() + qsizetype(i));
                else
                    ++i;
            }
        }

        return ops;
    };
    std::vector<LoadOp> ops = makeOps();
    std::vector<LoadOp> again = parser.isSet(repull) ? makeOps() : std::vector<LoadOp>();

    // As the engine runs it: on its own thread, deleted there when the thread ends.
    QThread thread;
    auto *writer = new LoadWriter(path);
    writer->setTrackPulls(parser.value(track) != u"off"_s);
    writer->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, writer, &QObject::deleteLater);
    thread.start();
    QString openError;
    bool opened = false;
    QObject::connect(writer, &LoadWriter::opened, &app, [&](bool ok, const QString &error) {
        opened = ok;
        openError = error;
        app.quit();
    });
    QMetaObject::invokeMethod(writer, &LoadWriter::open, Qt::QueuedConnection);
    app.exec();
    if (!opened) {
        fprintf(stderr, "cannot open the writer: %s\n", qPrintable(openError));
        thread.quit();
        thread.wait();
        return 2;
    }

    qint64 committedRows = 0;
    qint64 lastCommitMs = 0;
    QElapsedTimer clock;
    QObject::connect(writer, &LoadWriter::committed, &app, [&](const QList<PartitionRecord> &, qint64 rows, qint64) {
        committedRows += rows;
        lastCommitMs = clock.elapsed();
    });
    QObject::connect(writer, &LoadWriter::drained, &app, &QCoreApplication::quit);
    QObject::connect(writer, &LoadWriter::failed, &app, [&](const QString &error) {
        fprintf(stderr, "the writer failed: %s\n", qPrintable(error));
        app.exit(1);
    });
    if (!again.empty()) {
        for (LoadOp &op : ops)
            writer->submit(std::move(op));
        writer->drain();
        if (app.exec() != 0)
            return 1;
        ops = std::move(again);
        committedRows = 0;
    }
    clock.start();
    for (LoadOp &op : ops)
        writer->submit(std::move(op));
    writer->drain();
    const int rc = app.exec();
    const qint64 drainedMs = clock.elapsed();
    thread.quit(); // the writer closes its connection: the engine's run ends here too
    thread.wait();
    const qint64 totalMs = clock.elapsed();
    if (rc != 0)
        return rc;

    const double secs = double(totalMs) / 1000.0;
    printf("writer rows=%lld committed=%lld secs=%.2f rows_per_s=%.0f load_secs=%.2f index_secs=%.2f "
           "close_secs=%.2f\n",
           counts.rows, committedRows, secs, double(counts.rows) / std::max(secs, 0.001), double(lastCommitMs) / 1000.0,
           double(drainedMs - lastCommitMs) / 1000.0, double(totalMs - drainedMs) / 1000.0);
    return committedRows == counts.rows ? 0 : 1;
}
