#include "model/expression/expressionvalue.h"
#include "model/jmespath/jmespathvalues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill::ExpressionValue {

bool isInteger(const QJsonValue &value)
{
    return JmesPathValues::isInteger(value);
}

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"boolean"_s;
    case QJsonValue::Double:
        return isInteger(value) ? u"integer"_s : u"number"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    }
    return u"null"_s;
}

static QString numberText(const QJsonValue &value)
{
    if (isInteger(value))
        return QString::number(value.toInteger());
    const double d = value.toDouble();
    if (std::isnan(d))
        return u"NaN"_s;
    if (std::isinf(d))
        return d > 0 ? u"+Inf"_s : u"-Inf"_s;
    // Like Go's strconv.FormatFloat(f, 'f', -1, 64): shortest digits, no exponent, no trailing ".0".
    return QString::number(d, 'f', QLocale::FloatingPointShortest);
}

QString toText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double:
        return numberText(value);
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

QString toJson(const QJsonValue &value)
{
    if (value.isArray() || value.isObject())
        return toText(value);
    if (value.isDouble())
        return numberText(value);
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

bool isTruthy(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return false;
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double:
        return value.toDouble() != 0;
    case QJsonValue::String:
        return !value.toString().isEmpty();
    case QJsonValue::Array:
        return !value.toArray().isEmpty();
    case QJsonValue::Object:
        return !value.toObject().isEmpty();
    }
    return false;
}

bool toInteger(const QJsonValue &value, qint64 *result)
{
    if (isInteger(value)) {
        *result = value.toInteger();
        return true;
    }
    if (value.isBool()) {
        *result = value.toBool() ? 1 : 0;
        return true;
    }
    double d = 0;
    if (value.isDouble()) {
        d = value.toDouble();
    } else if (value.isString()) {
        const QString text = value.toString().trimmed();
        bool ok = false;
        *result = text.toLongLong(&ok);
        if (ok)
            return true;
        d = text.toDouble(&ok);
        if (!ok)
            return false;
    } else {
        return false;
    }
    // Only integral values convert: "10.5" is not an integer.
    if (!std::isfinite(d) || d != std::trunc(d) || std::fabs(d) >= 9.2e18)
        return false;
    *result = qint64(d);
    return true;
}

bool toDouble(const QJsonValue &value, double *result)
{
    if (value.isDouble()) {
        *result = isInteger(value) ? double(value.toInteger()) : value.toDouble();
        return true;
    }
    if (value.isBool()) {
        *result = value.toBool() ? 1 : 0;
        return true;
    }
    if (value.isString()) {
        bool ok = false;
        const double d = value.toString().trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return false;
        *result = d;
        return true;
    }
    return false;
}

QJsonValue fromDouble(double value)
{
    if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 9.0e15)
        return QJsonValue(qint64(value));
    return QJsonValue(value);
}

bool equals(const QJsonValue &a, const QJsonValue &b)
{
    // The same equality as JMESPath's: null equals undefined, numbers compare by value.
    return JmesPathValues::equals(a, b);
}

bool compare(const QJsonValue &a, const QJsonValue &b, int *result)
{
    if (a.isString() && b.isString()) {
        const int c = a.toString().compare(b.toString());
        *result = c < 0 ? -1 : (c > 0 ? 1 : 0);
        return true;
    }
    if (a.isBool() && b.isBool()) {
        *result = int(a.toBool()) - int(b.toBool());
        return true;
    }
    const bool numeric = (a.isDouble() || a.isString()) && (b.isDouble() || b.isString());
    if (!numeric)
        return false;
    if (isInteger(a) && isInteger(b)) {
        const qint64 x = a.toInteger();
        const qint64 y = b.toInteger();
        *result = x < y ? -1 : (x > y ? 1 : 0);
        return true;
    }
    double x = 0;
    double y = 0;
    if (!toDouble(a, &x) || !toDouble(b, &y))
        return false;
    *result = x < y ? -1 : (x > y ? 1 : 0);
    return true;
}

} // namespace Backfill::ExpressionValue
