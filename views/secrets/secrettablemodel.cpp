#include "views/secrets/secrettablemodel.h"

#include "views/secrets/secretstore.h"

namespace Backfill {

SecretTableModel::SecretTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void SecretTableModel::setStore(SecretStore *store)
{
    if (m_store)
        disconnect(m_store, nullptr, this, nullptr);
    beginResetModel();
    m_store = store;
    endResetModel();
    if (!store)
        return;
    connect(store, &SecretStore::changed, this, &SecretTableModel::sourceChanged);
    connect(store, &SecretStore::availabilityChanged, this, [this] {
        if (!m_names.isEmpty())
            Q_EMIT dataChanged(index(0, SourceColumn), index(int(m_names.size()) - 1, SourceColumn));
    });
}

void SecretTableModel::setNames(const QStringList &names)
{
    if (names == m_names)
        return;
    beginResetModel();
    m_names = names;
    endResetModel();
}

void SecretTableModel::sourceChanged(const QString &name)
{
    const int row = int(m_names.indexOf(name));
    if (row >= 0)
        Q_EMIT dataChanged(index(row, SourceColumn), index(row, SourceColumn));
}

int SecretTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_names.size());
}

int SecretTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SecretTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const QString &name = m_names.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return name;
        return m_store ? m_store->sourceText(name) : tr("missing");
    case NameRole:
        return name;
    case SourceRole:
        return QVariant::fromValue(m_store ? m_store->source(name) : SecretStore::Source::Missing);
    default:
        return {};
    }
}

QVariant SecretTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Secret") : tr("Value from");
}

} // namespace Backfill
