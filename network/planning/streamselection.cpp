#include "network/planning/streamselection.h"

#include "network/planning/partitionselection.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>

namespace Backfill {

std::optional<QList<SelectedStream>> selectStreams(const ApiSpec &spec, const QList<StreamRequest> &requests,
                                                   PartitionLedger *ledger, bool createEndpoints, RunFilter filter,
                                                   PartitionLedger::Order order, QString *error)
{
    QList<SelectedStream> streams;
    for (const StreamRequest &request : requests) {
        SelectedStream stream;
        stream.program = EndpointProgram::compile(spec, request.endpoint, error);
        if (!stream.program)
            return std::nullopt;
        stream.table = request.table.isEmpty() ? request.endpoint : request.table;
        stream.range = request.range;
        if (ledger) {
            stream.endpointId = createEndpoints ? ledger->ensureEndpoint(spec.name, request.endpoint)
                                                : ledger->endpointId(spec.name, request.endpoint);
            if (createEndpoints && stream.endpointId < 0) {
                if (error)
                    *error = ledger->lastError();
                return std::nullopt;
            }
        }
        const QJsonObject sync = stream.endpointId >= 0 ? ledger->syncState(stream.endpointId) : QJsonObject();
        // The spec's overrides.mode wins over the replication's, as in Sling; --mode over both.
        const QString mode = request.modeWins || stream.program->mode.isEmpty() ? request.mode : stream.program->mode;
        const auto fail = [&](const QString &reason) {
            if (error)
                *error = QCoreApplication::translate("Backfill", "%1: %2").arg(request.endpoint, reason);
            return std::nullopt;
        };
        const auto runMode = runModeFromName(mode);
        if (!runMode)
            return fail(
                QCoreApplication::translate("Backfill", "mode \"%1\" is not one of full-refresh, incremental, backfill")
                    .arg(mode));
        const bool ranged = !request.range.trimmed().isEmpty();
        stream.mode = effectiveRunMode(*runMode, ranged);
        if (stream.mode == RunMode::Backfill && !ranged)
            return fail(QCoreApplication::translate("Backfill", "mode backfill needs a range (--range, or "
                                                                "source_options.range in a replication)"));
        QString reason;
        auto selection = selectPartitions(*stream.program, request.range, sync, mode, &reason);
        if (selection && stream.mode == RunMode::Incremental && request.lookback > 0 && stream.endpointId >= 0) {
            QStringList done;
            for (const PartitionRecord &record : ledger->partitions(stream.endpointId)) {
                if (isDone(record.status))
                    done << record.key;
            }
            selection = extendBack(*stream.program, *selection, done, request.lookback, sync, mode, &reason);
        }
        if (!selection)
            return fail(reason);
        stream.context = selection->context;
        stream.selected = selection->plans.partitions;

        QStringList keys;
        QHash<QString, PartitionPlan> byKey;
        for (const PartitionPlan &plan : std::as_const(stream.selected)) {
            keys << plan.key;
            byKey.insert(plan.key, plan);
            PartitionRecord record;
            record.endpointId = stream.endpointId;
            record.key = plan.key;
            if (stream.endpointId >= 0) {
                if (const auto stored = ledger->partition(stream.endpointId, plan.key))
                    record = *stored;
            }
            stream.records.insert(plan.key, record);
        }

        QHash<QString, PartitionStatus> statuses;
        for (auto it = stream.records.cbegin(); it != stream.records.cend(); ++it)
            statuses.insert(it.key(), it->status);
        const QStringList taken =
            partitionsForMode(stream.mode, keys, statuses, request.lookback, filter == RunFilter::Everything);
        const QSet<QString> takenSet(taken.cbegin(), taken.cend());
        QStringList next;
        if (stream.endpointId >= 0) {
            next = ledger->nextToRun(stream.endpointId, keys, order, -1, true);
            next.removeIf([&](const QString &key) { return !takenSet.contains(key); });
        } else {
            next = taken;
            if (order == PartitionLedger::Order::Newest)
                std::reverse(next.begin(), next.end());
        }
        // A full refresh keeps only the rows of what it runs: it runs all it selected.
        const RunFilter kept = stream.mode == RunMode::FullRefresh ? RunFilter::Everything : filter;
        for (const QString &key : std::as_const(next)) {
            const PartitionStatus status = stream.records.value(key).status;
            // Open partitions are not complete yet: "only missing" pulls them again.
            if (kept == RunFilter::OnlyMissing && status != PartitionStatus::Missing && status != PartitionStatus::Open)
                continue;
            if (kept == RunFilter::RetryFailed && status != PartitionStatus::Failed)
                continue;
            stream.toRun.append(byKey.value(key));
        }
        streams.append(stream);
    }
    return streams;
}

} // namespace Backfill
