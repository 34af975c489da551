#include "app/runner/runprogress.h"

#include "app/runner/commandsupport.h"
#include "app/runner/console.h"
#include "network/backfillengine.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Backfill {

using CommandSupport::tr;

RunProgress::RunProgress(Console &console, Style style, int partitions)
    : m_console(console)
    , m_style(style)
    , m_partitions(partitions)
{
    m_elapsed.start();
}

void RunProgress::onEvent(const EngineEvent &original)
{
    // The engine's run_finished event comes without a time; every JSON line has one.
    EngineEvent event = original;
    if (!event.time.isValid())
        event.time = QDateTime::currentDateTimeUtc();
    using Kind = EngineEvent::Kind;
    switch (event.kind) {
    case Kind::PageFetched:
        ++m_requests;
        m_rows += event.rows;
        break;
    case Kind::Retry:
        ++m_requests;
        ++m_retries;
        break;
    case Kind::PartitionSucceeded:
        ++m_done;
        break;
    case Kind::PartitionFailed:
        ++m_done;
        ++m_failed;
        break;
    default:
        break;
    }

    switch (m_style) {
    case Style::Quiet:
        return;
    case Style::Json:
        m_console.out(CommandSupport::jsonText(event.toJson()));
        return;
    case Style::Lines:
        if (event.kind == Kind::PartitionSucceeded) {
            m_console.out(tr("%1 %2 %3: %4 rows, %5 pages, %6")
                              .arg(event.endpoint, event.partition, event.rows > 0 ? tr("succeeded") : tr("empty"))
                              .arg(event.rows)
                              .arg(event.page)
                              .arg(CommandSupport::duration(event.durationMs)));
        } else if (event.kind == Kind::PartitionFailed) {
            m_console.out(tr("%1 %2 failed: %3").arg(event.endpoint, event.partition, event.message));
        } else if (event.kind == Kind::Warning || event.kind == Kind::Retry) {
            m_console.err(event.endpoint.isEmpty()
                              ? event.message
                              : u"%1 %2: %3"_s.arg(event.endpoint, event.partition, event.message));
        }
        return;
    case Style::Live:
        if (event.kind == Kind::PartitionFailed)
            m_console.out(tr("%1 %2 failed: %3").arg(event.endpoint, event.partition, event.message));
        redraw(event.kind == Kind::PartitionSucceeded || event.kind == Kind::PartitionFailed);
        return;
    }
}

void RunProgress::redraw(bool force)
{
    // At most ten redraws a second: a fast run sends thousands of events.
    if (!force && m_lastDraw.isValid() && m_lastDraw.elapsed() < 100)
        return;
    m_lastDraw.start();
    const double seconds = std::max<qint64>(1, m_elapsed.elapsed()) / 1000.0;
    QString eta = tr("--");
    if (m_done > 0 && m_done < m_partitions) {
        const qint64 left = qint64(m_elapsed.elapsed() * double(m_partitions - m_done) / m_done);
        eta = CommandSupport::duration(left);
    }
    m_console.progress(tr("%1/%2 partitions, %3 rows, %4 requests/s, %5 retries, %6 failed, ETA %7")
                           .arg(m_done)
                           .arg(m_partitions)
                           .arg(m_rows)
                           .arg(m_requests / seconds, 0, 'f', 1)
                           .arg(m_retries)
                           .arg(m_failed)
                           .arg(eta));
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
    m_console.out(tr("Run %1 %2: %3 partitions (%4 succeeded, %5 empty, %6 failed), %7 rows, %8 requests, "
                     "%9 retries in %10")
                      .arg(summary.runId)
                      .arg(outcome)
                      .arg(summary.counts.partitions)
                      .arg(summary.counts.succeeded)
                      .arg(summary.counts.empty)
                      .arg(summary.counts.failed)
                      .arg(summary.counts.rows)
                      .arg(summary.requests)
                      .arg(summary.retries)
                      .arg(CommandSupport::duration(summary.wallMs)));
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
