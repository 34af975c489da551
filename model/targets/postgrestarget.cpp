#include "model/targets/postgrestarget.h"

#include "model/core/sqlerrortext.h"
#include "model/core/translation.h"
#include "model/targets/sqlidentifier.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSqlQuery>

#include <algorithm>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
// Timestamps stay text: PostgreSQL would read a zone-less time in the session's zone and
// give back another spelling, and the rows should be what the API sent, as in SQLite.
QString sqlType(ColumnType type)
{
    switch (type) {
    case ColumnType::Boolean:
        return u"boolean"_s;
    case ColumnType::Integer:
        return u"bigint"_s;
    case ColumnType::Real:
        return u"double precision"_s;
    case ColumnType::Json:
        return u"jsonb"_s;
    case ColumnType::Null: // no values yet: text until a value says otherwise
    case ColumnType::Timestamp:
    case ColumnType::Text:
        break;
    }
    return u"text"_s;
}

// How existing values of a column become the wider type (boolean has no cast to bigint): as
// insert() writes values of their kind into a column of that type, so booleans become 1 and 0
// in text (as in SQLite), not 'true' and 'false'.
QString conversion(const QString &column, ColumnType from, ColumnType to)
{
    if (from == ColumnType::Boolean && to != ColumnType::Boolean && to != ColumnType::Json)
        return column + u"::integer::"_s + sqlType(to);
    return column + u"::"_s + sqlType(to);
}

// A key's value as its column holds it, to find the rows of a page that PostgreSQL takes for
// one key: 1 and 1.0 in a double precision column, a date read first as a timestamp and then
// (once the column is text) as text; but not 52.5200066 and 52.5200071 (every digit counts).
std::string storedKey(const RecordBatch &records, const RecordBatch::Cell &cell, ColumnType column)
{
    const auto real = [](double value) {
        return '=' + QByteArray::number(value == 0 ? 0.0 : value, 'g', 17).toStdString(); // -0 is 0
    };
    switch (cell.type) {
    case ColumnType::Null:
        return {};
    case ColumnType::Boolean:
    case ColumnType::Integer:
        return column == ColumnType::Real ? real(double(cell.integer)) : '=' + std::to_string(cell.integer);
    case ColumnType::Real: // as insert() writes it into a text column
        return sqlType(column) == u"text"_s ? '=' + QByteArray::number(cell.real, 'g', 15).toStdString()
                                            : real(cell.real);
    case ColumnType::Timestamp:
    case ColumnType::Text:
    case ColumnType::Json:
        break;
    }
    return '=' + std::string(records.text(cell));
}

// The most rows one INSERT carries: bounds the size of the statement's array texts.
constexpr size_t RowsPerStatement = 5000;

// One quoted element of an array literal: {"a \"quoted\" text","back\\slash"}.
void appendArrayElement(QString &array, const QString &text)
{
    array += u'"';
    for (const QChar c : text) {
        if (c == u'"' || c == u'\\')
            array += u'\\';
        array += c;
    }
    array += u'"';
}
} // namespace

struct PostgresTarget::Table
{
    QString name;
    QStringList primaryKey;
    QList<TargetColumn> columns;
    QHash<QString, int> indexOf;
    bool exists = false;
    // The prepared INSERT; reset when the columns change.
    std::unique_ptr<QSqlQuery> bulk;
};

PostgresTarget::PostgresTarget(QSqlDatabase database)
    : m_database(std::move(database))
{}

PostgresTarget::~PostgresTarget() = default;

QString PostgresTarget::qualifiedName(const QString &table)
{
    const qsizetype dot = table.indexOf(u'.');
    if (dot <= 0 || dot == table.size() - 1)
        return quoteIdentifier(table);
    return quoteIdentifier(table.left(dot)) + u'.' + quoteIdentifier(table.mid(dot + 1));
}

QString PostgresTarget::stagingTable(const QString &table)
{
    return table + u"__staging"_s;
}

bool PostgresTarget::exec(const QString &sql, QString *error, const QVariantList &values)
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

PostgresTarget::Table *PostgresTarget::table(const QString &name, const QStringList &primaryKey, QString *error)
{
    // Names are quoted: PostgreSQL tells "Id" from "id".
    const auto asWritten = [](const QString &column) { return column; };
    Table *t = lookup(name, error);
    return t && acceptKey(name, t->exists, t->primaryKey, primaryKey, asWritten, error) ? t : nullptr;
}

PostgresTarget::Table *PostgresTarget::lookup(const QString &name, QString *error)
{
    if (!m_database.isOpen()) {
        if (error)
            *error = tr("the target is not an open PostgreSQL database");
        return nullptr;
    }
    if (auto it = m_tables.find(name); it != m_tables.end())
        return it->get();
    if (!m_metadataReady) {
        if (!exec(u"CREATE TABLE IF NOT EXISTS _backfill_columns (table_name text NOT NULL, column_name text NOT NULL, "
                  "type text NOT NULL, declared text NOT NULL, position integer NOT NULL, "
                  "PRIMARY KEY (table_name, column_name))"_s,
                  error))
            return nullptr;
        m_metadataReady = true;
    }

    auto t = std::make_shared<Table>();
    t->name = name;
    QSqlQuery exists(m_database);
    exists.prepare(u"SELECT to_regclass(?) IS NOT NULL"_s);
    exists.addBindValue(qualifiedName(name));
    if (!exists.exec() || !exists.next()) {
        if (error)
            *error = sqlErrorText(exists.lastError());
        return nullptr;
    }
    t->exists = exists.value(0).toBool();
    if (!t->exists)
        return m_tables.insert(name, t)->get(); // columns left by a table dropped by hand do not count
    QSqlQuery query(m_database);
    query.prepare(u"SELECT column_name, type FROM _backfill_columns WHERE table_name = ? ORDER BY position"_s);
    query.addBindValue(name);
    if (!query.exec()) {
        if (error)
            *error = sqlErrorText(query.lastError());
        return nullptr;
    }
    while (query.next()) {
        t->indexOf.insert(query.value(0).toString(), int(t->columns.size()));
        t->columns.append({query.value(0).toString(), columnTypeFromName(query.value(1).toString())});
    }
    // The key the table was made with, in the key's order.
    QSqlQuery key(m_database);
    key.prepare(u"SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = to_regclass(?) AND i.indisprimary "
                "ORDER BY array_position(i.indkey::int2[], a.attnum)"_s);
    key.addBindValue(qualifiedName(name));
    if (!key.exec()) {
        if (error)
            *error = sqlErrorText(key.lastError());
        return nullptr;
    }
    while (key.next())
        t->primaryKey << key.value(0).toString();
    return m_tables.insert(name, t)->get();
}

QList<TargetColumn> PostgresTarget::columns(const QString &name, QString *error)
{
    Table *t = lookup(name, error);
    return t ? t->columns : QList<TargetColumn>{};
}

bool PostgresTarget::createTables(Table &t, QString *error)
{
    if (const qsizetype dot = t.name.indexOf(u'.'); dot > 0 && dot < t.name.size() - 1) {
        if (!exec(u"CREATE SCHEMA IF NOT EXISTS "_s + quoteIdentifier(t.name.left(dot)), error))
            return false;
    }
    QStringList defs;
    for (const TargetColumn &column : std::as_const(t.columns))
        defs << quoteIdentifier(column.name) + u' ' + sqlType(column.type);
    defs << quoteIdentifier(QString::fromLatin1(PartitionColumn)) + u" text NOT NULL"_s
         << quoteIdentifier(QString::fromLatin1(LoadedAtColumn)) + u" timestamptz NOT NULL"_s;
    const QString partitionIndex = u" ("_s + quoteIdentifier(QString::fromLatin1(PartitionColumn)) + u')';
    if (!t.primaryKey.isEmpty()) {
        QStringList keys;
        for (const QString &key : std::as_const(t.primaryKey))
            keys << quoteIdentifier(key);
        // The partition index comes in finalize(): kept up row by row it would slow every upsert.
        return exec(u"CREATE TABLE IF NOT EXISTS "_s + qualifiedName(t.name) + u" ("_s + defs.join(u", "_s) +
                        u", PRIMARY KEY ("_s + keys.join(u", "_s) + u"))"_s,
                    error);
    }
    const QString staging = stagingTable(t.name);
    return exec(u"CREATE TABLE IF NOT EXISTS "_s + qualifiedName(t.name) + u" ("_s + defs.join(u", "_s) + u')',
                error) &&
           exec(u"CREATE TABLE IF NOT EXISTS "_s + qualifiedName(staging) + u" ("_s + defs.join(u", "_s) + u')',
                error) &&
           exec(u"CREATE INDEX IF NOT EXISTS "_s + quoteIdentifier(t.name.section(u'.', -1) + u"__partition"_s) +
                    u" ON "_s + qualifiedName(t.name) + partitionIndex,
                error) &&
           exec(u"CREATE INDEX IF NOT EXISTS "_s + quoteIdentifier(staging.section(u'.', -1) + u"__partition"_s) +
                    u" ON "_s + qualifiedName(staging) + partitionIndex,
                error);
}

bool PostgresTarget::ensureColumns(Table &t, const RecordBatch &records, QString *error)
{
    for (const QString &name : records.columns()) {
        if (name == QLatin1StringView(PartitionColumn) || name == QLatin1StringView(LoadedAtColumn)) {
            if (error)
                *error = tr("the records have a field \"%1\", the name of a column that Backfill Studio adds to "
                            "every table; rename the field with a processor")
                             .arg(name);
            return false;
        }
    }
    QList<TargetColumn> added;
    QList<std::pair<int, ColumnType>> widened; // column, its type before
    for (qsizetype i = 0; i < records.columns().size(); ++i) {
        const QString &name = records.columns()[i];
        const ColumnType seen = records.columnTypes()[i];
        // Names are quoted, so they are exact: "Name" and "name" are two columns here, where
        // SQLite, whose names ignore case, makes them one (SqliteTarget's columnKey()).
        const auto found = t.indexOf.constFind(name);
        if (found == t.indexOf.cend()) {
            t.indexOf.insert(name, int(t.columns.size()));
            t.columns.append({name, seen});
            added.append(t.columns.last());
            continue;
        }
        TargetColumn &column = t.columns[*found];
        const ColumnType wider = widenColumnType(column.type, seen);
        if (wider != column.type) {
            widened.append({*found, column.type});
            column.type = wider;
        }
    }
    if (added.isEmpty() && widened.isEmpty() && t.exists)
        return true;
    // A page without records (a partition with none) tells nothing about the table: it comes
    // with the first records, whose fields its primary key needs.
    if (!t.exists && records.isEmpty())
        return true;

    for (const QString &key : std::as_const(t.primaryKey)) {
        if (!t.indexOf.contains(key)) {
            if (error)
                *error = tr("the records have no field \"%1\" for the primary key").arg(key);
            return false;
        }
    }
    t.bulk.reset();
    QStringList tables{t.name};
    if (t.primaryKey.isEmpty())
        tables << stagingTable(t.name);
    if (!t.exists) {
        // A table dropped by hand leaves its columns and its staging table: they go first.
        if (!forgetColumns(m_database, t.name, error) ||
            !exec(u"DROP TABLE IF EXISTS "_s + qualifiedName(stagingTable(t.name)), error) || !createTables(t, error))
            return false;
        t.exists = true;
    } else {
        for (const QString &name : std::as_const(tables)) {
            for (const TargetColumn &column : std::as_const(added)) {
                if (!exec(u"ALTER TABLE "_s + qualifiedName(name) + u" ADD COLUMN "_s + quoteIdentifier(column.name) +
                              u' ' + sqlType(column.type),
                          error))
                    return false;
            }
            for (const auto &[index, before] : std::as_const(widened)) {
                const TargetColumn &column = t.columns[index];
                if (sqlType(before) == sqlType(column.type))
                    continue;
                const QString quoted = quoteIdentifier(column.name);
                // Reals become text with 15 significant digits, as insert() writes them (and as
                // SQLite's TEXT affinity does), not in PostgreSQL's shortest exact form: a key
                // 0.30000000000000004 would else be another row than the same key written later.
                const bool realToText = before == ColumnType::Real && sqlType(column.type) == u"text"_s;
                QString digits = u"1"_s;
                if (realToText) {
                    QSqlQuery show(m_database);
                    if (show.exec(u"SHOW extra_float_digits"_s) && show.next())
                        digits = show.value(0).toString();
                }
                const QString setDigits = u"SELECT set_config('extra_float_digits', ?, true)"_s;
                if ((realToText && !exec(setDigits, error, {u"0"_s})) ||
                    !exec(u"ALTER TABLE "_s + qualifiedName(name) + u" ALTER COLUMN "_s + quoted + u" TYPE "_s +
                              sqlType(column.type) + u" USING "_s + conversion(quoted, before, column.type),
                          error) ||
                    (realToText && !exec(setDigits, error, {digits})))
                    return false;
            }
        }
    }

    const QString save = u"INSERT INTO _backfill_columns (table_name, column_name, type, declared, position) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT (table_name, column_name) DO UPDATE SET "
                         "type = excluded.type, declared = excluded.declared, position = excluded.position"_s;
    for (qsizetype i = 0; i < t.columns.size(); ++i) {
        const TargetColumn &column = t.columns[i];
        if (!exec(save, error, {t.name, column.name, columnTypeName(column.type), sqlType(column.type), int(i)}))
            return false;
    }
    return true;
}

bool PostgresTarget::write(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                           const RecordBatch &records, QString *error)
{
    Table *t = table(name, primaryKey, error);
    if (!t || !ensureColumns(*t, records, error))
        return false;
    return records.isEmpty() || insert(*t, partitionKey, records, error);
}

bool PostgresTarget::insert(Table &t, const QString &partitionKey, const RecordBatch &records, QString *error)
{
    const bool upsert = !t.primaryKey.isEmpty();
    const int columnCount = int(t.columns.size());

    // One statement may not update the same row twice: keep the last row of each key.
    std::vector<qsizetype> order;
    order.reserve(size_t(records.rowCount()));
    if (upsert) {
        std::vector<int> keyColumns; // batch column -> position in the key, or -1
        keyColumns.assign(size_t(records.columns().size()), -1);
        std::vector<ColumnType> keyTypes; // of the key's columns in the table
        for (qsizetype k = 0; k < t.primaryKey.size(); ++k) {
            const int column = records.columnIndex(t.primaryKey[k]);
            if (column >= 0)
                keyColumns[size_t(column)] = int(k);
            keyTypes.push_back(t.columns.value(t.indexOf.value(t.primaryKey[k], -1)).type);
        }
        std::unordered_map<std::string, qsizetype> lastRow;
        std::vector<std::string> keys(size_t(records.rowCount()));
        for (qsizetype row = 0; row < records.rowCount(); ++row) {
            std::vector<std::string> parts(size_t(t.primaryKey.size()));
            const auto [begin, end] = records.row(row);
            for (const RecordBatch::Cell *cell = begin; cell != end; ++cell) {
                const int k = keyColumns[cell->column];
                if (k >= 0)
                    parts[size_t(k)] = storedKey(records, *cell, keyTypes[size_t(k)]);
            }
            std::string &key = keys[size_t(row)];
            for (const std::string &part : parts)
                key += std::to_string(part.size()) + '#' + part;
            lastRow[key] = row;
        }
        for (qsizetype row = 0; row < records.rowCount(); ++row) {
            if (lastRow[keys[size_t(row)]] == row)
                order.push_back(row);
        }
    } else {
        for (qsizetype row = 0; row < records.rowCount(); ++row)
            order.push_back(row);
    }

    QStringList names;
    QStringList updates;
    for (const TargetColumn &column : std::as_const(t.columns)) {
        names << quoteIdentifier(column.name);
        if (!t.primaryKey.contains(column.name))
            updates << names.last() + u" = excluded."_s + names.last();
    }
    for (const char *meta : {PartitionColumn, LoadedAtColumn}) {
        names << quoteIdentifier(QString::fromLatin1(meta));
        updates << names.last() + u" = excluded."_s + names.last();
    }
    // The rows go as one array per column through unnest(): a statement of a few parameters,
    // parsed and planned once, where a VALUES list of thousands of parameters is planned anew
    // on every execution and costs several times more.
    if (!t.bulk) {
        QStringList arrays;
        for (const TargetColumn &column : std::as_const(t.columns))
            arrays << u"?::"_s + sqlType(column.type) + u"[]"_s;
        QString sql = u"INSERT INTO "_s + qualifiedName(upsert ? t.name : stagingTable(t.name)) + u" ("_s +
                      names.join(u", "_s) + u") SELECT rows.*, ?, ?::timestamptz FROM unnest("_s +
                      arrays.join(u", "_s) + u") AS rows"_s;
        if (upsert) {
            QStringList keys;
            for (const QString &key : std::as_const(t.primaryKey))
                keys << quoteIdentifier(key);
            sql += u" ON CONFLICT ("_s + keys.join(u", "_s) + u") DO UPDATE SET "_s + updates.join(u", "_s);
        }
        t.bulk = std::make_unique<QSqlQuery>(m_database);
        if (!t.bulk->prepare(sql)) {
            if (error)
                *error = tr("cannot prepare the insert into %1: %2").arg(t.name, sqlErrorText(t.bulk->lastError()));
            t.bulk.reset();
            return false;
        }
    }

    std::vector<int> position; // batch column -> table column
    for (const QString &column : records.columns())
        position.push_back(t.indexOf.value(column));
    const QString loadedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QList<QString> arrays(columnCount);
    std::vector<bool> filled(static_cast<size_t>(columnCount));
    for (size_t first = 0; first < order.size(); first += RowsPerStatement) {
        const size_t last = std::min(order.size(), first + RowsPerStatement);
        for (QString &array : arrays)
            array = u'{';
        for (size_t i = first; i < last; ++i) {
            std::fill(filled.begin(), filled.end(), false);
            const auto [begin, end] = records.row(order[i]);
            for (const RecordBatch::Cell *cell = begin; cell != end; ++cell) {
                if (cell->type == ColumnType::Null)
                    continue;
                const int index = position[cell->column];
                // A text column takes numbers as their text, as SQLite's TEXT affinity does.
                const ColumnType type = t.columns[index].type;
                const bool asText = sqlType(type) == u"text"_s;
                QString &array = arrays[index];
                if (i > first)
                    array += u',';
                filled[size_t(index)] = true;
                switch (cell->type) {
                case ColumnType::Null:
                    break;
                case ColumnType::Boolean:
                    array += asText || type != ColumnType::Boolean ? QString::number(cell->integer)
                                                                   : QString(cell->integer ? u"t"_s : u"f"_s);
                    break;
                case ColumnType::Integer:
                    array += QString::number(cell->integer);
                    break;
                case ColumnType::Real:
                    array += asText ? QString::number(cell->real, 'g', 15)
                                    : QString::number(cell->real, 'g', QLocale::FloatingPointShortest);
                    break;
                case ColumnType::Timestamp:
                case ColumnType::Text:
                case ColumnType::Json: {
                    const std::string_view text = records.text(*cell);
                    appendArrayElement(array, QString::fromUtf8(text.data(), qsizetype(text.size())));
                    break;
                }
                }
            }
            for (int column = 0; column < columnCount; ++column) {
                if (filled[size_t(column)])
                    continue;
                if (i > first)
                    arrays[column] += u',';
                arrays[column] += u"NULL"_s;
            }
        }
        for (int column = 0; column < columnCount; ++column) {
            arrays[column] += u'}';
            t.bulk->bindValue(column + 2, arrays[column]); // after the two in the SELECT list
        }
        t.bulk->bindValue(0, partitionKey);
        t.bulk->bindValue(1, loadedAt);
        if (!t.bulk->exec()) {
            if (error)
                *error = tr("cannot write the rows of partition %1 into %2: %3")
                             .arg(partitionKey, t.name, sqlErrorText(t.bulk->lastError()));
            return false;
        }
    }
    return true;
}

bool PostgresTarget::restartPartition(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
                                      QString *error)
{
    Table *t = table(name, primaryKey, error);
    if (!t)
        return false;
    if (!t->exists || !t->primaryKey.isEmpty())
        return true; // upserts overwrite by key; nothing staged
    return exec(u"DELETE FROM "_s + qualifiedName(stagingTable(name)) + u" WHERE "_s +
                    quoteIdentifier(QString::fromLatin1(PartitionColumn)) + u" = ?"_s,
                error, {partitionKey});
}

bool PostgresTarget::finishPartition(const QString &name, const QStringList &primaryKey, const QString &partitionKey,
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
    const QString staging = qualifiedName(stagingTable(name));
    QString reason;
    if (exec(u"DELETE FROM "_s + qualifiedName(name) + where, &reason, {partitionKey}) &&
        exec(u"INSERT INTO "_s + qualifiedName(name) + u" ("_s + list + u") SELECT "_s + list + u" FROM "_s + staging +
                 where,
             &reason, {partitionKey}) &&
        exec(u"DELETE FROM "_s + staging + where, &reason, {partitionKey}))
        return true;
    if (error)
        *error = tr("cannot replace the rows of partition %1 in %2: %3").arg(partitionKey, name, reason);
    return false;
}

bool PostgresTarget::finalize(QString *error)
{
    for (auto it = m_tables.cbegin(); it != m_tables.cend(); ++it) {
        const Table &t = **it;
        if (!t.exists || t.primaryKey.isEmpty())
            continue;
        if (!exec(u"CREATE INDEX IF NOT EXISTS "_s + quoteIdentifier(t.name.section(u'.', -1) + u"__partition"_s) +
                      u" ON "_s + qualifiedName(t.name) + u" ("_s +
                      quoteIdentifier(QString::fromLatin1(PartitionColumn)) + u')',
                  error))
            return false;
    }
    return true;
}

bool PostgresTarget::removeRowsLoadedBefore(const QString &name, const QDateTime &instant, QString *error)
{
    const Table *t = lookup(name, error);
    if (!t)
        return false;
    if (!t->exists)
        return true;
    return exec(u"DELETE FROM "_s + qualifiedName(name) + u" WHERE "_s +
                    quoteIdentifier(QString::fromLatin1(LoadedAtColumn)) + u" < ?::timestamptz"_s,
                error, {instant.toUTC().toString(Qt::ISODateWithMs)});
}

} // namespace Backfill
