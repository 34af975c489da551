#pragma once

#include "model/runs/engineevent.h"
#include "model/workspace/partitionrecord.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Backfill {

// The partitions of the current run, one row each in the order they started: status,
// attempts, pages, rows, HTTP status and last error. Fed by the engine's events (a partition
// appears when it starts, its page count moves as pages arrive) and by the ledger records the
// writer commits (rows, attempts and the cause of an error, as stored).
class LiveRunPartitionModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveRunPartitionModel)

public:
    enum Column {
        PartitionColumn,
        EndpointColumn,
        StatusColumn,
        AttemptsColumn,
        PagesColumn,
        RowsColumn,
        HttpStatusColumn,
        ErrorColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    // Raw values, the same in every column of a row.
    enum Role {
        EndpointRole = Qt::UserRole + 1,
        KeyRole,
        StatusRole, // PartitionStatus
        AttemptsRole,
        PagesRole,
        RowsRole,
        HttpStatusRole,
        ErrorRole,
    };
    Q_ENUM(Role)

    explicit LiveRunPartitionModel(QObject *parent = nullptr);

    void clear();
    // Applies a batch at once: one dataChanged per changed row, one insertion for the new ones.
    void applyEvents(const QList<EngineEvent> &events);
    void applyRecords(const QList<QPair<QString, PartitionRecord>> &records); // endpoint, record

    int rowOf(const QString &endpoint, const QString &key) const; // -1 when not in the run
    PartitionRecord record(int row) const;
    QString endpoint(int row) const;
    int countWithStatus(PartitionStatus status) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row
    {
        QString endpoint;
        PartitionRecord record;
    };
    // Appends rows for the (endpoint, key) pairs not in the run yet, in one insertion.
    void addRows(const QList<QPair<QString, QString>> &keys);
    void emitChanged(int first, int last);
    static QString keyOf(const QString &endpoint, const QString &key) { return endpoint + u'\n' + key; }

    QList<Row> m_rows;
    QHash<QString, int> m_rowOfKey; // by keyOf()
};

} // namespace Backfill
