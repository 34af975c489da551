// backfill status: what the workspace holds: partitions by status per endpoint, the failed
// ones with their last error, the flagged ones (PartitionChecks), what changed when partitions
// were last pulled again, and the last runs.
// backfill check: the flagged partitions only, exit 1 when there is one.
#include "app/runner/commandsupport.h"
#include "app/runner/console.h"
#include "model/checks/partitionchecks.h"
#include "model/partitions/partitionrange.h"
#include "model/partitions/partitionscheme.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Backfill {

using CommandSupport::tr;

namespace {

struct EndpointRow
{
    qint64 id = -1;
    QString spec;
    QString name;
};

QList<EndpointRow> endpointRows(const Workspace &workspace)
{
    QList<EndpointRow> rows;
    QSqlQuery query(workspace.database());
    query.prepare(u"SELECT id, spec_name, name FROM endpoints ORDER BY spec_name, name"_s);
    if (!query.exec())
        return rows;
    while (query.next())
        rows.append({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString()});
    return rows;
}

// The scheme that the stored keys come from, recognised by their shape, wide enough for any
// range; invalid when the keys are not calendar or numeric keys.
PartitionScheme schemeForKeys(const QList<PartitionRecord> &records)
{
    if (records.isEmpty())
        return {};
    const QString key = records.constFirst().key;
    static const QRegularExpression numeric(u"^(\\d+)-(\\d+)$"_s);
    if (const auto match = numeric.match(key); match.hasMatch() && !key.contains(u'T')) {
        const qint64 first = match.captured(1).toLongLong();
        const qint64 last = match.captured(2).toLongLong();
        if (match.captured(1).size() != 4 || last >= first)
            return PartitionScheme::forNumbers(0, PartitionScheme::MaxNumber, std::max<qint64>(1, last - first + 1));
    }
    PartitionScheme::Grain grain = PartitionScheme::Grain::Daily;
    if (key.contains(u'T'))
        grain = PartitionScheme::Grain::Hourly;
    else if (key.contains(u'W'))
        grain = PartitionScheme::Grain::Weekly;
    else if (key.size() == 7)
        grain = PartitionScheme::Grain::Monthly;
    return PartitionScheme::forDates(grain, QDate(1970, 1, 1), QDate(2099, 12, 31));
}

} // namespace

namespace {

int workspaceReport(const QStringList &arguments, bool checkOnly)
{
    const QString command = checkOnly ? u"check"_s : u"status"_s;
    Console console;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        checkOnly ? tr("Lists the partitions whose rows look incomplete: fewer than 20% or more than 500% of the "
                       "median of their 14 neighbours, or none between partitions with rows. Exits 1 when one is "
                       "flagged.")
                  : tr("Shows the workspace's partitions by status, the failed ones with their last error, the "
                       "flagged ones, and the last runs."));
    const QCommandLineOption dbOption(u"db"_s, tr("The workspace file."), tr("file"));
    const QCommandLineOption endpointOption(u"endpoint"_s, tr("Only this endpoint (repeatable)."), tr("name"));
    const QCommandLineOption rangeOption(u"range"_s, tr("Only these partitions, e.g. 2024-01-01,2024-01-31."),
                                         tr("range"));
    const QCommandLineOption runsOption(u"runs"_s, tr("How many of the last runs to show."), tr("n"), u"5"_s);
    const QCommandLineOption jsonOption(u"json"_s, tr("One JSON document."));
    parser.addOptions({dbOption, endpointOption, rangeOption, runsOption, jsonOption});
    if (const auto exit = CommandSupport::parse(parser, command, arguments, console))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        console.err(
            tr("backfill %1: unexpected argument \"%2\"").arg(command, parser.positionalArguments().constFirst()));
        return ExitUsage;
    }

    const QString dbPath = CommandSupport::workspacePath(parser.value(dbOption));
    if (!QFileInfo::exists(dbPath)) {
        console.err(tr("%1: no workspace there yet (run `backfill run` first, or pass --db)").arg(dbPath));
        return ExitTarget;
    }
    Workspace workspace;
    QString error;
    if (!workspace.open(dbPath, &error)) {
        console.err(error);
        return ExitTarget;
    }
    PartitionLedger ledger(workspace);
    const bool json = parser.isSet(jsonOption);
    const QStringList only = parser.values(endpointOption);
    const QString range = parser.value(rangeOption);

    QJsonArray endpoints;
    int flaggedTotal = 0;
    const QList<EndpointRow> rows = endpointRows(workspace);
    for (const QString &name : only) {
        if (std::none_of(rows.cbegin(), rows.cend(), [&name](const EndpointRow &row) { return row.name == name; })) {
            console.err(tr("backfill %1: the workspace has no endpoint \"%2\"").arg(command, name));
            return ExitUsage;
        }
    }
    for (const EndpointRow &endpoint : rows) {
        if (!only.isEmpty() && !only.contains(endpoint.name))
            continue;
        // Judged on every pulled partition (below), reported for the selected ones.
        const QList<PartitionRecord> all = ledger.partitions(endpoint.id);
        QList<PartitionRecord> records = all;
        if (!range.isEmpty() && !records.isEmpty()) {
            const PartitionRange selected = PartitionRange::parse(range, schemeForKeys(records));
            if (!selected.isValid()) {
                console.err(tr("range \"%1\": %2").arg(range, selected.error().message));
                return ExitUsage;
            }
            records.removeIf([&selected](const PartitionRecord &record) { return !selected.contains(record.key); });
        }
        QHash<PartitionStatus, int> counts;
        QJsonArray failed;
        QStringList failedLines;
        qint64 rows = 0;
        QJsonArray changed;
        QStringList changedLines;
        for (const PartitionRecord &record : std::as_const(records)) {
            ++counts[record.status];
            rows += record.counts.rows;
            if (record.pull.hasChanges()) {
                changed.append(QJsonObject{{u"key"_s, record.key},
                                           {u"added"_s, record.pull.added},
                                           {u"changed"_s, record.pull.changed},
                                           {u"removed"_s, record.pull.removed}});
                changedLines << u"    %1  %2"_s.arg(record.key, changeCountsText(record.pull));
            }
            if (record.status != PartitionStatus::Failed)
                continue;
            failed.append(QJsonObject{{u"key"_s, record.key},
                                      {u"attempts"_s, record.attempts},
                                      {u"http_status"_s, record.httpStatus},
                                      {u"last_error"_s, record.lastError},
                                      {u"resumable"_s, record.hasCheckpoint}});
            failedLines << u"    %1  %2%3"_s.arg(record.key,
                                                 record.httpStatus > 0 && !record.lastError.startsWith("HTTP "_L1)
                                                     ? u"HTTP %1: "_s.arg(record.httpStatus)
                                                     : QString(),
                                                 record.lastError);
        }
        QJsonArray flagged;
        QStringList flaggedLines;
        // Time partitions only: numeric blocks and names have no neighbours in key order.
        const PartitionScheme scheme = schemeForKeys(all);
        const QList<PartitionFlag> flags =
            scheme.isValid() && !scheme.isNumeric()
                ? PartitionChecks::fromJson(ledger.endpointChecks(endpoint.id)).flags(all)
                : QList<PartitionFlag>();
        // A set, not a scan of the records per flag: a scan made status quadratic (ten years of
        // hours took seconds).
        const bool allSelected = records.size() == all.size(); // the range left out none
        QSet<QString> selectedKeys;
        if (!allSelected) {
            selectedKeys.reserve(records.size());
            for (const PartitionRecord &record : std::as_const(records))
                selectedKeys.insert(record.key);
        }
        for (const PartitionFlag &flag : flags) {
            if (!allSelected && !selectedKeys.contains(flag.key))
                continue;
            flagged.append(QJsonObject{
                {u"key"_s, flag.key}, {u"check"_s, PartitionFlag::kindName(flag.kind)}, {u"reason"_s, flag.reason}});
            flaggedLines << u"    %1  %2"_s.arg(flag.key, flag.reason);
        }
        flaggedTotal += int(flagged.size());
        if (checkOnly) {
            endpoints.append(
                QJsonObject{{u"spec"_s, endpoint.spec}, {u"endpoint"_s, endpoint.name}, {u"flagged"_s, flagged}});
            if (!json) {
                console.out(flaggedLines.isEmpty() ? tr("%1 / %2: %3 partitions checked, none flagged")
                                                         .arg(endpoint.spec, endpoint.name)
                                                         .arg(records.size())
                                                   : tr("%1 / %2: %3 of %4 partitions flagged")
                                                         .arg(endpoint.spec, endpoint.name)
                                                         .arg(flaggedLines.size())
                                                         .arg(records.size()));
                for (const QString &line : std::as_const(flaggedLines))
                    console.out(line);
            }
            continue;
        }
        QJsonObject byStatus;
        QStringList countText;
        for (const PartitionStatus status : AllPartitionStatuses) {
            byStatus.insert(partitionStatusName(status), counts.value(status));
            if (counts.value(status) > 0)
                countText << u"%1 %2"_s.arg(counts.value(status)).arg(partitionStatusName(status));
        }
        endpoints.append(QJsonObject{{u"spec"_s, endpoint.spec},
                                     {u"endpoint"_s, endpoint.name},
                                     {u"partitions"_s, records.size()},
                                     {u"rows"_s, rows},
                                     {u"by_status"_s, byStatus},
                                     {u"failed"_s, failed},
                                     {u"flagged"_s, flagged},
                                     {u"changed"_s, changed},
                                     {u"sync"_s, ledger.syncState(endpoint.id)}});
        if (!json) {
            console.out(tr("%1 / %2: %3 partitions (%4), %5 rows")
                            .arg(endpoint.spec, endpoint.name)
                            .arg(records.size())
                            .arg(countText.isEmpty() ? tr("none") : countText.join(u", "_s))
                            .arg(rows));
            if (!failedLines.isEmpty()) {
                console.out(tr("  Failed:"));
                for (const QString &line : std::as_const(failedLines))
                    console.out(line);
            }
            if (!flaggedLines.isEmpty()) {
                console.out(tr("  Flagged (`backfill check` exits 1 on these):"));
                for (const QString &line : std::as_const(flaggedLines))
                    console.out(line);
            }
            if (!changedLines.isEmpty()) {
                console.out(tr("  Changed when last pulled (rows against the pull before):"));
                for (const QString &line : std::as_const(changedLines))
                    console.out(line);
            }
        }
    }
    if (checkOnly) {
        if (json)
            console.out(CommandSupport::jsonText(
                QJsonObject{{u"workspace"_s, dbPath}, {u"flagged"_s, flaggedTotal}, {u"endpoints"_s, endpoints}},
                true));
        return flaggedTotal > 0 ? ExitSomeFailed : ExitSuccess;
    }

    QJsonArray runs;
    const QList<RunRecord> lastRuns = ledger.listRuns(std::max(0, parser.value(runsOption).toInt()));
    if (!json && !lastRuns.isEmpty())
        console.out(tr("Last runs:"));
    for (const RunRecord &run : lastRuns) {
        QJsonObject item{{u"id"_s, run.id},
                         {u"started_by"_s, run.info.startedBy},
                         {u"spec"_s, run.info.specName},
                         {u"endpoints"_s, QJsonArray::fromStringList(run.info.endpoints)},
                         {u"range"_s, run.info.range},
                         {u"outcome"_s, runOutcomeName(run.outcome)},
                         {u"started_at"_s, run.startedAt.toString(Qt::ISODate)},
                         {u"partitions"_s, run.counts.partitions},
                         {u"succeeded"_s, run.counts.succeeded},
                         {u"empty"_s, run.counts.empty},
                         {u"failed"_s, run.counts.failed},
                         {u"rows"_s, run.counts.rows}};
        if (run.finishedAt.isValid())
            item.insert(u"finished_at"_s, run.finishedAt.toString(Qt::ISODate));
        runs.append(item);
        if (!json) {
            console.out(tr("  #%1 %2  %3 %4  %5: %6 partitions (%7 succeeded, %8 empty, %9 failed), %10 rows")
                            .arg(run.id)
                            .arg(run.startedAt.toString(Qt::ISODate), runOutcomeName(run.outcome), run.info.specName,
                                 run.info.range.isEmpty() ? tr("default range") : run.info.range)
                            .arg(run.counts.partitions)
                            .arg(run.counts.succeeded)
                            .arg(run.counts.empty)
                            .arg(run.counts.failed)
                            .arg(run.counts.rows));
        }
    }
    if (json) {
        console.out(CommandSupport::jsonText(
            QJsonObject{{u"workspace"_s, dbPath}, {u"endpoints"_s, endpoints}, {u"runs"_s, runs}}, true));
    }
    return ExitSuccess;
}

} // namespace

int statusCommand(const QStringList &arguments)
{
    return workspaceReport(arguments, false);
}

int checkCommand(const QStringList &arguments)
{
    return workspaceReport(arguments, true);
}

} // namespace Backfill
