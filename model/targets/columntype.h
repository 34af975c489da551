#pragma once

#include <QJsonValue>
#include <QString>

#include <string_view>

namespace Backfill {

// The type of a target column, inferred from the values records carry, and widened when a
// later record does not fit (an integer column that meets 1.5 becomes real; anything that
// meets a string becomes text). Nested objects and arrays are stored as JSON text.
enum class ColumnType { Null, Boolean, Integer, Real, Timestamp, Text, Json };

ColumnType inferColumnType(const QJsonValue &value);
// Timestamp for ISO 8601 dates and date-times, Text otherwise.
ColumnType inferTextType(std::string_view utf8);
ColumnType widenColumnType(ColumnType current, ColumnType seen);
QString columnTypeName(ColumnType type); // "integer", "real", ... (for users and metadata)
ColumnType columnTypeFromName(const QString &name);

} // namespace Backfill
