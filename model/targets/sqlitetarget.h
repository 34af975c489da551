#pragma once

#include "model/targets/target.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Backfill {

// The SQLite dialect of Target: column names compare with their ASCII letters in any case,
// declared types are chosen for SQLite's affinities (a column whose affinity would change a
// wider type's values is rebuilt), a sole INTEGER key is declared INT so it is not the rowid,
// every table has a staging table, and rows are read back by rowid.
//
// The insert path binds through the sqlite3 C API on QtSql's own connection handle: the
// same connection and transaction, at about three times QSqlQuery's speed, in multi-row
// statements.
class SqliteTarget final : public Target
{
public:
    explicit SqliteTarget(QSqlDatabase database);
    ~SqliteTarget() override;

    QStringList tables(QString *error) override;
    QStringList tableColumns(const QString &table, QString *error) override;
    QString tableName(const QString &table) const override;
    QString textMatch(const QString &quotedColumn) const override;
    QString rowIdentity(const QStringList &columns) const override;
    bool rowIdentityIsInteger() const override { return true; }

private:
    struct SqliteTable;

    bool isOpen(QString *error) const override;
    std::unique_ptr<Table> newTable() const override;
    bool tableExists(const QString &table, bool *exists, QString *error) override;
    QString declaredName(const Table &table, int column) const override;
    ColumnType declaredType(const QString &stored, ColumnType inferred) const override;
    bool readKey(Table &table, QString *error) override;
    void columnWidened(Table &table, int column, ColumnType before) override;
    bool createTables(Table &table, QString *error) override;
    bool alterTables(Table &table, const QList<int> &added, const QList<std::pair<int, ColumnType>> &widened,
                     QString *error) override;
    bool insert(Table &table, const QString &partitionKey, const RecordBatch &records, QString *error) override;

    bool createTable(SqliteTable &table, const QString &name, QString *error);
    bool rebuild(SqliteTable &table, const QString &name, QString *error);
    bool prepareInsert(SqliteTable &table, QString *error);

    void *m_handle = nullptr; // sqlite3*
};

} // namespace Backfill
