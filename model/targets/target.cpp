#include "model/targets/target.h"

#include "model/core/sqlerrortext.h"
#include "model/core/translation.h"
#include "model/targets/postgrestarget.h"
#include "model/targets/sqlidentifier.h"
#include "model/targets/sqlitetarget.h"

#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
QString partitionColumn()
{
    return quoteIdentifier(QString::fromLatin1(Target::PartitionColumn));
}
} // namespace

std::unique_ptr<Target> Target::create(const QSqlDatabase &database)
{
    if (database.driverName() == u"QPSQL"_s)
        return std::make_unique<PostgresTarget>(database);
    if (database.driverName() == u"QSQLITE"_s)
        return std::make_unique<SqliteTarget>(database);
    return nullptr;
}

Target::Target(QSqlDatabase database, QString (*spelling)(const QString &))
    : m_database(std::move(database))
    , m_spelling(spelling)
{}

Target::~Target() = default;

QString Target::stagingTable(const QString &table)
{
    return table + u"__staging"_s;
}

QStringList Target::withoutStaging(QStringList tables)
{
    QSet<QString> staging;
    for (const QString &table : std::as_const(tables))
        staging.insert(stagingTable(table));
    tables.removeIf([&](const QString &table) { return staging.contains(table); });
    return tables;
}

bool Target::acceptKey(const QString &table, bool exists, QStringList &made, const QStringList &wanted,
                       QString (*spelling)(const QString &), QString *error)
{
    if (!exists) {
        made = wanted;
        return true;
    }
    const auto compared = [spelling](const QStringList &key) {
        QStringList names;
        for (const QString &column : key)
            names << spelling(column);
        names.sort();
        return names;
    };
    if (compared(made) == compared(wanted))
        return true;
    if (error) {
        const auto describe = [](const QStringList &key) {
            return key.isEmpty() ? tr("no primary key") : tr("the primary key (%1)").arg(key.join(u", "_s));
        };
        // Rows are matched by the key the table was made with: another key needs another table.
        *error = tr("the table %1 was made with %2, and the endpoint now has %3: put the key back in the spec, or "
                    "load into a new table (another `object`) and load its partitions again")
                     .arg(table, describe(made), describe(wanted));
    }
    return false;
}

bool Target::exec(const QString &sql, QString *error, const QVariantList &values)
{
    QSqlQuery query(m_database);
    bool ok = true;
    if (values.isEmpty()) {
        ok = query.exec(sql);
    } else {
        ok = query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        ok = ok && query.exec();
    }
    if (!ok && error)
        *error = tr("database error: %1 (in: %2)").arg(sqlErrorText(query.lastError()), sql.left(200));
    return ok;
}

QStringList Target::queryNames(const QString &sql, const QVariantList &values, QString *error)
{
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        if (error)
            *error = sqlErrorText(query.lastError());
        return {};
    }
    QStringList names;
    while (query.next())
        names << query.value(0).toString();
    return names;
}

bool Target::isKey(const Table &t, const QString &column) const
{
    const QString key = spelling(column);
    return std::any_of(t.primaryKey.cbegin(), t.primaryKey.cend(),
                       [&](const QString &k) { return spelling(k) == key; });
}

bool Target::isSoleKey(const Table &t, const QString &column) const
{
    return t.primaryKey.size() == 1 && isKey(t, column);
}

QStringList Target::insertColumns(const Table &t) const
{
    QStringList names;
    for (const TargetColumn &column : std::as_const(t.columns))
        names << quoteIdentifier(column.name);
    names << partitionColumn() << quoteIdentifier(QString::fromLatin1(LoadedAtColumn));
    return names;
}

QString Target::upsertClause(const Table &t) const
{
    if (t.primaryKey.isEmpty())
        return {};
    QStringList updates;
    for (const TargetColumn &column : std::as_const(t.columns)) {
        if (!isKey(t, column.name))
            updates << quoteIdentifier(column.name);
    }
    updates << partitionColumn() << quoteIdentifier(QString::fromLatin1(LoadedAtColumn));
    for (QString &update : updates)
        update += u" = excluded."_s + update;
    QStringList keys;
    for (const QString &key : std::as_const(t.primaryKey))
        keys << quoteIdentifier(key);
    return u" ON CONFLICT ("_s + keys.join(u", "_s) + u") DO UPDATE SET "_s + updates.join(u", "_s);
}

QString Target::partitionIndexSql(const QString &table) const
{
    return u"CREATE INDEX IF NOT EXISTS "_s + quoteIdentifier(indexName(table, u"__partition"_s)) + u" ON "_s +
           tableName(table) + u" ("_s + partitionColumn() + u')';
}

Target::Table *Target::table(const QString &name, const QStringList &primaryKey, QString *error)
{
    Table *t = lookup(name, error);
    return t && acceptKey(name, t->exists, t->primaryKey, primaryKey, m_spelling, error) ? t : nullptr;
}

Target::Table *Target::lookup(const QString &name, QString *error)
{
    if (!isOpen(error))
        return nullptr;
    if (auto it = m_tables.find(name); it != m_tables.end())
        return it->get();
    if (!m_metadataReady) {
        if (!exec(u"CREATE TABLE IF NOT EXISTS _backfill_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
                  "type TEXT NOT NULL, declared TEXT NOT NULL, position INTEGER NOT NULL, "
                  "PRIMARY KEY (table_name, column_name))"_s,
                  error))
            return nullptr;
        m_metadataReady = true;
    }

    std::shared_ptr<Table> t = newTable();
    t->name = name;
    if (!tableExists(name, &t->exists, error))
        return nullptr;
    if (!t->exists)
        return m_tables.insert(name, t)->get(); // columns left by a table dropped by hand do not count
    QSqlQuery query(m_database);
    query.prepare(
        u"SELECT column_name, type, declared FROM _backfill_columns WHERE table_name = ? ORDER BY position"_s);
    query.addBindValue(name);
    if (!query.exec()) {
        if (error)
            *error = sqlErrorText(query.lastError());
        return nullptr;
    }
    while (query.next()) {
        const ColumnType type = columnTypeFromName(query.value(1).toString());
        t->indexOf.insert(spelling(query.value(0).toString()), int(t->columns.size()));
        t->columns.append({query.value(0).toString(), type});
        t->declared.append(declaredType(query.value(2).toString(), type));
    }
    if (!readKey(*t, error))
        return nullptr;
    return m_tables.insert(name, t)->get();
}

QList<TargetColumn> Target::columns(const QString &name, QString *error)
{
    Table *t = lookup(name, error);
    return t ? t->columns : QList<TargetColumn>{};
}

// Refuses the fields of a page that the table cannot take as columns: one named like a metadata
// column, or two fields of one record that are one column there (in SQLite "Name" and "name":
// one of the two values would be lost). Fields spelled differently by different records are
// fine: they fill one column.
bool Target::checkFieldNames(const RecordBatch &records, const QString &table, const QString &partitionKey,
                             QString *error) const
{
    const QStringList &names = records.columns();
    QHash<QString, int> firstWithKey;              // spelling() -> the first field of the batch with it
    std::vector<int> column(size_t(names.size())); // field -> that first field
    bool shared = false;
    for (int i = 0; i < int(names.size()); ++i) {
        const QString key = spelling(names[i]);
        if (key == spelling(QString::fromLatin1(PartitionColumn)) ||
            key == spelling(QString::fromLatin1(LoadedAtColumn))) {
            if (error)
                *error = tr("the records have a field \"%1\", the name of a column that Backfill Studio adds to "
                            "every table; rename the field with a processor")
                             .arg(names[i]);
            return false;
        }
        const auto found = firstWithKey.constFind(key);
        shared = shared || found != firstWithKey.cend();
        column[size_t(i)] = found != firstWithKey.cend() ? *found : i;
        if (found == firstWithKey.cend())
            firstWithKey.insert(key, i);
    }
    if (!shared)
        return true;
    std::vector<qsizetype> lastRow(column.size(), -1); // column -> the last row with a field for it
    for (qsizetype row = 0; row < records.rowCount(); ++row) {
        const auto [begin, end] = records.row(row);
        for (const RecordBatch::Cell *cell = begin; cell != end; ++cell) {
            const int index = column[cell->column];
            if (lastRow[size_t(index)] != row) {
                lastRow[size_t(index)] = row;
                continue;
            }
            const auto first =
                std::find_if(begin, cell, [&](const RecordBatch::Cell &c) { return column[c.column] == index; });
            if (error)
                *error = tr("record %1 of a page of partition %2 has the fields \"%3\" and \"%4\", which are one "
                            "column of %5 in SQLite (its column names ignore case); rename one of them with a "
                            "processor")
                             .arg(row + 1)
                             .arg(partitionKey, names[first->column], names[cell->column], table);
            return false;
        }
    }
    return true;
}

bool Target::ensureColumns(Table &t, const RecordBatch &records, QString *error)
{
    QList<int> added;
    QList<std::pair<int, ColumnType>> widened; // column, its type before
    for (qsizetype i = 0; i < records.columns().size(); ++i) {
        const QString &name = records.columns()[i];
        const ColumnType seen = records.columnTypes()[i];
        const QString key = spelling(name);
        const auto found = t.indexOf.constFind(key);
        if (found == t.indexOf.cend()) {
            added.append(int(t.columns.size()));
            t.indexOf.insert(key, int(t.columns.size()));
            t.columns.append({name, seen});
            t.declared.append(t.exists ? ColumnType::Null : seen);
            continue;
        }
        TargetColumn &column = t.columns[*found];
        const ColumnType wider = widenColumnType(column.type, seen);
        if (wider != column.type) {
            widened.append({*found, column.type});
            column.type = wider;
            columnWidened(t, *found, widened.last().second);
        }
    }
    if (added.isEmpty() && widened.isEmpty() && t.exists)
        return true;
    // A page without records (a partition with none) tells nothing about the table: it comes
    // with the first records, whose fields its primary key needs.
    if (!t.exists && records.isEmpty())
        return true;

    for (const QString &key : std::as_const(t.primaryKey)) {
        if (!t.indexOf.contains(spelling(key))) {
            if (error)
                *error = tr("the records have no field \"%1\" for the primary key").arg(key);
            return false;
        }
    }

    t.resetStatements();
    if (t.exists) {
        if (!alterTables(t, added, widened, error))
            return false;
    } else {
        // A table dropped by hand leaves its columns and its staging table: they go first.
        if (!exec(u"DELETE FROM _backfill_columns WHERE table_name = ?"_s, error, {t.name}) ||
            !exec(u"DROP TABLE IF EXISTS "_s + tableName(stagingTable(t.name)), error) || !createTables(t, error))
            return false;
        t.exists = true;
    }
    return saveColumns(t, error);
}

bool Target::saveColumns(const Table &t, QString *error)
{
    const QString save = u"INSERT INTO _backfill_columns (table_name, column_name, type, declared, position) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT (table_name, column_name) DO UPDATE SET "
                         "type = excluded.type, declared = excluded.declared, position = excluded.position"_s;
    for (qsizetype i = 0; i < t.columns.size(); ++i) {
        const TargetColumn &column = t.columns[i];
        if (!exec(save, error, {t.name, column.name, columnTypeName(column.type), declaredName(t, int(i)), int(i)}))
            return false;
    }
    return true;
}

bool Target::write(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                   const RecordBatch &records, QString *error)
{
    if (!checkFieldNames(records, name, partitionKey, error))
        return false;
    Table *t = table(name, primaryKey, error);
    if (!t || !ensureColumns(*t, records, error))
        return false;
    return records.isEmpty() || insert(*t, partitionKey, records, error);
}

bool Target::write(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                   const QList<QJsonObject> &records, QString *error)
{
    RecordBatch batch;
    for (const QJsonObject &record : records)
        batch.append(record);
    return write(name, primaryKey, partitionKey, batch, error);
}

bool Target::restartPartition(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                              QString *error)
{
    Table *t = table(name, primaryKey, error);
    if (!t)
        return false;
    if (!t->exists || !t->primaryKey.isEmpty())
        return true; // upserts overwrite by key; nothing staged
    return exec(u"DELETE FROM "_s + tableName(stagingTable(name)) + u" WHERE "_s + partitionColumn() + u" = ?"_s, error,
                {partitionKey});
}

bool Target::finishPartition(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                             QString *error)
{
    Table *t = table(name, primaryKey, error);
    if (!t)
        return false;
    if (!t->exists || !t->primaryKey.isEmpty())
        return true;
    const QString list = insertColumns(*t).join(u", "_s);
    const QString where = u" WHERE "_s + partitionColumn() + u" = ?"_s;
    const QString staging = tableName(stagingTable(name));
    QString reason;
    if (exec(u"DELETE FROM "_s + tableName(name) + where, &reason, {partitionKey}) &&
        exec(u"INSERT INTO "_s + tableName(name) + u" ("_s + list + u") SELECT "_s + list + u" FROM "_s + staging +
                 where,
             &reason, {partitionKey}) &&
        exec(u"DELETE FROM "_s + staging + where, &reason, {partitionKey}))
        return true;
    if (error)
        *error = tr("cannot replace the rows of partition %1 in %2: %3").arg(partitionKey, name, reason);
    return false;
}

namespace {
// The rows `query` (made by selectRows()) gives: each as an object of the table's columns, and its key.
bool readRows(QSqlQuery &query, const QList<TargetColumn> &columns, const QList<int> &keyColumns,
              const std::function<bool(const QVariantList &, const QJsonObject &)> &visit)
{
    while (query.next()) {
        QJsonObject row;
        for (int c = 0; c < columns.size(); ++c) {
            const QVariant value = query.value(c);
            if (value.isNull())
                row.insert(columns.at(c).name, QJsonValue::Null);
            else if (columns.at(c).type == ColumnType::Boolean)
                row.insert(columns.at(c).name, value.toLongLong() != 0);
            else
                row.insert(columns.at(c).name, QJsonValue::fromVariant(value));
        }
        QVariantList key;
        for (int c : keyColumns)
            key.append(query.value(c));
        if (!visit(key, row))
            return true;
    }
    return true;
}
} // namespace

QJsonObject Target::readRow(const QString &name, const QStringList &primaryKey, const QVariantList &key, QString *error)
{
    QJsonObject found;
    const Table *t = lookup(name, error);
    if (!t || !t->exists || primaryKey.size() != key.size() || primaryKey.isEmpty())
        return found;
    QStringList where;
    for (const QString &column : primaryKey)
        where << quoteIdentifier(column) + u" = ?"_s;
    selectRows(*t, where.join(u" AND "_s), key, primaryKey, error,
               [&found](const QVariantList &, const QJsonObject &row) {
                   found = row;
                   return false;
               });
    return found;
}

bool Target::visitPartition(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                            const std::function<bool(const QVariantList &, const QJsonObject &)> &visit, QString *error)
{
    const Table *t = lookup(name, error);
    if (!t)
        return false;
    return !t->exists || selectRows(*t, partitionColumn() + u" = ?"_s, {partitionKey}, primaryKey, error, visit);
}

bool Target::selectRows(const Table &t, const QString &where, const QVariantList &values, const QStringList &primaryKey,
                        QString *error, const std::function<bool(const QVariantList &, const QJsonObject &)> &visit)
{
    QStringList list;
    for (const TargetColumn &column : t.columns)
        list << quoteIdentifier(column.name);
    QList<int> keyColumns;
    for (const QString &column : primaryKey) {
        const int at = int(t.indexOf.value(spelling(column), -1));
        if (at < 0)
            return true; // the table has no such column: no row has that key
        keyColumns << at;
    }
    if (list.isEmpty())
        return true;
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT "_s + list.join(u", "_s) + u" FROM "_s + tableName(t.name) + u" WHERE "_s + where)) {
        if (error)
            *error = sqlErrorText(query.lastError());
        return false;
    }
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec()) {
        if (error)
            *error = sqlErrorText(query.lastError());
        return false;
    }
    return readRows(query, t.columns, keyColumns, visit);
}

bool Target::finalize(QString *error)
{
    for (auto it = m_tables.cbegin(); it != m_tables.cend(); ++it) {
        if ((*it)->exists && !exec(partitionIndexSql(it.key()), error))
            return false;
    }
    return true;
}

bool Target::removeRowsLoadedBefore(const QString &name, const QDateTime &instant, QString *error)
{
    const Table *t = lookup(name, error);
    if (!t)
        return false;
    if (!t->exists)
        return true;
    // Load times are ISO 8601 in UTC with milliseconds (in SQLite they compare as text).
    QString reason;
    if (exec(u"DELETE FROM "_s + tableName(name) + u" WHERE "_s + quoteIdentifier(QString::fromLatin1(LoadedAtColumn)) +
                 u" < "_s + loadedAtParameter(),
             &reason, {instant.toUTC().toString(Qt::ISODateWithMs)}))
        return true;
    if (error)
        *error = tr("cannot remove the old rows of %1: %2").arg(name, reason);
    return false;
}

} // namespace Backfill
