#pragma once

#include "model/runs/runevent.h"
#include "model/targets/recordbatch.h"
#include "model/targets/targeturl.h"
#include "model/workspace/partitionrecord.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <map>
#include <memory>
#include <utility>

namespace Backfill {

class PartitionLedger;
class PullTracker;
class Target;
class TargetDatabase;
class WalCheckpointer;
class Workspace;

// One change to the workspace, applied by the LoadWriter in the order it was submitted.
struct LoadOp
{
    enum class Kind { Page, Running, Error, Failed, Event, Sync, Refresh };

    Kind kind = Kind::Page;
    qint64 endpointId = -1;
    QString partition;

    // Page: rows for `table`, the partition's totals after them, and where to resume.
    QString table;
    QStringList primaryKey;
    QString updateKey; // counted when records lack it (PartitionPull::missingUpdateKey)
    RecordBatch records;
    PartitionCounts counts;
    int httpStatus = 0;
    QJsonObject checkpoint;
    bool restart = false; // the partition starts again from its first page
    bool last = false;    // the partition is complete: it succeeds with these rows
    QDateTime openUntil;  // last: before this the partition is Open (its period goes on), not Succeeded

    QString message; // Error, Failed, Event
    qint64 runId = -1;
    EventLevel level = EventLevel::Info;
    QJsonObject data; // Event data, or the Sync state

    // Refresh (a full refresh that loaded every partition): the rows of `table` loaded
    // before `since` go, and the ledger forgets the partitions not in `keys`.
    QDateTime since;
    QStringList keys;
};

// The one writer of a backfill: it owns its own connection to the workspace on its own
// thread, buffers pages and ledger changes, and commits them together in one transaction
// when enough rows or bytes are waiting or a short delay has passed. A partition's last
// rows and its success are in the same transaction; so are each page and its checkpoint.
// Memory stays bounded: the engine stops fetching while too many bytes wait here.
// Every page's records also go through the partition's PullTracker: at the last page the
// ledger gets what the pull found (duplicates, missing update keys, columns) and what changed
// since the partition's previous pull, in the same transaction.
class LoadWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoadWriter)

public:
    // A commit when this many rows or bytes wait, or this long after the first. Commits of
    // about ten pages keep the writer busy from the first pages to the last, with little
    // waiting behind it when fetching ends.
    struct Limits
    {
        qint64 rows = 5000;
        qint64 bytes = 4 * 1024 * 1024;
        int delayMs = 200;
    };

    // Nothing touches the database until open() runs, on the writer's thread.
    explicit LoadWriter(QString workspacePath, Limits limits);
    explicit LoadWriter(QString workspacePath);
    ~LoadWriter() override;

    // Thread-safe: queues `op` for the writer's thread.
    void submit(LoadOp op);
    // Thread-safe: commits what waits, then emits drained().
    void drain();

    // Where rows go (before open()); by default the workspace file itself.
    void setTarget(const TargetUrl &target) { m_targetUrl = target; }
    // Whether pages go through a PullTracker (on by default; off only to measure what it costs).
    void setTrackPulls(bool track) { m_trackPulls = track; }

public slots:
    void open();

signals:
    void opened(bool ok, const QString &error);
    // After each commit: the partitions it touched as they now stand, and its sizes.
    void committed(const QList<Backfill::PartitionRecord> &partitions, qint64 rows, qint64 bytes);
    void failed(const QString &error);
    void drained();

private:
    void enqueue(const std::shared_ptr<LoadOp> &op);
    void flush();
    bool apply(LoadOp &op, QString *error);
    bool applyPage(LoadOp &op, QString *error);
    // `ok`, with the ledger's error in `error` when not (and the crash point when so).
    bool ledgerDone(bool ok, const char *point, QString *error) const;

    QString m_path;
    Limits m_limits;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // the workspace's log, off this thread
    std::unique_ptr<PartitionLedger> m_ledger;
    TargetUrl m_targetUrl;
    std::unique_ptr<TargetDatabase> m_targetDatabase; // when rows go to another database
    std::unique_ptr<Target> m_target;
    QList<std::shared_ptr<LoadOp>> m_pending;
    qint64 m_pendingRows = 0;
    qint64 m_pendingBytes = 0;
    QTimer *m_timer = nullptr;
    bool m_sparePooling = false; // open() began pooling batch buffers
    bool m_broken = false;
    bool m_trackPulls = true;
    std::map<std::pair<qint64, QString>, std::unique_ptr<PullTracker>> m_trackers; // partitions being pulled
};

} // namespace Backfill
