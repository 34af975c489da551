#include "model/itemmodels/runeventmodel.h"

using namespace Qt::StringLiterals;

namespace Backfill {

RunEventModel::RunEventModel(QObject *parent)
    : EventTableModel(parent)
{}

void RunEventModel::setEvents(const QList<RunEvent> &events)
{
    beginResetModel();
    m_events = events;
    endResetModel();
}

void RunEventModel::clear()
{
    setEvents({});
}

RunEvent RunEventModel::event(int row) const
{
    return m_events.value(row);
}

EventLine RunEventModel::line(int row) const
{
    const RunEvent &event = m_events.at(row);
    // The endpoint and kind are in the event's data, as EngineEvent::toJson() wrote them.
    return {event.at,
            event.level,
            event.data.value(u"event"_s).toString(),
            event.data.value(u"endpoint"_s).toString(),
            event.partitionKey,
            event.message};
}

QVariant RunEventModel::data(const QModelIndex &index, int role) const
{
    if (role == EventIdRole) {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        return m_events.at(index.row()).id;
    }
    return EventTableModel::data(index, role);
}

QHash<int, QByteArray> RunEventModel::roleNames() const
{
    QHash<int, QByteArray> names = EventTableModel::roleNames();
    names.insert(EventIdRole, "eventId");
    return names;
}

} // namespace Backfill
