// backfill run: runs the selected partitions of a spec (or of a replication file's
// streams) into the workspace, resuming what an earlier run left unfinished.
#include "app/runner/commandsupport.h"
#include "app/runner/console.h"
#include "app/runner/runprogress.h"
#include "app/runner/signalwatcher.h"
#include "model/replication.h"
#include "model/secrets.h"
#include "model/workspace.h"
#include "network/backfillengine.h"
#include "network/streamselection.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Backfill {

using CommandSupport::tr;

namespace {

// `--target` (or a replication's target): only the workspace file itself is supported yet.
// Returns an error message, empty when the target is fine.
QString checkTarget(const QString &target, const QString &workspacePath, bool fromReplication)
{
    if (target.isEmpty())
        return {};
    if (target.startsWith("sqlite:"_L1)) {
        QString path = target.mid(7);
        if (path.startsWith("//"_L1))
            path = QUrl(target).toLocalFile();
        if (QFileInfo(path).absoluteFilePath() == QFileInfo(workspacePath).absoluteFilePath())
            return {};
        return tr("target %1: writing to a SQLite file other than the workspace (%2) is not supported yet; "
                  "use --db %3 to load into that file")
            .arg(target, workspacePath, path);
    }
    if (target.startsWith("postgres"_L1))
        return tr("target %1: PostgreSQL targets are not supported yet; rows go to the workspace file").arg(target);
    if (fromReplication && !target.contains(u':'))
        return {}; // a Sling connection name such as MY_TARGET_DB: the workspace stands for it
    return tr("target %1: not supported yet (use sqlite:PATH with the --db path)").arg(target);
}

// The replication's `source` names the spec file, relative to the replication file.
QString specPathFor(const Replication &replication, const QString &replicationPath)
{
    const QString source = replication.source;
    if (QFileInfo(source).isAbsolute())
        return source;
    return QFileInfo(replicationPath).absoluteDir().filePath(source);
}

} // namespace

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
    const QCommandLineOption targetOption(u"target"_s, tr("Where rows go: sqlite:PATH (the workspace file)."),
                                          tr("url"));
    const QCommandLineOption secretsOption(
        u"secrets"_s, tr("A YAML map of secrets; BACKFILL_SECRET_<NAME> variables also work."), tr("file"));
    const QCommandLineOption concurrencyOption(u"concurrency"_s, tr("Partitions in parallel per endpoint."), tr("n"));
    const QCommandLineOption rateOption(u"rate"_s, tr("Requests per second per endpoint."), tr("n"));
    const QCommandLineOption onlyMissingOption(u"only-missing"_s, tr("Run only partitions never run."));
    const QCommandLineOption retryFailedOption(u"retry-failed"_s, tr("Run only failed partitions."));
    const QCommandLineOption forceOption(u"force"_s, tr("Run succeeded partitions again too."));
    const QCommandLineOption orderOption(u"order"_s, tr("oldest, newest or failed-first."), tr("order"), u"oldest"_s);
    const QCommandLineOption jsonOption(u"json"_s, tr("One JSON event per line, then a summary object."));
    const QCommandLineOption quietOption(u"quiet"_s, tr("Print only the summary."));
    parser.addOptions({replicationOption, endpointOption, rangeOption, dbOption, targetOption, secretsOption,
                       concurrencyOption, rateOption, onlyMissingOption, retryFailedOption, forceOption, orderOption,
                       jsonOption, quietOption});
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
    options.startedBy = u"headless"_s;
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
    QString specPath;
    QList<StreamRequest> requests;
    QString target = parser.value(targetOption);
    bool targetFromReplication = false;
    std::optional<ApiSpec> spec;
    if (replicationMode) {
        const QString replicationPath = parser.value(replicationOption);
        if (!QFileInfo::exists(replicationPath)) {
            console.err(tr("%1: no such file").arg(replicationPath));
            return ExitUsage;
        }
        const ReplicationLoadResult loaded = ReplicationFile::loadFile(replicationPath);
        for (const SpecProblem &problem : loaded.problems)
            console.err(problem.toString());
        if (loaded.hasErrors())
            return ExitUsage;
        const Replication &replication = loaded.replication;
        if (replication.source.isEmpty()) {
            console.err(tr("%1: `source` must name the spec file").arg(replicationPath));
            return ExitUsage;
        }
        specPath = specPathFor(replication, replicationPath);
        spec = CommandSupport::loadSpec(specPath, console);
        if (!spec)
            return ExitUsage;
        const QStringList only = parser.values(endpointOption);
        for (const ReplicationStream &declared : replication.streams) {
            const auto stream = replication.resolvedStream(declared.name);
            if (!stream || stream->disabled.value_or(false) || (!only.isEmpty() && !only.contains(stream->name)))
                continue;
            if (!spec->endpoint(stream->name)) {
                console.err(
                    tr("%1: stream \"%2\" is not an endpoint of %3").arg(replicationPath, stream->name, specPath));
                return ExitUsage;
            }
            requests.append({stream->name, stream->object,
                             parser.isSet(rangeOption) ? parser.value(rangeOption) : stream->range, stream->mode});
        }
        if (target.isEmpty()) {
            target = replication.target;
            targetFromReplication = true;
        }
    } else {
        specPath = positional.constFirst();
        spec = CommandSupport::loadSpec(specPath, console);
        if (!spec)
            return ExitUsage;
        const auto names = CommandSupport::endpointNames(*spec, parser.values(endpointOption), console);
        if (!names)
            return ExitUsage;
        for (const QString &name : *names)
            requests.append({name, {}, parser.value(rangeOption), {}});
    }
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
    if (const QString problem = checkTarget(target, dbPath, targetFromReplication); !problem.isEmpty()) {
        console.err(problem);
        return ExitTarget;
    }

    // Secrets first: a missing one stops before the workspace is touched or a request sent.
    for (const StreamRequest &request : std::as_const(requests)) {
        QString error;
        const auto program = EndpointProgram::compile(*spec, request.endpoint, &error);
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
    QString error;
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
    const auto streams = selectStreams(*spec, requests, &ledger, true, filter, *order, &error);
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

    if (!engine.start(*spec, runs, secrets, dbPath, options, &error)) {
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
