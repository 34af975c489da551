#pragma once

#include "model/targets/target.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace Backfill {

// Writes records into PostgreSQL tables through QtSql's QPSQL driver, with the same rules
// as SqliteTarget: one table per endpoint (`schema.table` names create the schema), columns
// inferred and widened (bigint, double precision, boolean, text, jsonb; timestamps stay text
// so values are exactly what the API sent), the partition key and load time on every row,
// and their types kept in `_backfill_columns`.
//
// With a primary key, rows are upserted (INSERT ... ON CONFLICT DO UPDATE) in multi-row
// statements; duplicates within a page are dropped first, the last one kept, because one
// statement may not update a row twice. Without one, a partition's rows are staged and
// replace the partition's rows in finishPartition(), so re-running a partition replaces it.
// Transactions are the caller's (LoadWriter through TargetDatabase).
class PostgresTarget final : public Target
{
public:
    explicit PostgresTarget(QSqlDatabase database);
    ~PostgresTarget() override;
    PostgresTarget(const PostgresTarget &) = delete;
    PostgresTarget &operator=(const PostgresTarget &) = delete;

    bool write(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
               const RecordBatch &records, QString *error) override;
    bool restartPartition(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
                          QString *error) override;
    bool finishPartition(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
                         QString *error) override;
    bool finalize(QString *error) override;
    bool removeRowsLoadedBefore(const QString &table, const QDateTime &instant, QString *error) override;
    QList<TargetColumn> columns(const QString &table, QString *error = nullptr) override;

    // `analytics.events` as `"analytics"."events"`; a name without a dot stays one identifier.
    static QString qualifiedName(const QString &table);
    static QString stagingTable(const QString &table);

private:
    struct Table;
    // The table, made (or to be made) with `primaryKey`; an error if it was made with another.
    Table *table(const QString &name, const QStringList &primaryKey, QString *error);
    Table *lookup(const QString &name, QString *error);
    bool ensureColumns(Table &table, const RecordBatch &records, QString *error);
    bool createTables(Table &table, QString *error);
    bool insert(Table &table, const QString &partitionKey, const RecordBatch &records, QString *error);
    bool exec(const QString &sql, QString *error, const QVariantList &values = {});

    QSqlDatabase m_database;
    QHash<QString, std::shared_ptr<Table>> m_tables;
    bool m_metadataReady = false;
};

} // namespace Backfill
