#include "model/jmespath/jmespathvalues.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill::JmesPathValues {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return u"boolean"_s;
    case QJsonValue::Double:
        return u"number"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return u"null"_s;
}

bool isTruthy(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double:
        return true;
    case QJsonValue::String:
        return !value.toString().isEmpty();
    case QJsonValue::Array:
        return !value.toArray().isEmpty();
    case QJsonValue::Object:
        return !value.toObject().isEmpty();
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return false;
}

bool isInteger(const QJsonValue &value)
{
    // QJsonValue reports both kinds as Double; its CBOR form tells them apart.
    return value.isDouble() && QCborValue::fromJsonValue(value).isInteger();
}

bool equals(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return compareNumbers(a, b) == 0;
    if (a.type() != b.type())
        return (a.isNull() || a.isUndefined()) && (b.isNull() || b.isUndefined());
    switch (a.type()) {
    case QJsonValue::Bool:
        return a.toBool() == b.toBool();
    case QJsonValue::String:
        return a.toString() == b.toString();
    case QJsonValue::Array: {
        const QJsonArray left = a.toArray();
        const QJsonArray right = b.toArray();
        if (left.size() != right.size())
            return false;
        for (qsizetype i = 0; i < left.size(); ++i) {
            if (!equals(left.at(i), right.at(i)))
                return false;
        }
        return true;
    }
    case QJsonValue::Object: {
        const QJsonObject left = a.toObject();
        const QJsonObject right = b.toObject();
        if (left.size() != right.size())
            return false;
        for (auto it = left.constBegin(); it != left.constEnd(); ++it) {
            const auto other = right.constFind(it.key());
            if (other == right.constEnd() || !equals(it.value(), other.value()))
                return false;
        }
        return true;
    }
    default:
        return true;
    }
}

int compareNumbers(const QJsonValue &a, const QJsonValue &b)
{
    if (isInteger(a) && isInteger(b)) {
        const qint64 x = a.toInteger();
        const qint64 y = b.toInteger();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    const double x = a.toDouble();
    const double y = b.toDouble();
    return x < y ? -1 : (x > y ? 1 : 0);
}

int compareStrings(const QString &a, const QString &b)
{
    // UTF-16 order matches code point order except that surrogates (U+D800..U+DFFF, used
    // for code points above U+FFFF) must sort after U+E000..U+FFFF.
    auto weight = [](char16_t unit) -> int {
        if (unit >= 0xE000)
            return unit - 0x800;
        if (unit >= 0xD800)
            return unit + 0x2000;
        return unit;
    };
    const qsizetype common = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < common; ++i) {
        const int x = weight(a[i].unicode());
        const int y = weight(b[i].unicode());
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

QString toJson(const QJsonValue &value)
{
    // QJsonDocument cannot hold a scalar: write the value as the only element of an array.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

qsizetype codePointCount(const QString &text)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i;
        ++count;
    }
    return count;
}

qint64 weight(const QJsonValue &value, qint64 limit)
{
    qint64 total = 1;
    if (value.isString()) {
        total += value.toString().size() / 16;
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size() && total <= limit; ++i)
            total += weight(array.at(i), limit - total);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd() && total <= limit; ++it)
            total += 1 + it.key().size() / 16 + weight(it.value(), limit - total);
    }
    return total;
}

QJsonValue numberFromDouble(double value)
{
    // 2^63 is exactly representable; anything at or beyond it does not fit in qint64.
    constexpr double limit = 9223372036854775808.0;
    if (std::isfinite(value) && value == std::trunc(value) && value >= -limit && value < limit)
        return QJsonValue(qint64(value));
    return QJsonValue(value);
}

} // namespace Backfill::JmesPathValues
