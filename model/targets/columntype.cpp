#include "model/targets/columntype.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
bool digits(std::string_view s, size_t at, size_t count)
{
    if (at + count > s.size())
        return false;
    for (size_t i = at; i < at + count; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return true;
}

// ISO 8601 as APIs send it: 2024-01-05, 2024-01-05T10:00, 2024-01-05 10:00:00.123+02:00...
bool looksLikeTimestamp(std::string_view s)
{
    if (s.size() < 10 || s.size() > 35 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' ||
        !digits(s, 8, 2))
        return false;
    size_t i = 10;
    if (i == s.size())
        return true;
    if ((s[i] != 'T' && s[i] != ' ') || !digits(s, i + 1, 2) || i + 3 >= s.size() || s[i + 3] != ':' ||
        !digits(s, i + 4, 2))
        return false;
    i += 6;
    if (i < s.size() && s[i] == ':') {
        if (!digits(s, i + 1, 2))
            return false;
        i += 3;
        if (i < s.size() && s[i] == '.') {
            ++i;
            const size_t start = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9')
                ++i;
            if (i == start)
                return false;
        }
    }
    if (i == s.size())
        return true;
    if (s[i] == 'Z')
        return i + 1 == s.size();
    if (s[i] != '+' && s[i] != '-')
        return false;
    const std::string_view zone = s.substr(i + 1);
    return (zone.size() == 5 && digits(zone, 0, 2) && zone[2] == ':' && digits(zone, 3, 2)) ||
           (zone.size() == 4 && digits(zone, 0, 4)) || (zone.size() == 2 && digits(zone, 0, 2));
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
        return inferTextType(value.toString().toStdString());
    case QJsonValue::Array:
    case QJsonValue::Object:
        return ColumnType::Json;
    }
    return ColumnType::Text;
}

ColumnType inferTextType(std::string_view utf8)
{
    return looksLikeTimestamp(utf8) ? ColumnType::Timestamp : ColumnType::Text;
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
