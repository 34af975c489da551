// The data browser over a large target table: builds a table of N rows (default 1,000,000) the
// way the SQLite target lays it out, then times what a user waits for, in a real QTableView on
// the offscreen platform, and prints one line per step (nothing is asserted):
//   bench_databrowser [--rows N] [--db FILE]
// prints: databrowser rows=N build_s=S first_rows_ms=M end_ms=M sorted_first_ms=M sorted_end_ms=M
//         filter_ms=M partition_ms=M export_s=S cached_rows=N peak_rss_mb=M
//         sort_block_ms=M filter_block_ms=M partition_block_ms=M
// (*_ms: until the new rows are painted; *_block_ms: the longest the GUI thread was blocked
// meanwhile, seen by a 1 ms timer, the call itself included)
#include "model/itemmodels/tablebrowsermodel.h"
#include "model/workspace/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTimer>

#include <functional>

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

bool build(Workspace &workspace, qint64 rows)
{
    QSqlQuery query(workspace.database());
    const QStringList statements{
        u"CREATE TABLE daily_events (active BOOLEAN, amount REAL, id INTEGER, name TEXT, payload TEXT, "
        "_backfill_partition TEXT NOT NULL, _backfill_loaded_at TEXT NOT NULL, PRIMARY KEY (id))"_s,
        u"BEGIN"_s,
        u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
        "INSERT INTO daily_events SELECT i % 2, i * 0.25, i, 'user ' || (i % 5000), "
        "'{\"k\":' || i || ',\"tags\":[\"a\",\"b\"]}', date('2023-01-01', '+' || (i % 365) || ' days'), "
        "'2024-06-01T00:00:00Z' FROM n"_s.arg(rows),
        u"CREATE INDEX daily_events__partition ON daily_events (_backfill_partition)"_s,
        u"COMMIT"_s,
    };
    for (const QString &sql : statements) {
        if (!query.exec(sql)) {
            fprintf(stderr, "%s: %s\n", qPrintable(sql.left(60)), qPrintable(query.lastError().text()));
            return false;
        }
    }
    return true;
}

// Lets the view lay out and paint, as the first frame after a change would.
void settle(QTableView &view)
{
    QCoreApplication::processEvents();
    view.viewport()->repaint();
}

// A change of the sort or filters, until its rows are painted: how long that took, and the
// longest the GUI thread went without running its event loop meanwhile.
struct Step
{
    double readyMs = 0;
    double blockMs = 0;
};
Step step(TableBrowserModel &model, QTableView &view, const std::function<void()> &change)
{
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    Step step;
    const auto tick = [&] {
        const qint64 now = clock.nsecsElapsed();
        step.blockMs = std::max(step.blockMs, double(now - last) / 1e6);
        last = now;
    };
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(1);
    QObject::connect(&timer, &QTimer::timeout, tick);
    timer.start();
    change();
    while (model.busy())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    settle(view);
    tick();
    step.readyMs = double(clock.nsecsElapsed()) / 1e6;
    return step;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption rowsOption(u"rows"_s, u"Rows in the table."_s, u"n"_s, u"1000000"_s);
    const QCommandLineOption db(u"db"_s, u"The workspace file (replaced)."_s, u"file"_s,
                                u"/tmp/bench-databrowser.sqlite"_s);
    parser.addOptions({rowsOption, db});
    parser.process(app);
    const qint64 rows = parser.value(rowsOption).toLongLong();

    QFile::remove(parser.value(db));
    Workspace workspace;
    QString error;
    if (!workspace.open(parser.value(db), &error)) {
        fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    QElapsedTimer timer;
    timer.start();
    if (!build(workspace, rows))
        return 2;
    const double buildSecs = timer.elapsed() / 1000.0;

    TableBrowserModel model;
    QTableView view;
    view.resize(1200, 800);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.setModel(&model);
    view.show();

    const auto ms = [&timer] { return timer.nsecsElapsed() / 1e6; };
    timer.restart();
    model.setTable(workspace.database(), u"daily_events"_s);
    settle(view);
    const double firstRows = ms();

    timer.restart();
    view.scrollToBottom();
    settle(view);
    const double end = ms();

    const Step sorted = step(model, view, [&] { model.sort(1, Qt::DescendingOrder); });

    timer.restart();
    view.scrollToBottom();
    settle(view);
    const double sortedEnd = ms();
    const int cachedRows = model.cachedRows();

    const Step filter = step(model, view, [&] { model.setFilterText(u"user 42"_s); });

    model.setFilterText({});
    model.sort(-1);
    const Step partition = step(model, view, [&] { model.setPartition(u"2023-03-01"_s); });
    model.setPartition({});

    timer.restart();
    const QString csv = parser.value(db) + u".csv"_s;
    if (!model.exportCsv(csv, &error))
        fprintf(stderr, "%s\n", qPrintable(error));
    const double exportSecs = timer.elapsed() / 1000.0;
    QFile::remove(csv);

    printf("databrowser rows=%lld build_s=%.2f first_rows_ms=%.1f end_ms=%.1f sorted_first_ms=%.1f "
           "sorted_end_ms=%.1f filter_ms=%.1f partition_ms=%.1f export_s=%.2f cached_rows=%d peak_rss_mb=%.1f "
           "sort_block_ms=%.1f filter_block_ms=%.1f partition_block_ms=%.1f\n",
           rows, buildSecs, firstRows, end, sorted.readyMs, sortedEnd, filter.readyMs, partition.readyMs, exportSecs,
           cachedRows, peakRssMb(), sorted.blockMs, filter.blockMs, partition.blockMs);
    return 0;
}
