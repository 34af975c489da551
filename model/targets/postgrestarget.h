#pragma once

#include "model/targets/target.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Backfill {

// The PostgreSQL dialect of Target, through QtSql's QPSQL driver: quoted names are exact
// ("Id" and "id" are two columns), `schema.table` names create the schema, columns are
// bigint, double precision, boolean, text or jsonb (timestamps stay text so values are
// exactly what the API sent) and widened with ALTER COLUMN ... TYPE, only tables without a
// key have a staging table, and rows are read back in ctid order.
//
// Rows go as one array per column through unnest() in one statement; with a key, duplicates
// within a page are dropped first, the last one kept, because one statement may not update a
// row twice.
class PostgresTarget final : public Target
{
public:
    explicit PostgresTarget(QSqlDatabase database);
    ~PostgresTarget() override;

    QStringList tables(QString *error) override;
    QStringList tableColumns(const QString &table, QString *error) override;
    QString tableName(const QString &table) const override { return qualifiedName(table); }
    QString textMatch(const QString &quotedColumn) const override;
    QString rowIdentity(const QStringList &columns) const override;
    bool rowIdentityIsInteger() const override { return false; }

    // `analytics.events` as `"analytics"."events"`; a name without a dot stays one identifier.
    static QString qualifiedName(const QString &table);

private:
    struct PostgresTable;

    bool isOpen(QString *error) const override;
    std::unique_ptr<Table> newTable() const override;
    bool tableExists(const QString &table, bool *exists, QString *error) override;
    QString declaredName(const Table &table, int column) const override;
    ColumnType declaredType(const QString &stored, ColumnType inferred) const override;
    bool readKey(Table &table, QString *error) override;
    bool createTables(Table &table, QString *error) override;
    bool alterTables(Table &table, const QList<int> &added, const QList<std::pair<int, ColumnType>> &widened,
                     QString *error) override;
    bool insert(Table &table, const QString &partitionKey, const RecordBatch &records, QString *error) override;
    QString loadedAtParameter() const override;
    QString indexName(const QString &table, const QString &suffix) const override;

    bool prepareInsert(PostgresTable &table, QString *error);
};

} // namespace Backfill
