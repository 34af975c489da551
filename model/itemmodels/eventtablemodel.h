#pragma once

#include "model/runs/eventlevel.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace Backfill {

// One line of a run's log, whichever feed it came from.
struct EventLine
{
    QDateTime time;
    EventLevel level = EventLevel::Info;
    QString kind; // "partition_failed", ... as EngineEvent::kindName() writes it
    QString endpoint;
    QString partition;
    QString message;
};

// A run's log as a table (time, level, endpoint, partition, message) with the roles that
// EventLogFilter and the log views read. Two feeds derive from it: EventLogModel (the live
// run's events) and RunEventModel (a past run's log as the workspace kept it), so both read
// the same, filter the same and copy the same.
class EventTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventTableModel)

public:
    enum Column { TimeColumn, LevelColumn, EndpointColumn, PartitionColumn, MessageColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        LevelRole = Qt::UserRole + 1, // EventLevel as int
        KindRole,                     // "partition_failed", ...
        EndpointRole,
        PartitionRole,
        MessageRole,
        LineRole, // the event as one line of text, as copied
        FirstFeedRole = Qt::UserRole + 32,
    };
    Q_ENUM(Role)

    // "2024-01-05 10:00:00.123  warning  daily_events  2024-01-05  message"
    static QString lineText(const EventLine &line);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

protected:
    explicit EventTableModel(QObject *parent = nullptr);

    virtual int lineCount() const = 0;
    // The line of `row`, 0 <= row < lineCount().
    virtual EventLine line(int row) const = 0;
};

} // namespace Backfill
