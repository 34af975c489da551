#include "model/itemmodels/runtablemodel.h"

#include "model/workspace/runlog.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

QString formatTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}

bool isNumeric(int column)
{
    return column == RunTableModel::IdColumn || column == RunTableModel::PartitionsOkColumn ||
           column == RunTableModel::PartitionsFailedColumn || column == RunTableModel::RowsColumn;
}

} // namespace

RunTableModel::RunTableModel(RunLog &runs, int limit, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(runs)
    , m_limit(limit)
{}

void RunTableModel::refresh()
{
    beginResetModel();
    m_runs = m_log.listRuns(m_limit);
    endResetModel();
}

void RunTableModel::updateRun(const RunRecord &run)
{
    const auto position = std::lower_bound(m_runs.cbegin(), m_runs.cend(), run.id,
                                           [](const RunRecord &shown, qint64 id) { return shown.id > id; });
    const int row = int(position - m_runs.cbegin());
    if (row < m_runs.size() && m_runs.at(row).id == run.id) {
        if (m_runs.at(row) == run)
            return;
        m_runs[row] = run;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    if (m_limit >= 0 && row >= m_limit)
        return; // older than every run shown
    beginInsertRows({}, row, row);
    m_runs.insert(row, run);
    endInsertRows();
    if (m_limit >= 0 && m_runs.size() > m_limit) {
        beginRemoveRows({}, m_limit, int(m_runs.size()) - 1);
        m_runs.resize(m_limit);
        endRemoveRows();
    }
}

RunRecord RunTableModel::run(int row) const
{
    return m_runs.value(row);
}

int RunTableModel::rowOfRun(qint64 runId) const
{
    const auto it = std::find_if(m_runs.cbegin(), m_runs.cend(), [&](const RunRecord &run) { return run.id == runId; });
    return it == m_runs.cend() ? -1 : int(it - m_runs.cbegin());
}

int RunTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunRecord &run = m_runs.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(run, index.column());
    case Qt::ToolTipRole:
        if (index.column() == RangeColumn) {
            return tr("%1: %2").arg(run.info.specName, run.info.endpoints.join(u", "_s));
        }
        return {};
    case Qt::TextAlignmentRole:
        if (isNumeric(index.column()))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case RunIdRole:
        return run.id;
    case StartedByRole:
        return run.info.startedBy;
    case SpecNameRole:
        return run.info.specName;
    case EndpointsRole:
        return run.info.endpoints;
    case RangeRole:
        return run.info.range;
    case OptionsRole:
        return run.info.options;
    case StartedRole:
        return run.startedAt;
    case FinishedRole:
        return run.finishedAt;
    case PartitionsRole:
        return run.counts.partitions;
    case SucceededRole:
        return run.counts.succeeded;
    case EmptyRole:
        return run.counts.empty;
    case FailedRole:
        return run.counts.failed;
    case RowsRole:
        return run.counts.rows;
    case BytesRole:
        return run.counts.bytes;
    case OutcomeRole:
        return QVariant::fromValue(run.outcome);
    case SortRole:
        return sortData(run, index.column());
    default:
        return {};
    }
}

QVariant RunTableModel::displayData(const RunRecord &run, int column) const
{
    switch (column) {
    case IdColumn:
        return run.id;
    case StartedByColumn:
        return run.info.startedBy;
    case RangeColumn:
        return run.info.range;
    case StartedColumn:
        return formatTime(run.startedAt);
    case FinishedColumn:
        return formatTime(run.finishedAt);
    case PartitionsOkColumn:
        return run.counts.succeeded + run.counts.empty;
    case PartitionsFailedColumn:
        return run.counts.failed;
    case RowsColumn:
        return run.counts.rows;
    case OutcomeColumn:
        return displayName(run.outcome);
    default:
        return {};
    }
}

QVariant RunTableModel::sortData(const RunRecord &run, int column) const
{
    switch (column) {
    case StartedColumn:
        return run.startedAt;
    case FinishedColumn:
        return run.finishedAt;
    case OutcomeColumn:
        return int(run.outcome);
    default:
        return displayData(run, column);
    }
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Run");
    case StartedByColumn:
        return tr("Started by");
    case RangeColumn:
        return tr("Range");
    case StartedColumn:
        return tr("Started");
    case FinishedColumn:
        return tr("Finished");
    case PartitionsOkColumn:
        return tr("Partitions OK");
    case PartitionsFailedColumn:
        return tr("Partitions failed");
    case RowsColumn:
        return tr("Rows");
    case OutcomeColumn:
        return tr("Outcome");
    default:
        return {};
    }
}

QHash<int, QByteArray> RunTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert({
        {RunIdRole, "runId"},
        {StartedByRole, "startedBy"},
        {SpecNameRole, "specName"},
        {EndpointsRole, "endpoints"},
        {RangeRole, "range"},
        {OptionsRole, "options"},
        {StartedRole, "startedAt"},
        {FinishedRole, "finishedAt"},
        {PartitionsRole, "partitions"},
        {SucceededRole, "succeeded"},
        {EmptyRole, "empty"},
        {FailedRole, "failed"},
        {RowsRole, "rows"},
        {BytesRole, "bytes"},
        {OutcomeRole, "outcome"},
        {SortRole, "sortValue"},
    });
    return names;
}

} // namespace Backfill
