// Runs the benchmark workload (the bulk benchmark spec, 200 partitions x 5 pages x 500 records)
// through the studio's run panel on the offscreen platform, while a 1 ms timer measures the
// gaps of the GUI thread's event loop, and prints the largest on one line:
//   bench_gui_stall --url http://127.0.0.1:PORT --partitions 200 --db FILE
//   bench_gui_stall --idle-ms 15000    (the same measure with no run: the machine's own noise)
// prints: gui_stall max_ms=M p99_ms=P over_16ms=N over_50ms=N busy_max_ms=B busy_over_16ms=N ticks=N
//         gui_cpu_s=C rows=N secs=S failed=N load=L
// max_ms is the largest wall-clock gap; busy_max_ms the largest CPU time the GUI thread itself
// spent inside one gap (the rest of a gap is waiting for a core when the machine is loaded).
#include "model/core/memorypolicy.h"
#include "model/spec/specloader.h"
#include "network/planning/endpointprogram.h"
#include "views/run/runcontroller.h"
#include "views/run/runpanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QTimer>

#include <algorithm>

#include <time.h>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
// CPU time of the calling thread: the part of a gap the GUI thread spent working, as opposed
// to waiting for a core on a loaded machine.
qint64 threadCpuNs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

double loadAverage()
{
    double load = 0;
    if (FILE *file = fopen("/proc/loadavg", "r")) {
        if (fscanf(file, "%lf", &load) != 1)
            load = 0;
        fclose(file);
    }
    return load;
}

struct Gaps
{
    QList<qint64> ns;

    void add(qint64 gap) { ns.append(gap); }
    qint64 max() const { return ns.isEmpty() ? 0 : *std::max_element(ns.cbegin(), ns.cend()); }
    qint64 percentile(double p)
    {
        if (ns.isEmpty())
            return 0;
        std::sort(ns.begin(), ns.end());
        return ns.at(std::min(ns.size() - 1, qsizetype(ns.size() * p)));
    }
    long long over(double limitMs) const
    {
        return std::count_if(ns.cbegin(), ns.cend(), [limitMs](qint64 gap) { return gap / 1e6 > limitMs; });
    }
};
} // namespace

int main(int argc, char *argv[])
{
    Backfill::keepMemoryFlat();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption url(u"url"_s, u"The demo API's base URL."_s, u"url"_s);
    const QCommandLineOption spec(u"spec"_s, u"The spec file."_s, u"file"_s,
                                  QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/demo_bulk_benchmark.yaml"));
    const QCommandLineOption partitions(u"partitions"_s, u"Partitions 1..N."_s, u"n"_s, u"200"_s);
    const QCommandLineOption concurrency(u"concurrency"_s, u"Partitions in parallel."_s, u"n"_s, u"8"_s);
    const QCommandLineOption db(u"db"_s, u"The workspace file (replaced)."_s, u"file"_s, u"/tmp/bench-gui.sqlite"_s);
    const QCommandLineOption idle(u"idle-ms"_s, u"Measure this long with the panel shown and no run (the baseline)."_s,
                                  u"ms"_s);
    parser.addOptions({url, spec, partitions, concurrency, db, idle});
    parser.process(app);

    SpecLoadResult loaded = SpecLoader::loadFile(parser.value(spec));
    if (hasErrors(loaded.problems)) {
        for (const auto &problem : loaded.problems)
            fprintf(stderr, "%s\n", qPrintable(problem.toString()));
        return 2;
    }
    setValue(loaded.spec.defaults.state, u"base_url"_s, parser.value(url));
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(parser.value(db) + QLatin1StringView(suffix));
    QString error;
    const auto program = EndpointProgram::compile(loaded.spec, u"records"_s, &error);
    const QJsonObject context{{u"range_start"_s, u"1"_s}, {u"range_end"_s, parser.value(partitions)}};
    const auto plans = program ? planPartitions(*program, context, {}, &error) : std::nullopt;
    if (!plans) {
        fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }

    QNetworkAccessManager network;
    RunController controller(&network);
    controller.setWorkspace(parser.value(db), nullptr);
    EngineOptions options;
    options.concurrency = parser.value(concurrency).toInt();
    options.rate = 0;
    controller.setOptions(options);
    RunPanel panel(&controller);
    panel.resize(1280, 800);
    panel.show();

    // The event loop's heartbeat: a gap between two ticks is time the GUI thread was busy.
    QElapsedTimer clock;
    Gaps wall;
    Gaps cpu;
    qint64 last = -1;
    qint64 lastCpu = 0;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(1);
    QObject::connect(&heartbeat, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 nowCpu = threadCpuNs();
        if (last >= 0) {
            wall.add(now - last);
            cpu.add(nowCpu - lastCpu);
        }
        last = now;
        lastCpu = nowCpu;
    });

    RunSummary summary;
    qint64 startCpuNs = 0;
    qint64 guiCpuNs = 0;
    QObject::connect(&controller, &RunController::finished, &app, [&](const RunSummary &s) {
        summary = s;
        heartbeat.stop();
        guiCpuNs = threadCpuNs() - startCpuNs;
        // One more turn so the panel paints the end of the run as a user would see it.
        QTimer::singleShot(50, &app, &QCoreApplication::quit);
    });
    QTimer::singleShot(200, &app, [&] { // the window is shown and painted first
        clock.start();
        startCpuNs = threadCpuNs();
        heartbeat.start();
        if (parser.isSet(idle)) {
            QTimer::singleShot(parser.value(idle).toInt(), &app, [&] {
                heartbeat.stop();
                guiCpuNs = threadCpuNs() - startCpuNs;
                QCoreApplication::quit();
            });
            return;
        }
        if (!controller.start(loaded.spec, u"records"_s, plans->partitions, &error, context)) {
            fprintf(stderr, "%s\n", qPrintable(error));
            QCoreApplication::exit(3);
        }
    });
    if (app.exec() != 0)
        return 3;

    const auto ms = [](qint64 ns) { return ns / 1e6; };
    printf("gui_stall max_ms=%.1f p99_ms=%.1f over_16ms=%lld over_50ms=%lld busy_max_ms=%.1f busy_over_16ms=%lld "
           "gui_cpu_s=%.2f ticks=%lld rows=%lld secs=%.2f failed=%d load=%.2f\n",
           ms(wall.max()), ms(wall.percentile(0.99)), wall.over(16), wall.over(50), ms(cpu.max()), cpu.over(16),
           guiCpuNs / 1e9, qlonglong(wall.ns.size()), summary.counts.rows, summary.wallMs / 1000.0,
           summary.counts.failed, loadAverage());
    return summary.counts.failed > 0 ? 1 : 0;
}
