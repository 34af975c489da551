// The ledger's record of what each partition's last pull found: the facts of its rows, the
// examples of what changed, and the fingerprint the next pull compares with (see PullTracker);
// and the thresholds its endpoint's checks judge those facts by.
#include "model/workspace/partitionledger.h"

#include "model/core/sqlerrortext.h"
#include "model/core/translation.h"
#include "model/workspace/workspace.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

constexpr std::pair<PartitionChange::Kind, QLatin1StringView> ChangeKindNames[] = {
    {PartitionChange::Kind::Added, "added"_L1},
    {PartitionChange::Kind::Changed, "changed"_L1},
    {PartitionChange::Kind::Removed, "removed"_L1},
    {PartitionChange::Kind::Duplicate, "duplicate"_L1},
};

QVariant rowToDb(const QJsonObject &row)
{
    return row.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(jsonToDb(row));
}

} // namespace

bool PartitionLedger::recordPull(qint64 endpointId, const QString &key, const PartitionPull &pull,
                                 const QList<PartitionChange> &examples,
                                 const std::optional<FingerprintReader> &fingerprint)
{
    const auto what = [&key] { return tr("Cannot record what the pull of the partition '%1' found").arg(key); };
    QString error;
    QSqlQuery *update = prepared(u"UPDATE partitions SET duplicate_keys = ?, missing_update_key = ?, columns_seen = ?, "
                                 "compared = ?, rows_added = ?, rows_changed = ?, rows_removed = ? "
                                 "WHERE endpoint_id = ? AND partition_key = ?"_s,
                                 &error);
    QSqlQuery *forget =
        update ? prepared(u"DELETE FROM partition_changes WHERE endpoint_id = ? AND partition_key = ?"_s, &error)
               : nullptr;
    QSqlQuery *insert = forget ? prepared(u"INSERT INTO partition_changes (endpoint_id, partition_key, kind, row_key, "
                                          "before_row, after_row) VALUES (?, ?, ?, ?, ?, ?)"_s,
                                          &error)
                               : nullptr;
    QSqlQuery *drop =
        insert ? prepared(u"DELETE FROM partition_fingerprints WHERE endpoint_id = ? AND partition_key = ?"_s, &error)
               : nullptr;
    QSqlQuery *keep = drop ? prepared(u"INSERT INTO partition_fingerprints (endpoint_id, partition_key, chunk, "
                                      "fingerprint) VALUES (?, ?, ?, ?)"_s,
                                      &error)
                           : nullptr;
    if (!keep)
        return fail(what(), error);
    const QVariantList values = {pull.duplicateKeys,
                                 pull.missingUpdateKey,
                                 textToDb(pull.columns),
                                 pull.compared ? 1 : 0,
                                 pull.added,
                                 pull.changed,
                                 pull.removed,
                                 endpointId,
                                 key};
    for (int i = 0; i < values.size(); ++i)
        update->bindValue(i, values.at(i));
    if (!update->exec())
        return fail(what(), sqlErrorText(update->lastError()));
    if (update->numRowsAffected() == 0)
        return fail(what(), tr("it has not been started"));
    forget->bindValue(0, endpointId);
    forget->bindValue(1, key);
    if (!forget->exec())
        return fail(what(), sqlErrorText(forget->lastError()));
    for (const PartitionChange &change : examples) {
        insert->bindValue(0, endpointId);
        insert->bindValue(1, key);
        insert->bindValue(2, QString(partitionChangeKindName(change.kind)));
        insert->bindValue(3, change.key);
        insert->bindValue(4, rowToDb(change.before));
        insert->bindValue(5, rowToDb(change.after));
        if (!insert->exec())
            return fail(what(), sqlErrorText(insert->lastError()));
    }
    drop->bindValue(0, endpointId);
    drop->bindValue(1, key);
    if (!drop->exec())
        return fail(what(), sqlErrorText(drop->lastError()));
    if (!fingerprint)
        return true;
    int chunks = 0;
    QString failed;
    const bool read = (*fingerprint)([&](const QByteArray &chunk) {
        keep->bindValue(0, endpointId);
        keep->bindValue(1, key);
        keep->bindValue(2, chunks++);
        keep->bindValue(3, chunk.isNull() ? QByteArray("") : chunk);
        if (!keep->exec()) {
            failed = sqlErrorText(keep->lastError());
            return false;
        }
        return true;
    });
    if (!failed.isEmpty())
        return fail(what(), failed);
    if (!read)
        return fail(what(), tr("the fingerprint of its rows cannot be read"));
    return true;
}

std::optional<FingerprintReader> PartitionLedger::fingerprint(qint64 endpointId, const QString &key) const
{
    const auto what = [&key] { return tr("Cannot read the fingerprint of the partition '%1'").arg(key); };
    QString error;
    QSqlQuery *query =
        prepared(u"SELECT 1 FROM partition_fingerprints WHERE endpoint_id = ? AND partition_key = ? LIMIT 1"_s, &error);
    if (!query) {
        fail(what(), error);
        return std::nullopt;
    }
    query->bindValue(0, endpointId);
    query->bindValue(1, key);
    if (!query->exec()) {
        fail(what(), sqlErrorText(query->lastError()));
        return std::nullopt;
    }
    const bool kept = query->next();
    query->finish();
    if (!kept)
        return std::nullopt;
    return [this, endpointId, key, what](const std::function<bool(const QByteArray &)> &chunk) {
        QSqlQuery read(m_workspace.database());
        read.setForwardOnly(true); // a chunk at a time
        read.prepare(u"SELECT fingerprint FROM partition_fingerprints WHERE endpoint_id = ? AND partition_key = ? "
                     "ORDER BY chunk"_s);
        read.bindValue(0, endpointId);
        read.bindValue(1, key);
        if (!read.exec()) {
            fail(what(), sqlErrorText(read.lastError()));
            return false;
        }
        while (read.next()) {
            if (!chunk(read.value(0).toByteArray()))
                return true;
        }
        if (read.lastError().isValid()) {
            fail(what(), sqlErrorText(read.lastError()));
            return false;
        }
        return true;
    };
}

bool PartitionLedger::saveEndpointChecks(qint64 endpointId, const QJsonObject &checks)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"UPDATE endpoints SET checks = :checks WHERE id = :id"_s);
    query.bindValue(u":checks"_s,
                    checks.isEmpty() ? u""_s : QString::fromUtf8(QJsonDocument(checks).toJson(QJsonDocument::Compact)));
    query.bindValue(u":id"_s, endpointId);
    if (!query.exec() || query.numRowsAffected() != 1) {
        fail(tr("Cannot keep the checks of endpoint %1").arg(endpointId), sqlErrorText(query.lastError()));
        return false;
    }
    return true;
}

QJsonObject PartitionLedger::endpointChecks(qint64 endpointId) const
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"SELECT checks FROM endpoints WHERE id = :id"_s);
    query.bindValue(u":id"_s, endpointId);
    if (!query.exec() || !query.next())
        return {};
    return QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object();
}

QList<PartitionChange> PartitionLedger::changes(qint64 endpointId, const QString &key) const
{
    QList<PartitionChange> result;
    QSqlQuery query(m_workspace.database());
    query.prepare(u"SELECT kind, row_key, before_row, after_row FROM partition_changes "
                  "WHERE endpoint_id = :endpoint AND partition_key = :key ORDER BY rowid"_s); // as recorded: by kind
    query.bindValue(u":endpoint"_s, endpointId);
    query.bindValue(u":key"_s, key);
    if (!query.exec()) {
        fail(tr("Cannot read the changes of the partition '%1'").arg(key), sqlErrorText(query.lastError()));
        return result;
    }
    while (query.next()) {
        PartitionChange change;
        change.kind = partitionChangeKindFromName(query.value(0).toString()).value_or(PartitionChange::Kind::Added);
        change.key = query.value(1).toString();
        change.before = QJsonDocument::fromJson(query.value(2).toString().toUtf8()).object();
        change.after = QJsonDocument::fromJson(query.value(3).toString().toUtf8()).object();
        result.append(change);
    }
    return result;
}

QLatin1StringView partitionChangeKindName(PartitionChange::Kind kind)
{
    for (const auto &[value, name] : ChangeKindNames) {
        if (value == kind)
            return name;
    }
    return {};
}

std::optional<PartitionChange::Kind> partitionChangeKindFromName(const QString &name)
{
    for (const auto &[value, text] : ChangeKindNames) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

QString changeCountsText(const PartitionPull &pull)
{
    return tr("%1 changed, %2 new, %3 gone").arg(pull.changed).arg(pull.added).arg(pull.removed);
}

} // namespace Backfill
