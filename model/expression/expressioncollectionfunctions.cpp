// The object and array functions of Sling expressions (jmespath, get_path, keys, element, sort, array, object,
// object_*, exists, filter, map, chunk...) and the
// comparisons (greatest, least, equals, is_greater, is_less); see expressionfunctions.cpp for where each behaviour
// comes from and for the table that names them.

#include "model/expression/expressionfunctionsupport.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <functional>
#include <numeric>
#include <optional>
#include <type_traits>

using namespace Qt::StringLiterals;

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

// null_if(value, sentinel): null where the value is the sentinel (a value as it came: false is
// not "false", 1 is 1.0), the value otherwise; Sling's way to read a sentinel as no value.
QJsonValue fnNullIf(ExpressionCall &call)
{
    return ExpressionValue::equals(arg(call, 0), arg(call, 1)) ? QJsonValue(QJsonValue::Null) : arg(call, 0);
}

QJsonValue fnIsGreater(ExpressionCall &call)
{
    return orderOf(call, true);
}

QJsonValue fnIsLess(ExpressionCall &call)
{
    return orderOf(call, false);
}

// ----- building arrays and objects (array, object, object_*, exists, filter, map, chunk)

namespace {

// The object (QJsonObject) or array (QJsonArray) argument `index`, or false with the error set.
template <typename Collection> bool collectionArg(ExpressionCall &call, size_t index, Collection *result)
{
    constexpr bool object = std::is_same_v<Collection, QJsonObject>;
    const QJsonValue &value = arg(call, index);
    if (object ? !value.isObject() : !value.isArray()) {
        call.error = tr("expected %1 for %2 but got %3")
                         .arg(object ? tr("an object") : tr("an array"), call.argumentText(index),
                              ExpressionValue::typeName(value));
        return false;
    }
    if constexpr (object)
        *result = value.toObject();
    else
        *result = value.toArray();
    return true;
}

// A key's words: split at '_', '-', spaces and where a lower-case letter or digit meets an upper-case one.
QStringList words(const QString &key)
{
    QStringList result;
    QString word;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key.at(i);
        if (c == u'_' || c == u'-' || c.isSpace()) {
            if (!word.isEmpty())
                result << word;
            word.clear();
            continue;
        }
        if (c.isUpper() && !word.isEmpty() && (word.back().isLower() || word.back().isDigit())) {
            result << word;
            word.clear();
        }
        word += c;
    }
    if (!word.isEmpty())
        result << word;
    return result;
}

// filter() and map(): `expression` (text) evaluated once per element, the element as `value`.
bool eachElement(ExpressionCall &call,
                 const std::function<void(const QJsonValue &element, const QJsonValue &result)> &use)
{
    QJsonArray array;
    QString source;
    if (arg(call, 0).isNull())
        return true; // no array: an empty one
    if (!collectionArg(call, 0, &array) || !text(call, 1, &source))
        return false;
    const Expression expression = Expression::parse(source, {u"value"_s});
    if (!expression.isValid()) {
        call.error = tr("invalid expression \"%1\": %2").arg(source, expression.error().message);
        return false;
    }
    ExpressionScope scope = call.scope ? *call.scope : ExpressionScope();
    for (const QJsonValue &element : std::as_const(array)) {
        scope.roots.insert(u"value"_s, element);
        ExpressionError error;
        const QJsonValue result = expression.evaluate(scope, &error);
        if (!error.message.isEmpty()) {
            call.error = tr("\"%1\" for %2: %3").arg(source, ExpressionValue::toJson(element), error.message);
            return false;
        }
        use(element, result);
    }
    return true;
}

} // namespace

QJsonValue fnArray(ExpressionCall &call)
{
    QJsonArray array;
    for (const QJsonValue &value : call.arguments)
        array.append(value);
    return array;
}

QJsonValue fnObject(ExpressionCall &call)
{
    if (call.arguments.size() % 2 != 0)
        return failed(
            call, tr("object() takes keys and values in pairs but was given %1 arguments").arg(call.arguments.size()));
    QJsonObject object;
    for (size_t i = 0; i < call.arguments.size(); i += 2) {
        QString key;
        if (arg(call, i).isNull())
            return failed(call, tr("the key %1 is null").arg(call.argumentText(i)));
        if (!text(call, i, &key))
            return QJsonValue::Null;
        object.insert(key, arg(call, i + 1));
    }
    return object;
}

QJsonValue fnExists(ExpressionCall &call)
{
    const QJsonValue &collection = arg(call, 0);
    if (collection.isNull())
        return false;
    if (collection.isObject()) {
        QString key;
        return text(call, 1, &key) ? QJsonValue(collection.toObject().contains(key)) : QJsonValue::Null;
    }
    if (collection.isArray()) {
        const QJsonArray array = collection.toArray();
        return std::any_of(array.begin(), array.end(),
                           [&](const QJsonValue &item) { return ExpressionValue::equals(item, arg(call, 1)); });
    }
    return failed(call, tr("expected an object or an array for %1 but got %2")
                            .arg(call.argumentText(0), ExpressionValue::typeName(collection)));
}

QJsonValue fnObjectRename(ExpressionCall &call)
{
    QJsonObject object;
    if (arg(call, 0).isNull())
        return QJsonValue::Null;
    if (!collectionArg(call, 0, &object))
        return QJsonValue::Null;
    if (call.arguments.size() % 2 != 1)
        return failed(call, tr("object_rename() takes the object, then old and new keys in pairs"));
    for (size_t i = 1; i < call.arguments.size(); i += 2) {
        QString from;
        QString to;
        if (!text(call, i, &from) || !text(call, i + 1, &to))
            return QJsonValue::Null;
        const auto found = object.constFind(from);
        if (found == object.constEnd())
            continue; // nothing by that name: nothing to rename
        const QJsonValue value = found.value();
        object.remove(from);
        object.insert(to, value);
    }
    return object;
}

QJsonValue fnObjectDelete(ExpressionCall &call)
{
    QJsonObject object;
    if (arg(call, 0).isNull())
        return QJsonValue::Null;
    if (!collectionArg(call, 0, &object))
        return QJsonValue::Null;
    for (size_t i = 1; i < call.arguments.size(); ++i) {
        QString key;
        if (!text(call, i, &key))
            return QJsonValue::Null;
        object.remove(key);
    }
    return object;
}

QJsonValue fnObjectCasing(ExpressionCall &call)
{
    QJsonObject object;
    QString casing;
    if (arg(call, 0).isNull())
        return QJsonValue::Null;
    if (!collectionArg(call, 0, &object) || !text(call, 1, &casing))
        return QJsonValue::Null;
    casing = casing.toLower();
    const auto rename = [&](const QString &key) -> std::optional<QString> {
        if (casing == u"upper")
            return key.toUpper();
        if (casing == u"lower")
            return key.toLower();
        const QStringList parts = words(key);
        if (casing == u"snake")
            return parts.join(u'_').toLower();
        if (casing == u"camel") {
            QString result;
            for (const QString &part : parts)
                result += result.isEmpty() ? part.toLower() : part.left(1).toUpper() + part.mid(1).toLower();
            return result;
        }
        return std::nullopt;
    };
    QJsonObject result;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const std::optional<QString> key = rename(it.key());
        if (!key)
            return failed(call, tr("unknown casing \"%1\" (expected snake, camel, upper or lower)").arg(casing));
        result.insert(*key, it.value());
    }
    return result;
}

QJsonValue fnObjectMerge(ExpressionCall &call)
{
    QJsonObject merged;
    for (size_t i = 0; i < call.arguments.size(); ++i) {
        if (arg(call, i).isNull())
            continue;
        QJsonObject object;
        if (!collectionArg(call, i, &object))
            return QJsonValue::Null;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            merged.insert(it.key(), it.value());
    }
    return merged;
}

QJsonValue fnObjectZip(ExpressionCall &call)
{
    QJsonArray keys;
    QJsonArray values;
    if (!collectionArg(call, 0, &keys) || !collectionArg(call, 1, &values))
        return QJsonValue::Null;
    QJsonObject object;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (!keys.at(i).isString())
            return failed(call, tr("key %1 of %2 is %3, not a string")
                                    .arg(i)
                                    .arg(call.argumentText(0), ExpressionValue::typeName(keys.at(i))));
        object.insert(keys.at(i).toString(), i < values.size() ? values.at(i) : QJsonValue(QJsonValue::Null));
    }
    return object;
}

QJsonValue fnFilter(ExpressionCall &call)
{
    QJsonArray kept;
    if (!eachElement(call, [&](const QJsonValue &element, const QJsonValue &result) {
            if (Expression::isTruthy(result))
                kept.append(element);
        }))
        return QJsonValue::Null;
    return kept;
}

QJsonValue fnMap(ExpressionCall &call)
{
    QJsonArray mapped;
    if (!eachElement(call, [&](const QJsonValue &, const QJsonValue &result) { mapped.append(result); }))
        return QJsonValue::Null;
    return mapped;
}

QJsonValue fnChunk(ExpressionCall &call)
{
    QJsonArray array;
    qint64 size = 0;
    if (arg(call, 0).isNull())
        return QJsonArray();
    if (!collectionArg(call, 0, &array) || !integer(call, 1, &size))
        return QJsonValue::Null;
    if (size < 1)
        return failed(call, tr("the chunk size %1 is not a positive integer").arg(size));
    QJsonArray chunks;
    for (qsizetype i = 0; i < array.size(); i += qsizetype(size)) {
        QJsonArray chunk;
        for (qsizetype j = i; j < std::min<qsizetype>(array.size(), i + qsizetype(size)); ++j)
            chunk.append(array.at(j));
        chunks.append(chunk);
    }
    return chunks;
}

} // namespace Backfill::ExpressionFunctionSupport
