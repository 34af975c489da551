#pragma once

#include "model/itemmodels/eventtablemodel.h"
#include "model/runs/runevent.h"

#include <QList>

namespace Backfill {

// The log of one past run as the workspace kept it (PartitionLedger::events()), oldest first.
// Filtered like the live log, by an EventLogFilter.
class RunEventModel final : public EventTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunEventModel)

public:
    enum Role {
        EventIdRole = FirstFeedRole,
    };
    Q_ENUM(Role)

    explicit RunEventModel(QObject *parent = nullptr);

    void setEvents(const QList<RunEvent> &events);
    void clear();
    RunEvent event(int row) const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

protected:
    int lineCount() const override { return int(m_events.size()); }
    EventLine line(int row) const override;

private:
    QList<RunEvent> m_events;
};

} // namespace Backfill
