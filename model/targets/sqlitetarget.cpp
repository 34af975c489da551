#include "model/targets/sqlitetarget.h"

#include "model/core/sqlerrortext.h"
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
// goes through this (Target's spelling), or fields that differ only in case would be added
// twice ("duplicate column name"). PostgreSQL's quoted names are exact: there they are two.
QString columnKey(const QString &name)
{
    QString key = name;
    for (QChar &c : key) {
        if (c.unicode() < 0x80)
            c = c.toLower();
    }
    return key;
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

struct SqliteTarget::SqliteTable : Target::Table
{
    void resetStatements() override
    {
        insert.reset();
        insertMany.reset();
    }

    Statement insert;          // into the table (upsert) or its staging table, one row
    Statement insertMany;      // the same, RowsPerInsert rows at a time
    bool rowidKey = false;     // the sole primary key is declared INTEGER: it is the table's rowid
    bool needsRebuild = false; // a column's declared type must change: the table is made again
};

SqliteTarget::SqliteTarget(QSqlDatabase database)
    : Target(std::move(database), columnKey)
{
    const QVariant handle = m_database.driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        m_handle = *static_cast<sqlite3 *const *>(handle.data());
}

SqliteTarget::~SqliteTarget() = default;

bool SqliteTarget::isOpen(QString *error) const
{
    if (m_handle)
        return true;
    if (error)
        *error = tr("the target is not an open SQLite database");
    return false;
}

std::unique_ptr<Target::Table> SqliteTarget::newTable() const
{
    return std::make_unique<SqliteTable>();
}

QString SqliteTarget::tableName(const QString &table) const
{
    return quoteIdentifier(table);
}

QString SqliteTarget::textMatch(const QString &quotedColumn) const
{
    return quotedColumn + u" LIKE ? ESCAPE '\\'"_s; // LIKE ignores the case of ASCII letters
}

QString SqliteTarget::rowIdentity(const QStringList &columns) const
{
    for (const QString &candidate : {u"rowid"_s, u"_rowid_"_s, u"oid"_s}) {
        if (!columns.contains(candidate, Qt::CaseInsensitive))
            return candidate;
    }
    return {}; // the columns took every name of the rowid
}

QStringList SqliteTarget::tables(QString *error)
{
    // Every table a target writes carries the partition column; so does its staging table.
    return withoutStaging(queryNames(u"SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS "
                                     "(SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = ?) ORDER BY m.name"_s,
                                     {QString::fromLatin1(PartitionColumn)}, error));
}

QStringList SqliteTarget::tableColumns(const QString &table, QString *error)
{
    return queryNames(u"SELECT name FROM pragma_table_info(?) ORDER BY cid"_s, {table}, error);
}

bool SqliteTarget::tableExists(const QString &table, bool *exists, QString *)
{
    *exists = m_database.tables().contains(table);
    return true;
}

QString SqliteTarget::declaredName(const Table &table, int column) const
{
    return columnTypeName(table.declared[column]);
}

ColumnType SqliteTarget::declaredType(const QString &stored, ColumnType) const
{
    return columnTypeFromName(stored);
}

bool SqliteTarget::readKey(Table &table, QString *error)
{
    auto &t = static_cast<SqliteTable &>(table);
    // The key the table was made with (in the key's order), and whether it is the rowid, as
    // in tables made before keys were declared INT.
    QSqlQuery info(m_database);
    if (!info.exec(u"PRAGMA table_info("_s + quoteIdentifier(t.name) + u')')) {
        if (error)
            *error = sqlErrorText(info.lastError());
        return false;
    }
    QMap<int, QString> key; // position in the key -> column
    QString keyType;
    while (info.next()) {
        if (const int position = info.value(5).toInt(); position > 0) {
            key.insert(position, info.value(1).toString());
            keyType = info.value(2).toString();
        }
    }
    t.primaryKey = key.values();
    t.rowidKey = key.size() == 1 && keyType.compare(u"INTEGER"_s, Qt::CaseInsensitive) == 0;
    return true;
}

void SqliteTarget::columnWidened(Table &table, int index, ColumnType)
{
    auto &t = static_cast<SqliteTable &>(table);
    const TargetColumn &column = t.columns[index];
    // A key that is the rowid (an older table) refuses anything but integers: it becomes a key
    // without affinity, which keeps every key exactly as it was written (REAL or TEXT affinity
    // would turn the key 1 into 1.0 or '1'). So does any key column that a wider affinity
    // would change: a REAL key 1.0 (written as 1) that became the text '1.0' would be another
    // row than the key 1 written again.
    const bool rowid = t.rowidKey && isSoleKey(t, column.name);
    if ((rowid && column.type != ColumnType::Integer) ||
        (isKey(t, column.name) && !affinityKeeps(t.declared[index], column.type))) {
        t.declared[index] = ColumnType::Null;
        t.rowidKey = false;
        t.needsRebuild = true;
    } else if (!affinityKeeps(t.declared[index], column.type)) {
        t.declared[index] = column.type;
        t.needsRebuild = true;
    }
}

bool SqliteTarget::createTables(Table &table, QString *error)
{
    auto &t = static_cast<SqliteTable &>(table);
    return createTable(t, t.name, error) && createTable(t, stagingTable(t.name), error);
}

bool SqliteTarget::createTable(SqliteTable &t, const QString &name, QString *error)
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
        const bool intKey = !staging && isSoleKey(t, t.columns[i].name) && t.declared[i] == ColumnType::Integer;
        const QString type = intKey ? u"INT"_s : sqlType(t.declared[i]);
        defs << QString(quoteIdentifier(t.columns[i].name) + u' ' + type).trimmed();
    }
    defs << quoteIdentifier(QString::fromLatin1(PartitionColumn)) + u" TEXT NOT NULL"_s
         << quoteIdentifier(QString::fromLatin1(LoadedAtColumn)) + u" TEXT NOT NULL"_s;
    if (!staging && !t.primaryKey.isEmpty()) {
        QStringList keys;
        for (const QString &key : std::as_const(t.primaryKey))
            keys << quoteIdentifier(key);
        defs << u"PRIMARY KEY ("_s + keys.join(u", "_s) + u')';
    }
    if (!exec(u"CREATE TABLE IF NOT EXISTS "_s + quoteIdentifier(name) + u" ("_s + defs.join(u", "_s) + u')', error))
        return false;
    // Upserted tables get their partition index once, at the end of a load (finalize()):
    // maintaining it row by row would cost a second B-tree insert per row.
    if (!staging && !t.primaryKey.isEmpty())
        return true;
    return exec(partitionIndexSql(name), error);
}

bool SqliteTarget::rebuild(SqliteTable &t, const QString &name, QString *error)
{
    // SQLite cannot change a column's type: copy into a new table with the new types.
    const QString old = name + u"__rebuild"_s;
    const QStringList columns = tableColumns(name, error);
    if (columns.isEmpty())
        return false;
    QStringList copied;
    for (const QString &column : columns)
        copied << quoteIdentifier(column);
    const QString list = copied.join(u", "_s);
    return exec(u"ALTER TABLE "_s + quoteIdentifier(name) + u" RENAME TO "_s + quoteIdentifier(old), error) &&
           exec(u"DROP INDEX IF EXISTS "_s + quoteIdentifier(indexName(name, u"__partition"_s)), error) &&
           createTable(t, name, error) &&
           exec(u"INSERT INTO "_s + quoteIdentifier(name) + u" ("_s + list + u") SELECT "_s + list + u" FROM "_s +
                    quoteIdentifier(old),
                error) &&
           exec(u"DROP TABLE "_s + quoteIdentifier(old), error);
}

bool SqliteTarget::alterTables(Table &table, const QList<int> &added, const QList<std::pair<int, ColumnType>> &,
                               QString *error)
{
    auto &t = static_cast<SqliteTable &>(table);
    const QString staging = stagingTable(t.name);
    for (const int column : added) {
        for (const QString &name : {t.name, staging}) {
            if (!exec(u"ALTER TABLE "_s + quoteIdentifier(name) + u" ADD COLUMN "_s +
                          quoteIdentifier(t.columns[column].name),
                      error))
                return false;
        }
    }
    if (!t.needsRebuild)
        return true;
    t.needsRebuild = false;
    t.rowidKey = false; // made again with its key declared INT
    return rebuild(t, t.name, error) && rebuild(t, staging, error);
}

bool SqliteTarget::prepareInsert(SqliteTable &t, QString *error)
{
    auto *db = static_cast<sqlite3 *>(m_handle);
    const bool upsert = !t.primaryKey.isEmpty();
    const QStringList names = insertColumns(t);
    const QString row = u'(' + QString(u"?, "_s).repeated(names.size() - 1) + u"?)"_s;
    const QString conflict = upsertClause(t);
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

bool SqliteTarget::insert(Table &table, const QString &partitionKey, const RecordBatch &records, QString *error)
{
    auto *t = static_cast<SqliteTable *>(&table);
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

} // namespace Backfill
