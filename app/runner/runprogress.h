#pragma once

#include "model/runs/engineevent.h"
#include "model/runs/runstatistics.h"

#include <QElapsedTimer>
#include <QObject>

namespace Backfill {

class Console;
struct RunSummary;

// Prints a run's progress from the engine's events: on a terminal one live line
// (partitions done/total, rows, requests/s, retries, ETA) redrawn in place; otherwise one
// plain line per finished partition; with --json each event as one JSON line; with
// --quiet nothing until the summary.
class RunProgress final
{
public:
    enum class Style { Live, Lines, Json, Quiet };

    RunProgress(Console &console, Style style, int partitions);
    Q_DISABLE_COPY_MOVE(RunProgress)

    void onEvent(const EngineEvent &original);
    // The summary: text, or one JSON object with `"event": "summary"`.
    void finish(const RunSummary &summary, int exitCode, bool interrupted);

private:
    void redraw(bool force);

    Console &m_console;
    Style m_style;
    RunStatistics m_statistics;
    QElapsedTimer m_lastDraw;
};

} // namespace Backfill
