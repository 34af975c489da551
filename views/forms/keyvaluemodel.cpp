#include "views/forms/keyvaluemodel.h"

#include "model/expression/expression.h"

using namespace Qt::StringLiterals;

namespace Backfill {

KeyValueModel::KeyValueModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void KeyValueModel::setEntries(const KeyValueList &entries)
{
    if (entries == m_entries)
        return;
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

int KeyValueModel::appendEntry(const QString &key, const QJsonValue &value)
{
    QString unique = key;
    for (int n = 2; findValue(m_entries, unique); ++n)
        unique = key + QString::number(n);
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append({unique, value});
    endInsertRows();
    Q_EMIT edited();
    return row;
}

void KeyValueModel::removeEntry(int row)
{
    if (row < 0 || row >= m_entries.size())
        return;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
    Q_EMIT edited();
}

int KeyValueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int KeyValueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyValueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || (role != Qt::DisplayRole && role != Qt::EditRole))
        return {};
    const KeyValue &entry = m_entries.at(index.row());
    return index.column() == KeyColumn ? entry.key : Expression::toText(entry.value);
}

bool KeyValueModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::EditRole)
        return false;
    KeyValue &entry = m_entries[index.row()];
    const QString text = value.toString();
    if (index.column() == KeyColumn) {
        if (text == entry.key || text.isEmpty())
            return false;
        entry.key = text;
    } else {
        bool isNumber = false;
        const double number = text.toDouble(&isNumber);
        const QJsonValue newValue = entry.value.isDouble() && isNumber ? QJsonValue(number) : QJsonValue(text);
        if (newValue == entry.value)
            return false;
        entry.value = newValue;
    }
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
    Q_EMIT edited();
    return true;
}

Qt::ItemFlags KeyValueModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return QAbstractTableModel::flags(index);
    return QAbstractTableModel::flags(index) | Qt::ItemIsEditable;
}

QVariant KeyValueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == KeyColumn ? tr("Name") : tr("Value");
}

} // namespace Backfill
