// The rows of a target table for the data browser: windows, sorting, filters, partitions.
#include "model/itemmodels/tablebrowsermodel.h"

#include "model/core/logging.h"
#include "model/core/sqlerrortext.h"
#include "model/targets/sqlidentifier.h"
#include "model/targets/target.h"

#include <QLocale>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QThreadPool>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

constexpr int DisplayChars = 300; // JSON columns can hold pages of text; the tooltip has more
constexpr int ToolTipChars = 4000;

QString partitionColumnName()
{
    return QString::fromLatin1(Target::PartitionColumn);
}

bool isNumber(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return true;
    default:
        return false;
    }
}

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
    return u'%' + escaped + u'%';
}

} // namespace

QString TableBrowserModel::valueText(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.typeId() == QMetaType::Double) {
        // Plain digits where they stay short (100000, not 1e+05), exponents beyond.
        const double number = value.toDouble();
        const double magnitude = std::abs(number);
        const bool plain = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15);
        return QString::number(number, plain ? 'f' : 'g', QLocale::FloatingPointShortest);
    }
    return value.toString();
}

TableBrowserModel::TableBrowserModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_pool(std::make_unique<QThreadPool>())
{
    m_pool->setMaxThreadCount(1); // a newer sort waits for the one it cancelled
}

TableBrowserModel::~TableBrowserModel()
{
    cancelJob();
    m_pool->waitForDone();
}

QStringList TableBrowserModel::targetTables(const QSqlDatabase &database, QString *error)
{
    const std::unique_ptr<Target> target = Target::create(database);
    if (target)
        return target->tables(error);
    if (error)
        *error = tr("%1 is not a database that backfills write into").arg(database.driverName());
    return {};
}

bool TableBrowserModel::setTable(const QSqlDatabase &database, const QString &table)
{
    cancelJob();
    beginResetModel();
    m_order.reset();
    m_database = database;
    m_table = table;
    m_columns.clear();
    m_columnTypes.clear();
    m_asked = m_shown = {};
    m_windows.clear();
    m_totalRows = m_filteredRows = 0;
    m_lastError.clear();

    m_target = Target::create(m_database);
    QString reason;
    const QStringList columns = m_target ? m_target->tableColumns(table, &reason) : QStringList();
    bool ok = true;
    if (!reason.isEmpty() || !m_target) {
        ok = fail(tr("cannot read the columns of %1: %2").arg(table, m_target ? reason : m_database.driverName()));
    } else {
        QStringList metadata;
        for (const QString &name : columns) {
            // Columns added by later records come after the metadata ones in the table; show
            // the data first and the partition and load time last.
            (name.startsWith(u"_backfill_"_s) ? metadata : m_columns) << name;
        }
        m_columns << metadata;
        if (m_columns.isEmpty())
            ok = fail(tr("there is no table %1").arg(table));
    }
    if (ok) {
        QHash<QString, QString> types{{partitionColumnName(), u"text"_s},
                                      {QString::fromLatin1(Target::LoadedAtColumn), u"timestamp"_s}};
        QSqlQuery typeQuery(m_database);
        typeQuery.prepare(u"SELECT column_name, type FROM _backfill_columns WHERE table_name = ?"_s);
        typeQuery.addBindValue(table);
        if (typeQuery.exec()) { // a table written before types were kept has none
            while (typeQuery.next())
                types.insert(typeQuery.value(0).toString(), typeQuery.value(1).toString());
        }
        for (const QString &column : std::as_const(m_columns))
            m_columnTypes << types.value(column);
        m_rowid = m_target->rowIdentity(m_columns);
        m_seekable = !m_rowid.isEmpty() && m_target->rowIdentityIsInteger();
        ok = recount();
    }
    if (!ok) {
        m_columns.clear();
        m_columnTypes.clear();
        m_totalRows = m_filteredRows = 0;
    }
    endResetModel();
    emit countsChanged();
    return ok;
}

void TableBrowserModel::clear()
{
    cancelJob();
    beginResetModel();
    m_order.reset();
    m_target.reset();
    m_database = {};
    m_table.clear();
    m_columns.clear();
    m_columnTypes.clear();
    m_asked = m_shown = {};
    m_windows.clear();
    m_totalRows = m_filteredRows = 0;
    m_lastError.clear();
    endResetModel();
    emit countsChanged();
}

int TableBrowserModel::cachedRows() const
{
    qsizetype rows = 0;
    for (const Window &window : std::as_const(m_windows))
        rows += window.rowids.size();
    return int(rows);
}

int TableBrowserModel::partitionColumn() const
{
    return int(m_columns.indexOf(partitionColumnName()));
}

void TableBrowserModel::setFilterText(const QString &text)
{
    if (text == m_asked.filterText)
        return;
    m_asked.filterText = text;
    apply();
}

void TableBrowserModel::setPartition(const QString &key)
{
    if (key == m_asked.partition)
        return;
    m_asked.partition = key;
    apply();
}

void TableBrowserModel::refresh()
{
    apply();
}

void TableBrowserModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns.size())
        column = -1;
    if (column == m_asked.sortColumn && (column < 0 || order == m_asked.sortOrder))
        return;
    m_asked.sortColumn = column;
    m_asked.sortOrder = order;
    apply();
}

QList<TablePartition> TableBrowserModel::partitions() const
{
    if (partitionColumn() < 0)
        return {};
    const QString column = quoteIdentifier(partitionColumnName());
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT "_s + column + u", COUNT(*) FROM "_s + m_target->tableName(m_table) + u" GROUP BY "_s +
                    column + u" ORDER BY "_s + column)) {
        fail(tr("cannot list the partitions of %1: %2").arg(m_table, sqlErrorText(query.lastError())));
        return {};
    }
    QList<TablePartition> partitions;
    while (query.next())
        partitions.append({query.value(0).toString(), query.value(1).toLongLong()});
    return partitions;
}

QString TableBrowserModel::whereSql(const Criteria &criteria, const QString &extraCondition) const
{
    QStringList conditions;
    if (!criteria.partition.isEmpty())
        conditions << quoteIdentifier(partitionColumnName()) + u" = ?"_s;
    if (!criteria.filterText.isEmpty()) {
        QStringList matches;
        for (const QString &column : m_columns)
            matches << m_target->textMatch(quoteIdentifier(column));
        conditions << u'(' + matches.join(u" OR "_s) + u')';
    }
    if (!extraCondition.isEmpty())
        conditions << extraCondition;
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

// The values for whereSql()'s placeholders, in their order.
QVariantList TableBrowserModel::whereValues(const Criteria &criteria) const
{
    QVariantList values;
    if (!criteria.partition.isEmpty())
        values << criteria.partition;
    if (!criteria.filterText.isEmpty()) {
        const QString pattern = likePattern(criteria.filterText);
        for (qsizetype i = 0; i < m_columns.size(); ++i)
            values << pattern;
    }
    return values;
}

QString TableBrowserModel::orderSql(const Criteria &criteria) const
{
    if (m_rowid.isEmpty())
        return criteria.sortColumn < 0 ? QString()
                                       : u" ORDER BY "_s + quoteIdentifier(m_columns.at(criteria.sortColumn));
    if (criteria.sortColumn < 0)
        return u" ORDER BY "_s + m_rowid;
    const QString direction = criteria.sortOrder == Qt::DescendingOrder ? u" DESC"_s : QString();
    // Ties keep one order in every window, so no row shows twice or never.
    return u" ORDER BY "_s + quoteIdentifier(m_columns.at(criteria.sortColumn)) + direction + u", "_s + m_rowid +
           direction;
}

QString TableBrowserModel::selectSql(const QString &columns, const QString &extraCondition) const
{
    return u"SELECT "_s + columns + u" FROM "_s + m_target->tableName(m_table) + whereSql(m_shown, extraCondition) +
           orderSql(m_shown);
}

const TableBrowserModel::Window *TableBrowserModel::window(int row) const
{
    const int first = row - row % WindowRows;
    for (qsizetype i = m_windows.size() - 1; i >= 0; --i) {
        if (m_windows.at(i).first == first) {
            if (i != m_windows.size() - 1)
                m_windows.move(i, m_windows.size() - 1);
            return &m_windows.constLast();
        }
    }
    Window loaded;
    if (!fetchWindow(first, &loaded))
        return nullptr;
    if (m_windows.size() >= CachedWindows)
        m_windows.removeFirst();
    m_windows.append(std::move(loaded));
    return &m_windows.constLast();
}

bool TableBrowserModel::fetchWindow(int first, Window *window) const
{
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    const int columnCount = int(m_columns.size());
    if (m_order) {
        // The window's rowids, looked up at once and put back in the shown order (a row deleted
        // since the sort shows empty until refresh()).
        const qsizetype from = std::min<qsizetype>(first, qsizetype(m_order->size()));
        const qsizetype to = std::min<qsizetype>(from + WindowRows, qsizetype(m_order->size()));
        QStringList columns;
        for (const QString &column : m_columns)
            columns << quoteIdentifier(column);
        columns << m_rowid;
        QStringList marks(to - from, u"?"_s);
        query.prepare(u"SELECT "_s + columns.join(u", "_s) + u" FROM "_s + m_target->tableName(m_table) + u" WHERE "_s +
                      m_rowid + u" IN ("_s + marks.join(u',') + u')');
        QHash<qint64, qsizetype> positions;
        positions.reserve(to - from);
        for (qsizetype i = from; i < to; ++i) {
            query.addBindValue((*m_order)[size_t(i)]);
            positions.insert((*m_order)[size_t(i)], i - from);
            window->rowids.append((*m_order)[size_t(i)]);
        }
        if (to > from && !query.exec())
            return fail(tr("cannot read %1: %2").arg(m_table, sqlErrorText(query.lastError())));
        window->first = first;
        window->values.resize((to - from) * columnCount);
        while (to > from && query.next()) {
            const qsizetype at = positions.value(query.value(columnCount).toLongLong(), -1);
            for (int column = 0; at >= 0 && column < columnCount; ++column)
                window->values[at * columnCount + column] = query.value(column);
        }
        return true;
    }
    {
        QStringList columns;
        for (const QString &column : m_columns)
            columns << quoteIdentifier(column);
        if (m_seekable)
            columns << m_rowid;
        // In rowid order, the window after a cached one starts past its last rowid: a seek in the
        // table's B-tree instead of stepping over every row before it.
        qint64 after = -1;
        if (m_shown.sortColumn < 0 && m_seekable) {
            for (const Window &cached : std::as_const(m_windows)) {
                if (cached.first + WindowRows == first && cached.rowids.size() == WindowRows)
                    after = cached.rowids.constLast();
            }
        }
        const QString sql = selectSql(columns.join(u", "_s), after >= 0 ? m_rowid + u" > ?"_s : QString());
        query.prepare(sql + (after >= 0 ? u" LIMIT ?"_s : u" LIMIT ? OFFSET ?"_s));
        for (const QVariant &value : whereValues(m_shown))
            query.addBindValue(value);
        if (after >= 0)
            query.addBindValue(after);
        query.addBindValue(WindowRows);
        if (after < 0)
            query.addBindValue(first);
    }
    if (!query.exec())
        return fail(tr("cannot read %1: %2").arg(m_table, sqlErrorText(query.lastError())));

    window->first = first;
    window->values.reserve(qsizetype(WindowRows) * columnCount);
    while (query.next()) {
        for (int column = 0; column < columnCount; ++column)
            window->values.append(query.value(column));
        window->rowids.append(m_seekable ? query.value(columnCount).toLongLong() : -1);
    }
    return true;
}

bool TableBrowserModel::fail(const QString &reason) const
{
    m_lastError = reason;
    qCWarning(lcModel).noquote() << reason;
    return false;
}

int TableBrowserModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(std::min<qint64>(m_filteredRows, std::numeric_limits<int>::max()));
}

int TableBrowserModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant TableBrowserModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole && role != Qt::TextAlignmentRole &&
        role != ValueRole && role != IsNullRole)
        return {};
    const Window *rows = window(index.row());
    if (!rows)
        return {};
    const qsizetype at = qsizetype(index.row() - rows->first) * m_columns.size() + index.column();
    if (at >= rows->values.size())
        return {}; // rows deleted since the count; refresh() brings the count back in line
    const QVariant &value = rows->values.at(at);
    switch (role) {
    case Qt::DisplayRole: {
        if (m_columnTypes.value(index.column()) == u"boolean"_s && !value.isNull())
            return value.toBool() ? u"true"_s : u"false"_s;
        const QString text = valueText(value);
        return text.size() > DisplayChars ? text.left(DisplayChars) + u'\u2026' : text;
    }
    case Qt::EditRole:
    case ValueRole:
        return value;
    case Qt::ToolTipRole: {
        const QString text = valueText(value);
        if (text.size() <= 40)
            return {};
        return text.size() > ToolTipChars ? text.left(ToolTipChars) + u'\u2026' : text;
    }
    case Qt::TextAlignmentRole:
        if (isNumber(value))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IsNullRole:
        return value.isNull();
    default:
        return {};
    }
}

QVariant TableBrowserModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return section + 1;
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (section < 0 || section >= m_columns.size())
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case ColumnNameRole:
        return m_columns.at(section);
    case ColumnTypeRole:
        return m_columnTypes.at(section);
    case Qt::ToolTipRole:
        if (m_columns.at(section) == partitionColumnName())
            return tr("The partition each row was loaded for");
        if (m_columns.at(section) == QString::fromLatin1(Target::LoadedAtColumn))
            return tr("When the row was loaded (UTC)");
        if (!m_columnTypes.at(section).isEmpty())
            return tr("%1 (%2)").arg(m_columns.at(section), m_columnTypes.at(section));
        return m_columns.at(section);
    default:
        return {};
    }
}

QHash<int, QByteArray> TableBrowserModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ValueRole, "value");
    names.insert(IsNullRole, "isNull");
    names.insert(ColumnNameRole, "columnName");
    names.insert(ColumnTypeRole, "columnType");
    return names;
}

} // namespace Backfill
