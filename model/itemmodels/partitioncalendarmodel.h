#pragma once

#include <functional>

#include "model/checks/partitionchecks.h"
#include "model/partitions/partitionscheme.h"
#include "model/partitions/partitionstatus.h"
#include "model/workspace/partitionrecord.h"

#include <QAbstractListModel>
#include <QDate>
#include <QHash>
#include <QList>

#include <utility>

namespace Backfill {

class PartitionLedger;

// The cells of an endpoint's partition calendar over a visible span, one row per cell: a day
// for hourly and daily schemes (a day's hours are summed into it), a week or month for weekly
// and monthly ones, a block for numeric ones. Each cell knows the scheme indexes of its
// partitions and their combined status, counts, attempts, duration and last error.
// The model keeps every ledger record of the endpoint (not only those in the span), so that
// selections reaching outside the span can still ask for a partition's status. The engine's
// partitionChanged(endpoint, record) goes to updatePartition(), which touches one row.
class PartitionCalendarModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartitionCalendarModel)

public:
    enum Role {
        KeyRole = Qt::UserRole + 1, // the day ("2024-01-05") for hourly schemes, else the partition key
        StatusRole,                 // PartitionStatus of the cell (see cellStatus())
        DoneShareRole,              // double 0..1: the share of the cell's partitions succeeded or empty
        PartitionCountRole,         // partitions in the cell (24 for most hourly days)
        DoneCountRole,
        RowsRole,
        PagesRole,
        AttemptsRole,
        DurationRole,   // ms summed over finished partitions, -1 when none finished
        LastErrorRole,  // the last error of the first partition that has one
        HttpStatusRole, // of that partition
        FirstDateRole,  // QDate; invalid for numeric blocks
        LastDateRole,
        FirstIndexRole, // qint64: the scheme index of the cell's first partition
        LastIndexRole,
        FutureRole,  // bool: the cell's period has not begun ("not yet"; not counted, not selectable)
        CheckRole,   // QString: why a partition of the cell looks incomplete (PartitionChecks); empty when none
        ChangesRole, // QString: rows changed, new and gone when the cell's partitions were last pulled again; empty
                     // when none
    };
    Q_ENUM(Role)

    explicit PartitionCalendarModel(QObject *parent = nullptr);

    // Shows `endpointId` (-1: never run, everything missing) of `ledger` (may be null) cut by
    // `scheme`. Loads the endpoint's records; the span stays as set.
    void setEndpoint(const PartitionLedger *ledger, qint64 endpointId, const PartitionScheme &scheme);
    // The thresholds the checks judge by (the endpoint's x-backfill.checks); the defaults until
    // set. Applies from the next setEndpoint() or setRecords().
    void setChecks(const PartitionChecks &checks) { m_checkRules = checks; }
    // Like setEndpoint() with records instead of a ledger (the panel's tests and benchmark).
    void setRecords(qint64 endpointId, const PartitionScheme &scheme, const QList<PartitionRecord> &records);
    // Time schemes: the cells overlapping the days [first, last]. A model reset.
    void setSpan(QDate first, QDate last);
    // Numeric schemes: the blocks of the scheme indexes [first, last], clipped to the scheme.
    void setIndexSpan(qint64 first, qint64 last);

    const PartitionScheme &scheme() const { return m_scheme; }
    qint64 endpointId() const { return m_endpointId; }
    QDate firstDate() const { return m_firstDate; }
    QDate lastDate() const { return m_lastDate; }

    // The cell holding `date` / the partition of scheme index `index`; -1 when not shown.
    int rowForDate(QDate date) const;
    int rowForIndex(qint64 index) const;
    std::pair<qint64, qint64> indexesOfRow(int row) const;

    // The ledger's record of `key`, or a Missing record when it has none.
    PartitionRecord record(const QString &key) const;
    PartitionStatus statusOfIndex(qint64 index) const;
    const QHash<QString, PartitionRecord> &records() const { return m_records; }
    // The records of a cell's partitions in key order, missing ones included.
    QList<PartitionRecord> recordsOfRow(int row) const;
    // How many partitions of the span are in each status (every status present); partitions
    // whose period has not begun are not counted as missing but in futureCount().
    const QHash<PartitionStatus, int> &statusCounts() const { return m_counts; }
    int futureCount() const { return m_future; }
    // "Now" for telling future partitions (time schemes; a numeric block is never future);
    // empty: the system clock. Takes effect at the next reset.
    void setClock(std::function<QDateTime()> now) { m_clock = std::move(now); }
    // A partition whose period begins after now: it cannot have data yet.
    bool isFuture(qint64 index) const;
    // The last day shown that has begun (UTC, as of the last reset); invalid when none has.
    QDate lastBegunDate() const;

    // The one status a cell shows for its partitions: failed if any failed, else running,
    // else queued, else open when all were pulled and some are open, else succeeded (empty when
    // all brought zero rows) once all are done, else missing; a partly done day shows its share through DoneShareRole.
    static PartitionStatus cellStatus(const QHash<PartitionStatus, int> &counts, int partitions);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    // One partition changed (the engine's partitionChanged): its cell and the counts follow.
    void updatePartition(const Backfill::PartitionRecord &record);

Q_SIGNALS:
    void statusCountsChanged();

private:
    struct Cell
    {
        QString key;
        qint64 first = 0;
        qint64 last = 0;
        QDate firstDate;
        QDate lastDate;
        PartitionStatus status = PartitionStatus::Missing;
        int done = 0;
        qint64 rows = 0;
        qint64 pages = 0;
        int attempts = 0;
        qint64 durationMs = -1;
        QString lastError;
        int httpStatus = 0;
        QString check;         // the first flagged partition's reason
        PartitionPull changes; // summed over the partitions that changed when last pulled
    };

    void rebuild();
    void summarise(Cell &cell) const;
    QString toolTip(const Cell &cell) const;
    static QString changesText(const Cell &cell);

    const PartitionLedger *m_ledger = nullptr;
    qint64 m_endpointId = -1;
    PartitionScheme m_scheme;
    QDate m_firstDate;
    QDate m_lastDate;
    qint64 m_firstIndex = 0; // numeric span
    qint64 m_lastIndex = -1;
    QHash<QString, PartitionRecord> m_records;
    QList<Cell> m_cells;
    QHash<PartitionStatus, int> m_counts;
    QHash<QString, QString> m_checks; // key -> the checks' reasons, one a line, as of the last setRecords()
    PartitionChecks m_checkRules;
    int m_future = 0;
    std::function<QDateTime()> m_clock;
    qint64 m_nowMs = 0; // at the last reset
};

} // namespace Backfill
