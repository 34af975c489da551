#pragma once

#include "model/workspace/partitionrecord.h"

#include <QAbstractTableModel>
#include <QList>

namespace Backfill {

class PartitionLedger;

// The partitions of one endpoint (optionally only those under a key prefix: a day's hours, a
// month's days) as a table, ordered by key. The run view feeds it each partition as it changes
// through updatePartition(), which touches one row instead of reloading the table.
class PartitionTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartitionTableModel)

public:
    enum Column {
        KeyColumn,
        StatusColumn,
        AttemptsColumn,
        PagesColumn,
        RowsColumn,
        BytesColumn,
        HttpStatusColumn,
        LastErrorColumn,
        StartedColumn,
        FinishedColumn,
        DurationColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    // Raw values, the same in every column of a row. SortRole is per column: the raw value
    // behind what the column displays (for QSortFilterProxyModel::setSortRole).
    enum Role {
        KeyRole = Qt::UserRole + 1,
        StatusRole, // PartitionStatus
        AttemptsRole,
        PagesRole,
        RowsRole,
        BytesRole,
        HttpStatusRole, // 0 when none
        LastErrorRole,
        StartedRole,  // QDateTime, UTC; invalid when never started
        FinishedRole, // QDateTime, UTC
        DurationRole, // milliseconds, -1 while not finished
        HasCheckpointRole,
        SortRole,
    };
    Q_ENUM(Role)

    explicit PartitionTableModel(PartitionLedger &ledger, QObject *parent = nullptr);

    // Shows the partitions of `endpointId` whose key starts with `keyPrefix` (all when empty).
    void setEndpoint(qint64 endpointId, const QString &keyPrefix = {});
    qint64 endpointId() const;
    QString keyPrefix() const;

    // Reloads every row from the ledger (a model reset).
    void refresh();
    // Updates the row of record.key in place, or inserts it at its key's place when new.
    // Returns false, changing nothing, when the record is not of this endpoint and prefix.
    bool updatePartition(const PartitionRecord &record);

    // "850 ms", "12.5 s", "3 min 05 s", "2 h 07 min"; empty for a negative duration.

    PartitionRecord record(int row) const;
    int rowOfKey(const QString &key) const; // -1 when not shown

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QVariant displayData(const PartitionRecord &record, int column) const;
    QVariant sortData(const PartitionRecord &record, int column) const;
    qsizetype lowerBound(const QString &key) const;

    PartitionLedger &m_ledger;
    qint64 m_endpointId = -1;
    QString m_keyPrefix;
    QList<PartitionRecord> m_records; // sorted by key
};

} // namespace Backfill
