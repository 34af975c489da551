#include "model/itemmodels/partitionchangemodel.h"

#include "model/expression/expressionvalue.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// Top-level rows have internal id 0; a column row carries its example's row + 1.
constexpr quintptr TopLevel = 0;

// As templates render values (ExpressionValue::toText), but null is "NULL", told apart from "".
QString valueText(const QJsonValue &value)
{
    return value.isNull() ? u"NULL"_s : ExpressionValue::toText(value);
}

} // namespace

PartitionChangeModel::PartitionChangeModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void PartitionChangeModel::setChanges(const QList<PartitionChange> &changes)
{
    QList<Entry> entries;
    entries.reserve(changes.size());
    for (const PartitionChange &change : changes) {
        Entry entry{change, {}, 0};
        QStringList same;
        QStringList names = change.before.keys() + change.after.keys();
        names.sort();
        names.removeDuplicates();
        for (const QString &name : std::as_const(names)) {
            const bool differs =
                change.kind == PartitionChange::Kind::Changed && change.before.value(name) != change.after.value(name);
            (differs ? entry.columns : same).append(name);
        }
        entry.differing = int(entry.columns.size());
        entry.columns += same;
        entries.append(std::move(entry));
    }
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

void PartitionChangeModel::clear()
{
    setChanges({});
}

PartitionChange PartitionChangeModel::change(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).change : PartitionChange();
}

int PartitionChangeModel::count(PartitionChange::Kind kind) const
{
    return int(std::count_if(m_entries.cbegin(), m_entries.cend(),
                             [kind](const Entry &entry) { return entry.change.kind == kind; }));
}

QString PartitionChangeModel::kindText(PartitionChange::Kind kind)
{
    switch (kind) {
    case PartitionChange::Kind::Added:
        return tr("New");
    case PartitionChange::Kind::Changed:
        return tr("Changed");
    case PartitionChange::Kind::Removed:
        return tr("Gone");
    case PartitionChange::Kind::Duplicate:
        return tr("Repeated key");
    }
    return {};
}

QString PartitionChangeModel::keyText(const QString &key)
{
    const QJsonDocument document = QJsonDocument::fromJson(key.toUtf8());
    if (!document.isArray())
        return key;
    QStringList parts;
    for (const QJsonValue &part : document.array())
        parts << valueText(part);
    return parts.join(u", "_s);
}

QModelIndex PartitionChangeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_entries.size() ? createIndex(row, column, TopLevel) : QModelIndex();
    if (parent.internalId() != TopLevel || parent.row() >= m_entries.size())
        return {};
    if (row >= m_entries.at(parent.row()).columns.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex PartitionChangeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, TopLevel);
}

int PartitionChangeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_entries.size());
    if (parent.internalId() != TopLevel || parent.column() != 0 || parent.row() >= m_entries.size())
        return 0;
    return int(m_entries.at(parent.row()).columns.size());
}

int PartitionChangeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PartitionChangeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == TopLevel) {
        const Entry &entry = m_entries.at(index.row());
        return role == KindRole ? QVariant(int(entry.change.kind)) : entryData(entry, index.column(), role);
    }
    const Entry &entry = m_entries.at(int(index.internalId() - 1));
    return role == KindRole ? QVariant(int(entry.change.kind)) : columnData(entry, index.row(), index.column(), role);
}

QVariant PartitionChangeModel::entryData(const Entry &entry, int column, int role) const
{
    if (column != NameColumn)
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        const QString key = keyText(entry.change.key);
        QString text = kindText(entry.change.kind);
        if (!key.isEmpty())
            text += u"  "_s + key;
        if (entry.differing > 0)
            text += tr(": %1").arg(entry.columns.mid(0, entry.differing).join(u", "_s));
        return text;
    }
    return {};
}

QVariant PartitionChangeModel::columnData(const Entry &entry, int row, int column, int role) const
{
    if (row < 0 || row >= entry.columns.size())
        return {};
    const QString &name = entry.columns.at(row);
    const bool differs = row < entry.differing;
    if (role == DiffersRole)
        return differs;
    const QJsonObject &side = column == BeforeColumn ? entry.change.before : entry.change.after;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return column == NameColumn ? name : valueText(side.value(name));
    case IsNullRole:
        return column != NameColumn && side.contains(name) && side.value(name).isNull();
    default:
        return {};
    }
}

QVariant PartitionChangeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Row / column");
    case BeforeColumn:
        return tr("Before this pull");
    case AfterColumn:
        return tr("As pulled");
    default:
        return {};
    }
}

} // namespace Backfill
