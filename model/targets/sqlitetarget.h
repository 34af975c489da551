#pragma once

#include "model/targets/recordbatch.h"
#include "model/targets/target.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

namespace Backfill {

// Writes records into tables of a SQLite database: one table per endpoint, columns
// inferred from the records and widened as new fields and types appear, nested values as
// JSON text, plus the partition key and load time of each row.
//
// With a primary key, rows are upserted (the last of duplicates wins). Without one, a
// partition's rows go to a staging table and replace the partition's rows in the table
// only when finishPartition() runs, inside the caller's transaction, so a re-run never
// shows half a partition. Transactions are the caller's, so the load writer can
// mark a partition succeeded in the same transaction that commits its last rows
// (WorkspaceTransaction).
//
// The insert path binds through the sqlite3 C API on QtSql's own connection handle: the
// same connection and transaction, at about three times QSqlQuery's speed.
class SqliteTarget final : public Target
{
public:
    explicit SqliteTarget(QSqlDatabase database);
    ~SqliteTarget() override;
    SqliteTarget(const SqliteTarget &) = delete;
    SqliteTarget &operator=(const SqliteTarget &) = delete;

    // Adds the records of one page of `partitionKey` to `table`.
    bool write(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
               const RecordBatch &records, QString *error) override;
    bool write(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
               const QList<QJsonObject> &records, QString *error);
    // A partition starts again from its first page: forget what it staged before.
    bool restartPartition(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
                          QString *error) override;
    // The partition's last page is written: without a primary key, its staged rows replace
    // its rows in the table. Call inside the transaction that marks the partition done.
    bool finishPartition(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
                         QString *error) override;

    // The end of a load: indexes every table by partition (for "the rows of one day").
    bool finalize(QString *error) override;
    bool removeRowsLoadedBefore(const QString &table, const QDateTime &instant, QString *error) override;

    // The columns of `table` as inferred so far (metadata columns excluded); empty if none.
    QList<TargetColumn> columns(const QString &table, QString *error = nullptr) override;
    static QString stagingTable(const QString &table);

private:
    struct Table;
    // The table, made (or to be made) with `primaryKey`; an error if it was made with another.
    Table *table(const QString &name, const QStringList &primaryKey, QString *error);
    Table *lookup(const QString &name, QString *error);
    bool ensureColumns(Table &table, const RecordBatch &records, QString *error);
    bool prepareInsert(Table &table, QString *error);
    bool createTable(Table &table, const QString &name, QString *error);
    bool createPartitionIndex(const QString &table, QString *error);
    bool rebuild(Table &table, const QString &name, QString *error);
    bool exec(const QString &sql, QString *error);

    QSqlDatabase m_database;
    void *m_handle = nullptr; // sqlite3*
    QHash<QString, std::shared_ptr<Table>> m_tables;
};

} // namespace Backfill
