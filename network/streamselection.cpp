#include "network/streamselection.h"

#include "network/partitionselection.h"

#include <QCoreApplication>

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
        // The spec's overrides.mode wins over the replication's, as in Sling.
        const QString mode = stream.program->mode.isEmpty() ? request.mode : stream.program->mode;
        QString reason;
        const auto selection = selectPartitions(*stream.program, request.range, sync, mode, &reason);
        if (!selection) {
            if (error)
                *error = QCoreApplication::translate("Backfill", "%1: %2").arg(request.endpoint, reason);
            return std::nullopt;
        }
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

        QStringList next;
        if (stream.endpointId >= 0) {
            next = ledger->nextToRun(stream.endpointId, keys, order, -1, filter == RunFilter::Everything);
        } else {
            next = keys;
            if (order == PartitionLedger::Order::Newest)
                std::reverse(next.begin(), next.end());
        }
        for (const QString &key : std::as_const(next)) {
            const PartitionStatus status = stream.records.value(key).status;
            if (filter == RunFilter::OnlyMissing && status != PartitionStatus::Missing)
                continue;
            if (filter == RunFilter::RetryFailed && status != PartitionStatus::Failed)
                continue;
            stream.toRun.append(byKey.value(key));
        }
        streams.append(stream);
    }
    return streams;
}

} // namespace Backfill
