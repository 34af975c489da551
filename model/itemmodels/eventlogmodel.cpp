#include "model/itemmodels/eventlogmodel.h"

using namespace Qt::StringLiterals;

namespace Backfill {

EventLogModel::EventLogModel(QObject *parent)
    : EventTableModel(parent)
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

EventLine EventLogModel::lineOf(const EngineEvent &event)
{
    return {event.time,     event.level(),   EngineEvent::kindName(event.kind),
            event.endpoint, event.partition, messageText(event)};
}

} // namespace Backfill
