#include "model/targets/loadwriter.h"

#include "model/targets/target.h"

#include "model/core/crashpoint.h"
#include "model/core/logging.h"
#include "model/targets/pulltracker.h"
#include "model/targets/targetdatabase.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/walcheckpointer.h"
#include "model/workspace/workspace.h"
#include "model/workspace/workspacetransaction.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlDriver>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

LoadWriter::LoadWriter(QString workspacePath, Limits limits)
    : m_path(std::move(workspacePath))
    , m_limits(limits)
{}

LoadWriter::LoadWriter(QString workspacePath)
    : LoadWriter(std::move(workspacePath), Limits{})
{}

LoadWriter::~LoadWriter()
{
    // The ledger and target use the workspace's (or the target's) connection: they go first.
    m_target.reset();
    m_targetDatabase.reset();
    m_ledger.reset();
    m_checkpointer.reset(); // before its connection closes
    m_workspace.reset();
    if (m_sparePooling)
        RecordBatch::endSparePooling();
}

void LoadWriter::open()
{
    RecordBatch::beginSparePooling(); // ended by the destructor
    m_sparePooling = true;
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(m_limits.delayMs);
    connect(m_timer, &QTimer::timeout, this, &LoadWriter::flush);

    m_workspace = std::make_unique<Workspace>();
    QString error;
    if (!m_workspace->open(m_path, &error)) {
        m_broken = true;
        emit opened(false, error);
        return;
    }
    // The writer's connection does bulk work: a larger page cache, and fewer, larger WAL
    // checkpoints, keep SQLite from re-reading and re-writing the same pages; the checkpoints
    // run on a thread of their own (WalCheckpointer) so that this one does not wait for the disk.
    // synchronous = NORMAL (in WAL mode): a commit is not flushed to disk on its own, the WAL
    // is at each checkpoint. The application crashing loses nothing committed; power failing
    // may lose the last commits, but whole: rows, partition marks and checkpoints together,
    // so a resume fetches those pages again and the invariants hold.
    QSqlQuery pragma(m_workspace->database());
    for (const char *statement : {"PRAGMA cache_size = -16384", "PRAGMA temp_store = MEMORY",
                                  "PRAGMA wal_autocheckpoint = 8192", "PRAGMA synchronous = NORMAL"})
        pragma.exec(QString::fromLatin1(statement));
    // (wal_autocheckpoint stays for when it cannot attach: the checkpointer replaces it.)
    if (const QVariant handle = m_workspace->database().driver()->handle();
        handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0) {
        auto *writer = *static_cast<sqlite3 *const *>(handle.data());
        if (WalCheckpointer::canAttach(writer))
            m_checkpointer = std::make_unique<WalCheckpointer>(writer, m_path);
    }
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace);
    if (m_targetUrl.isWorkspace()) {
        m_target = Target::create(m_workspace->database());
    } else {
        m_targetDatabase = TargetDatabase::open(m_targetUrl, &error);
        if (!m_targetDatabase) {
            m_broken = true;
            emit opened(false, error);
            return;
        }
        m_target = m_targetDatabase->createTarget();
    }
    emit opened(true, {});
}

void LoadWriter::submit(LoadOp op)
{
    auto shared = std::make_shared<LoadOp>(std::move(op));
    QMetaObject::invokeMethod(
        this, [this, shared] { enqueue(shared); }, Qt::QueuedConnection);
}

void LoadWriter::drain()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            flush();
            if (!m_broken && m_target) {
                // The partition indexes are built by sorting every row's key: in memory
                // (temp_store = MEMORY, right for the small temporary work of the load) the
                // sort grows with the table, about 45 MB per million rows. On disk it stays
                // within the page cache.
                QSqlQuery(m_workspace->database()).exec(u"PRAGMA temp_store = FILE"_s);
                QString error;
                WorkspaceTransaction transaction(*m_workspace);
                const bool begun = !m_targetDatabase || m_targetDatabase->begin(&error);
                crashPoint("writer.index_begun");
                const bool built = begun && m_target->finalize(&error);
                if (built)
                    crashPoint("writer.index_built");
                if (!built || (m_targetDatabase && !m_targetDatabase->commit(&error)) || !transaction.commit())
                    qCWarning(lcModel) << "cannot index the loaded tables:" << error << transaction.errorText();
                else
                    crashPoint("writer.indexed");
            }
            RecordBatch::releaseSpareBuffers();
            emit drained();
        },
        Qt::QueuedConnection);
}

void LoadWriter::enqueue(const std::shared_ptr<LoadOp> &op)
{
    if (m_broken)
        return;
    m_pending.append(op);
    m_pendingRows += op->records.rowCount();
    m_pendingBytes += op->records.byteSize();
    if (m_pendingRows >= m_limits.rows || m_pendingBytes >= m_limits.bytes)
        flush();
    else if (!m_timer->isActive())
        m_timer->start();
}

namespace {
// A step of a commit went well: the crash tests may stop here.
bool done(bool ok, const char *point)
{
    if (ok)
        crashPoint(point);
    return ok;
}
} // namespace

bool LoadWriter::ledgerDone(bool ok, const char *point, QString *error) const
{
    if (!ok)
        *error = m_ledger->lastError();
    return done(ok, point);
}

bool LoadWriter::apply(LoadOp &op, QString *error)
{
    const auto ledger = [&](bool ok, const char *point) { return ledgerDone(ok, point, error); };
    switch (op.kind) {
    case LoadOp::Kind::Page:
        return applyPage(op, error);
    case LoadOp::Kind::Running:
        m_trackers.erase({op.endpointId, op.partition}); // a new attempt
        return ledger(m_ledger->markRunning(op.endpointId, op.partition), "writer.partition_running");
    case LoadOp::Kind::Error:
        return ledger(m_ledger->recordError(op.endpointId, op.partition, op.httpStatus, op.message),
                      "writer.error_recorded");
    case LoadOp::Kind::Failed:
        m_trackers.erase({op.endpointId, op.partition});
        return ledger(m_ledger->markFailed(op.endpointId, op.partition, op.httpStatus, op.message),
                      "writer.partition_failed");
    case LoadOp::Kind::Event:
        return ledger(m_ledger->appendEvent(op.runId, op.level, op.partition, op.message, op.data),
                      "writer.event_appended");
    case LoadOp::Kind::Sync:
        return ledger(m_ledger->saveSyncState(op.endpointId, op.data), "writer.sync_saved");
    case LoadOp::Kind::Refresh:
        // With a database of its own, the rows go after the ledger commits: see flush().
        if (!m_targetDatabase &&
            !done(m_target->removeRowsLoadedBefore(op.table, op.since, error), "writer.refresh_removed"))
            return false;
        return ledger(m_ledger->forgetPartitionsExcept(op.endpointId, op.keys), "writer.refresh_forgotten");
    }
    return true;
}

bool LoadWriter::applyPage(LoadOp &op, QString *error)
{
    const auto ledger = [&](bool ok, const char *point) { return ledgerDone(ok, point, error); };
    if (op.restart &&
        !done(m_target->restartPartition(op.table, op.primaryKey, op.partition, error), "writer.partition_restarted"))
        return false;
    PullTracker *tracker = nullptr;
    if (m_trackPulls) {
        auto &slot = m_trackers[{op.endpointId, op.partition}];
        if (op.restart || !slot) {
            // From its first page, a pull compares with the partition's last complete one; resumed
            // half-way (the tracker is new but the pull is not), it cannot.
            std::optional<FingerprintReader> previous; // (one that cannot be read compares nothing)
            if (op.restart)
                previous = m_ledger->fingerprint(op.endpointId, op.partition);
            slot = std::make_unique<PullTracker>(op.primaryKey, op.updateKey, std::move(previous), op.restart);
        }
        tracker = slot.get();
        tracker->add(op.records,
                     [&](const QVariantList &key) { return m_target->readRow(op.table, op.primaryKey, key, nullptr); });
    }
    if (!done(m_target->write(op.table, op.primaryKey, op.partition, op.records, error), "writer.rows_written"))
        return false;
    if (!op.last)
        return ledger(m_ledger->recordPage(op.endpointId, op.partition, op.counts, op.httpStatus, op.checkpoint),
                      "writer.page_recorded");

    std::optional<PullTracker::Result> found;
    if (tracker) {
        // The rows gone from the source are still in a keyed table (upserts never delete): their
        // examples are read from it.
        found = tracker->finish([&](const auto &visit) {
            m_target->visitPartition(op.table, op.primaryKey, op.partition, visit, nullptr);
        });
        m_trackers.erase({op.endpointId, op.partition});
        if (!found->error.isEmpty())
            qCWarning(lcModel) << "Partition" << op.partition
                               << "was not compared with its previous pull:" << found->error;
    }
    if (!done(m_target->finishPartition(op.table, op.primaryKey, op.partition, error), "writer.partition_replaced"))
        return false;
    if (!ledger(m_ledger->markSucceeded(op.endpointId, op.partition, op.counts, op.httpStatus, op.openUntil),
                "writer.partition_succeeded"))
        return false;
    return !found ||
           ledger(m_ledger->recordPull(op.endpointId, op.partition, found->pull, found->examples, found->fingerprint),
                  "writer.pull_recorded");
}

void LoadWriter::flush()
{
    m_timer->stop();
    if (m_pending.isEmpty() || m_broken)
        return;
    const QList<std::shared_ptr<LoadOp>> ops = std::exchange(m_pending, {});
    const qint64 rows = std::exchange(m_pendingRows, 0);
    const qint64 bytes = std::exchange(m_pendingBytes, 0);

    QString error;
    WorkspaceTransaction transaction(*m_workspace);
    bool ok = transaction.isActive();
    if (!ok)
        error = transaction.errorText();
    if (ok && m_targetDatabase)
        ok = m_targetDatabase->begin(&error);
    if (ok)
        crashPoint("writer.transaction_begun");
    for (const auto &op : ops) {
        if (!ok)
            break;
        ok = apply(*op, &error);
    }
    // Rows in another database commit first, then the ledger. A crash between the two leaves
    // rows whose pages the ledger does not show: their partition runs those pages again and
    // writes the same rows the same way (upserted by primary key; without one, re-staged from
    // the first page and replacing the partition, see BackfillEngine::startPartition), so
    // nothing is lost and nothing duplicated. The other order could lose rows.
    if (ok && m_targetDatabase) {
        ok = m_targetDatabase->commit(&error);
        if (ok)
            crashPoint("writer.target_committed"); // the rows are in, the ledger does not know
    }
    if (ok && !transaction.commit()) {
        ok = false;
        error = transaction.errorText();
    }
    if (ok)
        crashPoint("writer.committed");
    // A full refresh the other way round: the ledger forgets the partitions outside the run
    // (committed above), then their rows go from the other database. A crash between the two
    // leaves rows of partitions the ledger no longer knows: a later run of those partitions
    // writes them again by primary key or replaces the partition, and the next full refresh
    // removes them, so nothing is lost or duplicated. The other order could leave partitions
    // done whose rows are gone.
    const auto isRefresh = [](const std::shared_ptr<LoadOp> &op) { return op->kind == LoadOp::Kind::Refresh; };
    QString failedIn = m_path;
    if (ok && m_targetDatabase && std::any_of(ops.cbegin(), ops.cend(), isRefresh)) {
        failedIn = m_targetUrl.displayText(); // the workspace has committed
        ok = m_targetDatabase->begin(&error);
        for (const auto &op : ops) {
            if (ok && isRefresh(op)) {
                crashPoint("writer.refresh_target_begun"); // the ledger forgot, the rows are there
                ok = m_target->removeRowsLoadedBefore(op->table, op->since, &error);
            }
        }
        ok = ok && m_targetDatabase->commit(&error);
    }
    if (!ok) {
        if (m_targetDatabase)
            m_targetDatabase->rollback();
        transaction.rollback();
        // Nothing of this batch is in the database (all of it but a refresh's removal when only
        // that failed, see above), and nothing later may land out of order.
        m_broken = true;
        qCWarning(lcModel) << "cannot write to" << failedIn << error;
        emit failed(QCoreApplication::translate("Backfill", "cannot write to %1: %2").arg(failedIn, error));
        return;
    }

    QList<PartitionRecord> touched;
    QSet<std::pair<qint64, QString>> seen;
    for (const auto &op : ops) {
        if (op->partition.isEmpty() || op->kind == LoadOp::Kind::Event ||
            seen.contains({op->endpointId, op->partition}))
            continue;
        seen.insert({op->endpointId, op->partition});
        if (const auto record = m_ledger->partition(op->endpointId, op->partition))
            touched.append(*record);
    }
    emit committed(touched, rows, bytes);
}

} // namespace Backfill
