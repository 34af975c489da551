#pragma once

#include "model/core/translation.h"
#include "model/expression/expressiondate.h"
#include "model/expression/expressionfunctions.h"
#include "model/expression/expressionvalue.h"

#include <QCoreApplication>

#include <vector>

namespace Backfill {

// Argument helpers shared by the files of the function table: read an argument as text, integer or date,
// or fail with a message naming it.
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

// The date functions (now, date_*, range...), defined in expressiondatefunctions.cpp.
const std::vector<ExpressionFunction> &dateFunctions();

} // namespace ExpressionFunctionSupport
} // namespace Backfill
