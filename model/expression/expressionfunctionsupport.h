#pragma once

#include "model/core/translation.h"
#include "model/expression/expressiondate.h"
#include "model/expression/expressionfunctions.h"
#include "model/expression/expressionvalue.h"

#include <QCoreApplication>

#include <vector>

namespace Backfill {

// Argument helpers shared by the files of the function table: read an argument as text, integer or date,
// or fail with a message naming it; and the functions those files define for the table.
namespace ExpressionFunctionSupport {

inline constexpr qint64 MaxRangeItems = 1000000;

inline QJsonValue failed(ExpressionCall &call, const QString &message)
{
    call.error = message;
    return QJsonValue::Null;
}

inline const QJsonValue &arg(const ExpressionCall &call, size_t index)
{
    static const QJsonValue null(QJsonValue::Null);
    return index < call.arguments.size() ? call.arguments[index] : null;
}

inline bool hasArg(const ExpressionCall &call, size_t index)
{
    return index < call.arguments.size();
}

inline QString missing(const ExpressionCall &call, size_t index)
{
    return tr("%1 is missing").arg(call.argumentText(index));
}

inline bool text(ExpressionCall &call, size_t index, QString *result)
{
    const QJsonValue &value = arg(call, index);
    if (value.isArray() || value.isObject()) {
        call.error =
            tr("expected a string for %1 but got %2").arg(call.argumentText(index), ExpressionValue::typeName(value));
        return false;
    }
    *result = ExpressionValue::toText(value);
    return true;
}

inline bool integer(ExpressionCall &call, size_t index, qint64 *result)
{
    const QJsonValue &value = arg(call, index);
    if (value.isNull()) {
        call.error = missing(call, index);
        return false;
    }
    if (value.isBool() || !ExpressionValue::toInteger(value, result)) {
        call.error =
            tr("expected an integer for %1 but got %2").arg(call.argumentText(index), ExpressionValue::toJson(value));
        return false;
    }
    return true;
}

inline bool date(ExpressionCall &call, size_t index, ExpressionDate *result)
{
    const QJsonValue &value = arg(call, index);
    if (value.isNull()) {
        call.error = missing(call, index);
        return false;
    }
    if (!ExpressionDate::fromValue(value, result)) {
        call.error = tr("cannot read %1 as a date").arg(ExpressionValue::toJson(value));
        return false;
    }
    return true;
}

// The string, encoding and regex functions, defined in expressionstringfunctions.cpp and named by the table in
// expressionfunctions.cpp.
QJsonValue fnUpper(ExpressionCall &call);
QJsonValue fnLower(ExpressionCall &call);
QJsonValue fnTrim(ExpressionCall &call);
QJsonValue fnReplace(ExpressionCall &call);
QJsonValue fnContains(ExpressionCall &call);
QJsonValue fnSplit(ExpressionCall &call);
QJsonValue fnSplitPart(ExpressionCall &call);
QJsonValue fnJoin(ExpressionCall &call);
QJsonValue fnLength(ExpressionCall &call);
QJsonValue fnSubstring(ExpressionCall &call);
QJsonValue fnEncodeUrl(ExpressionCall &call);
QJsonValue fnDecodeUrl(ExpressionCall &call);
QJsonValue fnEncodeBase64(ExpressionCall &call);
QJsonValue fnDecodeBase64(ExpressionCall &call);
QJsonValue fnHash(ExpressionCall &call);
QJsonValue fnUuid(ExpressionCall &call);
QJsonValue fnRegexMatch(ExpressionCall &call);
QJsonValue fnRegexExtract(ExpressionCall &call);

// The object, array and comparison functions, defined in expressioncollectionfunctions.cpp and named by the table
// in expressionfunctions.cpp.
QJsonValue fnJmesPath(ExpressionCall &call);
QJsonValue fnGetPath(ExpressionCall &call);
QJsonValue fnKeys(ExpressionCall &call);
QJsonValue fnValues(ExpressionCall &call);
QJsonValue fnElement(ExpressionCall &call);
QJsonValue fnGreatest(ExpressionCall &call);
QJsonValue fnLeast(ExpressionCall &call);
QJsonValue fnSort(ExpressionCall &call);
QJsonValue fnEquals(ExpressionCall &call);
QJsonValue fnIsGreater(ExpressionCall &call);
QJsonValue fnIsLess(ExpressionCall &call);
QJsonValue fnArray(ExpressionCall &call);
QJsonValue fnObject(ExpressionCall &call);
QJsonValue fnExists(ExpressionCall &call);
QJsonValue fnObjectRename(ExpressionCall &call);
QJsonValue fnObjectDelete(ExpressionCall &call);
QJsonValue fnObjectCasing(ExpressionCall &call);
QJsonValue fnObjectMerge(ExpressionCall &call);
QJsonValue fnObjectZip(ExpressionCall &call);
QJsonValue fnFilter(ExpressionCall &call);
QJsonValue fnMap(ExpressionCall &call);
QJsonValue fnChunk(ExpressionCall &call);
QJsonValue fnNullIf(ExpressionCall &call);

// The date functions (now, date_*, range...), defined in expressiondatefunctions.cpp.
const std::vector<ExpressionFunction> &dateFunctions();

} // namespace ExpressionFunctionSupport
} // namespace Backfill
