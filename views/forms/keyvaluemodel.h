#pragma once

#include "model/spec/spec.h"

#include <QAbstractTableModel>

namespace Backfill {

// An editable ordered map (headers, query parameters, state) as a two-column table: key and
// value. Values keep their YAML type where the text still reads as that type, so an edited
// number stays a number.
class KeyValueModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyValueModel)

public:
    enum Column { KeyColumn, ValueColumn, ColumnCount };

    explicit KeyValueModel(QObject *parent = nullptr);

    const KeyValueList &entries() const { return m_entries; }
    void setEntries(const KeyValueList &entries); // resets unless equal

    // Appends a row with an unused key ("name", "name2"...) and returns its row.
    int appendEntry(const QString &key, const QJsonValue &value = QString());
    void removeEntry(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // The user changed, added or removed an entry (not emitted by setEntries()).
    void edited();

private:
    KeyValueList m_entries;
};

} // namespace Backfill
