#include "model/columntype.h"

#include <QDateTime>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
bool looksLikeTimestamp(const QString &text)
{
    // ISO 8601 dates and date-times, the form APIs send timestamps in.
    static const QRegularExpression iso(
        u"^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?$"_s);
    return text.size() >= 10 && text.size() <= 35 && iso.match(text).hasMatch();
}

bool isNumeric(ColumnType type)
{
    return type == ColumnType::Boolean || type == ColumnType::Integer || type == ColumnType::Real;
}
} // namespace

ColumnType inferColumnType(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return ColumnType::Null;
    case QJsonValue::Bool:
        return ColumnType::Boolean;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) ? ColumnType::Integer
                                                                                 : ColumnType::Real;
    }
    case QJsonValue::String:
        return looksLikeTimestamp(value.toString()) ? ColumnType::Timestamp : ColumnType::Text;
    case QJsonValue::Array:
    case QJsonValue::Object:
        return ColumnType::Json;
    }
    return ColumnType::Text;
}

ColumnType widenColumnType(ColumnType current, ColumnType seen)
{
    if (current == seen || seen == ColumnType::Null)
        return current;
    if (current == ColumnType::Null)
        return seen;
    const bool numeric = isNumeric(current) && isNumeric(seen);
    if (numeric)
        return std::max(current, seen); // Boolean < Integer < Real
    return ColumnType::Text;
}

QString columnTypeName(ColumnType type)
{
    switch (type) {
    case ColumnType::Null:
        return u"null"_s;
    case ColumnType::Boolean:
        return u"boolean"_s;
    case ColumnType::Integer:
        return u"integer"_s;
    case ColumnType::Real:
        return u"real"_s;
    case ColumnType::Timestamp:
        return u"timestamp"_s;
    case ColumnType::Text:
        return u"text"_s;
    case ColumnType::Json:
        return u"json"_s;
    }
    return u"text"_s;
}

ColumnType columnTypeFromName(const QString &name)
{
    for (auto type : {ColumnType::Null, ColumnType::Boolean, ColumnType::Integer, ColumnType::Real,
                      ColumnType::Timestamp, ColumnType::Text, ColumnType::Json}) {
        if (columnTypeName(type) == name)
            return type;
    }
    return ColumnType::Text;
}

} // namespace Backfill
