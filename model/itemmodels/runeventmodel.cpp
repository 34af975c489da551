#include "model/itemmodels/runeventmodel.h"

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
QString levelText(EventLevel level)
{
    switch (level) {
    case EventLevel::Debug:
        return RunEventModel::tr("Debug");
    case EventLevel::Info:
        return RunEventModel::tr("Info");
    case EventLevel::Warning:
        return RunEventModel::tr("Warning");
    case EventLevel::Error:
        return RunEventModel::tr("Error");
    }
    return {};
}
} // namespace

RunEventModel::RunEventModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void RunEventModel::setEvents(const QList<RunEvent> &events)
{
    m_all = events;
    rebuild();
}

void RunEventModel::clear()
{
    m_all.clear();
    rebuild();
}

void RunEventModel::setPartitionFilter(const QString &partitionKey)
{
    if (partitionKey == m_partitionFilter)
        return;
    m_partitionFilter = partitionKey;
    rebuild();
}

void RunEventModel::rebuild()
{
    beginResetModel();
    if (m_partitionFilter.isEmpty()) {
        m_shown = m_all;
    } else {
        m_shown.clear();
        for (const RunEvent &event : std::as_const(m_all)) {
            if (event.partitionKey == m_partitionFilter)
                m_shown.append(event);
        }
    }
    endResetModel();
}

RunEvent RunEventModel::event(int row) const
{
    return m_shown.value(row);
}

int RunEventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

int RunEventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunEventModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunEvent &event = m_shown.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return event.at.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
        case LevelColumn:
            return levelText(event.level);
        case PartitionColumn:
            return event.partitionKey;
        case MessageColumn:
            return event.message;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return event.at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        if (index.column() == MessageColumn)
            return event.message;
        return {};
    case EventIdRole:
        return event.id;
    case LevelRole:
        return QVariant::fromValue(event.level);
    case PartitionKeyRole:
        return event.partitionKey;
    case EventKindRole:
        return event.data.value(u"event"_s).toString();
    default:
        return {};
    }
}

QVariant RunEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case PartitionColumn:
        return tr("Partition");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

QHash<int, QByteArray> RunEventModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(EventIdRole, "eventId");
    names.insert(LevelRole, "level");
    names.insert(PartitionKeyRole, "partitionKey");
    names.insert(EventKindRole, "eventKind");
    return names;
}

} // namespace Backfill
