#include "app/runner/runprogress.h"

#include "app/runner/commandsupport.h"
#include "app/runner/console.h"
#include "model/core/durationtext.h"
#include "network/engine/backfillengine.h"
#include "network/engine/runsummarytext.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Backfill {

using CommandSupport::tr;

RunProgress::RunProgress(Console &console, Style style, int partitions)
    : m_console(console)
    , m_style(style)
{
    m_statistics.start(partitions);
}

void RunProgress::onEvent(const EngineEvent &original)
{
    // The engine's run_finished event comes without a time; every JSON line has one.
    EngineEvent event = original;
    if (!event.time.isValid())
        event.time = QDateTime::currentDateTimeUtc();
    m_statistics.addEvent(event);
    using Kind = EngineEvent::Kind;

    switch (m_style) {
    case Style::Quiet:
        return;
    case Style::Json:
        m_console.out(CommandSupport::jsonText(event.toJson()));
        return;
    case Style::Lines:
        if (event.kind == Kind::PartitionSucceeded) {
            m_console.out(tr("%1 %2 %3: %4 rows, %5 pages, %6")
                              .arg(event.endpoint, event.partition,
                                   event.open       ? tr("open (pulled again until settled)")
                                   : event.rows > 0 ? tr("succeeded")
                                                    : tr("empty"))
                              .arg(event.rows)
                              .arg(event.page)
                              .arg(durationText(event.durationMs)));
        } else if (event.kind == Kind::PartitionFailed) {
            m_console.out(tr("%1 %2 failed: %3").arg(event.endpoint, event.partition, event.message));
        } else if (event.kind == Kind::PartitionChanged) {
            m_console.out(u"%1 %2"_s.arg(event.endpoint, event.message));
        } else if (event.kind == Kind::Finishing) {
            m_console.err(event.message); // standard output keeps a line per partition and the summary
        } else if (event.kind == Kind::Warning || event.kind == Kind::Retry) {
            m_console.err(event.endpoint.isEmpty()
                              ? event.message
                              : u"%1 %2: %3"_s.arg(event.endpoint, event.partition, event.message));
        }
        return;
    case Style::Live:
        if (event.kind == Kind::PartitionFailed)
            m_console.out(tr("%1 %2 failed: %3").arg(event.endpoint, event.partition, event.message));
        else if (event.kind == Kind::PartitionChanged)
            m_console.out(u"%1 %2"_s.arg(event.endpoint, event.message));
        redraw(event.kind == Kind::PartitionSucceeded || event.kind == Kind::PartitionFailed ||
               event.kind == Kind::Finishing);
        return;
    }
}

void RunProgress::redraw(bool force)
{
    // At most ten redraws a second: a fast run sends thousands of events.
    if (!force && m_lastDraw.isValid() && m_lastDraw.elapsed() < 100)
        return;
    m_lastDraw.start();
    const auto eta = m_statistics.etaMs();
    const QString tail = m_statistics.finishing() ? tr("writing the last rows and indexes")
                         : eta                    ? tr("ETA %1").arg(durationText(*eta))
                                                  : tr("ETA --");
    m_console.progress(tr("%1/%2 partitions, %3 rows, %4 requests/s, %5 retries, %6 failed, %7")
                           .arg(m_statistics.done())
                           .arg(m_statistics.partitions())
                           .arg(m_statistics.rows())
                           .arg(m_statistics.requestsPerSecond(), 0, 'f', 1)
                           .arg(m_statistics.retries())
                           .arg(m_statistics.failed())
                           .arg(tail));
}

void RunProgress::finish(const RunSummary &summary, int exitCode, bool interrupted)
{
    m_console.clearProgress();
    if (m_style == Style::Json) {
        QJsonArray failed;
        for (const auto &[partition, error] : summary.failed)
            failed.append(QJsonObject{{u"partition"_s, partition}, {u"error"_s, error}});
        QJsonObject json{{u"event"_s, u"summary"_s},
                         {u"run_id"_s, summary.runId},
                         {u"outcome"_s, interrupted ? u"interrupted"_s : runOutcomeName(summary.outcome)},
                         {u"partitions"_s, summary.counts.partitions},
                         {u"succeeded"_s, summary.counts.succeeded},
                         {u"empty"_s, summary.counts.empty},
                         {u"failed"_s, summary.counts.failed},
                         {u"rows"_s, summary.counts.rows},
                         {u"bytes"_s, summary.counts.bytes},
                         {u"requests"_s, summary.requests},
                         {u"retries"_s, summary.retries},
                         {u"rate_limited"_s, summary.rateLimited},
                         {u"wall_ms"_s, summary.wallMs},
                         {u"failed_partitions"_s, failed},
                         {u"exit_code"_s, exitCode}};
        if (!summary.error.isEmpty())
            json.insert(u"error"_s, summary.error);
        m_console.out(CommandSupport::jsonText(json));
        return;
    }
    const QString outcome = interrupted ? tr("interrupted") : runOutcomeName(summary.outcome);
    m_console.out(runSummaryText(summary, outcome));
    if (!summary.failed.isEmpty()) {
        m_console.out(tr("Failed partitions:"));
        for (const auto &[partition, error] : summary.failed)
            m_console.out(u"  %1: %2"_s.arg(partition, error));
    }
    if (!summary.error.isEmpty())
        m_console.err(tr("error: %1").arg(summary.error));
    if (interrupted)
        m_console.err(tr("Interrupted: run the same command again to resume."));
}

} // namespace Backfill
