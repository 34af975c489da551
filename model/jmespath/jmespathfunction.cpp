#include "model/jmespath/jmespathfunction.h"

#include "model/jmespath/jmespathinterpreter.h"
#include "model/jmespath/jmespathvalues.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

using Arguments = std::vector<JmesPathArgument>;
using Function = JmesPathFunction;

QJsonValue functionAbs(JmesPathInterpreter &, const Arguments &args)
{
    const QJsonValue &value = args[0].value;
    if (JmesPathValues::isInteger(value)) {
        const qint64 n = value.toInteger();
        if (n == std::numeric_limits<qint64>::min())
            return -double(n);
        return n < 0 ? -n : n;
    }
    return std::fabs(value.toDouble());
}

QJsonValue functionAvg(JmesPathInterpreter &, const Arguments &args)
{
    const QJsonArray array = args[0].value.toArray();
    if (array.isEmpty())
        return {};
    double sum = 0;
    for (const QJsonValue &value : array)
        sum += value.toDouble();
    return sum / double(array.size());
}

QJsonValue functionCeil(JmesPathInterpreter &, const Arguments &args)
{
    if (JmesPathValues::isInteger(args[0].value))
        return args[0].value;
    return JmesPathValues::numberFromDouble(std::ceil(args[0].value.toDouble()));
}

QJsonValue functionFloor(JmesPathInterpreter &, const Arguments &args)
{
    if (JmesPathValues::isInteger(args[0].value))
        return args[0].value;
    return JmesPathValues::numberFromDouble(std::floor(args[0].value.toDouble()));
}

QJsonValue functionContains(JmesPathInterpreter &, const Arguments &args)
{
    const QJsonValue &subject = args[0].value;
    const QJsonValue &search = args[1].value;
    if (subject.isString())
        return search.isString() && subject.toString().contains(search.toString());
    const QJsonArray array = subject.toArray();
    return std::any_of(array.begin(), array.end(),
                       [&](const QJsonValue &element) { return JmesPathValues::equals(element, search); });
}

QJsonValue functionEndsWith(JmesPathInterpreter &, const Arguments &args)
{
    return args[0].value.toString().endsWith(args[1].value.toString());
}

QJsonValue functionStartsWith(JmesPathInterpreter &, const Arguments &args)
{
    return args[0].value.toString().startsWith(args[1].value.toString());
}

QJsonValue functionJoin(JmesPathInterpreter &, const Arguments &args)
{
    QStringList parts;
    for (const QJsonValue &value : args[1].value.toArray())
        parts.append(value.toString());
    return parts.join(args[0].value.toString());
}

QJsonValue functionKeys(JmesPathInterpreter &, const Arguments &args)
{
    return QJsonArray::fromStringList(args[0].value.toObject().keys());
}

QJsonValue functionValues(JmesPathInterpreter &, const Arguments &args)
{
    QJsonArray result;
    const QJsonObject object = args[0].value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        result.append(it.value());
    return result;
}

QJsonValue functionLength(JmesPathInterpreter &, const Arguments &args)
{
    const QJsonValue &value = args[0].value;
    if (value.isString())
        return qint64(JmesPathValues::codePointCount(value.toString()));
    if (value.isArray())
        return qint64(value.toArray().size());
    return qint64(value.toObject().size());
}

QJsonValue functionMap(JmesPathInterpreter &interpreter, const Arguments &args)
{
    QJsonArray result;
    for (const QJsonValue &element : args[1].value.toArray()) {
        result.append(interpreter.evaluate(*args[0].reference, element));
        if (interpreter.failed())
            return {};
    }
    return result;
}

int compareSortable(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isString())
        return JmesPathValues::compareStrings(a.toString(), b.toString());
    return JmesPathValues::compareNumbers(a, b);
}

QJsonValue extreme(const Arguments &args, bool wantMax)
{
    const QJsonArray array = args[0].value.toArray();
    if (array.isEmpty())
        return {};
    QJsonValue best = array.at(0);
    for (qsizetype i = 1; i < array.size(); ++i) {
        const int order = compareSortable(array.at(i), best);
        if (wantMax ? order > 0 : order < 0)
            best = array.at(i);
    }
    return best;
}

QJsonValue functionMax(JmesPathInterpreter &, const Arguments &args)
{
    return extreme(args, true);
}

QJsonValue functionMin(JmesPathInterpreter &, const Arguments &args)
{
    return extreme(args, false);
}

// Evaluates the expression of sort_by/min_by/max_by on every element; the keys must be
// all numbers or all strings. Empty on error (already reported).
std::optional<QList<QJsonValue>> sortKeys(JmesPathInterpreter &interpreter, const Arguments &args,
                                          const QString &function)
{
    QList<QJsonValue> keys;
    const QJsonArray array = args[0].value.toArray();
    for (const QJsonValue &element : array) {
        const QJsonValue key = interpreter.evaluate(*args[1].reference, element);
        if (interpreter.failed())
            return std::nullopt;
        const bool sortable = key.isDouble() || key.isString();
        if (!sortable || (!keys.isEmpty() && keys.first().type() != key.type())) {
            interpreter.fail(JmesPath::ErrorKind::InvalidType,
                             QCoreApplication::translate("Backfill", "The expression of %1() must give all numbers or "
                                                                     "all strings, got %2")
                                 .arg(function, JmesPathValues::typeName(key)));
            return std::nullopt;
        }
        keys.append(key);
    }
    return keys;
}

QJsonValue extremeBy(JmesPathInterpreter &interpreter, const Arguments &args, bool wantMax)
{
    const auto keys = sortKeys(interpreter, args, wantMax ? u"max_by"_s : u"min_by"_s);
    if (!keys || keys->isEmpty())
        return {};
    qsizetype best = 0;
    for (qsizetype i = 1; i < keys->size(); ++i) {
        const int order = compareSortable(keys->at(i), keys->at(best));
        if (wantMax ? order > 0 : order < 0)
            best = i;
    }
    return args[0].value.toArray().at(best);
}

QJsonValue functionMaxBy(JmesPathInterpreter &interpreter, const Arguments &args)
{
    return extremeBy(interpreter, args, true);
}

QJsonValue functionMinBy(JmesPathInterpreter &interpreter, const Arguments &args)
{
    return extremeBy(interpreter, args, false);
}

QJsonValue functionMerge(JmesPathInterpreter &, const Arguments &args)
{
    QJsonObject result;
    for (const JmesPathArgument &argument : args) {
        const QJsonObject object = argument.value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            result.insert(it.key(), it.value());
    }
    return result;
}

QJsonValue functionNotNull(JmesPathInterpreter &, const Arguments &args)
{
    for (const JmesPathArgument &argument : args) {
        if (!argument.value.isNull())
            return argument.value;
    }
    return {};
}

QJsonValue functionReverse(JmesPathInterpreter &, const Arguments &args)
{
    if (args[0].value.isString()) {
        // By code point, so that surrogate pairs stay in order.
        QList<uint> codePoints = args[0].value.toString().toUcs4();
        std::reverse(codePoints.begin(), codePoints.end());
        return QString::fromUcs4(reinterpret_cast<const char32_t *>(codePoints.constData()), codePoints.size());
    }
    QJsonArray result;
    const QJsonArray array = args[0].value.toArray();
    for (qsizetype i = array.size() - 1; i >= 0; --i)
        result.append(array.at(i));
    return result;
}

QJsonValue functionSort(JmesPathInterpreter &, const Arguments &args)
{
    const QJsonArray array = args[0].value.toArray();
    QList<QJsonValue> values(array.begin(), array.end());
    std::stable_sort(values.begin(), values.end(),
                     [](const QJsonValue &a, const QJsonValue &b) { return compareSortable(a, b) < 0; });
    QJsonArray result;
    for (const QJsonValue &value : values)
        result.append(value);
    return result;
}

QJsonValue functionSortBy(JmesPathInterpreter &interpreter, const Arguments &args)
{
    const auto keys = sortKeys(interpreter, args, u"sort_by"_s);
    if (!keys)
        return {};
    const QJsonArray array = args[0].value.toArray();
    std::vector<qsizetype> order(size_t(array.size()));
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = qsizetype(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](qsizetype a, qsizetype b) { return compareSortable(keys->at(a), keys->at(b)) < 0; });
    QJsonArray result;
    for (qsizetype i : order)
        result.append(array.at(i));
    return result;
}

QJsonValue functionSum(JmesPathInterpreter &, const Arguments &args)
{
    // Integers stay exact until one overflows or a double joins in.
    qint64 integerSum = 0;
    double doubleSum = 0;
    bool exact = true;
    for (const QJsonValue &value : args[0].value.toArray()) {
        if (exact && JmesPathValues::isInteger(value) &&
            !__builtin_add_overflow(integerSum, value.toInteger(), &integerSum))
            continue;
        if (exact) {
            exact = false;
            doubleSum = double(integerSum);
        }
        doubleSum += value.toDouble();
    }
    return exact ? QJsonValue(integerSum) : QJsonValue(doubleSum);
}

QJsonValue functionToArray(JmesPathInterpreter &, const Arguments &args)
{
    if (args[0].value.isArray())
        return args[0].value;
    return QJsonArray{args[0].value};
}

QJsonValue functionToString(JmesPathInterpreter &, const Arguments &args)
{
    if (args[0].value.isString())
        return args[0].value;
    return JmesPathValues::toJson(args[0].value);
}

QJsonValue functionToNumber(JmesPathInterpreter &, const Arguments &args)
{
    const QJsonValue &value = args[0].value;
    if (value.isDouble())
        return value;
    if (!value.isString())
        return {};
    // A JSON number; anything else (including "", "abc", "1e") converts to null.
    static const QRegularExpression number(u"\\A-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?\\z"_s);
    const QString text = value.toString();
    const QRegularExpressionMatch match = number.match(text);
    if (!match.hasMatch())
        return {};
    if (!match.hasCaptured(2) && !match.hasCaptured(3)) {
        bool ok = false;
        const qint64 integer = text.toLongLong(&ok);
        if (ok)
            return integer;
    }
    return text.toDouble();
}

QJsonValue functionType(JmesPathInterpreter &, const Arguments &args)
{
    return JmesPathValues::typeName(args[0].value);
}

constexpr unsigned sortable = Function::NumberArray | Function::StringArray;

const std::vector<JmesPathFunction> &functions()
{
    static const std::vector<JmesPathFunction> table = {
        {u"abs"_s, {Function::Number}, false, functionAbs},
        {u"avg"_s, {Function::NumberArray}, false, functionAvg},
        {u"ceil"_s, {Function::Number}, false, functionCeil},
        {u"contains"_s, {Function::Array | Function::String, Function::Any}, false, functionContains},
        {u"ends_with"_s, {Function::String, Function::String}, false, functionEndsWith},
        {u"floor"_s, {Function::Number}, false, functionFloor},
        {u"join"_s, {Function::String, Function::StringArray}, false, functionJoin},
        {u"keys"_s, {Function::Object}, false, functionKeys},
        {u"length"_s, {Function::String | Function::Array | Function::Object}, false, functionLength},
        {u"map"_s, {Function::Reference, Function::Array}, false, functionMap},
        {u"max"_s, {sortable}, false, functionMax},
        {u"max_by"_s, {Function::Array, Function::Reference}, false, functionMaxBy},
        {u"merge"_s, {Function::Object}, true, functionMerge},
        {u"min"_s, {sortable}, false, functionMin},
        {u"min_by"_s, {Function::Array, Function::Reference}, false, functionMinBy},
        {u"not_null"_s, {Function::Any}, true, functionNotNull},
        {u"reverse"_s, {Function::String | Function::Array}, false, functionReverse},
        {u"sort"_s, {sortable}, false, functionSort},
        {u"sort_by"_s, {Function::Array, Function::Reference}, false, functionSortBy},
        {u"starts_with"_s, {Function::String, Function::String}, false, functionStartsWith},
        {u"sum"_s, {Function::NumberArray}, false, functionSum},
        {u"to_array"_s, {Function::Any}, false, functionToArray},
        {u"to_number"_s, {Function::Any}, false, functionToNumber},
        {u"to_string"_s, {Function::Any}, false, functionToString},
        {u"type"_s, {Function::Any}, false, functionType},
        {u"values"_s, {Function::Object}, false, functionValues},
    };
    return table;
}

} // namespace

const JmesPathFunction *JmesPathFunction::find(const QString &name)
{
    for (const JmesPathFunction &function : functions()) {
        if (function.name == name)
            return &function;
    }
    return nullptr;
}

bool JmesPathFunction::accepts(unsigned type, const JmesPathArgument &argument)
{
    if (argument.reference)
        return type & Reference;
    const QJsonValue &value = argument.value;
    switch (value.type()) {
    case QJsonValue::Double:
        return type & Number;
    case QJsonValue::String:
        return type & String;
    case QJsonValue::Bool:
        return type & Boolean;
    case QJsonValue::Object:
        return type & Object;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return type & Null;
    case QJsonValue::Array:
        break;
    }
    if (type & Array)
        return true;
    // A typed array: every element of one kind (an empty array fits any).
    const QJsonArray array = value.toArray();
    auto all = [&](QJsonValue::Type elementType) {
        return std::all_of(array.begin(), array.end(),
                           [&](const QJsonValue &element) { return element.type() == elementType; });
    };
    return ((type & NumberArray) && all(QJsonValue::Double)) || ((type & StringArray) && all(QJsonValue::String));
}

QString JmesPathFunction::describe(unsigned type)
{
    if ((type & Any) == Any)
        return u"any value"_s;
    QStringList names;
    const std::pair<unsigned, QString> kinds[] = {
        {Number, u"number"_s},
        {String, u"string"_s},
        {Boolean, u"boolean"_s},
        {Array, u"array"_s},
        {Object, u"object"_s},
        {Null, u"null"_s},
        {Reference, u"expression"_s},
        {NumberArray, u"array of numbers"_s},
        {StringArray, u"array of strings"_s},
    };
    for (const auto &[flag, name] : kinds) {
        if (type & flag)
            names.append(name);
    }
    return names.join(u" or "_s);
}

} // namespace Backfill
