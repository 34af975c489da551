#pragma once

#include <QString>

namespace Backfill {

struct RunSummary;

// The one-sentence summary of a finished run, as the headless runner prints it and the run
// panel shows it: "Run 3 succeeded: 200 partitions (198 succeeded, 0 empty, 2 failed), ...".
// `outcome` is the word after the run id (the run's outcome, or "interrupted").
QString runSummaryText(const RunSummary &summary, const QString &outcome);

} // namespace Backfill
