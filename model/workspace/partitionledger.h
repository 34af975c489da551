#pragma once

#include "model/partitions/partitionstatus.h"
#include "model/workspace/partitionrecord.h"
#include "model/workspace/runlog.h"
#include "model/workspace/specrecord.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

class QSqlQuery;

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

namespace Backfill {

class Workspace;

// The workspace's record of what has been fetched: saved specs, endpoints, the state of every
// partition (status, attempts, counts, last HTTP status and error, times, checkpoint) and sync
// state per endpoint. Every write is a prepared statement with bound values; multi-row writes
// go through WorkspaceTransaction, so a call made inside the target writer's transaction
// commits together with the writer's rows. The runs that fetched them, with their event logs,
// are the RunLog it extends (runlog.h): one connection and clock for both, and code that only
// reads runs takes a RunLog.
// Calls that fail return false / -1 / empty and leave the reason in lastError().
class PartitionLedger final : public RunLog
{
public:
    enum class Order {
        Oldest,      // the order of the selection (range expansion yields oldest first)
        Newest,      // the reverse of the selection
        FailedFirst, // failed, then missing, then the rest, each in selection order
    };

    // `clock` gives "now" in UTC for timestamps; empty means the system clock.
    explicit PartitionLedger(Workspace &workspace, std::function<QDateTime()> clock = {});
    ~PartitionLedger();
    Q_DISABLE_COPY_MOVE(PartitionLedger)

    // Specs: the YAML text under its name, replaced on save.
    bool saveSpec(const QString &name, const QString &yaml);
    QList<SpecRecord> specs() const; // by name
    std::optional<SpecRecord> spec(const QString &name) const;

    // Endpoints are identified by spec name + endpoint name; the id keys everything else.
    qint64 ensureEndpoint(const QString &specName, const QString &endpointName);
    qint64 endpointId(const QString &specName, const QString &endpointName) const; // -1 when unknown
    // The thresholds of the endpoint's completeness checks (PartitionChecks::toJson()) as its
    // last run had them; an empty object for the defaults.
    bool saveEndpointChecks(qint64 endpointId, const QJsonObject &checks);
    QJsonObject endpointChecks(qint64 endpointId) const;

    // Partition state. The mark* calls create the partition's row when it has none; the
    // record* calls and saveCheckpoint() need a started partition and fail otherwise.
    bool markQueued(qint64 endpointId, const QStringList &keys);
    // A new attempt: attempts + 1, started now, finished cleared. Counts and the last error
    // stay until the attempt reports its own.
    bool markRunning(qint64 endpointId, const QString &key);
    // While running: totals so far and the status of the last response.
    bool recordProgress(qint64 endpointId, const QString &key, const PartitionCounts &counts, int httpStatus);
    // A committed page of a running partition: recordProgress() and saveCheckpoint() in one
    // statement, prepared once (the load writer calls it for every page).
    bool recordPage(qint64 endpointId, const QString &key, const PartitionCounts &counts, int httpStatus,
                    const QJsonObject &checkpoint);
    // A retried error inside an attempt (429, a timeout): shown as the last error, status unchanged.
    bool recordError(qint64 endpointId, const QString &key, int httpStatus, const QString &error);
    // Succeeded, or Empty when counts.rows == 0; Open instead while now is before `openUntil`
    // (the partition's period has not ended and settled: the next run pulls it again). Clears
    // the last error and the checkpoint (a finished partition re-runs from its first page).
    // httpStatus 0 keeps the one recorded.
    bool markSucceeded(qint64 endpointId, const QString &key, const PartitionCounts &counts, int httpStatus = 0,
                       const QDateTime &openUntil = {});
    // What a complete pull found (partition_changes keeps `examples`, replacing the earlier
    // ones) and the fingerprint of its rows that the next pull compares with. After
    // markSucceeded(), in the same transaction.
    // A fingerprint of nullopt (a pull resumed half-way, whose rows were not all seen) drops
    // the one kept, so the next pull compares nothing. The fingerprint is kept in chunks as it
    // is read: a partition's is never whole in memory.
    bool recordPull(qint64 endpointId, const QString &key, const PartitionPull &pull,
                    const QList<PartitionChange> &examples, const std::optional<FingerprintReader> &fingerprint);
    // A reader of the fingerprint kept (valid while this ledger is), chunk by chunk in key order;
    // nullopt when none is kept (never pulled, or not completely). Empty for an empty partition.
    std::optional<FingerprintReader> fingerprint(qint64 endpointId, const QString &key) const;
    // The examples of the partition's last pull, by kind (added, changed, removed, duplicate).
    QList<PartitionChange> changes(qint64 endpointId, const QString &key) const;
    // Failed, keeping the checkpoint so that a resumable pagination can continue from it.
    bool markFailed(qint64 endpointId, const QString &key, int httpStatus, const QString &error);
    // After a crash: partitions left running become Failed with an "interrupted" error (their
    // checkpoint kept, so they resume), queued ones that never ran go back to Missing, other
    // queued ones become Failed likewise, and runs left running become Interrupted. Call once
    // at start-up, when no other process runs this workspace. Returns the partitions changed.
    int recoverInterrupted();

    std::optional<PartitionRecord> partition(qint64 endpointId, const QString &key) const;
    // Rows whose key starts with `keyPrefix`, by key: "2024-01-05" gives that day's hours,
    // "2024-01" that month's days; an empty prefix gives all.
    QList<PartitionRecord> partitions(qint64 endpointId, const QString &keyPrefix = {}) const;
    // How many of `keys` are in each status (every status present, maybe 0); keys without a row
    // count as Missing; a key given twice counts once.
    QHash<PartitionStatus, int> countsByStatus(qint64 endpointId, const QStringList &keys) const;
    // Up to `limit` keys of the selection to run next (limit < 0: all). Running partitions are
    // never returned; Succeeded and Empty ones only with `includeDone`.
    QStringList nextToRun(qint64 endpointId, const QStringList &selectedKeys, Order order, int limit,
                          bool includeDone = false) const;

    // The pagination state after the last committed page; an empty object clears it.
    bool saveCheckpoint(qint64 endpointId, const QString &key, const QJsonObject &checkpoint);
    QJsonObject checkpoint(qint64 endpointId, const QString &key) const; // empty when none

    // After a full refresh: the endpoint's partitions other than `keep` are missing again
    // (their rows were dropped with the table's old contents). Runs in the caller's transaction.
    bool forgetPartitionsExcept(qint64 endpointId, const QStringList &keep);

    // The endpoint's `sync` values, kept between runs.
    bool saveSyncState(qint64 endpointId, const QJsonObject &state);
    QJsonObject syncState(qint64 endpointId) const; // empty when none

private:
    // The status of each of `keys`, in their order: Missing for a key without a row, nullopt for
    // a key given again (counted once).
    QList<std::optional<PartitionStatus>> statusOfEach(qint64 endpointId, const QStringList &keys) const;
    // The statement for `sql`, prepared on first use and kept: the writer runs these for every
    // page and partition. nullptr when it cannot be prepared (`*error` says why).
    QSqlQuery *prepared(const QString &sql, QString *error) const;

    mutable std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_prepared;
};

// "added", "changed", "removed", "duplicate": as partition_changes stores them.
QLatin1StringView partitionChangeKindName(PartitionChange::Kind kind);
std::optional<PartitionChange::Kind> partitionChangeKindFromName(const QString &name);
// "12 changed, 1 new, 0 gone": the rows of a pull against the pull before, as every screen says it.
QString changeCountsText(const PartitionPull &pull);

} // namespace Backfill
