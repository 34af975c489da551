#pragma once

#include "model/itemmodels/eventtablemodel.h"
#include "model/runs/engineevent.h"

#include <QList>

namespace Backfill {

// The live run's log: the engine's events as they arrive (in batches), keeping the newest
// `capacity` so memory stays flat on long runs.
class EventLogModel final : public EventTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)

public:
    static constexpr int DefaultCapacity = 20'000;

    explicit EventLogModel(QObject *parent = nullptr);

    void setCapacity(int capacity);
    int capacity() const { return m_capacity; }
    void clear();
    void append(const QList<EngineEvent> &events);
    EngineEvent event(int row) const;

    // What a person reads for an event; page events carry no message of their own.
    static QString messageText(const EngineEvent &event);
    static EventLine lineOf(const EngineEvent &event);

protected:
    int lineCount() const override { return int(m_events.size()); }
    EventLine line(int row) const override { return lineOf(m_events.at(row)); }

private:
    void trim();

    QList<EngineEvent> m_events;
    int m_capacity = DefaultCapacity;
};

} // namespace Backfill
