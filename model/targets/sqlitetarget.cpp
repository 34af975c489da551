#include "model/targets/sqlitetarget.h"

#include "model/core/logging.h"
#include "model/core/translation.h"
#include "model/targets/sqlidentifier.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QMap>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
// The declared SQL type of a column. SQLite converts values to the affinity of the declared
// type, so text-like values (timestamps, JSON) are declared TEXT (no number parsing on every
// insert), and columns whose affinity would change a wider type's values are rebuilt.
QString sqlType(ColumnType type)
{
    switch (type) {
    case ColumnType::Null:
        return {}; // no affinity: values are kept exactly as bound
    case ColumnType::Boolean:
        return u"BOOLEAN"_s;
    case ColumnType::Integer:
        return u"INTEGER"_s;
    case ColumnType::Real:
        return u"REAL"_s;
    case ColumnType::Timestamp:
    case ColumnType::Text:
    case ColumnType::Json:
        return u"TEXT"_s;
    }
    return u"TEXT"_s;
}

bool isNumeric(ColumnType t)
{
    return t == ColumnType::Boolean || t == ColumnType::Integer || t == ColumnType::Real;
}

// Whether values of `seen` can be stored in a column declared for `declared` unchanged.
bool affinityKeeps(ColumnType declared, ColumnType seen)
{
    if (declared == ColumnType::Null || seen == ColumnType::Null)
        return true;
    return isNumeric(declared) == isNumeric(seen); // numeric affinity keeps numbers, TEXT keeps text
}

// Rows per multi-row INSERT: one statement step per this many rows instead of per row (the
// per-statement work is a good part of SQLite's per-row cost), within the 999 parameters
// older SQLite versions allow for tables of up to 29 columns, and one-row statements beyond.
constexpr int RowsPerInsert = 32;
constexpr int MaxParameters = 999;

// What SQLite compares when it looks up a column: the name with its ASCII letters in lower
// case ("Id" and "id" are one column; "É" and "é" are two). Every lookup of a column by name
// goes through this, or fields that differ only in case would be added twice ("duplicate
// column name"). PostgreSQL's quoted names are exact: there they are two columns.
QString columnKey(const QString &name)
{
    QString key = name;
    for (QChar &c : key) {
        if (c.unicode() < 0x80)
            c = c.toLower();
    }
    return key;
}

// Refuses the fields of a page that SQLite cannot take as columns: one named like a metadata
// column, or two fields of one record that are one column there ("Name" and "name": one of the
// two values would be lost). Fields spelled differently by different records are fine: they
// fill one column.
bool checkFieldNames(const RecordBatch &records, const QString &table, const QString &partitionKey, QString *error)
{
    const QStringList &names = records.columns();
    QHash<QString, int> firstWithKey;              // columnKey() -> the first field of the batch with it
    std::vector<int> column(size_t(names.size())); // field -> that first field
    bool shared = false;
    for (int i = 0; i < int(names.size()); ++i) {
        const QString key = columnKey(names[i]);
        if (key == QLatin1StringView(Target::PartitionColumn) || key == QLatin1StringView(Target::LoadedAtColumn)) {
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

QString sqliteError(sqlite3 *db)
{
    return QString::fromUtf8(sqlite3_errmsg(db));
}

struct Statement
{
    sqlite3_stmt *stmt = nullptr;
    ~Statement() { sqlite3_finalize(stmt); }
    void reset()
    {
        sqlite3_finalize(stmt);
        stmt = nullptr;
    }
};
} // namespace

struct SqliteTarget::Table
{
    QString name;
    QStringList primaryKey;
    QList<TargetColumn> columns; // inferred types
    QList<ColumnType> declared;  // declared types, parallel to columns
    QHash<QString, int> indexOf; // columnKey() of a column's name -> position
    Statement insert;            // into the table (upsert) or its staging table, one row
    Statement insertMany;        // the same, RowsPerInsert rows at a time
    bool exists = false;
    bool rowidKey = false; // the sole primary key is declared INTEGER: it is the table's rowid

    // Whether `column` is (the sole column of) the primary key, which the spec may spell in
    // another case than the column that the first records made.
    bool isKey(const QString &column) const
    {
        const QString key = columnKey(column);
        return std::any_of(primaryKey.cbegin(), primaryKey.cend(),
                           [&](const QString &k) { return columnKey(k) == key; });
    }
    bool isSoleKey(const QString &column) const { return primaryKey.size() == 1 && isKey(column); }
};

SqliteTarget::SqliteTarget(QSqlDatabase database)
    : m_database(std::move(database))
{
    const QVariant handle = m_database.driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        m_handle = *static_cast<sqlite3 *const *>(handle.data());
}

SqliteTarget::~SqliteTarget() = default;

QString SqliteTarget::stagingTable(const QString &table)
{
    return table + u"__staging"_s;
}

bool SqliteTarget::exec(const QString &sql, QString *error)
{
    QSqlQuery query(m_database);
    if (query.exec(sql))
        return true;
    if (error)
        *error = tr("database error: %1 (in: %2)").arg(query.lastError().text(), sql.left(200));
    return false;
}

QList<TargetColumn> SqliteTarget::columns(const QString &name, QString *error)
{
    Table *t = lookup(name, error);
    return t ? t->columns : QList<TargetColumn>{};
}

SqliteTarget::Table *SqliteTarget::table(const QString &name, const QStringList &primaryKey, QString *error)
{
    Table *t = lookup(name, error);
    return t && acceptKey(name, t->exists, t->primaryKey, primaryKey, columnKey, error) ? t : nullptr;
}

SqliteTarget::Table *SqliteTarget::lookup(const QString &name, QString *error)
{
    if (!m_handle) {
        if (error)
            *error = tr("the target is not an open SQLite database");
        return nullptr;
    }
    if (auto it = m_tables.find(name); it != m_tables.end())
        return it->get();

    if (!exec(u"CREATE TABLE IF NOT EXISTS _backfill_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
              "type TEXT NOT NULL, declared TEXT NOT NULL, position INTEGER NOT NULL, "
              "PRIMARY KEY (table_name, column_name))"_s,
              error))
        return nullptr;

    auto t = std::make_shared<Table>();
    t->name = name;
    t->exists = m_database.tables().contains(name);
    if (!t->exists)
        return m_tables.insert(name, t)->get(); // columns left by a table dropped by hand do not count
    QSqlQuery query(m_database);
    query.prepare(
        u"SELECT column_name, type, declared FROM _backfill_columns WHERE table_name = ? ORDER BY position"_s);
    query.addBindValue(name);
    if (!query.exec()) {
        if (error)
            *error = query.lastError().text();
        return nullptr;
    }
    while (query.next()) {
        t->indexOf.insert(columnKey(query.value(0).toString()), int(t->columns.size()));
        t->columns.append({query.value(0).toString(), columnTypeFromName(query.value(1).toString())});
        t->declared.append(columnTypeFromName(query.value(2).toString()));
    }
    // The key the table was made with (in the key's order), and whether it is the rowid, as
    // in tables made before keys were declared INT.
    QSqlQuery info(m_database);
    if (!info.exec(u"PRAGMA table_info("_s + quoteIdentifier(name) + u')')) {
        if (error)
            *error = info.lastError().text();
        return nullptr;
    }
    QMap<int, QString> key; // position in the key -> column
    QString keyType;
    while (info.next()) {
        if (const int position = info.value(5).toInt(); position > 0) {
            key.insert(position, info.value(1).toString());
            keyType = info.value(2).toString();
        }
    }
    t->primaryKey = key.values();
    t->rowidKey = key.size() == 1 && keyType.compare(u"INTEGER"_s, Qt::CaseInsensitive) == 0;
    return m_tables.insert(name, t)->get();
}

bool SqliteTarget::createTable(Table &t, const QString &name, QString *error)
{
    const bool staging = name != t.name;
    QStringList defs;
    for (qsizetype i = 0; i < t.columns.size(); ++i) {
        // A sole primary key declared INTEGER would be the rowid, and rows are stored in rowid
        // order: the partitions a backfill loads side by side, each a range of keys, would then
        // go into the middle of the table and split its pages. Declared INT (the same integer
        // affinity) the key is an index of its own, and rows are appended to the table (8
        // partitions at a time: 11% less time per upsert, 2% smaller file). Loaded in key order
        // the rowid would be cheaper (callgrind: 1.09 against 1.24 G instructions per 100k rows),
        // but a backfill loads partitions side by side. An INTEGER key would also take no real
        // or text key, and store a missing one as a new rowid.
        const bool intKey = !staging && t.isSoleKey(t.columns[i].name) && t.declared[i] == ColumnType::Integer;
        const QString type = intKey ? u"INT"_s : sqlType(t.declared[i]);
        defs << QString(quoteIdentifier(t.columns[i].name) + u' ' + type).trimmed();
    }
    defs << quoteIdentifier(QString::fromLatin1(PartitionColumn)) + u" TEXT NOT NULL"_s
         << quoteIdentifier(QString::fromLatin1(LoadedAtColumn)) + u" TEXT NOT NULL"_s;
    if (!staging && !t.primaryKey.isEmpty()) {
        QStringList keys;
        for (const QString &key : t.primaryKey)
            keys << quoteIdentifier(key);
        defs << u"PRIMARY KEY ("_s + keys.join(u", "_s) + u')';
    }
    if (!exec(u"CREATE TABLE IF NOT EXISTS "_s + quoteIdentifier(name) + u" ("_s + defs.join(u", "_s) + u')', error))
        return false;
    // Upserted tables get their partition index once, at the end of a load (finalize()):
    // maintaining it row by row would cost a second B-tree insert per row.
    if (!staging && !t.primaryKey.isEmpty())
        return true;
    return createPartitionIndex(name, error);
}

bool SqliteTarget::createPartitionIndex(const QString &name, QString *error)
{
    return exec(u"CREATE INDEX IF NOT EXISTS "_s + quoteIdentifier(name + u"__partition"_s) + u" ON "_s +
                    quoteIdentifier(name) + u" ("_s + quoteIdentifier(QString::fromLatin1(PartitionColumn)) + u')',
                error);
}

bool SqliteTarget::finalize(QString *error)
{
    for (auto it = m_tables.cbegin(); it != m_tables.cend(); ++it) {
        if ((*it)->exists && !createPartitionIndex(it.key(), error))
            return false;
    }
    return true;
}

bool SqliteTarget::rebuild(Table &t, const QString &name, QString *error)
{
    // SQLite cannot change a column's type: copy into a new table with the new types.
    const QString old = name + u"__rebuild"_s;
    QStringList copied;
    QSqlQuery info(m_database);
    if (!info.exec(u"PRAGMA table_info("_s + quoteIdentifier(name) + u')'))
        return false;
    while (info.next())
        copied << quoteIdentifier(info.value(1).toString());
    const QString list = copied.join(u", "_s);
    return exec(u"ALTER TABLE "_s + quoteIdentifier(name) + u" RENAME TO "_s + quoteIdentifier(old), error) &&
           exec(u"DROP INDEX IF EXISTS "_s + quoteIdentifier(name + u"__partition"_s), error) &&
           createTable(t, name, error) &&
           exec(u"INSERT INTO "_s + quoteIdentifier(name) + u" ("_s + list + u") SELECT "_s + list + u" FROM "_s +
                    quoteIdentifier(old),
                error) &&
           exec(u"DROP TABLE "_s + quoteIdentifier(old), error);
}

bool SqliteTarget::ensureColumns(Table &t, const RecordBatch &records, QString *error)
{
    QList<TargetColumn> added;
    bool needsRebuild = false;
    bool changed = false;
    for (qsizetype i = 0; i < records.columns().size(); ++i) {
        const QString &name = records.columns()[i];
        const ColumnType seen = records.columnTypes()[i];
        const QString key = columnKey(name);
        const auto found = t.indexOf.constFind(key);
        if (found == t.indexOf.cend()) {
            t.indexOf.insert(key, int(t.columns.size()));
            t.columns.append({name, seen});
            t.declared.append(t.exists ? ColumnType::Null : seen);
            added.append(t.columns.last());
            changed = true;
            continue;
        }
        TargetColumn &column = t.columns[*found];
        const ColumnType widened = widenColumnType(column.type, seen);
        if (widened != column.type) {
            column.type = widened;
            changed = true;
            // A key that is the rowid (an older table) refuses anything but integers: it becomes
            // a key without affinity, which keeps every key exactly as it was written (REAL or
            // TEXT affinity would turn the key 1 into 1.0 or '1'). So does any key column that a
            // wider affinity would change: a REAL key 1.0 (written as 1) that became the text
            // '1.0' would be another row than the key 1 written again.
            const bool rowid = t.rowidKey && t.isSoleKey(name);
            if ((rowid && widened != ColumnType::Integer) ||
                (t.isKey(name) && !affinityKeeps(t.declared[*found], widened))) {
                t.declared[*found] = ColumnType::Null;
                t.rowidKey = false;
                needsRebuild = true;
            } else if (!affinityKeeps(t.declared[*found], widened)) {
                t.declared[*found] = widened;
                needsRebuild = true;
            }
        }
    }
    if (!changed && t.exists)
        return true;
    // A page without records (a partition with none) tells nothing about the table: it comes
    // with the first records, whose fields its primary key needs.
    if (!t.exists && records.isEmpty())
        return true;

    for (const QString &key : t.primaryKey) {
        if (!t.indexOf.contains(columnKey(key))) {
            if (error)
                *error = tr("the records have no field \"%1\" for the primary key").arg(key);
            return false;
        }
    }

    t.insert.reset();
    t.insertMany.reset();
    const QString staging = stagingTable(t.name);
    if (!t.exists) {
        // A table dropped by hand leaves its columns and its staging table: they go first.
        if (!forgetColumns(m_database, t.name, error) ||
            !exec(u"DROP TABLE IF EXISTS "_s + quoteIdentifier(staging), error) || !createTable(t, t.name, error) ||
            !createTable(t, staging, error))
            return false;
        t.exists = true;
    } else {
        for (const TargetColumn &column : added) {
            for (const QString &name : {t.name, staging}) {
                if (!exec(u"ALTER TABLE "_s + quoteIdentifier(name) + u" ADD COLUMN "_s + quoteIdentifier(column.name),
                          error))
                    return false;
            }
        }
        if (needsRebuild && !(rebuild(t, t.name, error) && rebuild(t, staging, error)))
            return false;
        if (needsRebuild)
            t.rowidKey = false; // made again with its key declared INT
    }

    QSqlQuery save(m_database);
    save.prepare(u"INSERT OR REPLACE INTO _backfill_columns (table_name, column_name, type, declared, position) "
                 "VALUES (?, ?, ?, ?, ?)"_s);
    for (qsizetype i = 0; i < t.columns.size(); ++i) {
        save.addBindValue(t.name);
        save.addBindValue(t.columns[i].name);
        save.addBindValue(columnTypeName(t.columns[i].type));
        save.addBindValue(columnTypeName(t.declared[i]));
        save.addBindValue(int(i));
        if (!save.exec()) {
            if (error)
                *error = save.lastError().text();
            return false;
        }
    }
    return true;
}

bool SqliteTarget::write(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                         const QList<QJsonObject> &records, QString *error)
{
    RecordBatch batch;
    for (const QJsonObject &record : records)
        batch.append(record);
    return write(name, primaryKey, partitionKey, batch, error);
}

bool SqliteTarget::prepareInsert(Table &t, QString *error)
{
    auto *db = static_cast<sqlite3 *>(m_handle);
    const bool upsert = !t.primaryKey.isEmpty();
    QStringList names;
    QStringList updates;
    for (const TargetColumn &column : std::as_const(t.columns)) {
        names << quoteIdentifier(column.name);
        if (!t.isKey(column.name))
            updates << names.last() + u" = excluded."_s + names.last();
    }
    for (const char *meta : {PartitionColumn, LoadedAtColumn}) {
        names << quoteIdentifier(QString::fromLatin1(meta));
        updates << names.last() + u" = excluded."_s + names.last();
    }
    const QString row = u'(' + QString(u"?, "_s).repeated(names.size() - 1) + u"?)"_s;
    QString conflict;
    if (upsert) {
        QStringList keys;
        for (const QString &key : std::as_const(t.primaryKey))
            keys << quoteIdentifier(key);
        conflict = u" ON CONFLICT ("_s + keys.join(u", "_s) + u") DO UPDATE SET "_s + updates.join(u", "_s);
    }
    const QString head =
        u"INSERT INTO "_s + quoteIdentifier(upsert ? t.name : stagingTable(t.name)) + u" ("_s + names.join(u", "_s);
    const auto prepare = [&](int rows, Statement &into) {
        QStringList values(rows, row);
        const QByteArray utf8 = (head + u") VALUES "_s + values.join(u", "_s) + conflict).toUtf8();
        return sqlite3_prepare_v3(db, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &into.stmt,
                                  nullptr) == SQLITE_OK;
    };
    // Rows of one statement are applied in order, so the last of duplicates still wins.
    if (prepare(1, t.insert) && (names.size() * RowsPerInsert > MaxParameters || prepare(RowsPerInsert, t.insertMany)))
        return true;
    if (error)
        *error = tr("cannot prepare the insert into %1: %2").arg(t.name, sqliteError(db));
    return false;
}

bool SqliteTarget::write(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                         const RecordBatch &records, QString *error)
{
    if (!checkFieldNames(records, name, partitionKey, error))
        return false;
    Table *t = table(name, primaryKey, error);
    if (!t || !ensureColumns(*t, records, error))
        return false;
    if (records.isEmpty())
        return true;
    if (!t->insert.stmt && !prepareInsert(*t, error))
        return false;

    auto *db = static_cast<sqlite3 *>(m_handle);
    const int columnCount = int(t->columns.size());
    const int rowParameters = columnCount + 2;
    std::vector<int> parameter; // batch column -> statement parameter
    parameter.reserve(size_t(records.columns().size()));
    for (const QString &column : records.columns())
        parameter.push_back(t->indexOf.value(columnKey(column)) + 1);
    const QByteArray partition = partitionKey.toUtf8();
    const QByteArray loadedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();
    // The statement's rows are slots of rowParameters parameters; slot `slot` takes `row`.
    // Bindings outlive a step, so a parameter needs NULL only when the row it now takes has no
    // value for it: `boundRow` remembers which row last bound each parameter of a slot.
    std::vector<qsizetype> boundRow(size_t(RowsPerInsert * rowParameters + 1), -1);
    const auto bindRow = [&](sqlite3_stmt *stmt, int slot, qsizetype row) {
        const int base = slot * rowParameters;
        sqlite3_bind_text(stmt, base + columnCount + 1, partition.constData(), int(partition.size()), SQLITE_STATIC);
        sqlite3_bind_text(stmt, base + columnCount + 2, loadedAt.constData(), int(loadedAt.size()), SQLITE_STATIC);
        const auto [begin, end] = records.row(row);
        for (const RecordBatch::Cell *cell = begin; cell != end; ++cell) {
            const int index = base + parameter[cell->column];
            boundRow[size_t(index)] = row;
            switch (cell->type) {
            case ColumnType::Null:
                sqlite3_bind_null(stmt, index);
                break;
            case ColumnType::Boolean:
            case ColumnType::Integer:
                sqlite3_bind_int64(stmt, index, cell->integer);
                break;
            case ColumnType::Real:
                sqlite3_bind_double(stmt, index, cell->real);
                break;
            case ColumnType::Timestamp:
            case ColumnType::Text:
            case ColumnType::Json: {
                const std::string_view text = records.text(*cell);
                sqlite3_bind_text(stmt, index, text.data(), int(text.size()), SQLITE_STATIC);
                break;
            }
            }
        }
        for (int i = base + 1; i <= base + columnCount; ++i) {
            if (boundRow[size_t(i)] != row)
                sqlite3_bind_null(stmt, i);
        }
    };
    const auto step = [&](sqlite3_stmt *stmt) {
        const int rc = sqlite3_step(stmt);
        sqlite3_reset(stmt);
        if (rc == SQLITE_DONE)
            return true;
        if (error)
            *error = tr("cannot write a row of partition %1 into %2: %3").arg(partitionKey, t->name, sqliteError(db));
        return false;
    };

    bool ok = true;
    qsizetype row = 0;
    if (sqlite3_stmt *many = t->insertMany.stmt) {
        for (; ok && row + RowsPerInsert <= records.rowCount(); row += RowsPerInsert) {
            for (int slot = 0; slot < RowsPerInsert; ++slot)
                bindRow(many, slot, row + slot);
            ok = step(many);
        }
        sqlite3_clear_bindings(many); // the bound buffers go away with this call
    }
    sqlite3_stmt *one = t->insert.stmt;
    for (; ok && row < records.rowCount(); ++row) {
        bindRow(one, 0, row);
        ok = step(one);
    }
    sqlite3_clear_bindings(one);
    return ok;
}

bool SqliteTarget::restartPartition(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                                    QString *error)
{
    Table *t = table(name, primaryKey, error);
    if (!t)
        return false;
    if (!t->exists || !t->primaryKey.isEmpty())
        return true; // upserts overwrite by key; nothing staged
    QSqlQuery query(m_database);
    query.prepare(u"DELETE FROM "_s + quoteIdentifier(stagingTable(name)) + u" WHERE "_s +
                  quoteIdentifier(QString::fromLatin1(PartitionColumn)) + u" = ?"_s);
    query.addBindValue(partitionKey);
    if (query.exec())
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

bool SqliteTarget::finishPartition(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                                   QString *error)
{
    Table *t = table(name, primaryKey, error);
    if (!t)
        return false;
    if (!t->exists || !t->primaryKey.isEmpty())
        return true;
    const QString partitionColumn = quoteIdentifier(QString::fromLatin1(PartitionColumn));
    QStringList names;
    for (const TargetColumn &column : std::as_const(t->columns))
        names << quoteIdentifier(column.name);
    names << partitionColumn << quoteIdentifier(QString::fromLatin1(LoadedAtColumn));
    const QString list = names.join(u", "_s);
    const QString where = u" WHERE "_s + partitionColumn + u" = ?"_s;
    const QStringList statements = {
        u"DELETE FROM "_s + quoteIdentifier(name) + where,
        u"INSERT INTO "_s + quoteIdentifier(name) + u" ("_s + list + u") SELECT "_s + list + u" FROM "_s +
            quoteIdentifier(stagingTable(name)) + where,
        u"DELETE FROM "_s + quoteIdentifier(stagingTable(name)) + where,
    };
    for (const QString &sql : statements) {
        QSqlQuery query(m_database);
        query.prepare(sql);
        query.addBindValue(partitionKey);
        if (!query.exec()) {
            if (error)
                *error = tr("cannot replace the rows of partition %1 in %2: %3")
                             .arg(partitionKey, name, query.lastError().text());
            return false;
        }
    }
    return true;
}

bool SqliteTarget::removeRowsLoadedBefore(const QString &name, const QDateTime &instant, QString *error)
{
    if (!m_database.tables().contains(name))
        return true;
    // Load times are ISO 8601 in UTC with milliseconds: they compare as text.
    QSqlQuery query(m_database);
    query.prepare(u"DELETE FROM "_s + quoteIdentifier(name) + u" WHERE "_s +
                  quoteIdentifier(QString::fromLatin1(LoadedAtColumn)) + u" < ?"_s);
    query.addBindValue(instant.toUTC().toString(Qt::ISODateWithMs));
    if (query.exec())
        return true;
    if (error)
        *error = tr("cannot remove the old rows of %1: %2").arg(name, query.lastError().text());
    return false;
}

} // namespace Backfill
