#pragma once

#include "model/runs/runrecord.h"

#include <QAbstractTableModel>
#include <QList>

namespace Backfill {

class RunLog;

// The run history, newest first: who started each run, over which range, when, how many
// partitions succeeded and failed, and how it ended. The run view updates the current run in
// place through updateRun() as its counts move.
class RunTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunTableModel)

public:
    enum Column {
        IdColumn,
        StartedByColumn,
        RangeColumn,
        StartedColumn,
        FinishedColumn,
        PartitionsOkColumn, // succeeded + empty
        PartitionsFailedColumn,
        RowsColumn,
        OutcomeColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    // Raw values, the same in every column of a row; SortRole is the raw value behind the column.
    enum Role {
        RunIdRole = Qt::UserRole + 1,
        StartedByRole,
        SpecNameRole,
        EndpointsRole, // QStringList
        RangeRole,
        OptionsRole, // QJsonObject
        StartedRole, // QDateTime, UTC
        FinishedRole,
        PartitionsRole,
        SucceededRole,
        EmptyRole,
        FailedRole,
        RowsRole,
        BytesRole,
        OutcomeRole, // RunOutcome
        SortRole,
    };
    Q_ENUM(Role)

    // `limit` caps how many of the newest runs are loaded (< 0: all).
    explicit RunTableModel(RunLog &runs, int limit = -1, QObject *parent = nullptr);

    // Reloads every row from the run log (a model reset).
    void refresh();
    // Updates the row of run.id in place, or inserts it at its place (newest first) when new,
    // dropping the oldest row when that goes beyond the limit.
    void updateRun(const RunRecord &run);

    RunRecord run(int row) const;
    int rowOfRun(qint64 runId) const; // -1 when not shown

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QVariant displayData(const RunRecord &run, int column) const;
    QVariant sortData(const RunRecord &run, int column) const;

    RunLog &m_log;
    int m_limit;
    QList<RunRecord> m_runs; // by id, descending
};

} // namespace Backfill
