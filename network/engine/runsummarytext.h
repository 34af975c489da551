#pragma once

#include <QString>

namespace Backfill {

struct RunSummary;

// The one-sentence summary of a finished run, as the headless runner prints it and the run
// panel shows it: "Run 3 succeeded: 200 partitions (198 succeeded, 0 empty, 2 failed), ...".
// `outcome` is the word after the run id (the run's outcome, or "interrupted").
QString runSummaryText(const RunSummary &summary, const QString &outcome);
// Its tail about partitions pulled again: "; of 5 pulled again, 2 changed since their last pull
// (rows: 12 changed, 1 new, 0 gone)"; empty when no partition was compared with an earlier pull.
QString changesText(const RunSummary &summary);

} // namespace Backfill
