#include "network/engine/runsummarytext.h"

#include "model/core/durationtext.h"
#include "model/workspace/partitionledger.h"
#include "network/engine/backfillengine.h"

#include <QCoreApplication>

namespace Backfill {

QString runSummaryText(const RunSummary &summary, const QString &outcome)
{
    return QCoreApplication::translate("Backfill",
                                       "Run %1 %2: %3 partitions (%4 succeeded, %5 empty, %6 failed), %7 rows, "
                                       "%8 requests, %9 retries in %10")
               .arg(summary.runId)
               .arg(outcome)
               .arg(summary.counts.partitions)
               .arg(summary.counts.succeeded)
               .arg(summary.counts.empty)
               .arg(summary.counts.failed)
               .arg(summary.counts.rows)
               .arg(summary.requests)
               .arg(summary.retries)
               .arg(durationText(summary.wallMs)) +
           changesText(summary);
}

QString changesText(const RunSummary &summary)
{
    if (summary.comparedPartitions == 0)
        return {};
    if (summary.changedPartitions == 0)
        return QCoreApplication::translate("Backfill", "; %n pulled again, unchanged since their last pull", nullptr,
                                           summary.comparedPartitions);
    return QCoreApplication::translate("Backfill", "; of %1 pulled again, %2 changed since their last pull (rows: %3)")
        .arg(summary.comparedPartitions)
        .arg(summary.changedPartitions)
        .arg(changeCountsText(summary.changedRows));
}

} // namespace Backfill
