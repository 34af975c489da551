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
//
// This file holds the checks, conversions and formats, and the table that names every function; the string,
// collection and date functions are in expressionstringfunctions.cpp, expressioncollectionfunctions.cpp and
// expressiondatefunctions.cpp (which adds its own entries to the table).

#include "model/expression/expressionfunctions.h"

#include "model/core/logging.h"
#include "model/expression/expressionfunctionsupport.h"

#include <QRegularExpression>

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

// ----- formats

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

// ----- logging

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
            {u"array"_s, 0, -1, fnArray},
            {u"object"_s, 0, -1, fnObject},
            {u"exists"_s, 2, 2, fnExists},
            {u"object_rename"_s, 3, -1, fnObjectRename},
            {u"object_delete"_s, 2, -1, fnObjectDelete},
            {u"object_casing"_s, 2, 2, fnObjectCasing},
            {u"object_merge"_s, 1, -1, fnObjectMerge},
            {u"object_zip"_s, 2, 2, fnObjectZip},
            {u"filter"_s, 2, 2, fnFilter},
            {u"map"_s, 2, 2, fnMap},
            {u"chunk"_s, 2, 2, fnChunk},
            {u"null_if"_s, 2, 2, fnNullIf},
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