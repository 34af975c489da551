#include "model/itemmodels/eventtablemodel.h"

using namespace Qt::StringLiterals;

namespace Backfill {

EventTableModel::EventTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

QString EventTableModel::lineText(const EventLine &line)
{
    QStringList fields{line.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s), eventLevelName(line.level)};
    if (!line.endpoint.isEmpty())
        fields << line.endpoint;
    if (!line.partition.isEmpty())
        fields << line.partition;
    fields << line.message;
    return fields.join(u"  "_s);
}

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : lineCount();
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventLine event = line(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return event.time.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
        case LevelColumn:
            return eventLevelText(event.level);
        case EndpointColumn:
            return event.endpoint;
        case PartitionColumn:
            return event.partition;
        case MessageColumn:
            return event.message;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return event.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        return index.column() == MessageColumn ? QVariant(event.message) : QVariant();
    case LevelRole:
        return int(event.level);
    case KindRole:
        return event.kind;
    case EndpointRole:
        return event.endpoint;
    case PartitionRole:
        return event.partition;
    case MessageRole:
        return event.message;
    case LineRole:
        return lineText(event);
    }
    return {};
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case EndpointColumn:
        return tr("Endpoint");
    case PartitionColumn:
        return tr("Partition");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}

QHash<int, QByteArray> EventTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(LevelRole, "level");
    names.insert(KindRole, "kind");
    names.insert(EndpointRole, "endpoint");
    names.insert(PartitionRole, "partition");
    names.insert(MessageRole, "message");
    names.insert(LineRole, "line");
    return names;
}

} // namespace Backfill
