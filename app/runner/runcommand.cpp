// backfill run: runs the selected partitions of a spec (or of a replication file's
// streams) into the workspace, resuming what an earlier run left unfinished.
#include "app/runner/commandsupport.h"
#include "app/runner/console.h"
#include "app/runner/replicationstreams.h"
#include "app/runner/runprogress.h"
#include "app/runner/signalwatcher.h"
#include "model/core/secrets.h"
#include "model/targets/targeturl.h"
#include "model/workspace/workspace.h"
#include "network/engine/backfillengine.h"
#include "network/planning/streamselection.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonObject>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace Backfill {

using CommandSupport::tr;

namespace {} // namespace

int runCommand(const QStringList &arguments)
{
    Console console;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Runs the selected partitions of a spec into the workspace. Running the same command again resumes: "
           "succeeded partitions are skipped, failed and unfinished ones run.\n"
           "With --replication, a Sling replication file names the spec (`source`, a spec file path relative "
           "to the replication file), the tables (`streams.<endpoint>.object`), the ranges "
           "(`source_options.range`) and the mode.\n"
           "Exit codes: 0 all succeeded, 1 some failed, 2 usage or spec error, 3 target or workspace error, "
           "130 interrupted."));
    parser.addPositionalArgument(u"spec"_s, tr("The spec file (YAML)."), u"[spec]"_s);
    const QCommandLineOption replicationOption(u"replication"_s, tr("Run the streams of a replication file."),
                                               tr("file"));
    const QCommandLineOption endpointOption(u"endpoint"_s, tr("Run only this endpoint (repeatable)."), tr("name"));
    const QCommandLineOption rangeOption(
        u"range"_s, tr("The partitions: 2024-01-01,2024-01-31, [2024-01-01...2024-01-31], 2024-03-*, 10000,50000."),
        tr("range"));
    const QCommandLineOption dbOption(u"db"_s,
                                      tr("The workspace file (default: workspace.sqlite in the data "
                                         "directory)."),
                                      tr("file"));
    const QCommandLineOption targetOption(u"target"_s,
                                          tr("Where rows go: sqlite:PATH (default: the workspace file) or "
                                             "postgresql://user@host[:port]/database (password from PGPASSWORD)."),
                                          tr("url"));
    const QCommandLineOption secretsOption(
        u"secrets"_s, tr("A YAML map of secrets; BACKFILL_SECRET_<NAME> variables also work."), tr("file"));
    const QCommandLineOption concurrencyOption(u"concurrency"_s, tr("Partitions in parallel per endpoint."), tr("n"));
    const QCommandLineOption rateOption(u"rate"_s, tr("Requests per second per endpoint."), tr("n"));
    const QCommandLineOption onlyMissingOption(
        u"only-missing"_s, tr("Run only partitions never run, and open ones (their period had not ended)."));
    const QCommandLineOption retryFailedOption(u"retry-failed"_s, tr("Run only failed partitions."));
    const QCommandLineOption forceOption(u"force"_s, tr("Run succeeded partitions again too."));
    const CommandSupport::ModeOptions modeOptions = CommandSupport::modeOptions();
    const QCommandLineOption orderOption(u"order"_s, tr("oldest, newest or failed-first."), tr("order"), u"oldest"_s);
    const QCommandLineOption jsonOption(u"json"_s, tr("One JSON event per line, then a summary object."));
    const QCommandLineOption quietOption(u"quiet"_s, tr("Print only the summary."));
    const QCommandLineOption inputOption = CommandSupport::inputOption();
    parser.addOption(inputOption);
    parser.addOptions({replicationOption, endpointOption, rangeOption, dbOption, targetOption, secretsOption,
                       concurrencyOption, rateOption, onlyMissingOption, retryFailedOption, forceOption,
                       modeOptions.mode, modeOptions.lookback, orderOption, jsonOption, quietOption});
    if (const auto exit = CommandSupport::parse(parser, u"run"_s, arguments, console))
        return *exit;

    const bool replicationMode = parser.isSet(replicationOption);
    const QStringList positional = parser.positionalArguments();
    if (replicationMode ? !positional.isEmpty() : positional.size() != 1) {
        console.err(replicationMode ? tr("backfill run: give either a spec or --replication, not both")
                                    : tr("backfill run: give one spec file (or --replication FILE)"));
        return ExitUsage;
    }
    const int filters =
        int(parser.isSet(onlyMissingOption)) + int(parser.isSet(retryFailedOption)) + int(parser.isSet(forceOption));
    if (filters > 1) {
        console.err(tr("backfill run: --only-missing, --retry-failed and --force exclude each other"));
        return ExitUsage;
    }
    const auto order = CommandSupport::orderFromName(parser.value(orderOption));
    if (!order) {
        console.err(tr("backfill run: --order must be oldest, newest or failed-first"));
        return ExitUsage;
    }
    EngineOptions options;
    const auto inputs = CommandSupport::inputs(parser, u"run"_s, console);
    if (!inputs)
        return ExitUsage;
    options.inputs = *inputs;
    options.startedBy = u"headless"_s;
    options.processSmallPagesInline = true; // no GUI thread to keep free here
    if (parser.isSet(concurrencyOption)) {
        bool ok = false;
        options.concurrency = parser.value(concurrencyOption).toInt(&ok);
        if (!ok || options.concurrency < 1) {
            console.err(tr("backfill run: --concurrency must be a whole number of 1 or more"));
            return ExitUsage;
        }
    }
    if (parser.isSet(rateOption)) {
        bool ok = false;
        options.rate = parser.value(rateOption).toDouble(&ok);
        if (!ok || options.rate < 0) {
            console.err(tr("backfill run: --rate must be a number of requests per second (0: unlimited)"));
            return ExitUsage;
        }
    }

    // What to run: the spec's endpoints, or the replication's streams.
    const auto source =
        loadStreams(parser.value(replicationOption), replicationMode ? QString() : positional.constFirst(),
                    parser.values(endpointOption), parser.value(rangeOption), console);
    if (!source)
        return ExitUsage;
    const QString &specPath = source->specPath;
    QList<StreamRequest> requests = source->requests;
    const ApiSpec &spec = source->spec;
    if (!CommandSupport::applyModeOptions(parser, modeOptions, u"run"_s, requests, console))
        return ExitUsage;
    QString target = parser.value(targetOption);
    const bool targetFromReplication = replicationMode && target.isEmpty();
    if (targetFromReplication)
        target = source->target;
    options.rangeText = parser.value(rangeOption);
    if (replicationMode && options.rangeText.isEmpty()) {
        QStringList ranges; // the run's record shows each stream's range
        for (const StreamRequest &request : std::as_const(requests)) {
            if (!request.range.isEmpty())
                ranges << request.endpoint + u": "_s + request.range;
        }
        options.rangeText = ranges.join(u"; "_s);
    }

    Secrets secrets;
    if (parser.isSet(secretsOption)) {
        QString error;
        if (!secrets.loadFile(parser.value(secretsOption), &error)) {
            console.err(error);
            return ExitUsage;
        }
    }
    console.setSecrets(&secrets);

    const QString dbPath = CommandSupport::workspacePath(parser.value(dbOption));
    QString error;
    if (const auto parsed = TargetUrl::parse(target, dbPath, targetFromReplication, &error)) {
        options.target = *parsed;
    } else {
        console.err(error);
        return ExitTarget;
    }

    // Secrets first: a missing one stops before the workspace is touched or a request sent.
    for (const StreamRequest &request : std::as_const(requests)) {
        QString error;
        const auto program = EndpointProgram::compile(spec, request.endpoint, &error);
        if (!program) {
            console.err(u"%1: %2"_s.arg(specPath, error));
            return ExitUsage;
        }
        const QStringList missing = secrets.missing(program->secretNames);
        if (!missing.isEmpty()) {
            console.err(tr("%1 needs the secret \"%2\": put it in the --secrets file or set BACKFILL_SECRET_%3")
                            .arg(request.endpoint, missing.constFirst(), missing.constFirst().toUpper()));
            return ExitUsage;
        }
    }

    Workspace workspace;
    QDir().mkpath(QFileInfo(dbPath).absolutePath());
    if (!workspace.open(dbPath, &error)) {
        console.err(error);
        return ExitTarget;
    }
    PartitionLedger ledger(workspace);
    ledger.recoverInterrupted();

    const RunFilter filter = parser.isSet(onlyMissingOption)   ? RunFilter::OnlyMissing
                             : parser.isSet(retryFailedOption) ? RunFilter::RetryFailed
                             : parser.isSet(forceOption)       ? RunFilter::Everything
                                                               : RunFilter::Resume;
    const auto streams = selectStreams(spec, requests, &ledger, true, filter, *order, &error);
    if (!streams) {
        console.err(error);
        return ExitUsage;
    }
    QList<EndpointRun> runs;
    int partitions = 0;
    for (const SelectedStream &stream : *streams) {
        EndpointRun run;
        run.endpoint = stream.program->name;
        run.table = stream.table;
        run.partitions = stream.toRun;
        run.context = stream.context;
        run.fullRefresh = stream.mode == RunMode::FullRefresh;
        partitions += int(stream.toRun.size());
        runs.append(run);
    }

    const RunProgress::Style style = parser.isSet(jsonOption)    ? RunProgress::Style::Json
                                     : parser.isSet(quietOption) ? RunProgress::Style::Quiet
                                     : console.isTerminal()      ? RunProgress::Style::Live
                                                                 : RunProgress::Style::Lines;
    RunProgress progress(console, style, partitions);
    if (partitions == 0) {
        RunSummary nothing;
        progress.finish(nothing, ExitSuccess, false);
        if (style != RunProgress::Style::Json)
            console.err(tr("Nothing to run: every selected partition is done (use --force to run them again)."));
        return ExitSuccess;
    }

    QNetworkAccessManager network;
    BackfillEngine engine(&network);
    QEventLoop loop;
    RunSummary summary;
    bool interrupted = false;
    QObject::connect(&engine, &BackfillEngine::event, &loop,
                     [&progress](const EngineEvent &event) { progress.onEvent(event); });
    QObject::connect(&engine, &BackfillEngine::finished, &loop, [&](const RunSummary &result) {
        summary = result;
        loop.quit();
    });
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, &loop, [&](int) {
        interrupted = true;
        console.err(tr("Stopping: committing what was fetched (press Ctrl+C again to quit at once)..."));
        engine.cancel();
    });

    if (!engine.start(spec, runs, secrets, dbPath, options, &error)) {
        console.err(error);
        return ExitTarget;
    }
    loop.exec();

    const int exitCode = interrupted                 ? ExitInterrupted
                         : !summary.error.isEmpty()  ? ExitTarget
                         : summary.counts.failed > 0 ? ExitSomeFailed
                                                     : ExitSuccess;
    progress.finish(summary, exitCode, interrupted);
    return exitCode;
}

} // namespace Backfill
