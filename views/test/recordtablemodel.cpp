#include "views/test/recordtablemodel.h"

#include "model/expression/expressionvalue.h"

#include <QJsonObject>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
const QString ValueField = u"value"_s;

QJsonValue fieldOf(const QJsonValue &record, const QString &field)
{
    if (record.isObject())
        return record.toObject().value(field);
    return field == ValueField ? record : QJsonValue(QJsonValue::Undefined);
}

QString displayText(const QJsonValue &value)
{
    // Null shows as such: an empty cell is a missing field.
    return value.isNull() ? u"null"_s : ExpressionValue::toText(value);
}
} // namespace

RecordTableModel::RecordTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void RecordTableModel::setRecords(const QJsonArray &records, const QStringList &fieldOrder)
{
    beginResetModel();
    m_records = records;
    m_fields = fieldOrder;
    QSet<QString> seen(fieldOrder.cbegin(), fieldOrder.cend());
    for (const QJsonValue &record : records) {
        const QStringList keys = record.isObject() ? record.toObject().keys() : QStringList{ValueField};
        for (const QString &key : keys) {
            if (!seen.contains(key)) {
                seen.insert(key);
                m_fields.append(key);
            }
        }
    }
    endResetModel();
}

int RecordTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int RecordTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_fields.size());
}

QVariant RecordTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const QJsonValue value = fieldOf(m_records.at(index.row()), m_fields.at(index.column()));
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return displayText(value);
    case JsonValueRole:
        return QVariant::fromValue(value);
    default:
        return {};
    }
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return section >= 0 && section < m_fields.size() ? QVariant(m_fields.at(section)) : QVariant();
}

} // namespace Backfill
