// The object and array functions of Sling expressions (jmespath, get_path, keys, element, sort...) and the
// comparisons (greatest, least, equals, is_greater, is_less); see expressionfunctions.cpp for where each behaviour
// comes from and for the table that names them.

#include "model/expression/expressionfunctionsupport.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <numeric>

namespace Backfill::ExpressionFunctionSupport {

namespace {

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

QJsonValue orderOf(ExpressionCall &call, bool greater)
{
    int order = 0;
    if (arg(call, 0).isNull() || arg(call, 1).isNull() || !ExpressionValue::compare(arg(call, 0), arg(call, 1), &order))
        return failed(call, tr("cannot compare %1 with %2")
                                .arg(ExpressionValue::typeName(arg(call, 0)), ExpressionValue::typeName(arg(call, 1))));
    return greater ? order > 0 : order < 0;
}

} // namespace

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

QJsonValue fnGreatest(ExpressionCall &call)
{
    return extreme(call, true);
}

QJsonValue fnLeast(ExpressionCall &call)
{
    return extreme(call, false);
}

// ----- sorting and comparisons

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

QJsonValue fnIsGreater(ExpressionCall &call)
{
    return orderOf(call, true);
}

QJsonValue fnIsLess(ExpressionCall &call)
{
    return orderOf(call, false);
}

} // namespace Backfill::ExpressionFunctionSupport
