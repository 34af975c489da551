// backfill plan: which partitions a run would run, their status, and a rough estimate of
// requests and time. Reads the workspace, never writes it.
#include "app/runner/commandsupport.h"
#include "app/runner/console.h"
#include "app/runner/replicationstreams.h"
#include "model/core/durationtext.h"
#include "model/workspace/workspace.h"
#include "network/planning/runplan.h"
#include "network/planning/streamselection.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <memory>

using namespace Qt::StringLiterals;

namespace Backfill {

using CommandSupport::tr;

int planCommand(const QStringList &arguments)
{
    Console console;
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Shows the partitions that `backfill run` would run with the same options, "
                                        "their current status, and the estimated requests and time."));
    parser.addPositionalArgument(u"spec"_s, tr("The spec file (YAML)."), u"[spec]"_s);
    const QCommandLineOption replicationOption(u"replication"_s, tr("Plan the streams of a replication file."),
                                               tr("file"));
    const QCommandLineOption endpointOption(u"endpoint"_s, tr("Only this endpoint (repeatable)."), tr("name"));
    const QCommandLineOption rangeOption(u"range"_s, tr("The partitions, e.g. 2024-01-01,2024-01-31."), tr("range"));
    const QCommandLineOption dbOption(u"db"_s, tr("The workspace file."), tr("file"));
    const QCommandLineOption onlyMissingOption(
        u"only-missing"_s, tr("Only partitions never run, and open ones (their period had not ended)."));
    const QCommandLineOption retryFailedOption(u"retry-failed"_s, tr("Only failed partitions."));
    const QCommandLineOption forceOption(u"force"_s, tr("Succeeded partitions too."));
    const QCommandLineOption orderOption(u"order"_s, tr("oldest, newest or failed-first."), tr("order"), u"oldest"_s);
    const QCommandLineOption jsonOption(u"json"_s, tr("One JSON document."));
    const CommandSupport::ModeOptions modeOptions = CommandSupport::modeOptions();
    parser.addOptions({replicationOption, endpointOption, rangeOption, dbOption, onlyMissingOption, retryFailedOption,
                       forceOption, modeOptions.mode, modeOptions.lookback, orderOption, jsonOption});
    if (const auto exit = CommandSupport::parse(parser, u"plan"_s, arguments, console))
        return *exit;
    const bool replicationMode = parser.isSet(replicationOption);
    const QStringList positional = parser.positionalArguments();
    if (replicationMode ? !positional.isEmpty() : positional.size() != 1) {
        console.err(replicationMode ? tr("backfill plan: give either a spec or --replication, not both")
                                    : tr("backfill plan: give one spec file (or --replication FILE)"));
        return ExitUsage;
    }
    const auto order = CommandSupport::orderFromName(parser.value(orderOption));
    if (!order) {
        console.err(tr("backfill plan: --order must be oldest, newest or failed-first"));
        return ExitUsage;
    }
    auto source = loadStreams(parser.value(replicationOption), replicationMode ? QString() : positional.constFirst(),
                              parser.values(endpointOption), parser.value(rangeOption), console);
    if (!source)
        return ExitUsage;
    if (!CommandSupport::applyModeOptions(parser, modeOptions, u"plan"_s, source->requests, console))
        return ExitUsage;

    // Only an existing workspace is read: planning never creates one.
    const QString dbPath = CommandSupport::workspacePath(parser.value(dbOption));
    Workspace workspace;
    std::unique_ptr<PartitionLedger> ledger;
    QString error;
    if (QFileInfo::exists(dbPath)) {
        if (!workspace.open(dbPath, &error)) {
            console.err(error);
            return ExitTarget;
        }
        ledger = std::make_unique<PartitionLedger>(workspace);
    }

    const RunFilter filter = parser.isSet(onlyMissingOption)   ? RunFilter::OnlyMissing
                             : parser.isSet(retryFailedOption) ? RunFilter::RetryFailed
                             : parser.isSet(forceOption)       ? RunFilter::Everything
                                                               : RunFilter::Resume;
    const auto streams = selectStreams(source->spec, source->requests, ledger.get(), false, filter, *order, &error);
    if (!streams) {
        console.err(error);
        return ExitUsage;
    }

    QJsonArray endpoints;
    RunEstimate total;
    qint64 totalPartitions = 0;
    for (const SelectedStream &stream : *streams) {
        const RunPlan plan = planRun(*stream.program, stream.selected.size(), stream.toRun, stream.records,
                                     ledger && stream.endpointId >= 0 ? ledger->partitions(stream.endpointId)
                                                                      : QList<PartitionRecord>());
        const RunEstimate &guess = plan.estimate;
        const QHash<PartitionStatus, int> &byStatus = plan.byStatus;
        total.requests += guess.requests;
        total.ms = std::max(total.ms, guess.ms); // endpoints run side by side
        totalPartitions += stream.toRun.size();

        QJsonArray partitions;
        QStringList lines;
        for (const PartitionPlan &partition : stream.toRun) {
            const PartitionRecord record = stream.records.value(partition.key);
            QJsonObject item{{u"key"_s, partition.key},
                             {u"status"_s, partitionStatusName(record.status)},
                             {u"attempts"_s, record.attempts},
                             {u"rows"_s, record.counts.rows}};
            if (!record.lastError.isEmpty())
                item.insert(u"last_error"_s, record.lastError);
            partitions.append(item);
            QString line = u"  %1  %2"_s.arg(partition.key, -12).arg(partitionStatusName(record.status));
            if (!record.lastError.isEmpty())
                line += u"  "_s + record.lastError;
            lines << line;
        }
        QJsonObject counts;
        QStringList countText;
        for (const PartitionStatus status : AllPartitionStatuses) {
            if (byStatus.value(status) == 0)
                continue;
            counts.insert(partitionStatusName(status), byStatus.value(status));
            countText << u"%1 %2"_s.arg(byStatus.value(status)).arg(partitionStatusName(status));
        }
        endpoints.append(QJsonObject{{u"endpoint"_s, stream.program->name},
                                     {u"table"_s, stream.table},
                                     {u"range"_s, stream.range},
                                     {u"context"_s, stream.context},
                                     {u"selected"_s, stream.selected.size()},
                                     {u"to_run"_s, stream.toRun.size()},
                                     {u"by_status"_s, counts},
                                     {u"estimated_requests"_s, guess.requests},
                                     {u"estimated_ms"_s, guess.ms},
                                     {u"partitions"_s, partitions}});
        if (!parser.isSet(jsonOption)) {
            console.out(tr("%1: %2 of %3 selected partitions to run%4, ~%5 requests, ~%6")
                            .arg(stream.program->name)
                            .arg(stream.toRun.size())
                            .arg(stream.selected.size())
                            .arg(countText.isEmpty() ? QString() : u" ("_s + countText.join(u", "_s) + u')')
                            .arg(guess.requests)
                            .arg(durationText(guess.ms)));
            for (const QString &line : std::as_const(lines))
                console.out(line);
        }
    }
    if (parser.isSet(jsonOption)) {
        console.out(
            CommandSupport::jsonText(QJsonObject{{u"workspace"_s, dbPath},
                                                 {u"endpoints"_s, endpoints},
                                                 {u"total"_s, QJsonObject{{u"partitions"_s, totalPartitions},
                                                                          {u"estimated_requests"_s, total.requests},
                                                                          {u"estimated_ms"_s, total.ms}}}},
                                     true));
    } else {
        console.out(tr("Total: %1 partitions, ~%2 requests, ~%3")
                        .arg(totalPartitions)
                        .arg(total.requests)
                        .arg(durationText(total.ms)));
    }
    return ExitSuccess;
}

} // namespace Backfill
