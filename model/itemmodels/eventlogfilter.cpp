#include "model/itemmodels/eventlogfilter.h"

#include "model/itemmodels/eventtablemodel.h"

namespace Backfill {

EventLogFilter::EventLogFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{}

void EventLogFilter::setMinimumLevel(EventLevel level)
{
    if (level == m_level)
        return;
    m_level = level;
    invalidateRowsFilter();
}

void EventLogFilter::setPartition(const QString &partition)
{
    const QString trimmed = partition.trimmed();
    if (trimmed == m_partition)
        return;
    m_partition = trimmed;
    invalidateRowsFilter();
}

void EventLogFilter::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

bool EventLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (index.data(EventTableModel::LevelRole).toInt() < int(m_level))
        return false;
    const QString partition = index.data(EventTableModel::PartitionRole).toString();
    if (!m_partition.isEmpty() && !partition.startsWith(m_partition))
        return false;
    if (m_text.isEmpty())
        return true;
    return index.data(EventTableModel::MessageRole).toString().contains(m_text, Qt::CaseInsensitive) ||
           index.data(EventTableModel::EndpointRole).toString().contains(m_text, Qt::CaseInsensitive) ||
           partition.contains(m_text, Qt::CaseInsensitive);
}

QString EventLogFilter::linesText(const QList<int> &rows) const
{
    QStringList lines;
    if (rows.isEmpty()) {
        for (int row = 0; row < rowCount(); ++row)
            lines << index(row, 0).data(EventTableModel::LineRole).toString();
    } else {
        for (const int row : rows)
            lines << index(row, 0).data(EventTableModel::LineRole).toString();
    }
    return lines.join(u'\n');
}

} // namespace Backfill
