#include "model/itemmodels/pastrunpartitionmodel.h"

#include "model/core/durationtext.h"
#include "model/workspace/partitionledger.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

bool isNumeric(int column)
{
    return column == PastRunPartitionModel::RowsColumn || column == PastRunPartitionModel::PagesColumn ||
           column == PastRunPartitionModel::RetriesColumn || column == PastRunPartitionModel::HttpStatusColumn ||
           column == PastRunPartitionModel::DurationColumn;
}
} // namespace

PastRunPartitionModel::PastRunPartitionModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PastRunPartitionModel::setEvents(const QList<RunEvent> &events)
{
    QList<RunPartition> partitions;
    QHash<QString, qsizetype> rows; // "endpoint\npartition" -> position
    for (const RunEvent &event : events) {
        if (event.partitionKey.isEmpty())
            continue;
        const QString kind = event.data.value(u"event"_s).toString();
        const QString endpoint = event.data.value(u"endpoint"_s).toString();
        const QString id = endpoint + u'\n' + event.partitionKey;
        auto found = rows.constFind(id);
        if (found == rows.cend()) {
            found = rows.insert(id, partitions.size());
            RunPartition added;
            added.endpoint = endpoint;
            added.partition = event.partitionKey;
            partitions.append(added);
        }
        RunPartition &partition = partitions[*found];
        if (const int status = event.data.value(u"status"_s).toInt(); status > 0)
            partition.httpStatus = status;
        if (!event.message.isEmpty() && kind != u"partition_changed"_s) // a column of its own
            partition.message = event.message;
        if (kind == u"partition_started"_s) {
            partition.status = PartitionStatus::Running;
            partition.failure.reset();
            partition.changes = {};
        } else if (kind == u"retry"_s) {
            ++partition.retries;
        } else if (kind == u"partition_succeeded"_s) {
            partition.rows = event.data.value(u"rows"_s).toInteger();
            partition.pages = event.data.value(u"page"_s).toInt();
            partition.durationMs = event.data.value(u"duration_ms"_s).toInteger(-1);
            partition.status = partition.rows > 0 ? PartitionStatus::Succeeded : PartitionStatus::Empty;
        } else if (kind == u"partition_changed"_s) {
            partition.changes.compared = true;
            partition.changes.added = event.data.value(u"added"_s).toInteger();
            partition.changes.changed = event.data.value(u"changed"_s).toInteger();
            partition.changes.removed = event.data.value(u"removed"_s).toInteger();
        } else if (kind == u"partition_failed"_s) {
            partition.status = PartitionStatus::Failed;
            partition.pages = std::max(0, event.data.value(u"page"_s).toInt() - 1); // the failed page is not one
            partition.durationMs = event.data.value(u"duration_ms"_s).toInteger(-1);
            partition.failure = PartitionFailure::fromEvent(event);
        }
    }
    beginResetModel();
    m_partitions = std::move(partitions);
    endResetModel();
}

void PastRunPartitionModel::clear()
{
    beginResetModel();
    m_partitions.clear();
    endResetModel();
}

RunPartition PastRunPartitionModel::partition(int row) const
{
    return m_partitions.value(row);
}

int PastRunPartitionModel::rowOf(const QString &endpoint, const QString &partition) const
{
    for (qsizetype row = 0; row < m_partitions.size(); ++row) {
        if (m_partitions.at(row).endpoint == endpoint && m_partitions.at(row).partition == partition)
            return int(row);
    }
    return -1;
}

int PastRunPartitionModel::failedCount() const
{
    return int(std::count_if(m_partitions.cbegin(), m_partitions.cend(),
                             [](const RunPartition &p) { return p.status == PartitionStatus::Failed; }));
}

int PastRunPartitionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_partitions.size());
}

int PastRunPartitionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PastRunPartitionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunPartition &partition = m_partitions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(partition, index.column());
    case Qt::ToolTipRole:
        if (index.column() == MessageColumn)
            return partition.message;
        return {};
    case Qt::TextAlignmentRole:
        if (isNumeric(index.column()))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case EndpointRole:
        return partition.endpoint;
    case PartitionKeyRole:
        return partition.partition;
    case StatusRole:
        return QVariant::fromValue(partition.status);
    case StatusNameRole:
        return partitionStatusName(partition.status);
    case SortRole:
        switch (index.column()) {
        case StatusColumn:
            return int(partition.status);
        case RowsColumn:
            return partition.rows;
        case PagesColumn:
            return partition.pages;
        case RetriesColumn:
            return partition.retries;
        case HttpStatusColumn:
            return partition.httpStatus;
        case DurationColumn:
            return partition.durationMs;
        default:
            return displayData(partition, index.column());
        }
    default:
        return {};
    }
}

QVariant PastRunPartitionModel::displayData(const RunPartition &partition, int column) const
{
    switch (column) {
    case EndpointColumn:
        return partition.endpoint;
    case PartitionColumn:
        return partition.partition;
    case StatusColumn:
        return displayName(partition.status);
    case RowsColumn:
        return partition.rows;
    case PagesColumn:
        return partition.pages;
    case RetriesColumn:
        return partition.retries;
    case HttpStatusColumn:
        return partition.httpStatus > 0 ? QVariant(partition.httpStatus) : QVariant();
    case DurationColumn:
        return durationText(partition.durationMs);
    case ChangesColumn:
        return partition.changes.hasChanges() ? changeCountsText(partition.changes) : QString();
    case MessageColumn:
        return partition.message;
    default:
        return {};
    }
}

QVariant PastRunPartitionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case EndpointColumn:
        return tr("Endpoint");
    case PartitionColumn:
        return tr("Partition");
    case StatusColumn:
        return tr("Status");
    case RowsColumn:
        return tr("Rows");
    case PagesColumn:
        return tr("Pages");
    case RetriesColumn:
        return tr("Retries");
    case HttpStatusColumn:
        return tr("HTTP");
    case DurationColumn:
        return tr("Duration");
    case ChangesColumn:
        return tr("Since the pull before");
    case MessageColumn:
        return tr("Last message");
    default:
        return {};
    }
}

QHash<int, QByteArray> PastRunPartitionModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(EndpointRole, "endpoint");
    names.insert(PartitionKeyRole, "partitionKey");
    names.insert(StatusRole, "status");
    names.insert(StatusNameRole, "statusName");
    names.insert(SortRole, "sort");
    return names;
}

} // namespace Backfill
