#include "model/itemmodels/partitioncalendarmodel.h"

#include "model/checks/partitionchecks.h"
#include "model/core/durationtext.h"
#include "model/itemmodels/partitiontablemodel.h"
#include "model/workspace/partitionledger.h"

#include <QLocale>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// More cells than any calendar shows (a century of days); a numeric span is cut there.
constexpr qint64 MaxCells = 100'000;

// The instants [from, to) of the days [first, last] in the scheme's time zone.
std::optional<PartitionSpan> spanOfDays(const PartitionScheme &scheme, QDate first, QDate last)
{
    const auto from = scheme.spanOf(first.toString(Qt::ISODate), nullptr);
    const auto to = scheme.spanOf(last.toString(Qt::ISODate), nullptr);
    if (!from || !to)
        return std::nullopt;
    return PartitionSpan{from->from, to->to};
}

} // namespace

PartitionCalendarModel::PartitionCalendarModel(QObject *parent)
    : QAbstractListModel(parent)
{
    for (const PartitionStatus status : AllPartitionStatuses)
        m_counts.insert(status, 0);
}

void PartitionCalendarModel::setEndpoint(const PartitionLedger *ledger, qint64 endpointId,
                                         const PartitionScheme &scheme)
{
    m_ledger = ledger;
    QList<PartitionRecord> records;
    if (ledger && endpointId >= 0)
        records = ledger->partitions(endpointId);
    setRecords(endpointId, scheme, records);
}

void PartitionCalendarModel::setRecords(qint64 endpointId, const PartitionScheme &scheme,
                                        const QList<PartitionRecord> &records)
{
    m_endpointId = endpointId;
    m_scheme = scheme;
    m_records.clear();
    m_records.reserve(records.size());
    for (const PartitionRecord &record : records)
        m_records.insert(record.key, record);
    // The checks judge every pulled partition against its neighbours: once per set of records
    // (a run's partitions refresh them when it ends), not at every change of the span shown.
    m_checks.clear();
    if (!m_scheme.isNumeric()) {
        const auto byKey = [](const PartitionRecord &a, const PartitionRecord &b) { return a.key < b.key; };
        QList<PartitionRecord> ordered = records; // the ledger gives them in key order already
        if (!std::is_sorted(ordered.cbegin(), ordered.cend(), byKey))
            std::sort(ordered.begin(), ordered.end(), byKey);
        for (const PartitionFlag &flag : m_checkRules.flags(ordered)) {
            QString &reasons = m_checks[flag.key];
            reasons += (reasons.isEmpty() ? QString() : u"\n"_s) + flag.reason;
        }
    }
    rebuild();
}

void PartitionCalendarModel::setSpan(QDate first, QDate last)
{
    m_firstDate = first;
    m_lastDate = last;
    rebuild();
}

void PartitionCalendarModel::setIndexSpan(qint64 first, qint64 last)
{
    m_firstIndex = first;
    m_lastIndex = last;
    rebuild();
}

void PartitionCalendarModel::rebuild()
{
    beginResetModel();
    m_cells.clear();
    for (const PartitionStatus status : AllPartitionStatuses)
        m_counts[status] = 0;
    m_future = 0;
    m_nowMs = (m_clock ? m_clock() : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch();
    const qint64 count = m_scheme.isValid() ? m_scheme.count() : 0;
    const auto addCell = [this](const QString &key, qint64 first, qint64 last, QDate firstDate = {},
                                QDate lastDate = {}) {
        Cell cell;
        cell.key = key;
        cell.first = first;
        cell.last = last;
        cell.firstDate = firstDate;
        cell.lastDate = lastDate;
        m_cells.append(cell);
    };

    if (count == 0) {
        // nothing to show
    } else if (m_scheme.isNumeric()) {
        const qint64 first = std::max<qint64>(0, m_firstIndex);
        const qint64 last = std::min({count - 1, m_lastIndex, first + MaxCells - 1});
        for (qint64 index = first; index <= last; ++index)
            addCell(m_scheme.keyAt(index), index, index);
    } else if (m_firstDate.isValid() && m_lastDate.isValid() && m_firstDate <= m_lastDate) {
        const QDate first = std::max(m_firstDate, m_scheme.firstDate());
        const QDate last = std::min({m_lastDate, m_scheme.lastDate(), first.addDays(MaxCells - 1)});
        if (m_scheme.grain() == PartitionScheme::Grain::Hourly) {
            for (QDate day = first; day <= last; day = day.addDays(1)) {
                const auto span = spanOfDays(m_scheme, day, day);
                if (!span)
                    continue;
                const auto [from, to] = m_scheme.indexesOf(*span);
                addCell(day.toString(Qt::ISODate), std::max<qint64>(0, from), std::min(count - 1, to), day, day);
            }
        } else if (const auto span = spanOfDays(m_scheme, first, last)) {
            const auto [from, to] = m_scheme.indexesOf(*span);
            for (qint64 index = std::max<qint64>(0, from); index <= std::min(count - 1, to); ++index) {
                const auto partition = m_scheme.partitionAt(index);
                addCell(partition->key, index, index, partition->start.date(), partition->end.addMSecs(-1).date());
            }
        }
    }
    for (Cell &cell : m_cells) {
        summarise(cell);
        for (qint64 index = cell.first; index <= cell.last; ++index) {
            const PartitionStatus status = statusOfIndex(index);
            if (status == PartitionStatus::Missing && isFuture(index))
                ++m_future;
            else
                ++m_counts[status];
        }
    }
    endResetModel();
    Q_EMIT statusCountsChanged();
}

void PartitionCalendarModel::summarise(Cell &cell) const
{
    QHash<PartitionStatus, int> counts;
    cell.rows = cell.pages = 0;
    cell.attempts = 0;
    cell.durationMs = -1;
    cell.lastError.clear();
    cell.httpStatus = 0;
    cell.check.clear();
    cell.changes = {};
    for (qint64 index = cell.first; index <= cell.last; ++index) {
        const QString key = m_scheme.keyAt(index);
        if (cell.check.isEmpty() && !m_checks.isEmpty())
            cell.check = m_checks.value(key);
        const auto found = m_records.constFind(key);
        if (found == m_records.cend()) {
            ++counts[PartitionStatus::Missing];
            continue;
        }
        ++counts[found->status];
        cell.rows += found->counts.rows;
        cell.pages += found->counts.pages;
        cell.attempts += found->attempts;
        if (found->pull.hasChanges()) {
            cell.changes.compared = true;
            cell.changes.added += found->pull.added;
            cell.changes.changed += found->pull.changed;
            cell.changes.removed += found->pull.removed;
        }
        if (const qint64 ms = found->durationMs(); ms >= 0)
            cell.durationMs = std::max<qint64>(0, cell.durationMs) + ms;
        if (cell.lastError.isEmpty() && !found->lastError.isEmpty()) {
            cell.lastError = found->lastError;
            cell.httpStatus = found->httpStatus;
        }
    }
    const int partitions = int(cell.last - cell.first + 1);
    cell.done = counts.value(PartitionStatus::Succeeded) + counts.value(PartitionStatus::Empty);
    cell.status = cellStatus(counts, partitions);
}

PartitionStatus PartitionCalendarModel::cellStatus(const QHash<PartitionStatus, int> &counts, int partitions)
{
    for (const PartitionStatus status : {PartitionStatus::Failed, PartitionStatus::Running, PartitionStatus::Queued}) {
        if (counts.value(status) > 0)
            return status;
    }
    const int empty = counts.value(PartitionStatus::Empty);
    const int open = counts.value(PartitionStatus::Open);
    if (open > 0 && counts.value(PartitionStatus::Succeeded) + empty + open == partitions)
        return PartitionStatus::Open;
    if (partitions > 0 && empty == partitions)
        return PartitionStatus::Empty;
    if (partitions > 0 && counts.value(PartitionStatus::Succeeded) + empty == partitions)
        return PartitionStatus::Succeeded;
    return PartitionStatus::Missing;
}

int PartitionCalendarModel::rowForDate(QDate date) const
{
    if (m_scheme.isNumeric() || m_cells.isEmpty() || !date.isValid())
        return -1;
    const auto found = std::lower_bound(m_cells.cbegin(), m_cells.cend(), date,
                                        [](const Cell &cell, QDate day) { return cell.lastDate < day; });
    if (found == m_cells.cend() || found->firstDate > date)
        return -1;
    return int(found - m_cells.cbegin());
}

int PartitionCalendarModel::rowForIndex(qint64 index) const
{
    const auto found = std::lower_bound(m_cells.cbegin(), m_cells.cend(), index,
                                        [](const Cell &cell, qint64 value) { return cell.last < value; });
    if (found == m_cells.cend() || found->first > index)
        return -1;
    return int(found - m_cells.cbegin());
}

std::pair<qint64, qint64> PartitionCalendarModel::indexesOfRow(int row) const
{
    if (row < 0 || row >= m_cells.size())
        return {0, -1};
    return {m_cells.at(row).first, m_cells.at(row).last};
}

PartitionRecord PartitionCalendarModel::record(const QString &key) const
{
    if (const auto found = m_records.constFind(key); found != m_records.cend())
        return *found;
    PartitionRecord missing;
    missing.endpointId = m_endpointId;
    missing.key = key;
    return missing;
}

bool PartitionCalendarModel::isFuture(qint64 index) const
{
    if (m_scheme.isNumeric())
        return false;
    const auto partition = m_scheme.partitionAt(index);
    return partition && partition->start.toMSecsSinceEpoch() > m_nowMs;
}

QDate PartitionCalendarModel::lastBegunDate() const
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(m_nowMs, QTimeZone::utc()).date();
    if (!m_lastDate.isValid() || !m_firstDate.isValid() || today < m_firstDate)
        return {};
    return std::min(m_lastDate, today);
}

PartitionStatus PartitionCalendarModel::statusOfIndex(qint64 index) const
{
    const auto found = m_records.constFind(m_scheme.keyAt(index));
    return found == m_records.cend() ? PartitionStatus::Missing : found->status;
}

QList<PartitionRecord> PartitionCalendarModel::recordsOfRow(int row) const
{
    QList<PartitionRecord> result;
    const auto [first, last] = indexesOfRow(row);
    for (qint64 index = first; index <= last; ++index)
        result.append(record(m_scheme.keyAt(index)));
    return result;
}

void PartitionCalendarModel::updatePartition(const PartitionRecord &record)
{
    if (record.endpointId != m_endpointId || m_endpointId < 0)
        return;
    const PartitionStatus before = this->record(record.key).status;
    m_records.insert(record.key, record);
    const qint64 index = m_scheme.indexOfKey(record.key);
    const int row = index >= 0 ? rowForIndex(index) : -1;
    if (row < 0)
        return;
    summarise(m_cells[row]);
    const QModelIndex changed = this->index(row);
    Q_EMIT dataChanged(changed, changed);
    if (before != record.status) {
        // A future partition is counted as "not yet" while missing (pulled all the same: a run
        // of a typed range), as rebuild() counts it.
        const auto slot = [&](PartitionStatus status) -> int & {
            return status == PartitionStatus::Missing && isFuture(index) ? m_future : m_counts[status];
        };
        --slot(before);
        ++slot(record.status);
        Q_EMIT statusCountsChanged();
    }
}

int PartitionCalendarModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_cells.size());
}

QVariant PartitionCalendarModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Cell &cell = m_cells.at(index.row());
    const int partitions = int(cell.last - cell.first + 1);
    switch (role) {
    case Qt::DisplayRole:
    case KeyRole:
        return cell.key;
    case Qt::ToolTipRole:
        return toolTip(cell);
    case Qt::AccessibleTextRole:
        return tr("%1: %2").arg(cell.key, displayName(cell.status));
    case StatusRole:
        return QVariant::fromValue(cell.status);
    case DoneShareRole:
        return partitions > 0 ? double(cell.done) / partitions : 0.0;
    case PartitionCountRole:
        return partitions;
    case DoneCountRole:
        return cell.done;
    case RowsRole:
        return cell.rows;
    case PagesRole:
        return cell.pages;
    case AttemptsRole:
        return cell.attempts;
    case DurationRole:
        return cell.durationMs;
    case LastErrorRole:
        return cell.lastError;
    case HttpStatusRole:
        return cell.httpStatus;
    case FirstDateRole:
        return cell.firstDate;
    case LastDateRole:
        return cell.lastDate;
    case FirstIndexRole:
        return cell.first;
    case LastIndexRole:
        return cell.last;
    case FutureRole:
        return cell.status == PartitionStatus::Missing && isFuture(cell.first);
    case CheckRole:
        return cell.check;
    case ChangesRole:
        return changesText(cell);
    default:
        return {};
    }
}

QString PartitionCalendarModel::changesText(const Cell &cell)
{
    return cell.changes.hasChanges() ? changeCountsText(cell.changes) : QString();
}

QString PartitionCalendarModel::toolTip(const Cell &cell) const
{
    const QLocale locale;
    QStringList lines;
    if (cell.status == PartitionStatus::Missing && isFuture(cell.first))
        return tr("%1: not yet (its period has not begun)").arg(cell.key);
    lines << tr("%1: %2").arg(cell.key, displayName(cell.status));
    if (cell.status == PartitionStatus::Open)
        lines << tr("Pulled before its period ended and settled: the next run pulls it again");
    if (!cell.check.isEmpty())
        lines << tr("Check: %1").arg(cell.check);
    if (const QString changes = changesText(cell); !changes.isEmpty())
        lines << tr("Changed when last pulled again: %1").arg(changes);
    const int partitions = int(cell.last - cell.first + 1);
    if (partitions > 1)
        lines << tr("%1 of %2 partitions done").arg(cell.done).arg(partitions);
    if (cell.attempts > 0) {
        lines << tr("Rows: %1, pages: %2, attempts: %3")
                     .arg(locale.toString(cell.rows), locale.toString(cell.pages), locale.toString(cell.attempts));
    }
    if (cell.durationMs >= 0)
        lines << tr("Took %1").arg(durationText(cell.durationMs));
    if (!cell.lastError.isEmpty()) {
        lines << (cell.httpStatus > 0 ? tr("Last error (HTTP %1): %2").arg(cell.httpStatus).arg(cell.lastError)
                                      : tr("Last error: %1").arg(cell.lastError));
    }
    return lines.join(u'\n');
}

QHash<int, QByteArray> PartitionCalendarModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KeyRole, "key");
    names.insert(StatusRole, "status");
    names.insert(DoneShareRole, "doneShare");
    names.insert(PartitionCountRole, "partitionCount");
    names.insert(DoneCountRole, "doneCount");
    names.insert(RowsRole, "rows");
    names.insert(PagesRole, "pages");
    names.insert(AttemptsRole, "attempts");
    names.insert(DurationRole, "duration");
    names.insert(LastErrorRole, "lastError");
    names.insert(HttpStatusRole, "httpStatus");
    names.insert(FirstDateRole, "firstDate");
    names.insert(LastDateRole, "lastDate");
    names.insert(FirstIndexRole, "firstIndex");
    names.insert(LastIndexRole, "lastIndex");
    names.insert(FutureRole, "future");
    names.insert(CheckRole, "check");
    names.insert(ChangesRole, "changes");
    return names;
}

} // namespace Backfill
