#include "model/itemmodels/liverunpartitionmodel.h"

#include <QCoreApplication>

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace Backfill {

LiveRunPartitionModel::LiveRunPartitionModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void LiveRunPartitionModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowOfKey.clear();
    endResetModel();
}

void LiveRunPartitionModel::addRows(const QList<QPair<QString, QString>> &keys)
{
    QList<Row> added;
    QSet<QString> seen;
    for (const auto &[endpoint, key] : keys) {
        const QString id = keyOf(endpoint, key);
        if (m_rowOfKey.contains(id) || seen.contains(id))
            continue;
        seen.insert(id);
        Row row;
        row.endpoint = endpoint;
        row.record.key = key;
        row.record.status = PartitionStatus::Queued;
        added.append(row);
    }
    if (added.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    for (const Row &row : std::as_const(added)) {
        m_rowOfKey.insert(keyOf(row.endpoint, row.record.key), int(m_rows.size()));
        m_rows.append(row);
    }
    endInsertRows();
}

void LiveRunPartitionModel::emitChanged(int first, int last)
{
    if (first <= last)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void LiveRunPartitionModel::applyEvents(const QList<EngineEvent> &events)
{
    QList<QPair<QString, QString>> started;
    for (const EngineEvent &event : events) {
        if (!event.partition.isEmpty() && event.kind != EngineEvent::Kind::Warning)
            started.append({event.endpoint, event.partition});
    }
    addRows(started);

    int first = INT_MAX;
    int last = -1;
    for (const EngineEvent &event : events) {
        const int row = rowOf(event.endpoint, event.partition);
        if (row < 0)
            continue;
        PartitionRecord &record = m_rows[row].record;
        using Kind = EngineEvent::Kind;
        switch (event.kind) {
        case Kind::PartitionStarted:
            record.status = PartitionStatus::Running;
            ++record.attempts;
            record.lastError.clear();
            break;
        case Kind::PageFetched:
            // Rows count once committed (applyRecords); the page shows what is being fetched.
            record.counts.pages = std::max<qint64>(record.counts.pages, event.page);
            record.httpStatus = event.httpStatus;
            break;
        case Kind::Retry:
            record.httpStatus = event.httpStatus;
            record.lastError = event.message;
            break;
        case Kind::PartitionSucceeded:
            record.status = event.rows > 0 ? PartitionStatus::Succeeded : PartitionStatus::Empty;
            record.counts.rows = event.rows;
            record.counts.pages = event.page;
            record.lastError.clear();
            break;
        case Kind::PartitionFailed:
            record.status = PartitionStatus::Failed;
            record.httpStatus = event.httpStatus;
            record.lastError = event.message;
            break;
        default:
            continue;
        }
        first = std::min(first, row);
        last = std::max(last, row);
    }
    emitChanged(first, last);
}

void LiveRunPartitionModel::applyRecords(const QList<QPair<QString, PartitionRecord>> &records)
{
    QList<QPair<QString, QString>> keys;
    for (const auto &[endpoint, record] : records)
        keys.append({endpoint, record.key});
    addRows(keys);
    int first = INT_MAX;
    int last = -1;
    for (const auto &[endpoint, record] : records) {
        const int row = rowOf(endpoint, record.key);
        // The ledger's record is what was committed: rows, attempts, and the cause of an error.
        m_rows[row].record = record;
        first = std::min(first, row);
        last = std::max(last, row);
    }
    emitChanged(first, last);
}

int LiveRunPartitionModel::rowOf(const QString &endpoint, const QString &key) const
{
    return m_rowOfKey.value(keyOf(endpoint, key), -1);
}

PartitionRecord LiveRunPartitionModel::record(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).record : PartitionRecord();
}

QString LiveRunPartitionModel::endpoint(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).endpoint : QString();
}

int LiveRunPartitionModel::countWithStatus(PartitionStatus status) const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [status](const Row &row) { return row.record.status == status; }));
}

int LiveRunPartitionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LiveRunPartitionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LiveRunPartitionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const PartitionRecord &record = row.record;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PartitionColumn:
            return record.key;
        case EndpointColumn:
            return row.endpoint;
        case StatusColumn:
            return displayName(record.status);
        case AttemptsColumn:
            return record.attempts;
        case PagesColumn:
            return record.counts.pages;
        case RowsColumn:
            return record.counts.rows;
        case HttpStatusColumn:
            return record.httpStatus > 0 ? QVariant(record.httpStatus) : QVariant();
        case ErrorColumn:
            return record.lastError;
        }
        return {};
    case Qt::ToolTipRole:
        return index.column() == ErrorColumn && !record.lastError.isEmpty() ? QVariant(record.lastError) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() >= AttemptsColumn && index.column() <= HttpStatusColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case EndpointRole:
        return row.endpoint;
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
    case HttpStatusRole:
        return record.httpStatus;
    case ErrorRole:
        return record.lastError;
    }
    return {};
}

QVariant LiveRunPartitionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PartitionColumn:
        return tr("Partition");
    case EndpointColumn:
        return tr("Endpoint");
    case StatusColumn:
        return tr("Status");
    case AttemptsColumn:
        return tr("Attempts");
    case PagesColumn:
        return tr("Pages");
    case RowsColumn:
        return tr("Rows");
    case HttpStatusColumn:
        return tr("HTTP");
    case ErrorColumn:
        return tr("Last error");
    }
    return {};
}

QHash<int, QByteArray> LiveRunPartitionModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(EndpointRole, "endpoint");
    names.insert(KeyRole, "key");
    names.insert(StatusRole, "status");
    names.insert(AttemptsRole, "attempts");
    names.insert(PagesRole, "pages");
    names.insert(RowsRole, "rows");
    names.insert(HttpStatusRole, "httpStatus");
    names.insert(ErrorRole, "error");
    return names;
}

} // namespace Backfill
