#pragma once

#include "model/partitions/partitionstatus.h"
#include "model/runs/partitionfailure.h"
#include "model/runs/runevent.h"
#include "model/workspace/partitionrecord.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace Backfill {

// What one run did with one partition, pieced together from the run's log.
struct RunPartition
{
    QString endpoint;
    QString partition;
    PartitionStatus status = PartitionStatus::Running; // started and not finished (yet, or ever)
    qint64 rows = 0;
    int pages = 0;
    int retries = 0;
    int httpStatus = 0;
    qint64 durationMs = -1;
    QString message;       // the last thing the log said about it
    PartitionPull changes; // rows new, changed, gone since the pull before (when the log said so)
    std::optional<PartitionFailure> failure;

    friend bool operator==(const RunPartition &, const RunPartition &) = default;
};

// The partitions of one past run, in the order they started, with how each ended, for the run
// history. Built from the run's events (PartitionLedger::events()), which is where the engine
// leaves per-run facts; the ledger's partition rows only hold each partition's latest state.
class PastRunPartitionModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PastRunPartitionModel)

public:
    enum Column {
        EndpointColumn,
        PartitionColumn,
        StatusColumn,
        RowsColumn,
        PagesColumn,
        RetriesColumn,
        HttpStatusColumn,
        DurationColumn,
        ChangesColumn,
        MessageColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        EndpointRole = Qt::UserRole + 1,
        PartitionKeyRole,
        StatusRole,     // PartitionStatus
        StatusNameRole, // "failed", ... (for filtering)
        SortRole,       // the raw value behind the column
    };
    Q_ENUM(Role)

    explicit PastRunPartitionModel(QObject *parent = nullptr);

    // Replaces the rows with the partitions that `events` (one run's, in insertion order) tell of.
    void setEvents(const QList<RunEvent> &events);
    void clear();

    RunPartition partition(int row) const;
    int rowOf(const QString &endpoint, const QString &partition) const; // -1 when not there
    int failedCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QVariant displayData(const RunPartition &partition, int column) const;

    QList<RunPartition> m_partitions;
};

} // namespace Backfill
