// The engine's side of the writer, which commits rows, ledger and checkpoints together on its
// own thread: starting it and hearing from it, what goes to it (submit(), and the events it
// stores in the run's log), and the run's end: the endpoints' sync values and full refreshes,
// the writer drained, and the run's record in the ledger.

#include "network/engine/backfillengine.h"

#include "model/core/crashpoint.h"
#include "model/core/memorypolicy.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "network/engine/enginetasks.h"

namespace Backfill {

void BackfillEngine::startWriter(const QString &workspacePath)
{
    m_writer = new LoadWriter(workspacePath, m_options.writerLimits);
    m_writer->setTarget(m_options.target);
    m_writer->moveToThread(&m_writerThread);
    connect(&m_writerThread, &QThread::finished, m_writer, &QObject::deleteLater);
    connect(m_writer, &LoadWriter::committed, this,
            [this](const QList<PartitionRecord> &records, qint64, qint64 bytes) {
                m_pendingBytes -= bytes;
                for (const PartitionRecord &record : records) {
                    for (const auto &endpoint : m_endpoints) {
                        if (endpoint->id != record.endpointId)
                            continue;
                        emit partitionChanged(endpoint->program->name, record);
                        if (isDone(record.status) || record.status == PartitionStatus::Open)
                            reportPull(endpoint->program->name, record);
                    }
                }
                unpark();
                startMore();
            });
    connect(m_writer, &LoadWriter::failed, this, [this](const QString &message) {
        m_summary.error = message;
        cancel();
    });
    connect(m_writer, &LoadWriter::opened, this, [this](bool ok, const QString &message) {
        if (!ok) {
            m_summary.error = message;
            cancel();
        }
    });
    connect(m_writer, &LoadWriter::drained, this, &BackfillEngine::finishRun);
    m_writerThread.start();
    QMetaObject::invokeMethod(m_writer, &LoadWriter::open, Qt::QueuedConnection);
}

// A partition's pull has committed: what changed since its last pull goes to the log and the summary.
void BackfillEngine::reportPull(const QString &endpoint, const PartitionRecord &record)
{
    const PartitionPull &pull = record.pull;
    if (!pull.compared)
        return;
    ++m_summary.comparedPartitions;
    if (!pull.hasChanges())
        return;
    ++m_summary.changedPartitions;
    m_summary.changedRows.added += pull.added;
    m_summary.changedRows.changed += pull.changed;
    m_summary.changedRows.removed += pull.removed;
    EngineEvent event;
    event.kind = EngineEvent::Kind::PartitionChanged;
    event.endpoint = endpoint;
    event.partition = record.key;
    event.added = pull.added;
    event.changed = pull.changed;
    event.removed = pull.removed;
    event.message = tr("%1: %2 since its last pull").arg(record.key, changeCountsText(pull));
    emitEvent(event);
}

void BackfillEngine::submit(LoadOp op)
{
    m_writer->submit(std::move(op));
}

void BackfillEngine::emitEvent(EngineEvent event)
{
    if (!event.time.isValid())
        event.time = QDateTime::currentDateTimeUtc();
    event.url = m_secrets.mask(event.url);
    event.message = m_secrets.mask(event.message);
    event.requestHeaders = m_secrets.mask(event.requestHeaders);
    event.response = m_secrets.mask(event.response);
    if (m_writer && m_summary.runId >= 0 && event.kind != EngineEvent::Kind::PageFetched) {
        LoadOp op;
        op.kind = LoadOp::Kind::Event;
        op.runId = m_summary.runId;
        op.partition = event.partition;
        op.level = event.level();
        op.message = event.message;
        op.data = event.toJson();
        submit(std::move(op));
    }
    emit this->event(event);
}

void BackfillEngine::maybeFinish()
{
    if (!m_running || m_finishing || !m_tasks.isEmpty())
        return;
    if (!m_cancelled) {
        for (const auto &endpoint : m_endpoints) {
            if (endpoint->next < endpoint->queue.size())
                return;
        }
    }
    m_finishing = true;
    // Sync values move only when every selected partition of the endpoint completed.
    for (const auto &endpoint : m_endpoints) {
        if (endpoint->anyFailed || m_cancelled || endpoint->syncReached.isEmpty() ||
            endpoint->next < endpoint->queue.size())
            continue;
        QJsonObject sync = endpoint->sync;
        for (auto it = endpoint->syncReached.begin(); it != endpoint->syncReached.end(); ++it)
            sync.insert(it.key(), it.value());
        LoadOp op;
        op.kind = LoadOp::Kind::Sync;
        op.endpointId = endpoint->id;
        op.data = sync;
        submit(std::move(op));
    }
    for (const auto &endpoint : m_endpoints) {
        if (!endpoint->fullRefresh || endpoint->anyFailed || m_cancelled || endpoint->next < endpoint->queue.size())
            continue;
        LoadOp op;
        op.kind = LoadOp::Kind::Refresh;
        op.endpointId = endpoint->id;
        op.table = endpoint->table;
        op.since = endpoint->refreshSince;
        for (const PartitionPlan &plan : std::as_const(endpoint->queue))
            op.keys << plan.key;
        submit(std::move(op));
    }
    // What waits in the writer and the partition indexes take a while on a large load (a few
    // seconds per million rows): say so rather than sit at 100% without a word.
    EngineEvent finishing;
    finishing.kind = EngineEvent::Kind::Finishing;
    finishing.message =
        m_cancelled ? tr("stopping: writing the rows already fetched, then indexing the tables by partition")
                    : tr("no partition left to run: writing the last rows, then indexing the tables by partition");
    emitEvent(finishing);
    m_writer->drain();
}

void BackfillEngine::finishRun()
{
    m_writerThread.quit();
    m_writerThread.wait();
    m_writer = nullptr;
    crashPoint("run.written"); // every row and partition committed, the run not yet closed
    returnFreeMemory();        // the pages and batches of the run are freed

    m_summary.wallMs = m_wall.elapsed();
    if (!m_summary.error.isEmpty())
        m_summary.outcome = RunOutcome::Failed;
    else if (m_cancelled)
        m_summary.outcome = RunOutcome::Cancelled;
    else
        m_summary.outcome = m_summary.counts.failed > 0 ? RunOutcome::Failed : RunOutcome::Succeeded;
    m_ledger->finishRun(m_summary.runId, m_summary.counts, m_summary.outcome);

    EngineEvent done;
    done.kind = EngineEvent::Kind::RunFinished;
    done.time = QDateTime::currentDateTimeUtc();
    done.rows = m_summary.counts.rows;
    done.bytes = m_summary.counts.bytes;
    done.durationMs = m_summary.wallMs;
    done.message = tr("run %1 %2: %3 succeeded, %4 empty, %5 failed; %6 rows, %7 requests, %8 retries, %9 answers 429")
                       .arg(m_summary.runId)
                       .arg(runOutcomeName(m_summary.outcome))
                       .arg(m_summary.counts.succeeded)
                       .arg(m_summary.counts.empty)
                       .arg(m_summary.counts.failed)
                       .arg(m_summary.counts.rows)
                       .arg(m_summary.requests)
                       .arg(m_summary.retries)
                       .arg(m_summary.rateLimited);
    emit event(done); // the run's log is closed: this one is not stored
    m_running = false;
    m_ledger.reset();
    m_workspace.reset();
    emit finished(m_summary);
}

} // namespace Backfill
