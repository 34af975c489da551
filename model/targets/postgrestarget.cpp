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

struct PostgresTarget::PostgresTable : Target::Table
{
    void resetStatements() override { bulk.reset(); }

    std::unique_ptr<QSqlQuery> bulk; // the prepared INSERT
};

namespace {
// The rows of a page to write: with a key, the last row of each key only, since one statement
// may not update the same row twice.
std::vector<qsizetype> rowsToWrite(const QStringList &primaryKey, const QList<TargetColumn> &columns,
                                   const QHash<QString, int> &indexOf, const RecordBatch &records)
{
    std::vector<qsizetype> order;
    order.reserve(size_t(records.rowCount()));
    if (primaryKey.isEmpty()) {
        for (qsizetype row = 0; row < records.rowCount(); ++row)
            order.push_back(row);
        return order;
    }
    std::vector<int> keyColumns; // batch column -> position in the key, or -1
    keyColumns.assign(size_t(records.columns().size()), -1);
    std::vector<ColumnType> keyTypes; // of the key's columns in the table
    for (qsizetype k = 0; k < primaryKey.size(); ++k) {
        const int column = records.columnIndex(primaryKey[k]);
        if (column >= 0)
            keyColumns[size_t(column)] = int(k);
        keyTypes.push_back(columns.value(indexOf.value(primaryKey[k], -1)).type);
    }
    std::unordered_map<std::string, qsizetype> lastRow;
    std::vector<std::string> keys(size_t(records.rowCount()));
    for (qsizetype row = 0; row < records.rowCount(); ++row) {
        std::vector<std::string> parts(size_t(primaryKey.size()));
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
    return order;
}
} // namespace

PostgresTarget::PostgresTarget(QSqlDatabase database)
    : Target(std::move(database), [](const QString &column) { return column; }) // quoted names are exact
{}

PostgresTarget::~PostgresTarget() = default;

QString PostgresTarget::qualifiedName(const QString &table)
{
    const qsizetype dot = table.indexOf(u'.');
    if (dot <= 0 || dot == table.size() - 1)
        return quoteIdentifier(table);
    return quoteIdentifier(table.left(dot)) + u'.' + quoteIdentifier(table.mid(dot + 1));
}

QString PostgresTarget::textMatch(const QString &quotedColumn) const
{
    return quotedColumn + u"::text ILIKE ? ESCAPE '\\'"_s;
}

QString PostgresTarget::rowIdentity(const QStringList &) const
{
    return u"ctid"_s; // a system column: no column of a table can take its name
}

QString PostgresTarget::loadedAtParameter() const
{
    return u"?::timestamptz"_s;
}

QString PostgresTarget::indexName(const QString &table, const QString &suffix) const
{
    return table.section(u'.', -1) + suffix; // an index lives in its table's schema
}

bool PostgresTarget::isOpen(QString *error) const
{
    if (m_database.isOpen())
        return true;
    if (error)
        *error = tr("the target is not an open PostgreSQL database");
    return false;
}

std::unique_ptr<Target::Table> PostgresTarget::newTable() const
{
    return std::make_unique<PostgresTable>();
}

QStringList PostgresTarget::tables(QString *error)
{
    // Every table a target writes carries the partition column; so does its staging table.
    // Tables of the search path's first schema are named without it, as the spec names them.
    return withoutStaging(
        queryNames(u"SELECT CASE WHEN table_schema = current_schema() THEN table_name "
                   "ELSE table_schema || '.' || table_name END AS name FROM information_schema.columns "
                   "WHERE column_name = ? AND table_schema NOT IN ('pg_catalog', 'information_schema') "
                   "AND table_schema NOT LIKE 'pg\\_temp\\_%' ORDER BY name"_s,
                   {QString::fromLatin1(PartitionColumn)}, error));
}

QStringList PostgresTarget::tableColumns(const QString &table, QString *error)
{
    return queryNames(u"SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 "
                      "AND NOT attisdropped ORDER BY attnum"_s,
                      {qualifiedName(table)}, error);
}

bool PostgresTarget::tableExists(const QString &table, bool *exists, QString *error)
{
    QSqlQuery query(m_database);
    query.prepare(u"SELECT to_regclass(?) IS NOT NULL"_s);
    query.addBindValue(qualifiedName(table));
    if (!query.exec() || !query.next()) {
        if (error)
            *error = sqlErrorText(query.lastError());
        return false;
    }
    *exists = query.value(0).toBool();
    return true;
}

QString PostgresTarget::declaredName(const Table &table, int column) const
{
    return sqlType(table.columns[column].type);
}

ColumnType PostgresTarget::declaredType(const QString &, ColumnType inferred) const
{
    return inferred; // each inferred type has one SQL type here
}

bool PostgresTarget::readKey(Table &t, QString *error)
{
    // The key the table was made with, in the key's order.
    QString reason;
    t.primaryKey = queryNames(u"SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                              "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = to_regclass(?) AND i.indisprimary "
                              "ORDER BY array_position(i.indkey::int2[], a.attnum)"_s,
                              {qualifiedName(t.name)}, &reason);
    if (reason.isEmpty())
        return true;
    if (error)
        *error = reason;
    return false;
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
           exec(partitionIndexSql(t.name), error) && exec(partitionIndexSql(staging), error);
}

bool PostgresTarget::alterTables(Table &t, const QList<int> &added, const QList<std::pair<int, ColumnType>> &widened,
                                 QString *error)
{
    QStringList tables{t.name};
    if (t.primaryKey.isEmpty())
        tables << stagingTable(t.name);
    for (const QString &name : std::as_const(tables)) {
        for (const int index : added) {
            const TargetColumn &column = t.columns[index];
            if (!exec(u"ALTER TABLE "_s + qualifiedName(name) + u" ADD COLUMN "_s + quoteIdentifier(column.name) +
                          u' ' + sqlType(column.type),
                      error))
                return false;
        }
        for (const auto &[index, before] : widened) {
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
    return true;
}

bool PostgresTarget::prepareInsert(PostgresTable &t, QString *error)
{
    // The rows go as one array per column through unnest(): a statement of a few parameters,
    // parsed and planned once, where a VALUES list of thousands of parameters is planned anew
    // on every execution and costs several times more.
    QStringList arrays;
    for (const TargetColumn &column : std::as_const(t.columns))
        arrays << u"?::"_s + sqlType(column.type) + u"[]"_s;
    const QString sql = u"INSERT INTO "_s + qualifiedName(t.primaryKey.isEmpty() ? stagingTable(t.name) : t.name) +
                        u" ("_s + insertColumns(t).join(u", "_s) +
                        u") SELECT rows.*, ?, ?::timestamptz FROM unnest("_s + arrays.join(u", "_s) + u") AS rows"_s +
                        upsertClause(t);
    t.bulk = std::make_unique<QSqlQuery>(m_database);
    if (t.bulk->prepare(sql))
        return true;
    if (error)
        *error = tr("cannot prepare the insert into %1: %2").arg(t.name, sqlErrorText(t.bulk->lastError()));
    t.bulk.reset();
    return false;
}

bool PostgresTarget::insert(Table &table, const QString &partitionKey, const RecordBatch &records, QString *error)
{
    auto &t = static_cast<PostgresTable &>(table);
    if (!t.bulk && !prepareInsert(t, error))
        return false;
    const int columnCount = int(t.columns.size());
    const std::vector<qsizetype> order = rowsToWrite(t.primaryKey, t.columns, t.indexOf, records);

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

} // namespace Backfill
