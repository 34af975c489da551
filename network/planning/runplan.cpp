#include "network/planning/runplan.h"

#include <algorithm>
#include <cmath>

namespace Backfill {

RunEstimate estimateRun(const EndpointProgram &program, qint64 partitions, const QList<PartitionRecord> &history)
{
    RunEstimate result;
    qint64 done = 0;
    qint64 pageSum = 0;
    qint64 msSum = 0;
    for (const PartitionRecord &record : history) {
        if (!isDone(record.status) || record.durationMs() < 0)
            continue;
        ++done;
        pageSum += std::max<qint64>(1, record.counts.pages);
        msSum += record.durationMs();
    }
    double partitionMs = double(result.partitionMs);
    if (done > 0) {
        result.learned = true;
        result.pagesPerPartition = double(pageSum) / double(done);
        partitionMs = std::max(1.0, double(msSum) / double(done));
        result.partitionMs = qint64(std::llround(partitionMs));
    }
    result.requests = qint64(std::ceil(double(partitions) * result.pagesPerPartition));
    const int concurrency = std::max(1, program.iterateConcurrency);
    const double byConcurrency = std::ceil(double(partitions) / concurrency) * partitionMs;
    const double byRate = program.rate > 0 ? double(result.requests) * 1000.0 / program.rate : 0;
    result.ms = qint64(std::max(byConcurrency, byRate));
    return result;
}

QList<PartitionPlan> partitionsToRun(const QList<PartitionPlan> &selected,
                                     const QHash<QString, PartitionRecord> &records, bool includeDone)
{
    QList<PartitionPlan> result;
    for (const PartitionPlan &plan : selected) {
        const PartitionStatus status = records.value(plan.key).status;
        if (status == PartitionStatus::Running || (!includeDone && isDone(status)))
            continue;
        result.append(plan);
    }
    return result;
}

RunPlan planRun(const EndpointProgram &program, qint64 selected, const QList<PartitionPlan> &toRun,
                const QHash<QString, PartitionRecord> &records, const QList<PartitionRecord> &history)
{
    RunPlan plan;
    plan.selected = selected;
    plan.toRun = toRun;
    for (const PartitionPlan &partition : toRun)
        ++plan.byStatus[records.value(partition.key).status];
    plan.estimate = estimateRun(program, toRun.size(), history);
    return plan;
}

} // namespace Backfill
