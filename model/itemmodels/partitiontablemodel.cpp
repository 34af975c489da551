#include "model/itemmodels/partitiontablemodel.h"

#include "model/core/durationtext.h"

#include "model/workspace/partitionledger.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

QString formatTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}

bool isNumeric(int column)
{
    switch (column) {
    case PartitionTableModel::AttemptsColumn:
    case PartitionTableModel::PagesColumn:
    case PartitionTableModel::RowsColumn:
    case PartitionTableModel::BytesColumn:
    case PartitionTableModel::HttpStatusColumn:
    case PartitionTableModel::DurationColumn:
        return true;
    default:
        return false;
    }
}

bool keyLess(const PartitionRecord &record, const QString &key)
{
    return record.key < key;
}

} // namespace
PartitionTableModel::PartitionTableModel(PartitionLedger &ledger, QObject *parent)
    : QAbstractTableModel(parent)
    , m_ledger(ledger)
{}

void PartitionTableModel::setEndpoint(qint64 endpointId, const QString &keyPrefix)
{
    m_endpointId = endpointId;
    m_keyPrefix = keyPrefix;
    refresh();
}

qint64 PartitionTableModel::endpointId() const
{
    return m_endpointId;
}

QString PartitionTableModel::keyPrefix() const
{
    return m_keyPrefix;
}

void PartitionTableModel::refresh()
{
    beginResetModel();
    m_records = m_endpointId < 0 ? QList<PartitionRecord>() : m_ledger.partitions(m_endpointId, m_keyPrefix);
    // SQLite orders by UTF-8 bytes, QString by UTF-16 units; they differ only beyond the BMP, but
    // updatePartition()'s binary search needs this list in QString order.
    std::stable_sort(m_records.begin(), m_records.end(),
                     [](const PartitionRecord &a, const PartitionRecord &b) { return a.key < b.key; });
    endResetModel();
}

bool PartitionTableModel::updatePartition(const PartitionRecord &record)
{
    if (m_endpointId < 0 || record.endpointId != m_endpointId || !record.key.startsWith(m_keyPrefix))
        return false;
    const qsizetype row = lowerBound(record.key);
    if (row < m_records.size() && m_records.at(row).key == record.key) {
        if (m_records.at(row) == record)
            return true; // nothing to repaint
        m_records[row] = record;
        emit dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
        return true;
    }
    beginInsertRows({}, int(row), int(row));
    m_records.insert(row, record);
    endInsertRows();
    return true;
}

PartitionRecord PartitionTableModel::record(int row) const
{
    return m_records.value(row);
}

int PartitionTableModel::rowOfKey(const QString &key) const
{
    const qsizetype row = lowerBound(key);
    return row < m_records.size() && m_records.at(row).key == key ? int(row) : -1;
}

qsizetype PartitionTableModel::lowerBound(const QString &key) const
{
    return std::lower_bound(m_records.cbegin(), m_records.cend(), key, keyLess) - m_records.cbegin();
}

int PartitionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int PartitionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PartitionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PartitionRecord &record = m_records.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(record, index.column());
    case Qt::ToolTipRole:
        if (index.column() == LastErrorColumn && !record.lastError.isEmpty())
            return record.lastError;
        return {};
    case Qt::TextAlignmentRole:
        if (isNumeric(index.column()))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case KeyRole:
        return record.key;
    case StatusRole:
        return QVariant::fromValue(record.status);
    case AttemptsRole:
        return record.attempts;
    case PagesRole:
        return record.counts.pages;
    case RowsRole:
        return record.counts.rows;
    case BytesRole:
        return record.counts.bytes;
    case HttpStatusRole:
        return record.httpStatus;
    case LastErrorRole:
        return record.lastError;
    case StartedRole:
        return record.startedAt;
    case FinishedRole:
        return record.finishedAt;
    case DurationRole:
        return record.durationMs();
    case HasCheckpointRole:
        return record.hasCheckpoint;
    case SortRole:
        return sortData(record, index.column());
    default:
        return {};
    }
}

QVariant PartitionTableModel::displayData(const PartitionRecord &record, int column) const
{
    switch (column) {
    case KeyColumn:
        return record.key;
    case StatusColumn:
        return displayName(record.status);
    case AttemptsColumn:
        return record.attempts;
    case PagesColumn:
        return record.counts.pages;
    case RowsColumn:
        return record.counts.rows;
    case BytesColumn:
        return QLocale().formattedDataSize(record.counts.bytes);
    case HttpStatusColumn:
        return record.httpStatus > 0 ? QVariant(record.httpStatus) : QVariant();
    case LastErrorColumn:
        // One line in the table; the tooltip has all of it.
        return record.lastError.section(QLatin1Char('\n'), 0, 0);
    case StartedColumn:
        return formatTime(record.startedAt);
    case FinishedColumn:
        return formatTime(record.finishedAt);
    case DurationColumn:
        return durationText(record.durationMs());
    default:
        return {};
    }
}

QVariant PartitionTableModel::sortData(const PartitionRecord &record, int column) const
{
    switch (column) {
    case KeyColumn:
        return record.key;
    case StatusColumn:
        return int(record.status);
    case AttemptsColumn:
        return record.attempts;
    case PagesColumn:
        return record.counts.pages;
    case RowsColumn:
        return record.counts.rows;
    case BytesColumn:
        return record.counts.bytes;
    case HttpStatusColumn:
        return record.httpStatus;
    case LastErrorColumn:
        return record.lastError;
    case StartedColumn:
        return record.startedAt;
    case FinishedColumn:
        return record.finishedAt;
    case DurationColumn:
        return record.durationMs();
    default:
        return {};
    }
}

QVariant PartitionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("Partition");
    case StatusColumn:
        return tr("Status");
    case AttemptsColumn:
        return tr("Attempts");
    case PagesColumn:
        return tr("Pages");
    case RowsColumn:
        return tr("Rows");
    case BytesColumn:
        return tr("Bytes");
    case HttpStatusColumn:
        return tr("HTTP status");
    case LastErrorColumn:
        return tr("Last error");
    case StartedColumn:
        return tr("Started");
    case FinishedColumn:
        return tr("Finished");
    case DurationColumn:
        return tr("Duration");
    default:
        return {};
    }
}

QHash<int, QByteArray> PartitionTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert({
        {KeyRole, "key"},
        {StatusRole, "status"},
        {AttemptsRole, "attempts"},
        {PagesRole, "pages"},
        {RowsRole, "rows"},
        {BytesRole, "bytes"},
        {HttpStatusRole, "httpStatus"},
        {LastErrorRole, "lastError"},
        {StartedRole, "startedAt"},
        {FinishedRole, "finishedAt"},
        {DurationRole, "durationMs"},
        {HasCheckpointRole, "hasCheckpoint"},
        {SortRole, "sortValue"},
    });
    return names;
}

} // namespace Backfill
