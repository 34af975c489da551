#pragma once

#include <QJsonValue>
#include <QString>

namespace Backfill {

// The JMESPath view of JSON values, shared by the interpreter and the built-in functions:
// truthiness, type names, equality and ordering (numbers numerically, strings by code point).
namespace JmesPathValues {

QString typeName(const QJsonValue &value);
bool isTruthy(const QJsonValue &value);
// True when the number is held as an exact 64-bit integer rather than a double.
bool isInteger(const QJsonValue &value);
bool equals(const QJsonValue &a, const QJsonValue &b);
// Both arguments numbers: -1, 0 or 1.
int compareNumbers(const QJsonValue &a, const QJsonValue &b);
// Unicode code point order, which differs from UTF-16 order above U+FFFF.
int compareStrings(const QString &a, const QString &b);
// Compact JSON text of any value, scalars included.
QString toJson(const QJsonValue &value);
qsizetype codePointCount(const QString &text);
// Roughly the work of walking `value` (one per node, one per 16 characters of text),
// counted no further than `limit` so that weighing a huge value stays cheap.
qint64 weight(const QJsonValue &value, qint64 limit);
// A number that keeps integers exact: an integer when `value` is integral and fits in qint64.
QJsonValue numberFromDouble(double value);

} // namespace JmesPathValues
} // namespace Backfill
