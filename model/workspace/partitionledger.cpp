#include "model/workspace/partitionledger.h"

#include "model/core/logging.h"
#include "model/core/sqlerrortext.h"
#include "model/core/translation.h"
#include "model/workspace/workspace.h"
#include "model/workspace/workspacetransaction.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// The columns partitionFromQuery() reads, in its order.
constexpr auto PartitionColumns =
    "endpoint_id, partition_key, status, attempts, page_count, row_count, byte_count, http_status, "
    "last_error, started_at, finished_at, checkpoint IS NOT NULL, duplicate_keys, missing_update_key, columns_seen, "
    "compared, rows_added, rows_changed, rows_removed"_L1;

// A checkpoint as stored: NULL when there is none.
QVariant checkpointToDb(const QJsonObject &checkpoint)
{
    return checkpoint.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(jsonToDb(checkpoint));
}

PartitionRecord partitionFromQuery(const QSqlQuery &query)
{
    PartitionRecord record;
    record.endpointId = query.value(0).toLongLong();
    record.key = query.value(1).toString();
    record.status = partitionStatusFromName(query.value(2).toString()).value_or(PartitionStatus::Missing);
    record.attempts = query.value(3).toInt();
    record.counts.pages = query.value(4).toLongLong();
    record.counts.rows = query.value(5).toLongLong();
    record.counts.bytes = query.value(6).toLongLong();
    record.httpStatus = query.value(7).toInt();
    record.lastError = query.value(8).toString();
    record.startedAt = timeFromDb(query.value(9));
    record.finishedAt = timeFromDb(query.value(10));
    record.hasCheckpoint = query.value(11).toBool();
    record.pull.duplicateKeys = query.value(12).toLongLong();
    record.pull.missingUpdateKey = query.value(13).toLongLong();
    record.pull.columns = query.value(14).toString();
    record.pull.compared = query.value(15).toBool();
    record.pull.added = query.value(16).toLongLong();
    record.pull.changed = query.value(17).toLongLong();
    record.pull.removed = query.value(18).toLongLong();
    return record;
}

bool isAscii(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
}

} // namespace

PartitionLedger::PartitionLedger(Workspace &workspace, std::function<QDateTime()> clock)
    : RunLog(workspace, std::move(clock))
{}

PartitionLedger::~PartitionLedger() = default;

// ---- Specs and endpoints

bool PartitionLedger::saveSpec(const QString &name, const QString &yaml)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"INSERT INTO specs (name, yaml, updated_at) VALUES (:name, :yaml, :now) "
                  "ON CONFLICT (name) DO UPDATE SET yaml = excluded.yaml, updated_at = excluded.updated_at"_s);
    query.bindValue(u":name"_s, name);
    query.bindValue(u":yaml"_s, textToDb(yaml));
    query.bindValue(u":now"_s, timeToDb(now()));
    if (!query.exec())
        return fail(tr("Cannot save the spec '%1'").arg(name), sqlErrorText(query.lastError()));
    return true;
}

QList<SpecRecord> PartitionLedger::specs() const
{
    QList<SpecRecord> result;
    QSqlQuery query(m_workspace.database());
    if (!query.exec(u"SELECT name, yaml, updated_at FROM specs ORDER BY name"_s)) {
        fail(tr("Cannot read the specs"), sqlErrorText(query.lastError()));
        return result;
    }
    while (query.next())
        result.append({query.value(0).toString(), query.value(1).toString(), timeFromDb(query.value(2))});
    return result;
}

std::optional<SpecRecord> PartitionLedger::spec(const QString &name) const
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"SELECT name, yaml, updated_at FROM specs WHERE name = :name"_s);
    query.bindValue(u":name"_s, name);
    if (!query.exec()) {
        fail(tr("Cannot read the spec '%1'").arg(name), sqlErrorText(query.lastError()));
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return SpecRecord{query.value(0).toString(), query.value(1).toString(), timeFromDb(query.value(2))};
}

qint64 PartitionLedger::ensureEndpoint(const QString &specName, const QString &endpointName)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"INSERT INTO endpoints (spec_name, name) VALUES (:spec, :name) "
                  "ON CONFLICT (spec_name, name) DO NOTHING"_s);
    query.bindValue(u":spec"_s, specName);
    query.bindValue(u":name"_s, endpointName);
    if (!query.exec()) {
        fail(tr("Cannot add the endpoint '%1' of '%2'").arg(endpointName, specName), sqlErrorText(query.lastError()));
        return -1;
    }
    return endpointId(specName, endpointName);
}

qint64 PartitionLedger::endpointId(const QString &specName, const QString &endpointName) const
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"SELECT id FROM endpoints WHERE spec_name = :spec AND name = :name"_s);
    query.bindValue(u":spec"_s, specName);
    query.bindValue(u":name"_s, endpointName);
    if (!query.exec()) {
        fail(tr("Cannot look up the endpoint '%1' of '%2'").arg(endpointName, specName),
             sqlErrorText(query.lastError()));
        return -1;
    }
    return query.next() ? query.value(0).toLongLong() : -1;
}

// ---- Partition state

bool PartitionLedger::markQueued(qint64 endpointId, const QStringList &keys)
{
    if (keys.isEmpty())
        return true;
    const QString what = tr("Cannot queue %1 partitions").arg(keys.size());
    WorkspaceTransaction transaction(m_workspace);
    if (!transaction.isActive())
        return fail(what, transaction.errorText());
    {
        QSqlQuery query(m_workspace.database());
        query.prepare(u"INSERT INTO partitions (endpoint_id, partition_key, status) VALUES (:endpoint, :key, :status) "
                      "ON CONFLICT (endpoint_id, partition_key) DO UPDATE SET status = excluded.status"_s);
        for (const QString &key : keys) {
            query.bindValue(u":endpoint"_s, endpointId);
            query.bindValue(u":key"_s, key);
            query.bindValue(u":status"_s, partitionStatusName(PartitionStatus::Queued));
            if (!query.exec())
                return fail(what, sqlErrorText(query.lastError()));
        }
    }
    if (!transaction.commit())
        return fail(what, transaction.errorText());
    return true;
}

bool PartitionLedger::markRunning(qint64 endpointId, const QString &key)
{
    const QString what = tr("Cannot mark the partition '%1' running").arg(key);
    QString error;
    QSqlQuery *query = prepared(u"INSERT INTO partitions (endpoint_id, partition_key, status, attempts, started_at) "
                                "VALUES (:endpoint, :key, :status, 1, :now) "
                                "ON CONFLICT (endpoint_id, partition_key) DO UPDATE SET status = excluded.status, "
                                "attempts = attempts + 1, started_at = excluded.started_at, finished_at = NULL"_s,
                                &error);
    if (!query)
        return fail(what, error);
    query->bindValue(u":endpoint"_s, endpointId);
    query->bindValue(u":key"_s, key);
    query->bindValue(u":status"_s, partitionStatusName(PartitionStatus::Running));
    query->bindValue(u":now"_s, timeToDb(now()));
    if (!query->exec())
        return fail(what, sqlErrorText(query->lastError()));
    return true;
}

bool PartitionLedger::recordProgress(qint64 endpointId, const QString &key, const PartitionCounts &counts,
                                     int httpStatus)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"UPDATE partitions SET page_count = :pages, row_count = :rows, byte_count = :bytes, "
                  "http_status = :http WHERE endpoint_id = :endpoint AND partition_key = :key"_s);
    query.bindValue(u":pages"_s, counts.pages);
    query.bindValue(u":rows"_s, counts.rows);
    query.bindValue(u":bytes"_s, counts.bytes);
    query.bindValue(u":http"_s, httpStatus);
    query.bindValue(u":endpoint"_s, endpointId);
    query.bindValue(u":key"_s, key);
    const QString what = tr("Cannot record the progress of the partition '%1'").arg(key);
    if (!query.exec())
        return fail(what, sqlErrorText(query.lastError()));
    if (query.numRowsAffected() == 0)
        return fail(what, tr("it has not been started"));
    return true;
}

bool PartitionLedger::recordPage(qint64 endpointId, const QString &key, const PartitionCounts &counts, int httpStatus,
                                 const QJsonObject &checkpoint)
{
    const auto what = [&key] { return tr("Cannot record the progress of the partition '%1'").arg(key); };
    QString error;
    QSqlQuery *update = prepared(u"UPDATE partitions SET page_count = ?, row_count = ?, byte_count = ?, "
                                 "http_status = ?, checkpoint = ? WHERE endpoint_id = ? AND partition_key = ?"_s,
                                 &error);
    if (!update)
        return fail(what(), error);
    QSqlQuery &query = *update;
    query.bindValue(0, counts.pages);
    query.bindValue(1, counts.rows);
    query.bindValue(2, counts.bytes);
    query.bindValue(3, httpStatus);
    query.bindValue(4, checkpointToDb(checkpoint));
    query.bindValue(5, endpointId);
    query.bindValue(6, key);
    if (!query.exec())
        return fail(what(), sqlErrorText(query.lastError()));
    if (query.numRowsAffected() == 0)
        return fail(what(), tr("it has not been started"));
    return true;
}

bool PartitionLedger::recordError(qint64 endpointId, const QString &key, int httpStatus, const QString &error)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"UPDATE partitions SET http_status = :http, last_error = :error "
                  "WHERE endpoint_id = :endpoint AND partition_key = :key"_s);
    query.bindValue(u":http"_s, httpStatus);
    query.bindValue(u":error"_s, textToDb(error));
    query.bindValue(u":endpoint"_s, endpointId);
    query.bindValue(u":key"_s, key);
    const QString what = tr("Cannot record the error of the partition '%1'").arg(key);
    if (!query.exec())
        return fail(what, sqlErrorText(query.lastError()));
    if (query.numRowsAffected() == 0)
        return fail(what, tr("it has not been started"));
    return true;
}

bool PartitionLedger::markSucceeded(qint64 endpointId, const QString &key, const PartitionCounts &counts,
                                    int httpStatus, const QDateTime &openUntil)
{
    const PartitionStatus status = openUntil.isValid() && now() < openUntil ? PartitionStatus::Open
                                   : counts.rows == 0                       ? PartitionStatus::Empty
                                                                            : PartitionStatus::Succeeded;
    const QString what = tr("Cannot mark the partition '%1' succeeded").arg(key);
    QString error;
    QSqlQuery *query = prepared(
        u"INSERT INTO partitions (endpoint_id, partition_key, status, attempts, page_count, row_count, byte_count, "
        "http_status, finished_at) VALUES (:endpoint, :key, :status, 1, :pages, :rows, :bytes, :http, :now) "
        "ON CONFLICT (endpoint_id, partition_key) DO UPDATE SET status = excluded.status, "
        "page_count = excluded.page_count, row_count = excluded.row_count, byte_count = excluded.byte_count, "
        "http_status = CASE WHEN excluded.http_status > 0 THEN excluded.http_status ELSE http_status END, "
        "last_error = '', checkpoint = NULL, finished_at = excluded.finished_at"_s,
        &error);
    if (!query)
        return fail(what, error);
    query->bindValue(u":endpoint"_s, endpointId);
    query->bindValue(u":key"_s, key);
    query->bindValue(u":status"_s, partitionStatusName(status));
    query->bindValue(u":pages"_s, counts.pages);
    query->bindValue(u":rows"_s, counts.rows);
    query->bindValue(u":bytes"_s, counts.bytes);
    query->bindValue(u":http"_s, httpStatus);
    query->bindValue(u":now"_s, timeToDb(now()));
    if (!query->exec())
        return fail(what, sqlErrorText(query->lastError()));
    return true;
}

bool PartitionLedger::markFailed(qint64 endpointId, const QString &key, int httpStatus, const QString &error)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"INSERT INTO partitions (endpoint_id, partition_key, status, attempts, http_status, last_error, "
                  "finished_at) VALUES (:endpoint, :key, :status, 1, :http, :error, :now) "
                  "ON CONFLICT (endpoint_id, partition_key) DO UPDATE SET status = excluded.status, "
                  "http_status = excluded.http_status, last_error = excluded.last_error, "
                  "finished_at = excluded.finished_at"_s);
    query.bindValue(u":endpoint"_s, endpointId);
    query.bindValue(u":key"_s, key);
    query.bindValue(u":status"_s, partitionStatusName(PartitionStatus::Failed));
    query.bindValue(u":http"_s, httpStatus);
    query.bindValue(u":error"_s, textToDb(error));
    query.bindValue(u":now"_s, timeToDb(now()));
    if (!query.exec())
        return fail(tr("Cannot mark the partition '%1' failed").arg(key), sqlErrorText(query.lastError()));
    return true;
}

int PartitionLedger::recoverInterrupted()
{
    const QString what = tr("Cannot recover interrupted partitions");
    WorkspaceTransaction transaction(m_workspace);
    if (!transaction.isActive()) {
        fail(what, transaction.errorText());
        return 0;
    }
    int changed = 0;
    {
        const QString interrupted = tr("Interrupted: the run stopped before this partition finished");
        QSqlDatabase db = m_workspace.database();
        QSqlQuery neverRan(db);
        neverRan.prepare(u"UPDATE partitions SET status = :missing WHERE status = :queued AND attempts = 0"_s);
        neverRan.bindValue(u":missing"_s, partitionStatusName(PartitionStatus::Missing));
        neverRan.bindValue(u":queued"_s, partitionStatusName(PartitionStatus::Queued));
        QSqlQuery broken(db);
        broken.prepare(u"UPDATE partitions SET status = :failed, last_error = :error "
                       "WHERE status IN (:running, :queued)"_s);
        broken.bindValue(u":failed"_s, partitionStatusName(PartitionStatus::Failed));
        broken.bindValue(u":error"_s, interrupted);
        broken.bindValue(u":running"_s, partitionStatusName(PartitionStatus::Running));
        broken.bindValue(u":queued"_s, partitionStatusName(PartitionStatus::Queued));
        QSqlQuery runs(db);
        runs.prepare(u"UPDATE runs SET outcome = :interrupted WHERE outcome = :running"_s);
        runs.bindValue(u":interrupted"_s, runOutcomeName(RunOutcome::Interrupted));
        runs.bindValue(u":running"_s, runOutcomeName(RunOutcome::Running));
        for (QSqlQuery *query : {&neverRan, &broken, &runs}) {
            if (!query->exec()) {
                fail(what, sqlErrorText(query->lastError()));
                return 0;
            }
            // numRowsAffected() asks the connection about its latest statement, so read it now.
            if (query != &runs)
                changed += query->numRowsAffected();
        }
    }
    if (!transaction.commit()) {
        fail(what, transaction.errorText());
        return 0;
    }
    if (changed > 0)
        qCInfo(lcModel) << "Recovered" << changed << "interrupted partitions in" << m_workspace.path();
    return changed;
}

std::optional<PartitionRecord> PartitionLedger::partition(qint64 endpointId, const QString &key) const
{
    QString error;
    QSqlQuery *query = prepared(u"SELECT "_s + PartitionColumns +
                                    u" FROM partitions WHERE endpoint_id = :endpoint AND partition_key = :key"_s,
                                &error);
    if (query) {
        query->bindValue(u":endpoint"_s, endpointId);
        query->bindValue(u":key"_s, key);
        if (!query->exec())
            error = sqlErrorText(query->lastError());
    }
    if (!error.isEmpty()) {
        fail(tr("Cannot read the partition '%1'").arg(key), error);
        return std::nullopt;
    }
    std::optional<PartitionRecord> record;
    if (query->next())
        record = partitionFromQuery(*query);
    query->finish(); // a kept statement left open would hold its read snapshot, and the log
    return record;
}

QSqlQuery *PartitionLedger::prepared(const QString &sql, QString *error) const
{
    if (const auto found = m_prepared.find(sql); found != m_prepared.end())
        return found->second.get();
    auto query = std::make_unique<QSqlQuery>(m_workspace.database());
    if (!query->prepare(sql)) {
        *error = sqlErrorText(query->lastError());
        return nullptr;
    }
    return m_prepared.emplace(sql, std::move(query)).first->second.get();
}

QList<PartitionRecord> PartitionLedger::partitions(qint64 endpointId, const QString &keyPrefix) const
{
    QList<PartitionRecord> result;
    QSqlQuery query(m_workspace.database());
    query.setForwardOnly(true); // read once in order: no cache of every row read so far
    if (keyPrefix.isEmpty()) {
        query.prepare(u"SELECT "_s + PartitionColumns +
                      u" FROM partitions WHERE endpoint_id = :endpoint ORDER BY partition_key"_s);
    } else {
        // A key range rather than LIKE, so the primary key index finds the rows (LIKE would also
        // treat '_' and '%' in keys as wildcards). U+10FFFF sorts after any character that can follow.
        query.prepare(u"SELECT "_s + PartitionColumns +
                      u" FROM partitions WHERE endpoint_id = :endpoint AND partition_key >= :low "
                      "AND partition_key < :high ORDER BY partition_key"_s);
        const char32_t last = 0x10FFFF;
        query.bindValue(u":low"_s, keyPrefix);
        query.bindValue(u":high"_s, QString(keyPrefix + QString::fromUcs4(&last, 1)));
    }
    query.bindValue(u":endpoint"_s, endpointId);
    if (!query.exec()) {
        fail(tr("Cannot read the partitions"), sqlErrorText(query.lastError()));
        return result;
    }
    while (query.next())
        result.append(partitionFromQuery(query));
    return result;
}

QList<std::optional<PartitionStatus>> PartitionLedger::statusOfEach(qint64 endpointId, const QStringList &keys) const
{
    QList<std::optional<PartitionStatus>> result;
    if (keys.isEmpty())
        return result;
    QSqlQuery query(m_workspace.database());
    query.setForwardOnly(true);
    // Read the keys' span of the endpoint in one indexed range scan, rather than a statement per
    // key or an IN list of thousands of values. Bounds by QString order hold for ASCII keys only.
    const bool ascii = std::all_of(keys.cbegin(), keys.cend(), isAscii);
    // A selection is usually its keys in order, each once: then the rows, in key order too, are
    // matched by walking both, with no hash of every key (which cost twice as much per key at
    // 87k keys as at 1k, its tables no longer in the CPU's caches).
    const bool ascending =
        ascii && std::adjacent_find(keys.cbegin(), keys.cend(),
                                    [](const QString &a, const QString &b) { return !(a < b); }) == keys.cend();
    if (ascii) {
        const auto [low, high] = std::minmax_element(keys.cbegin(), keys.cend());
        query.prepare(u"SELECT partition_key, status FROM partitions WHERE endpoint_id = :endpoint "
                      "AND partition_key BETWEEN :low AND :high ORDER BY partition_key"_s);
        query.bindValue(u":low"_s, *low);
        query.bindValue(u":high"_s, *high);
    } else {
        query.prepare(u"SELECT partition_key, status FROM partitions WHERE endpoint_id = :endpoint"_s);
    }
    query.bindValue(u":endpoint"_s, endpointId);
    if (!query.exec()) // then every key reads as missing (next() finds no row)
        fail(tr("Cannot read the partition states"), sqlErrorText(query.lastError()));
    const auto statusOf = [&query] {
        return partitionStatusFromName(query.value(1).toString()).value_or(PartitionStatus::Missing);
    };
    if (ascending) {
        // SQLite's binary order is QString's for ASCII keys, against any stored key.
        result.fill(PartitionStatus::Missing, keys.size());
        qsizetype next = 0;
        while (query.next() && next < keys.size()) {
            const QString key = query.value(0).toString();
            while (next < keys.size() && keys.at(next) < key)
                ++next;
            if (next < keys.size() && keys.at(next) == key)
                result[next++] = statusOf();
        }
        return result;
    }
    QHash<QString, PartitionStatus> known;
    while (query.next())
        known.insert(query.value(0).toString(), statusOf());
    QSet<QString> seen;
    result.reserve(keys.size());
    for (const QString &key : keys) {
        if (seen.contains(key)) {
            result.append(std::nullopt);
            continue;
        }
        seen.insert(key);
        result.append(known.value(key, PartitionStatus::Missing));
    }
    return result;
}

QHash<PartitionStatus, int> PartitionLedger::countsByStatus(qint64 endpointId, const QStringList &keys) const
{
    QHash<PartitionStatus, int> counts;
    for (const PartitionStatus status : AllPartitionStatuses)
        counts.insert(status, 0);
    for (const std::optional<PartitionStatus> &status : statusOfEach(endpointId, keys)) {
        if (status)
            ++counts[*status];
    }
    return counts;
}

QStringList PartitionLedger::nextToRun(qint64 endpointId, const QStringList &selectedKeys, Order order, int limit,
                                       bool includeDone) const
{
    const QList<std::optional<PartitionStatus>> known = statusOfEach(endpointId, selectedKeys);
    QList<std::pair<QString, PartitionStatus>> candidates;
    for (qsizetype i = 0; i < selectedKeys.size(); ++i) {
        if (!known.at(i))
            continue; // given before
        const PartitionStatus status = *known.at(i);
        if (status == PartitionStatus::Running || (isDone(status) && !includeDone))
            continue;
        candidates.append({selectedKeys.at(i), status});
    }
    if (order == Order::Newest)
        std::reverse(candidates.begin(), candidates.end());
    if (order == Order::FailedFirst) {
        const auto rank = [](PartitionStatus status) {
            return status == PartitionStatus::Failed ? 0 : status == PartitionStatus::Missing ? 1 : 2;
        };
        std::stable_sort(candidates.begin(), candidates.end(),
                         [&](const auto &a, const auto &b) { return rank(a.second) < rank(b.second); });
    }
    QStringList result;
    for (const auto &candidate : std::as_const(candidates)) {
        if (limit >= 0 && result.size() >= limit)
            break;
        result.append(candidate.first);
    }
    return result;
}

// ---- Checkpoints and sync state

bool PartitionLedger::forgetPartitionsExcept(qint64 endpointId, const QStringList &keep)
{
    const QString what = tr("Cannot reset the partitions of a full refresh");
    QSqlQuery keys(m_workspace.database());
    keys.setForwardOnly(true);
    keys.prepare(u"SELECT partition_key FROM partitions WHERE endpoint_id = :endpoint"_s);
    keys.bindValue(u":endpoint"_s, endpointId);
    if (!keys.exec())
        return fail(what, sqlErrorText(keys.lastError()));
    const QSet<QString> kept(keep.cbegin(), keep.cend());
    QStringList gone;
    while (keys.next()) {
        if (!kept.contains(keys.value(0).toString()))
            gone << keys.value(0).toString();
    }
    // Their rows went: so do the fingerprints and examples of what they held.
    for (const auto table : {"partitions"_L1, "partition_fingerprints"_L1, "partition_changes"_L1}) {
        QSqlQuery remove(m_workspace.database());
        remove.prepare(u"DELETE FROM "_s + table + u" WHERE endpoint_id = :endpoint AND partition_key = :key"_s);
        for (const QString &key : std::as_const(gone)) {
            remove.bindValue(u":endpoint"_s, endpointId);
            remove.bindValue(u":key"_s, key);
            if (!remove.exec())
                return fail(what, sqlErrorText(remove.lastError()));
        }
    }
    return true;
}

bool PartitionLedger::saveCheckpoint(qint64 endpointId, const QString &key, const QJsonObject &checkpoint)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(
        u"UPDATE partitions SET checkpoint = :checkpoint WHERE endpoint_id = :endpoint AND partition_key = :key"_s);
    query.bindValue(u":checkpoint"_s, checkpointToDb(checkpoint));
    query.bindValue(u":endpoint"_s, endpointId);
    query.bindValue(u":key"_s, key);
    const QString what = tr("Cannot save the checkpoint of the partition '%1'").arg(key);
    if (!query.exec())
        return fail(what, sqlErrorText(query.lastError()));
    if (query.numRowsAffected() == 0)
        return fail(what, tr("it has not been started"));
    return true;
}

QJsonObject PartitionLedger::checkpoint(qint64 endpointId, const QString &key) const
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"SELECT checkpoint FROM partitions WHERE endpoint_id = :endpoint AND partition_key = :key"_s);
    query.bindValue(u":endpoint"_s, endpointId);
    query.bindValue(u":key"_s, key);
    if (!query.exec()) {
        fail(tr("Cannot read the checkpoint of the partition '%1'").arg(key), sqlErrorText(query.lastError()));
        return {};
    }
    return query.next() ? jsonFromDb(query.value(0)) : QJsonObject();
}

bool PartitionLedger::saveSyncState(qint64 endpointId, const QJsonObject &state)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"INSERT INTO sync_state (endpoint_id, state, updated_at) VALUES (:endpoint, :state, :now) "
                  "ON CONFLICT (endpoint_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"_s);
    query.bindValue(u":endpoint"_s, endpointId);
    query.bindValue(u":state"_s, jsonToDb(state));
    query.bindValue(u":now"_s, timeToDb(now()));
    if (!query.exec())
        return fail(tr("Cannot save the sync state"), sqlErrorText(query.lastError()));
    return true;
}

QJsonObject PartitionLedger::syncState(qint64 endpointId) const
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"SELECT state FROM sync_state WHERE endpoint_id = :endpoint"_s);
    query.bindValue(u":endpoint"_s, endpointId);
    if (!query.exec()) {
        fail(tr("Cannot read the sync state"), sqlErrorText(query.lastError()));
        return {};
    }
    return query.next() ? jsonFromDb(query.value(0)) : QJsonObject();
}

} // namespace Backfill
