#include "model/itemmodels/eventlogmodel.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Backfill {

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void EventLogModel::setCapacity(int capacity)
{
    m_capacity = std::max(1, capacity);
    trim();
}

void EventLogModel::clear()
{
    beginResetModel();
    m_events.clear();
    endResetModel();
}

void EventLogModel::append(const QList<EngineEvent> &events)
{
    if (events.isEmpty())
        return;
    // Only the newest `capacity` of a large batch are ever shown.
    const qsizetype skip = std::max<qsizetype>(0, events.size() - m_capacity);
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(events.size() - skip) - 1);
    m_events.append(events.mid(skip));
    endInsertRows();
    trim();
}

void EventLogModel::trim()
{
    const int excess = int(m_events.size()) - m_capacity;
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_events.remove(0, excess);
    endRemoveRows();
}

EngineEvent EventLogModel::event(int row) const
{
    return row >= 0 && row < m_events.size() ? m_events.at(row) : EngineEvent();
}

QString EventLogModel::messageText(const EngineEvent &event)
{
    if (!event.message.isEmpty())
        return event.message;
    if (event.kind == EngineEvent::Kind::PageFetched) {
        return tr("page %1: %2 records, HTTP %3, %4 ms")
            .arg(event.page)
            .arg(event.rows)
            .arg(event.httpStatus)
            .arg(event.durationMs);
    }
    return EngineEvent::kindName(event.kind);
}

QString EventLogModel::levelName(EngineEvent::Level level)
{
    switch (level) {
    case EngineEvent::Level::Info:
        return tr("info");
    case EngineEvent::Level::Warning:
        return tr("warning");
    case EngineEvent::Level::Error:
        return tr("error");
    }
    return {};
}

QString EventLogModel::lineText(const EngineEvent &event)
{
    QStringList fields{event.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s), levelName(event.level())};
    if (!event.endpoint.isEmpty())
        fields << event.endpoint;
    if (!event.partition.isEmpty())
        fields << event.partition;
    fields << messageText(event);
    return fields.join(u"  "_s);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EngineEvent &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return event.time.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
        case LevelColumn:
            return levelName(event.level());
        case EndpointColumn:
            return event.endpoint;
        case PartitionColumn:
            return event.partition;
        case MessageColumn:
            return messageText(event);
        }
        return {};
    case Qt::ToolTipRole:
        return index.column() == MessageColumn ? QVariant(messageText(event)) : QVariant();
    case LevelRole:
        return int(event.level());
    case KindRole:
        return int(event.kind);
    case EndpointRole:
        return event.endpoint;
    case PartitionRole:
        return event.partition;
    case MessageRole:
        return messageText(event);
    case LineRole:
        return lineText(event);
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
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

QHash<int, QByteArray> EventLogModel::roleNames() const
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
