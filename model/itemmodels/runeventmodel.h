#pragma once

#include "model/runs/runevent.h"

#include <QAbstractTableModel>
#include <QList>

namespace Backfill {

// The log of one past run as the workspace kept it (PartitionLedger::events()), oldest first,
// optionally narrowed to the events of one partition.
class RunEventModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunEventModel)

public:
    enum Column { TimeColumn, LevelColumn, PartitionColumn, MessageColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        EventIdRole = Qt::UserRole + 1,
        LevelRole, // EventLevel
        PartitionKeyRole,
        EventKindRole, // "partition_failed", ... from the event's data
    };
    Q_ENUM(Role)

    explicit RunEventModel(QObject *parent = nullptr);

    void setEvents(const QList<RunEvent> &events);
    void clear();
    // Only the events of `partitionKey` (of any endpoint); empty: every event.
    void setPartitionFilter(const QString &partitionKey);
    QString partitionFilter() const { return m_partitionFilter; }

    RunEvent event(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void rebuild();

    QList<RunEvent> m_all;
    QList<RunEvent> m_shown;
    QString m_partitionFilter;
};

} // namespace Backfill
