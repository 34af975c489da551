#pragma once

#include <QJsonValue>
#include <QString>

namespace Backfill {

// The value rules shared by operators, functions and templates: which numbers are integers, how a value
// renders as text, what counts as true, how values compare.
namespace ExpressionValue {

bool isInteger(const QJsonValue &value); // stored as qint64, not as a double
QString typeName(const QJsonValue &value);

// Text of a value as a template renders it: strings as is, null as "", integral numbers without ".0",
// arrays and objects as compact JSON.
QString toText(const QJsonValue &value);
// Compact JSON of any value, scalars included ("\"a\"", "1", "null").
QString toJson(const QJsonValue &value);

// null, false, 0, "", [] and {} are false; everything else is true.
bool isTruthy(const QJsonValue &value);

// Numbers from numbers, booleans and numeric strings ("42", " 7 ", "1e3").
bool toInteger(const QJsonValue &value, qint64 *result);
bool toDouble(const QJsonValue &value, double *result);
// Numbers that were computed as doubles come back as integers when they are integral and fit.
QJsonValue fromDouble(double value);

// Deep equality; 1 == 1.0, but "1" != 1.
bool equals(const QJsonValue &a, const QJsonValue &b);
// Orders numbers (a numeric string against a number compares as numbers), strings, booleans.
// Returns false when the two cannot be ordered.
bool compare(const QJsonValue &a, const QJsonValue &b, int *result);

} // namespace ExpressionValue
} // namespace Backfill
