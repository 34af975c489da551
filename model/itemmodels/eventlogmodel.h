#pragma once

#include "model/runs/engineevent.h"

#include <QAbstractTableModel>
#include <QList>

namespace Backfill {

// The engine's events of a run as a log table (time, level, endpoint, partition, message),
// keeping the newest `capacity` so memory stays flat on long runs. Events arrive in batches.
class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)

public:
    enum Column { TimeColumn, LevelColumn, EndpointColumn, PartitionColumn, MessageColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        LevelRole = Qt::UserRole + 1, // EngineEvent::Level as int
        KindRole,                     // EngineEvent::Kind as int
        EndpointRole,
        PartitionRole,
        MessageRole,
        LineRole, // the event as one line of text, as copied
    };
    Q_ENUM(Role)

    static constexpr int DefaultCapacity = 20'000;

    explicit EventLogModel(QObject *parent = nullptr);

    void setCapacity(int capacity);
    int capacity() const { return m_capacity; }
    void clear();
    void append(const QList<EngineEvent> &events);
    EngineEvent event(int row) const;

    // What a person reads for an event; page events carry no message of their own.
    static QString messageText(const EngineEvent &event);
    static QString levelName(EngineEvent::Level level);
    // "2024-01-05 10:00:00.123  warning  daily_events  2024-01-05  message"
    static QString lineText(const EngineEvent &event);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void trim();

    QList<EngineEvent> m_events;
    int m_capacity = DefaultCapacity;
};

} // namespace Backfill
