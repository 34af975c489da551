#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QStringList>

namespace Backfill {

// Records (JSON objects) as a table: one column per field in first-seen order, nested values
// as compact JSON, missing fields empty. Shows the test panel's records and columns and the
// records path preview.
class RecordTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordTableModel)

public:
    enum Role {
        JsonValueRole = Qt::UserRole + 1, // the field's QJsonValue (undefined when missing)
    };

    explicit RecordTableModel(QObject *parent = nullptr);

    // Columns follow `fieldOrder` (such as the preview's inferred columns), then any other
    // field in first-seen order. Non-object records show in one column named "value".
    void setRecords(const QJsonArray &records, const QStringList &fieldOrder = {});
    const QJsonArray &records() const { return m_records; }
    QStringList fields() const { return m_fields; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QJsonArray m_records;
    QStringList m_fields;
};

} // namespace Backfill
