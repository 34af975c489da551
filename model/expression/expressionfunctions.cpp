// The built-in functions of Sling expressions.
//
// Where each behaviour comes from (docs = docs.slingdata.io/concepts/api-specs, sling = the Go implementation
// in slingdata-io/sling-cli core/dbio/api/functions.go, ours = a choice made here where Sling is silent or
// surprising):
// - coalesce: first non-null argument; value: first non-null and non-empty-string argument (sling). Both, and
//   if(cond, then, else), evaluate their arguments lazily (ours; Sling evaluates all).
// - require(x[, message]): error only on null (sling); the message names the missing reference (ours).
// - is_empty: null, "", [], {}, 0 and false are empty (sling).
// - date functions accept ISO 8601 dates and datetimes (Z or offset), compact YYYYMMDD and epoch numbers
//   (digit-count rule of sling's date_parse "auto"); they return ISO 8601 strings, date-only when the input
//   was date-only and the result is at midnight, else UTC "YYYY-MM-DDTHH:MM:SS[.mmm]Z" (ours: Sling returns
//   Go times).
// - date_format(date, format) uses strftime directives incl. %s (sling, via timefmt-go).
// - date_add(date, amount, unit) and date_add(date, "1h30m" | seconds) (sling); "m" is minute, "M" month (ours).
// - date_diff(a, b[, unit = "day"]) is a - b, fractional for s/m/h/d/w, Sling's month/year formulas (sling).
// - date_trunc week starts on Sunday (sling); date_first / date_last default to the month (sling).
// - range(start, end[, step]): integers (numbers or integer strings) are checked before dates (ours; Sling
//   tries dates first). Inclusive end (sling). Date steps "1h", "1d", "1w", "1M" (docs), default 1 day or 1.
//   Date ranges stay date-only for date-only bounds and steps of a day or more (ours). Capped at
//   1,000,000 items (ours).
// - split_part(text, sep, index) is 0-based and null when out of range (docs' link-header example, sling).
// - substring(text, start[, end]): 0-based, end exclusive, negative counts from the end (sling).
// - element(array, index) errors when out of range (sling); negative indexes count from the end (ours).
// - greatest / least take several values or one array (sling) and skip nulls (ours, as SQL does).
// - encode_url is Go's url.QueryEscape (space as "+"), decode_url its inverse (sling).
// - hash(text[, algorithm = "sha256"]): md5, sha1, sha256, sha512, hex (sling).
// - cast(value, type): string, integer/int, float/decimal, bool/boolean (also yes/no), date/timestamp (sling);
//   try_cast yields null instead of failing (sling). Unknown type names fail in both (ours).
// - get_path(value, "a.b.0"[, default]): dot traversal of objects and arrays (sling uses dots, not JMESPath).
// - String functions read null as "" (sling's cast.ToString), so contains(response.headers.link, ...) is false
//   when the header is absent.
// - Also from sling's table: date_range, int_range, date_extract (dow 0 = Sunday), sort (nulls last), equals,
//   is_greater, is_less, int_format ("hex", "05"...), float_format (".2", "8.2", "e"), regex_match,
//   regex_extract (all groups, or one), log (writes to backfill.model, returns its argument).

#include "model/expression/expressionfunctions.h"

#include "model/core/logging.h"
#include "model/expression/expressionfunctionsupport.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrl>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

using namespace ExpressionFunctionSupport;

// ----- defaults and checks

QJsonValue fnIsNull(ExpressionCall &call)
{
    return arg(call, 0).isNull();
}

QJsonValue fnIsEmpty(ExpressionCall &call)
{
    return !ExpressionValue::isTruthy(arg(call, 0));
}

QJsonValue fnRequire(ExpressionCall &call)
{
    if (!arg(call, 0).isNull())
        return arg(call, 0);
    if (hasArg(call, 1) && !arg(call, 1).isNull())
        return failed(call, ExpressionValue::toText(arg(call, 1)));
    return failed(call, tr("%1 is required but missing").arg(call.argumentText(0)));
}

QJsonValue fnUnreachable(ExpressionCall &call)
{
    return failed(call, tr("internal error"));
}

// ----- conversions

QJsonValue fnIntParse(ExpressionCall &call)
{
    qint64 value = 0;
    if (!integer(call, 0, &value))
        return QJsonValue::Null;
    return value;
}

QJsonValue fnFloatParse(ExpressionCall &call)
{
    const QJsonValue &value = arg(call, 0);
    if (value.isNull())
        return failed(call, missing(call, 0));
    double result = 0;
    if (value.isBool() || !ExpressionValue::toDouble(value, &result))
        return failed(call, tr("cannot convert %1 to a number").arg(ExpressionValue::toJson(value)));
    return result;
}

enum class CastResult { Done, BadValue, BadType };

CastResult castValue(const QJsonValue &value, const QString &type, QJsonValue *result, QString *error)
{
    const QString name = type.trimmed().toLower();
    if (value.isNull()) {
        *result = QJsonValue::Null;
        return CastResult::Done;
    }
    const QString shown = ExpressionValue::toJson(value);
    if (name == u"string" || name == u"text") {
        *result = ExpressionValue::toText(value);
        return CastResult::Done;
    }
    if (name == u"integer" || name == u"int" || name == u"bigint") {
        qint64 number = 0;
        if (value.isBool() || !ExpressionValue::toInteger(value, &number)) {
            *error = tr("cannot convert %1 to an integer").arg(shown);
            return CastResult::BadValue;
        }
        *result = number;
        return CastResult::Done;
    }
    if (name == u"float" || name == u"decimal" || name == u"number" || name == u"double") {
        double number = 0;
        if (value.isBool() || !ExpressionValue::toDouble(value, &number)) {
            *error = tr("cannot convert %1 to a number").arg(shown);
            return CastResult::BadValue;
        }
        *result = number;
        return CastResult::Done;
    }
    if (name == u"bool" || name == u"boolean") {
        if (value.isBool()) {
            *result = value;
            return CastResult::Done;
        }
        if (value.isDouble()) {
            *result = value.toDouble() != 0;
            return CastResult::Done;
        }
        const QString word = value.toString().trimmed().toLower();
        static const QStringList truthy = {u"true"_s, u"t"_s, u"yes"_s, u"1"_s};
        static const QStringList falsy = {u"false"_s, u"f"_s, u"no"_s, u"0"_s};
        if (value.isString() && (truthy.contains(word) || falsy.contains(word))) {
            *result = truthy.contains(word);
            return CastResult::Done;
        }
        *error = tr("cannot convert %1 to a boolean").arg(shown);
        return CastResult::BadValue;
    }
    if (name == u"date" || name == u"timestamp" || name == u"datetime") {
        ExpressionDate parsed;
        if (!ExpressionDate::fromValue(value, &parsed)) {
            *error = tr("cannot read %1 as a date").arg(shown);
            return CastResult::BadValue;
        }
        *result = parsed.toValue();
        return CastResult::Done;
    }
    *error = tr("unsupported type \"%1\" (expected string, integer, float, bool or date)").arg(type);
    return CastResult::BadType;
}

QJsonValue fnCast(ExpressionCall &call)
{
    QString type;
    if (!text(call, 1, &type))
        return QJsonValue::Null;
    QJsonValue result;
    if (castValue(arg(call, 0), type, &result, &call.error) != CastResult::Done)
        return QJsonValue::Null;
    return result;
}

QJsonValue fnTryCast(ExpressionCall &call)
{
    QString type;
    if (!text(call, 1, &type))
        return QJsonValue::Null;
    QJsonValue result;
    QString error;
    const CastResult outcome = castValue(arg(call, 0), type, &result, &error);
    if (outcome == CastResult::Done)
        return result;
    if (outcome == CastResult::BadType)
        call.error = error; // a misspelt type name is a mistake in the spec, not in the data
    return QJsonValue::Null;
}

// ----- strings

QJsonValue fnUpper(ExpressionCall &call)
{
    QString value;
    return text(call, 0, &value) ? QJsonValue(value.toUpper()) : QJsonValue();
}

QJsonValue fnLower(ExpressionCall &call)
{
    QString value;
    return text(call, 0, &value) ? QJsonValue(value.toLower()) : QJsonValue();
}

QJsonValue fnTrim(ExpressionCall &call)
{
    QString value;
    if (!text(call, 0, &value))
        return QJsonValue::Null;
    if (!hasArg(call, 1))
        return value.trimmed();
    QString cutset;
    if (!text(call, 1, &cutset))
        return QJsonValue::Null;
    qsizetype start = 0;
    qsizetype end = value.size();
    while (start < end && cutset.contains(value.at(start)))
        ++start;
    while (end > start && cutset.contains(value.at(end - 1)))
        --end;
    return value.mid(start, end - start);
}

QJsonValue fnReplace(ExpressionCall &call)
{
    QString value;
    QString before;
    QString after;
    if (!text(call, 0, &value) || !text(call, 1, &before) || !text(call, 2, &after))
        return QJsonValue::Null;
    if (before.isEmpty())
        return value;
    return value.replace(before, after);
}

QJsonValue fnContains(ExpressionCall &call)
{
    if (arg(call, 0).isArray()) {
        const QJsonArray array = arg(call, 0).toArray();
        return std::any_of(array.begin(), array.end(),
                           [&](const QJsonValue &item) { return ExpressionValue::equals(item, arg(call, 1)); });
    }
    if (arg(call, 0).isObject())
        return arg(call, 1).isString() && arg(call, 0).toObject().contains(arg(call, 1).toString());
    QString haystack;
    QString needle;
    if (!text(call, 0, &haystack) || !text(call, 1, &needle))
        return QJsonValue::Null;
    return haystack.contains(needle);
}

QStringList splitText(const QString &value, const QString &separator)
{
    if (!separator.isEmpty())
        return value.split(separator);
    QStringList characters;
    for (const QChar c : value)
        characters.append(QString(c));
    return characters;
}

QJsonValue fnSplit(ExpressionCall &call)
{
    QString value;
    QString separator;
    if (!text(call, 0, &value) || !text(call, 1, &separator))
        return QJsonValue::Null;
    return QJsonArray::fromStringList(splitText(value, separator));
}

QJsonValue fnSplitPart(ExpressionCall &call)
{
    QString value;
    QString separator;
    qint64 index = 0;
    if (!text(call, 0, &value) || !text(call, 1, &separator) || !integer(call, 2, &index))
        return QJsonValue::Null;
    const QStringList parts = splitText(value, separator);
    if (index < 0)
        index += parts.size();
    if (index < 0 || index >= parts.size())
        return QJsonValue::Null;
    return parts.at(index);
}

QJsonValue fnJoin(ExpressionCall &call)
{
    QString separator;
    if (!text(call, 1, &separator))
        return QJsonValue::Null;
    if (arg(call, 0).isNull())
        return QString();
    if (!arg(call, 0).isArray())
        return failed(call, tr("expected an array for %1 but got %2")
                                .arg(call.argumentText(0), ExpressionValue::typeName(arg(call, 0))));
    QStringList parts;
    for (const QJsonValue &item : arg(call, 0).toArray())
        parts.append(ExpressionValue::toText(item));
    return parts.join(separator);
}

QJsonValue fnLength(ExpressionCall &call)
{
    const QJsonValue &value = arg(call, 0);
    if (value.isNull())
        return 0;
    if (value.isString())
        return qint64(value.toString().size());
    if (value.isArray())
        return qint64(value.toArray().size());
    if (value.isObject())
        return qint64(value.toObject().size());
    return failed(call, tr("cannot take the length of %1").arg(ExpressionValue::typeName(value)));
}

QJsonValue fnSubstring(ExpressionCall &call)
{
    QString value;
    qint64 start = 0;
    if (!text(call, 0, &value) || !integer(call, 1, &start))
        return QJsonValue::Null;
    const qint64 size = value.size();
    if (start < 0)
        start = std::max<qint64>(0, size + start);
    if (start >= size)
        return QString();
    qint64 end = size;
    if (hasArg(call, 2)) {
        if (!integer(call, 2, &end))
            return QJsonValue::Null;
        end = end < 0 ? std::max<qint64>(0, size + end) : std::min(end, size);
    }
    if (end <= start)
        return QString();
    return value.mid(start, end - start);
}

// ----- objects and arrays

QJsonValue fnJmesPath(ExpressionCall &call)
{
    if (arg(call, 0).isNull())
        return QJsonValue::Null;
    JmesPath compiled;
    const JmesPath *path = call.node->jmesPath.get();
    if (!path) {
        QString expression;
        if (!text(call, 1, &expression))
            return QJsonValue::Null;
        compiled = JmesPath::compile(expression);
        if (!compiled.isValid())
            return failed(call, tr("invalid JMESPath \"%1\": %2").arg(expression, compiled.error().message));
        path = &compiled;
    }
    JmesPath::Error error;
    const QJsonValue result = path->search(arg(call, 0), &error);
    if (error.kind != JmesPath::ErrorKind::None)
        return failed(call, error.message);
    return result;
}

QJsonValue fnGetPath(ExpressionCall &call)
{
    QString path;
    if (!text(call, 1, &path))
        return QJsonValue::Null;
    const QJsonValue fallback = arg(call, 2);
    QJsonValue current = arg(call, 0);
    for (const QString &part : path.split(u'.')) {
        if (current.isObject() && current.toObject().contains(part)) {
            current = current.toObject().value(part);
            continue;
        }
        bool ok = false;
        qint64 index = part.toLongLong(&ok);
        if (ok && current.isArray()) {
            const QJsonArray array = current.toArray();
            if (index < 0)
                index += array.size();
            if (index >= 0 && index < array.size()) {
                current = array.at(index);
                continue;
            }
        }
        return fallback;
    }
    return current.isNull() ? fallback : current;
}

QJsonValue fnKeys(ExpressionCall &call)
{
    if (arg(call, 0).isNull())
        return QJsonArray();
    if (!arg(call, 0).isObject())
        return failed(call, tr("expected an object but got %1").arg(ExpressionValue::typeName(arg(call, 0))));
    return QJsonArray::fromStringList(arg(call, 0).toObject().keys());
}

QJsonValue fnValues(ExpressionCall &call)
{
    if (arg(call, 0).isNull())
        return QJsonArray();
    if (!arg(call, 0).isObject())
        return failed(call, tr("expected an object but got %1").arg(ExpressionValue::typeName(arg(call, 0))));
    QJsonArray values;
    const QJsonObject object = arg(call, 0).toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        values.append(it.value());
    return values;
}

QJsonValue fnElement(ExpressionCall &call)
{
    if (!arg(call, 0).isArray())
        return failed(call, tr("expected an array but got %1").arg(ExpressionValue::typeName(arg(call, 0))));
    qint64 index = 0;
    if (!integer(call, 1, &index))
        return QJsonValue::Null;
    const QJsonArray array = arg(call, 0).toArray();
    const qint64 position = index < 0 ? index + array.size() : index;
    if (position < 0 || position >= array.size())
        return failed(call, tr("index %1 is out of range (the array has %2 items)").arg(index).arg(array.size()));
    return array.at(position);
}

QJsonValue extreme(ExpressionCall &call, bool greatest)
{
    std::vector<QJsonValue> values = call.arguments;
    if (values.size() == 1 && values.front().isArray()) {
        const QJsonArray array = values.front().toArray();
        values.assign(array.begin(), array.end());
    }
    QJsonValue best = QJsonValue::Null;
    for (const QJsonValue &value : values) {
        if (value.isNull())
            continue;
        if (best.isNull()) {
            best = value;
            continue;
        }
        int order = 0;
        if (!ExpressionValue::compare(value, best, &order) || value.isString() != best.isString())
            return failed(
                call,
                tr("cannot compare %1 with %2").arg(ExpressionValue::typeName(value), ExpressionValue::typeName(best)));
        if (greatest ? order > 0 : order < 0)
            best = value;
    }
    return best;
}

QJsonValue fnGreatest(ExpressionCall &call)
{
    return extreme(call, true);
}

QJsonValue fnLeast(ExpressionCall &call)
{
    return extreme(call, false);
}

// ----- encodings

QJsonValue fnEncodeUrl(ExpressionCall &call)
{
    QString value;
    if (!text(call, 0, &value))
        return QJsonValue::Null;
    QByteArray encoded = QUrl::toPercentEncoding(value);
    encoded.replace("%20", "+");
    return QString::fromLatin1(encoded);
}

QJsonValue fnDecodeUrl(ExpressionCall &call)
{
    QString value;
    if (!text(call, 0, &value))
        return QJsonValue::Null;
    const QByteArray bytes = value.toUtf8();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes.at(i) != '%')
            continue;
        if (i + 2 >= bytes.size() || !isxdigit(uchar(bytes.at(i + 1))) || !isxdigit(uchar(bytes.at(i + 2))))
            return failed(call, tr("invalid escape at offset %1").arg(i));
    }
    QByteArray plus = bytes;
    plus.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(plus));
}

QJsonValue fnEncodeBase64(ExpressionCall &call)
{
    QString value;
    if (!text(call, 0, &value))
        return QJsonValue::Null;
    return QString::fromLatin1(value.toUtf8().toBase64());
}

QJsonValue fnDecodeBase64(ExpressionCall &call)
{
    QString value;
    if (!text(call, 0, &value))
        return QJsonValue::Null;
    const auto decoded =
        QByteArray::fromBase64Encoding(value.trimmed().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return failed(call, tr("\"%1\" is not valid base64").arg(value));
    return QString::fromUtf8(*decoded);
}

QJsonValue fnHash(ExpressionCall &call)
{
    QString value;
    QString name = u"sha256"_s;
    if (!text(call, 0, &value) || (hasArg(call, 1) && !text(call, 1, &name)))
        return QJsonValue::Null;
    static const QHash<QString, QCryptographicHash::Algorithm> algorithms = {
        {u"md5"_s, QCryptographicHash::Md5},
        {u"sha1"_s, QCryptographicHash::Sha1},
        {u"sha256"_s, QCryptographicHash::Sha256},
        {u"sha512"_s, QCryptographicHash::Sha512},
    };
    const QString key = name.trimmed().toLower();
    if (!algorithms.contains(key))
        return failed(call, tr("unsupported algorithm \"%1\" (expected md5, sha1, sha256 or sha512)").arg(name));
    return QString::fromLatin1(QCryptographicHash::hash(value.toUtf8(), algorithms.value(key)).toHex());
}

QJsonValue fnUuid(ExpressionCall &)
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// ----- the rest of Sling's table (functions.go): sorting, comparisons, formats, regexes

QJsonValue fnSort(ExpressionCall &call)
{
    if (arg(call, 0).isNull())
        return QJsonArray();
    if (!arg(call, 0).isArray())
        return QJsonArray{arg(call, 0)};
    const QJsonValue &order = arg(call, 1);
    const bool descending =
        order.isBool() ? order.toBool()
                       : (order.toString().toLower() == u"desc" || order.toString().toLower() == u"descending");
    // Each item's sort key is worked out once, and only indexes move while sorting: converting
    // inside the comparison made sorting a 650,000-day range allocate tens of millions of strings.
    struct Key
    {
        bool isNull = false;
        bool isNumber = false;
        double number = 0;
        QString text;
    };
    const QJsonArray array = arg(call, 0).toArray();
    std::vector<Key> keys(size_t(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue value = array.at(i);
        Key &key = keys[size_t(i)];
        key.isNull = value.isNull();
        if (!key.isNull) {
            key.isNumber = value.isDouble() && ExpressionValue::toDouble(value, &key.number);
            key.text = ExpressionValue::toText(value);
        }
    }
    // Numbers by value, everything else by its text; nulls last either way.
    const auto before = [&keys, descending](qsizetype left, qsizetype right) {
        const Key &a = keys[size_t(left)];
        const Key &b = keys[size_t(right)];
        if (a.isNull || b.isNull)
            return !a.isNull && b.isNull;
        if (a.isNumber && b.isNumber)
            return descending ? a.number > b.number : a.number < b.number;
        return descending ? a.text > b.text : a.text < b.text;
    };
    std::vector<qsizetype> indexes(keys.size());
    std::iota(indexes.begin(), indexes.end(), qsizetype(0));
    // Ranges, the only way to build a very long list, come in order or strictly in reverse: check
    // for that in one pass (a stable sort then keeps or reverses the order) before sorting.
    bool inOrder = true;
    bool inReverse = true;
    for (qsizetype i = 1; i < qsizetype(indexes.size()) && (inOrder || inReverse); ++i) {
        const bool earlier = before(i, i - 1);
        inOrder = inOrder && !earlier;
        inReverse = inReverse && earlier;
    }
    if (!inOrder && inReverse)
        std::reverse(indexes.begin(), indexes.end());
    else if (!inOrder)
        std::stable_sort(indexes.begin(), indexes.end(), before);
    QJsonArray sorted;
    for (const qsizetype index : indexes)
        sorted.append(array.at(index));
    return sorted;
}

QJsonValue fnEquals(ExpressionCall &call)
{
    return ExpressionValue::equals(arg(call, 0), arg(call, 1));
}

QJsonValue orderOf(ExpressionCall &call, bool greater)
{
    int order = 0;
    if (arg(call, 0).isNull() || arg(call, 1).isNull() || !ExpressionValue::compare(arg(call, 0), arg(call, 1), &order))
        return failed(call, tr("cannot compare %1 with %2")
                                .arg(ExpressionValue::typeName(arg(call, 0)), ExpressionValue::typeName(arg(call, 1))));
    return greater ? order > 0 : order < 0;
}

QJsonValue fnIsGreater(ExpressionCall &call)
{
    return orderOf(call, true);
}

QJsonValue fnIsLess(ExpressionCall &call)
{
    return orderOf(call, false);
}

QJsonValue fnIntFormat(ExpressionCall &call)
{
    qint64 value = 0;
    QString format;
    if (!integer(call, 0, &value) || !text(call, 1, &format))
        return QJsonValue::Null;
    const QString sign = value < 0 ? u"-"_s : QString();
    const quint64 magnitude = value < 0 ? quint64(0) - quint64(value) : quint64(value);
    if (format == u"hex" || format == u"x")
        return QString(sign + QString::number(magnitude, 16));
    if (format == u"HEX" || format == u"X")
        return QString(sign + QString::number(magnitude, 16).toUpper());
    if (format == u"bin" || format == u"b")
        return QString(sign + QString::number(magnitude, 2));
    if (format == u"oct" || format == u"o")
        return QString(sign + QString::number(magnitude, 8));
    bool ok = false;
    const int width = format.size() >= 2 && format.startsWith(u'0') ? format.mid(1).toInt(&ok) : 0;
    if (ok && width <= 64)
        return QString(sign + QString::number(magnitude).rightJustified(width - int(sign.size()), u'0'));
    return QString::number(value);
}

QJsonValue fnFloatFormat(ExpressionCall &call)
{
    double value = 0;
    QString format;
    if (arg(call, 0).isNull())
        return failed(call, missing(call, 0));
    if (!ExpressionValue::toDouble(arg(call, 0), &value) || !text(call, 1, &format))
        return failed(call, tr("cannot convert %1 to a number").arg(ExpressionValue::toJson(arg(call, 0))));
    static const QRegularExpression fixed(uR"(^(\d{0,2})\.(\d{1,2})$)"_s);
    const QRegularExpressionMatch match = fixed.match(format);
    if (match.hasMatch()) {
        const QString number = QString::number(value, 'f', match.captured(2).toInt());
        return number.rightJustified(match.captured(1).toInt(), u' ');
    }
    if (format == u"e" || format == u"sci" || format == u"scientific")
        return QString::number(value, 'e', 6);
    if (format == u"E" || format == u"SCI" || format == u"SCIENTIFIC")
        return QString::number(value, 'E', 6);
    return ExpressionValue::toText(QJsonValue(value));
}

bool regexArg(ExpressionCall &call, QRegularExpression *regex)
{
    QString pattern;
    if (!text(call, 1, &pattern))
        return false;
    regex->setPattern(pattern);
    if (!regex->isValid()) {
        call.error = tr("invalid regular expression \"%1\": %2").arg(pattern, regex->errorString());
        return false;
    }
    return true;
}

QJsonValue fnRegexMatch(ExpressionCall &call)
{
    QString value;
    QRegularExpression regex;
    if (!text(call, 0, &value) || !regexArg(call, &regex))
        return QJsonValue::Null;
    return regex.match(value).hasMatch();
}

QJsonValue fnRegexExtract(ExpressionCall &call)
{
    QString value;
    QRegularExpression regex;
    if (!text(call, 0, &value) || !regexArg(call, &regex))
        return QJsonValue::Null;
    const QRegularExpressionMatch match = regex.match(value);
    if (!match.hasMatch())
        return QJsonValue::Null;
    if (hasArg(call, 2)) {
        qint64 group = 0;
        if (!integer(call, 2, &group))
            return QJsonValue::Null;
        if (group < 0 || group > match.lastCapturedIndex())
            return failed(call, tr("group %1 is out of range").arg(group));
        return match.captured(int(group));
    }
    return QJsonArray::fromStringList(match.capturedTexts());
}

QJsonValue fnLog(ExpressionCall &call)
{
    qCInfo(lcModel).noquote() << ExpressionValue::toText(arg(call, 0));
    return arg(call, 0);
}

const std::vector<ExpressionFunction> &table()
{
    // if, coalesce and value are evaluated lazily by the evaluator itself; their entries give the arity.
    static const std::vector<ExpressionFunction> functions = [] {
        std::vector<ExpressionFunction> own = {
            {u"coalesce"_s, 1, -1, fnUnreachable},
            {u"value"_s, 1, -1, fnUnreachable},
            {u"if"_s, 2, 3, fnUnreachable},
            {u"is_null"_s, 1, 1, fnIsNull},
            {u"is_empty"_s, 1, 1, fnIsEmpty},
            {u"require"_s, 1, 2, fnRequire},
            {u"int_parse"_s, 1, 1, fnIntParse},
            {u"to_int"_s, 1, 1, fnIntParse},
            {u"float_parse"_s, 1, 1, fnFloatParse},
            {u"cast"_s, 2, 2, fnCast},
            {u"try_cast"_s, 2, 2, fnTryCast},
            {u"upper"_s, 1, 1, fnUpper},
            {u"lower"_s, 1, 1, fnLower},
            {u"trim"_s, 1, 2, fnTrim},
            {u"replace"_s, 3, 3, fnReplace},
            {u"contains"_s, 2, 2, fnContains},
            {u"split"_s, 2, 2, fnSplit},
            {u"split_part"_s, 3, 3, fnSplitPart},
            {u"join"_s, 2, 2, fnJoin},
            {u"length"_s, 1, 1, fnLength},
            {u"substring"_s, 2, 3, fnSubstring},
            {u"jmespath"_s, 2, 2, fnJmesPath},
            {u"get_path"_s, 2, 3, fnGetPath},
            {u"encode_url"_s, 1, 1, fnEncodeUrl},
            {u"decode_url"_s, 1, 1, fnDecodeUrl},
            {u"encode_base64"_s, 1, 1, fnEncodeBase64},
            {u"decode_base64"_s, 1, 1, fnDecodeBase64},
            {u"hash"_s, 1, 2, fnHash},
            {u"greatest"_s, 1, -1, fnGreatest},
            {u"least"_s, 1, -1, fnLeast},
            {u"keys"_s, 1, 1, fnKeys},
            {u"values"_s, 1, 1, fnValues},
            {u"element"_s, 2, 2, fnElement},
            {u"uuid"_s, 0, 0, fnUuid},
            {u"sort"_s, 1, 2, fnSort},
            {u"equals"_s, 2, 2, fnEquals},
            {u"is_greater"_s, 2, 2, fnIsGreater},
            {u"is_less"_s, 2, 2, fnIsLess},
            {u"int_format"_s, 2, 2, fnIntFormat},
            {u"float_format"_s, 2, 2, fnFloatFormat},
            {u"regex_match"_s, 2, 2, fnRegexMatch},
            {u"regex_extract"_s, 2, 3, fnRegexExtract},
            {u"log"_s, 1, 2, fnLog},
        };
        const std::vector<ExpressionFunction> &dates = dateFunctions();
        own.insert(own.end(), dates.begin(), dates.end());
        return own;
    }();
    return functions;
}

} // namespace

const ExpressionFunction *ExpressionFunctions::find(const QString &name)
{
    for (const ExpressionFunction &function : table()) {
        if (function.name == name)
            return &function;
    }
    return nullptr;
}

QStringList ExpressionFunctions::names()
{
    QStringList result;
    for (const ExpressionFunction &function : table())
        result.append(function.name);
    return result;
}

} // namespace Backfill
