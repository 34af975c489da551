#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QStringList>

namespace Backfill {

class SecretStore;

// The secrets a spec references, by name, with where each value comes from (keychain,
// this session, environment, missing). Never holds or shows a value.
class SecretTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretTableModel)

public:
    enum Column { NameColumn, SourceColumn, ColumnCount };
    enum Role {
        NameRole = Qt::UserRole + 1,
        SourceRole, // SecretStore::Source
    };

    explicit SecretTableModel(QObject *parent = nullptr);

    void setStore(SecretStore *store);
    void setNames(const QStringList &names);
    QStringList names() const { return m_names; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void sourceChanged(const QString &name);

    QPointer<SecretStore> m_store;
    QStringList m_names;
};

} // namespace Backfill
