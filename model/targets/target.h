#pragma once

#include "model/targets/columntype.h"
#include "model/targets/recordbatch.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Backfill {

struct TargetColumn
{
    QString name;
    ColumnType type = ColumnType::Null;
};

// Where the rows of a backfill go: one table per endpoint, columns inferred from the
// records, the partition key and load time on every row. The load writer sees only this,
// so the workspace's SQLite file, another SQLite file and PostgreSQL are interchangeable.
// Transactions belong to the caller (the load writer), never to the target.
class Target
{
public:
    static constexpr auto PartitionColumn = "_backfill_partition";
    static constexpr auto LoadedAtColumn = "_backfill_loaded_at";

    virtual ~Target() = default;

    // The key check of a target's table(): a table not made yet takes `wanted` as its key (it
    // is made with the first records); a table made takes rows only by the key it was made
    // with, the same columns in any order, their names compared as `spelling` makes them (as
    // the database compares names). Otherwise false, and `error` says what to do.
    static bool acceptKey(const QString &table, bool exists, QStringList &made, const QStringList &wanted,
                          QString (*spelling)(const QString &), QString *error);
    // Forgets the columns recorded for `table` in `database`'s _backfill_columns: a table
    // dropped by hand leaves them, and it must not come back with them.
    static bool forgetColumns(const QSqlDatabase &database, const QString &table, QString *error);

    // Adds the records of one page of `partitionKey` to `table`: upserted by `primaryKey`
    // (the last of duplicates wins), or staged for finishPartition() without one.
    virtual bool write(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
                       const RecordBatch &records, QString *error) = 0;
    // A partition starts again from its first page: forget what it staged before.
    virtual bool restartPartition(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
                                  QString *error) = 0;
    // The partition's last page is written: without a primary key, its staged rows replace
    // its rows in the table. Call inside the transaction that marks the partition done.
    virtual bool finishPartition(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
                                 QString *error) = 0;
    // The end of a load (indexes and the like).
    virtual bool finalize(QString *error) = 0;
    // A full refresh that loaded every partition: rows it did not write go.
    virtual bool removeRowsLoadedBefore(const QString &table, const QDateTime &instant, QString *error) = 0;
    // The columns of `table` as inferred so far (metadata columns excluded); empty if none.
    virtual QList<TargetColumn> columns(const QString &table, QString *error = nullptr) = 0;
};

} // namespace Backfill
