// The cost per partition as the partitions grow: 1,000, 10,000 and 87,672 hourly partitions (ten
// years) through what `backfill plan`, the ledger, the calendar and `backfill status` do with them.
// For each size a real SQLite workspace (in a temporary directory) holds one row per partition in
// mixed statuses (a few partitions have no row); each stage is run --repeats times and the best
// run is printed, in ms and in microseconds per partition, with the ratio of the per-partition cost at
// the largest size to that at the smallest. Prints the figures; asserts nothing (see README.md).
//   bench_partitions [--sizes 1000,10000,87672] [--repeats N]
// Stages:
//   plan: range       selectPartitions(): the typed range expanded into the endpoint's partitions
//   plan: command     `backfill plan SPEC --db FILE --range R` (planCommand, output to /dev/null)
//   ledger: ...       partitions(), countsByStatus() and nextToRun() of the selection, on an open workspace
//   calendar build    PartitionCalendarModel::setRecords() + setSpan() over the partitions' days
//   status: command   `backfill status --db FILE` (statusCommand, output to /dev/null)
#include "app/runner/commandsupport.h"
#include "model/itemmodels/partitioncalendarmodel.h"
#include "model/partitions/partitionscheme.h"
#include "model/spec/specloader.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "model/workspace/workspacetransaction.h"
#include "network/planning/partitionselection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <functional>
#include <unistd.h>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {

const QString SpecName = u"bench"_s;
const QString EndpointName = u"events"_s;
// As Sling's specs write an hourly iteration: the range alone, no defaults.
const QByteArray SpecYaml = "name: bench\n"
                            "endpoints:\n"
                            "  events:\n"
                            "    iterate:\n"
                            "      over: 'range(context.range_start, context.range_end, \"1h\")'\n"
                            "      into: state.hour\n"
                            "    request:\n"
                            "      url: http://127.0.0.1/events\n"
                            "      parameters:\n"
                            "        hour: '{state.hour}'\n"
                            "    response:\n"
                            "      records:\n"
                            "        jmespath: 'data[]'\n";

// Sends stdout to /dev/null while it lives: the commands print every partition.
class SilencedStdout final
{
public:
    SilencedStdout()
    {
        std::fflush(stdout);
        m_saved = ::dup(STDOUT_FILENO);
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDOUT_FILENO);
        ::close(null);
    }
    ~SilencedStdout()
    {
        std::fflush(stdout);
        ::dup2(m_saved, STDOUT_FILENO);
        ::close(m_saved);
    }
    Q_DISABLE_COPY_MOVE(SilencedStdout)

private:
    int m_saved = -1;
};

// One partition row per key in mixed statuses, as a workspace holds them after some runs: most
// succeeded (a few thin, to be flagged, a few changed on their last pull), some failed, empty,
// open, queued or left running, and one key in twelve never run (no row).
bool fillLedger(PartitionLedger &ledger, Workspace &workspace, qint64 endpointId, const QStringList &keys)
{
    QRandomGenerator random(21);
    WorkspaceTransaction transaction(workspace);
    QStringList queued;
    const QDateTime future = QDateTime::currentDateTimeUtc().addDays(1);
    for (const QString &key : keys) {
        const int draw = random.bounded(100);
        if (draw < 8)
            continue; // missing
        if (draw < 10) {
            queued << key;
            continue;
        }
        if (!ledger.markRunning(endpointId, key))
            return false;
        const PartitionCounts counts{random.bounded(1, 5), random.bounded(900, 1100), 350'000};
        bool ok = true;
        if (draw < 11) {
            // left running
        } else if (draw < 19) {
            ok = ledger.markFailed(endpointId, key, 503, u"HTTP 503: Service Unavailable"_s);
        } else if (draw < 22) {
            ok = ledger.markSucceeded(endpointId, key, {1, 0, 20}, 200);
        } else if (draw < 23) {
            ok = ledger.markSucceeded(endpointId, key, counts, 200, future);
        } else {
            PartitionCounts pulled = counts;
            if (draw < 25)
                pulled.rows = 20; // thin: flagged against its neighbours
            ok = ledger.markSucceeded(endpointId, key, pulled, 200);
            if (ok && draw >= 98) {
                PartitionPull pull;
                pull.columns = u"id:integer,value:text"_s;
                pull.compared = true;
                pull.added = 3;
                pull.changed = 12;
                const FingerprintReader fingerprint = [](const auto &chunk) {
                    return chunk(QByteArray(32, '\1')), true;
                };
                ok = ledger.recordPull(endpointId, key, pull, {}, fingerprint);
            }
        }
        if (!ok)
            return false;
    }
    return ledger.markQueued(endpointId, queued) && transaction.commit();
}

struct Stage
{
    QString name;
    std::function<bool()> run; // false: the stage failed (the figures would mean nothing)
};

// The best of `repeats` runs: on a machine shared with builds, the other runs measure the
// neighbours as much as the code.
double bestMs(const Stage &stage, int repeats, bool *ok)
{
    QList<double> times;
    QElapsedTimer timer;
    for (int i = 0; i < repeats; ++i) {
        timer.start();
        if (!stage.run())
            *ok = false;
        times << double(timer.nsecsElapsed()) / 1e6;
    }
    return *std::min_element(times.cbegin(), times.cend());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // As the runner: the libraries' debug and info lines (each workspace opened) are for developers.
    QLoggingCategory::setFilterRules(u"backfill.*.debug=false\nbackfill.*.info=false"_s);
    QCommandLineParser parser;
    const QCommandLineOption sizesOption(u"sizes"_s, u"Hourly partitions, comma-separated."_s, u"n,n,..."_s,
                                         u"1000,10000,87672"_s);
    const QCommandLineOption repeatsOption(u"repeats"_s, u"Runs of each stage (the best is shown)."_s, u"n"_s, u"5"_s);
    parser.addOptions({sizesOption, repeatsOption});
    parser.addHelpOption();
    parser.process(app);
    const int repeats = std::max(1, parser.value(repeatsOption).toInt());
    QList<qint64> sizes;
    for (const QString &size : parser.value(sizesOption).split(u',', Qt::SkipEmptyParts))
        sizes << std::max<qint64>(1, size.toLongLong());
    if (sizes.isEmpty())
        return 2;

    QTextStream out(stdout);
    QTemporaryDir dir;
    const QString specPath = dir.filePath(u"bench.yaml"_s);
    QFile specFile(specPath);
    if (!dir.isValid() || !specFile.open(QIODevice::WriteOnly) || specFile.write(SpecYaml) != SpecYaml.size())
        return 2;
    specFile.close();
    const SpecLoadResult loaded = SpecLoader::load(SpecYaml, specPath);
    QString error;
    const auto program = loaded.hasErrors() ? nullptr : EndpointProgram::compile(loaded.spec, EndpointName, &error);
    if (!program) {
        std::fprintf(stderr, "the benchmark spec does not compile: %s\n", qPrintable(error));
        return 2;
    }

    // The calendar's and the range's scheme: hours from 1970 to 2099, from 2015-01-01T00 on.
    const PartitionScheme scheme =
        PartitionScheme::forDates(PartitionScheme::Grain::Hourly, QDate(1970, 1, 1), QDate(2099, 12, 31));
    const qint64 origin = scheme.indexOfKey(u"2015-01-01T00"_s);

    QList<QStringList> names; // stage names, in order
    QList<QList<double>> ms;  // per stage, per size
    bool ok = true;
    for (const qint64 size : std::as_const(sizes)) {
        QStringList keys;
        keys.reserve(size);
        for (qint64 index = origin; index < origin + size; ++index)
            keys << scheme.keyAt(index);
        const QString range = keys.constFirst() + u',' + keys.constLast();
        const QString dbPath = dir.filePath(u"workspace-%1.sqlite"_s.arg(size));
        Workspace workspace;
        if (!workspace.open(dbPath, &error)) {
            std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(dbPath), qPrintable(error));
            return 2;
        }
        qint64 endpointId = -1;
        {
            PartitionLedger filler(workspace);
            endpointId = filler.ensureEndpoint(SpecName, EndpointName);
            if (endpointId < 0 || !fillLedger(filler, workspace, endpointId, keys)) {
                std::fprintf(stderr, "cannot fill the ledger: %s\n", qPrintable(filler.lastError()));
                return 2;
            }
        }
        PartitionLedger ledger(workspace);
        const QList<PartitionRecord> records = ledger.partitions(endpointId);
        const QDate firstDay = scheme.partitionAt(origin)->start.date();
        const QDate lastDay = scheme.partitionAt(origin + size - 1)->start.date();

        const QList<Stage> stages{
            {u"plan: range (selectPartitions)"_s,
             [&] {
                 QString reason;
                 const auto selection = selectPartitions(*program, range, {}, {}, &reason);
                 return selection && selection->plans.partitions.size() == size;
             }},
            {u"plan: `backfill plan --range`"_s,
             [&] {
                 const SilencedStdout silenced;
                 return planCommand({u"backfill"_s, specPath, u"--db"_s, dbPath, u"--range"_s, range}) == ExitSuccess;
             }},
            {u"ledger: partitions()"_s, [&] { return ledger.partitions(endpointId).size() == records.size(); }},
            {u"ledger: countsByStatus()"_s,
             [&] { return ledger.countsByStatus(endpointId, keys).value(PartitionStatus::Missing) > 0; }},
            {u"ledger: nextToRun()"_s,
             [&] { return !ledger.nextToRun(endpointId, keys, PartitionLedger::Order::Oldest, -1).isEmpty(); }},
            {u"calendar build (setRecords, setSpan)"_s,
             [&] {
                 PartitionCalendarModel model;
                 model.setRecords(endpointId, scheme, records);
                 model.setSpan(firstDay, lastDay);
                 return model.rowCount() == firstDay.daysTo(lastDay) + 1;
             }},
            {u"status: `backfill status`"_s,
             [&] {
                 const SilencedStdout silenced;
                 return statusCommand({u"backfill"_s, u"--db"_s, dbPath}) == ExitSuccess;
             }},
        };
        for (qsizetype i = 0; i < stages.size(); ++i) {
            if (names.size() <= i) {
                names << QStringList{stages.at(i).name};
                ms << QList<double>();
            }
            bool stageOk = true;
            ms[i] << bestMs(stages.at(i), repeats, &stageOk);
            if (!stageOk) {
                std::fprintf(stderr, "%s failed at %lld partitions\n", qPrintable(stages.at(i).name), qlonglong(size));
                ok = false;
            }
        }
    }

    out << u"partitions: hourly from 2015-01-01T00, best of %1 runs, build %2"_s.arg(repeats).arg(
               QLatin1StringView(BACKFILL_BUILD_TYPE))
        << Qt::endl;
    QString header = u"%1"_s.arg(u"stage"_s, -40);
    for (const qint64 size : std::as_const(sizes))
        header += u"%1"_s.arg(u"%1: ms / us per partition"_s.arg(size), 32);
    out << header << u"%1"_s.arg(u"ratio"_s, 8) << Qt::endl;
    for (qsizetype i = 0; i < names.size(); ++i) {
        QString line = u"%1"_s.arg(names.at(i).constFirst(), -40);
        for (qsizetype s = 0; s < sizes.size(); ++s) {
            const double perPartition = ms.at(i).at(s) * 1000.0 / double(sizes.at(s));
            line += u"%1"_s.arg(u"%1 / %2"_s.arg(ms.at(i).at(s), 0, 'f', 2).arg(perPartition, 0, 'f', 2), 32);
        }
        const double first = ms.at(i).constFirst() * 1000.0 / double(sizes.constFirst());
        const double last = ms.at(i).constLast() * 1000.0 / double(sizes.constLast());
        out << line << u"%1"_s.arg(last / first, 8, 'f', 2) << Qt::endl;
    }
    out << u"ratio: us per partition at %1 over that at %2"_s.arg(sizes.constLast()).arg(sizes.constFirst())
        << Qt::endl;
    return ok ? 0 : 1;
}
