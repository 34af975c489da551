#pragma once

#include "model/targets/columntype.h"
#include "model/targets/recordbatch.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <memory>
#include <utility>

namespace Backfill {

struct TargetColumn
{
    QString name;
    ColumnType type = ColumnType::Null;
};

// Where the rows of a backfill go: one table per endpoint, columns inferred from the records
// and widened as new fields and types appear, the partition key and load time on every row,
// and the columns' types kept in `_backfill_columns`. With a primary key, rows are upserted
// (the last of duplicates wins); without one, a partition's rows are staged and replace the
// partition's rows only in finishPartition(), so a re-run never shows half a partition.
//
// This base owns everything a database does not change: the table cache, the key check, the
// column bookkeeping, staging and the partition replace, full refresh, the partition index,
// and reading a table's rows back (the data browser). A dialect (SqliteTarget,
// PostgresTarget) keeps only what differs: how names compare, types, key discovery, table
// changes and the insert path. The load writer and the data browser see only this class, so
// the workspace's SQLite file, another SQLite file and PostgreSQL are interchangeable.
// Transactions belong to the caller (the load writer), never to the target.
class Target
{
public:
    static constexpr auto PartitionColumn = "_backfill_partition";
    static constexpr auto LoadedAtColumn = "_backfill_loaded_at";

    // The target for `database`'s driver (QSQLITE or QPSQL); nullptr for another driver.
    static std::unique_ptr<Target> create(const QSqlDatabase &database);
    virtual ~Target();
    Target(const Target &) = delete;
    Target &operator=(const Target &) = delete;

    // Adds the records of one page of `partitionKey` to `table`: upserted by `primaryKey`
    // (the last of duplicates wins), or staged for finishPartition() without one.
    bool write(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
               const RecordBatch &records, QString *error);
    bool write(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
               const QList<QJsonObject> &records, QString *error);
    // A partition starts again from its first page: forget what it staged before.
    bool restartPartition(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
                          QString *error);
    // The partition's last page is written: without a primary key, its staged rows replace
    // its rows in the table. Call inside the transaction that marks the partition done.
    bool finishPartition(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
                         QString *error);
    // The end of a load: indexes every table by partition (for "the rows of one day").
    bool finalize(QString *error);
    // A full refresh that loaded every partition: rows it did not write go.
    bool removeRowsLoadedBefore(const QString &table, const QDateTime &instant, QString *error);
    // The columns of `table` as inferred so far (metadata columns excluded); empty if none.
    QList<TargetColumn> columns(const QString &table, QString *error = nullptr);

    // -- What a partition held (the examples of its changes) --
    // The row `table` holds for `key` (values in primary-key order), metadata columns left out;
    // empty when there is none.
    QJsonObject readRow(const QString &table, const QStringList &primaryKey, const QVariantList &key, QString *error);
    // Calls `visit(key, row)` for each row of `partitionKey` in `table` until it returns false.
    bool visitPartition(const QString &table, const QStringList &primaryKey, const QString &partitionKey,
                        const std::function<bool(const QVariantList &key, const QJsonObject &row)> &visit,
                        QString *error);

    // -- Reading back (the data browser) --
    // The tables backfills wrote here (those with the partition column), staging tables not
    // among them, by name.
    virtual QStringList tables(QString *error) = 0;
    // Every column of `table` as the database holds it, in its order; empty if none.
    virtual QStringList tableColumns(const QString &table, QString *error) = 0;
    // `table` as SQL names it (quoted; a PostgreSQL `schema.table` qualified).
    virtual QString tableName(const QString &table) const = 0;
    // A condition: the value of `quotedColumn`, as text, contains the bound LIKE pattern
    // (escaped with a backslash), ignoring case.
    virtual QString textMatch(const QString &quotedColumn) const = 0;
    // What tells rows apart for a stable order, given the table's columns ("rowid", "ctid").
    virtual QString rowIdentity(const QStringList &columns) const = 0;
    // Whether rowIdentity() is an integer that rows can be reached by (a seek, an order table).
    virtual bool rowIdentityIsInteger() const = 0;

    static QString stagingTable(const QString &table);
    // The key check of table(): a table not made yet takes `wanted` as its key (it is made
    // with the first records); a table made takes rows only by the key it was made with, the
    // same columns in any order, their names compared as `spelling` makes them (as the
    // database compares names). Otherwise false, and `error` says what to do.
    static bool acceptKey(const QString &table, bool exists, QStringList &made, const QStringList &wanted,
                          QString (*spelling)(const QString &), QString *error);

protected:
    // One target table as this connection knows it.
    struct Table
    {
        virtual ~Table() = default;
        // The prepared inserts go when the columns change.
        virtual void resetStatements() {}

        QString name;
        QStringList primaryKey;
        QList<TargetColumn> columns; // inferred types
        QList<ColumnType> declared;  // the types the columns were made with, parallel to columns
        QHash<QString, int> indexOf; // spelling() of a column's name -> position
        bool exists = false;
    };

    explicit Target(QSqlDatabase database, QString (*spelling)(const QString &));

    // -- The dialect --
    // Whether the connection is an open database of this kind; otherwise `error` says so.
    virtual bool isOpen(QString *error) const = 0;
    virtual std::unique_ptr<Table> newTable() const { return std::make_unique<Table>(); }
    virtual bool tableExists(const QString &table, bool *exists, QString *error) = 0;
    // The declared type of a column as kept in `_backfill_columns`, and back.
    virtual QString declaredName(const Table &table, int column) const = 0;
    virtual ColumnType declaredType(const QString &stored, ColumnType inferred) const = 0;
    // Reads the key of an existing table (and what else the dialect keeps of it).
    virtual bool readKey(Table &table, QString *error) = 0;
    // A column of a table took a wider type than `before`.
    virtual void columnWidened(Table &, int /*column*/, ColumnType /*before*/) {}
    // Makes the table (with its staging table where it needs one) for its first records.
    virtual bool createTables(Table &table, QString *error) = 0;
    // Brings the tables of an existing table to its columns: `added` are new, `widened` took
    // a wider type than the one paired with them.
    virtual bool alterTables(Table &table, const QList<int> &added, const QList<std::pair<int, ColumnType>> &widened,
                             QString *error) = 0;
    // Inserts (or upserts) the rows of a page; the table has its columns.
    virtual bool insert(Table &table, const QString &partitionKey, const RecordBatch &records, QString *error) = 0;
    // A bound load time as the table compares it.
    virtual QString loadedAtParameter() const { return QStringLiteral("?"); }
    // The name of an index on `table`, without a schema.
    virtual QString indexName(const QString &table, const QString &suffix) const { return table + suffix; }

    // -- For the dialects --
    bool exec(const QString &sql, QString *error, const QVariantList &values = {});
    // The first column of every row `sql` returns, as text; empty with `error` set on failure.
    QStringList queryNames(const QString &sql, const QVariantList &values, QString *error);
    bool isKey(const Table &table, const QString &column) const;
    bool isSoleKey(const Table &table, const QString &column) const;
    QString spelling(const QString &column) const { return m_spelling(column); }
    // The quoted columns of an insert (the table's, then the metadata ones), and the clause
    // that makes it an upsert by the table's key (empty without one).
    QStringList insertColumns(const Table &table) const;
    QString upsertClause(const Table &table) const;
    QString partitionIndexSql(const QString &table) const;
    // `tables` without the staging tables of others among them.
    static QStringList withoutStaging(QStringList tables);

    QSqlDatabase m_database;

private:
    // The table, made (or to be made) with `primaryKey`; an error if it was made with another.
    Table *table(const QString &name, const QStringList &primaryKey, QString *error);
    Table *lookup(const QString &name, QString *error);
    bool checkFieldNames(const RecordBatch &records, const QString &table, const QString &partitionKey,
                         QString *error) const;
    bool ensureColumns(Table &table, const RecordBatch &records, QString *error);
    bool saveColumns(const Table &table, QString *error);
    // The rows of `table` that match `where` (bound to `values`), as readRow() and visitPartition() give them.
    bool selectRows(const Table &table, const QString &where, const QVariantList &values, const QStringList &primaryKey,
                    QString *error, const std::function<bool(const QVariantList &, const QJsonObject &)> &visit);

    QString (*m_spelling)(const QString &);
    QHash<QString, std::shared_ptr<Table>> m_tables;
    bool m_metadataReady = false;
};

} // namespace Backfill
