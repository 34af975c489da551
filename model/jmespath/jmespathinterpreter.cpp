#include "model/jmespath/jmespathinterpreter.h"

#include "model/jmespath/jmespathfunction.h"
#include "model/jmespath/jmespathvalues.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace Backfill {

void JmesPathInterpreter::fail(JmesPath::ErrorKind kind, const QString &message)
{
    if (!failed())
        m_error = {kind, message, -1};
}

bool JmesPathInterpreter::spend(qint64 units)
{
    if (failed())
        return false;
    m_spent += units;
    if (m_spent <= budget)
        return true;
    fail(JmesPath::ErrorKind::InvalidValue,
         QCoreApplication::translate("Backfill", "The expression needs too much work on this data (more than %1 steps)")
             .arg(budget));
    return false;
}

bool JmesPathInterpreter::spendOn(const QJsonValue &value)
{
    return spend(JmesPathValues::weight(value, budget - m_spent + 1));
}

QJsonValue JmesPathInterpreter::evaluate(const Node &node, const QJsonValue &current)
{
    if (!spend(1))
        return {};
    switch (node.kind) {
    case Node::Kind::Current:
        return current;
    case Node::Kind::Field:
        return field(node, current);
    case Node::Kind::Subexpression:
    case Node::Kind::Pipe:
        return evaluate(*node.children[1], evaluate(*node.children[0], current));
    case Node::Kind::Index:
        return index(node, current);
    case Node::Kind::Slice:
        return slice(node, current);
    case Node::Kind::ListProjection:
        return listProjection(node, current);
    case Node::Kind::ValueProjection:
        return valueProjection(node, current);
    case Node::Kind::FilterProjection:
        return filterProjection(node, current);
    case Node::Kind::Flatten:
        return flatten(node, current);
    case Node::Kind::Or: {
        const QJsonValue left = evaluate(*node.children[0], current);
        return JmesPathValues::isTruthy(left) ? left : evaluate(*node.children[1], current);
    }
    case Node::Kind::And: {
        const QJsonValue left = evaluate(*node.children[0], current);
        return JmesPathValues::isTruthy(left) ? evaluate(*node.children[1], current) : left;
    }
    case Node::Kind::Not:
        return !JmesPathValues::isTruthy(evaluate(*node.children[0], current));
    case Node::Kind::Comparison:
        return comparison(node, current);
    case Node::Kind::Literal:
        return node.value;
    case Node::Kind::MultiSelectList:
        return multiSelectList(node, current);
    case Node::Kind::MultiSelectHash:
        return multiSelectHash(node, current);
    case Node::Kind::Function:
        return call(node, current);
    case Node::Kind::ExpressionReference:
        // Only meaningful as a function argument, where call() passes the node itself.
        return {};
    }
    return {};
}

QJsonValue JmesPathInterpreter::field(const Node &node, const QJsonValue &current)
{
    if (!current.isObject())
        return {};
    const QJsonValue value = current.toObject().value(node.name);
    return value.isUndefined() ? QJsonValue() : value;
}

QJsonValue JmesPathInterpreter::index(const Node &node, const QJsonValue &current)
{
    const QJsonValue left = evaluate(*node.children[0], current);
    if (!left.isArray())
        return {};
    const QJsonArray array = left.toArray();
    qint64 position = node.index;
    if (position < 0)
        position += array.size();
    if (position < 0 || position >= array.size())
        return {};
    return array.at(position);
}

QJsonValue JmesPathInterpreter::slice(const Node &node, const QJsonValue &current)
{
    const QJsonValue left = evaluate(*node.children[0], current);
    if (!left.isArray())
        return {};
    const QJsonArray array = left.toArray();
    const qint64 length = array.size();
    const qint64 step = node.step.value_or(1);
    // Out-of-range bounds are clamped, as in Python: to [0, length] going forwards and
    // to [-1, length - 1] going backwards.
    auto adjust = [&](qint64 endpoint) {
        if (endpoint < 0) {
            endpoint += length;
            if (endpoint < 0)
                endpoint = step > 0 ? 0 : -1;
        } else if (endpoint >= length) {
            endpoint = step < 0 ? length - 1 : length;
        }
        return endpoint;
    };
    const qint64 start = node.start ? adjust(*node.start) : (step > 0 ? 0 : length - 1);
    const qint64 stop = node.stop ? adjust(*node.stop) : (step > 0 ? length : -1);
    QJsonArray result;
    if (step > 0) {
        for (qint64 i = start; i < stop; i += step) {
            result.append(array.at(i));
            if (step > stop - i)
                break;
        }
    } else {
        for (qint64 i = start; i > stop; i += step) {
            result.append(array.at(i));
            if (step < stop - i)
                break;
        }
    }
    return result;
}

QJsonValue JmesPathInterpreter::listProjection(const Node &node, const QJsonValue &current)
{
    const QJsonValue left = evaluate(*node.children[0], current);
    if (!left.isArray())
        return {};
    QJsonArray result;
    for (const QJsonValue &element : left.toArray()) {
        const QJsonValue value = evaluate(*node.children[1], element);
        if (failed())
            return {};
        if (!value.isNull())
            result.append(value);
    }
    return result;
}

QJsonValue JmesPathInterpreter::valueProjection(const Node &node, const QJsonValue &current)
{
    const QJsonValue left = evaluate(*node.children[0], current);
    if (!left.isObject())
        return {};
    QJsonArray result;
    const QJsonObject object = left.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QJsonValue value = evaluate(*node.children[1], it.value());
        if (failed())
            return {};
        if (!value.isNull())
            result.append(value);
    }
    return result;
}

QJsonValue JmesPathInterpreter::filterProjection(const Node &node, const QJsonValue &current)
{
    const QJsonValue left = evaluate(*node.children[0], current);
    if (!left.isArray())
        return {};
    QJsonArray result;
    for (const QJsonValue &element : left.toArray()) {
        const bool keep = JmesPathValues::isTruthy(evaluate(*node.children[2], element));
        if (failed())
            return {};
        if (!keep)
            continue;
        const QJsonValue value = evaluate(*node.children[1], element);
        if (failed())
            return {};
        if (!value.isNull())
            result.append(value);
    }
    return result;
}

QJsonValue JmesPathInterpreter::flatten(const Node &node, const QJsonValue &current)
{
    const QJsonValue left = evaluate(*node.children[0], current);
    if (!left.isArray())
        return {};
    QJsonArray result;
    for (const QJsonValue &element : left.toArray()) {
        if (!spend(element.isArray() ? element.toArray().size() + 1 : 1))
            return {};
        if (element.isArray()) {
            for (const QJsonValue &inner : element.toArray())
                result.append(inner);
        } else {
            result.append(element);
        }
    }
    return result;
}

QJsonValue JmesPathInterpreter::comparison(const Node &node, const QJsonValue &current)
{
    const QJsonValue left = evaluate(*node.children[0], current);
    const QJsonValue right = evaluate(*node.children[1], current);
    if (failed())
        return {};
    if (node.comparator == Node::Comparator::Equal || node.comparator == Node::Comparator::NotEqual) {
        if (!spendOn(left) || !spendOn(right))
            return {};
    }
    switch (node.comparator) {
    case Node::Comparator::Equal:
        return JmesPathValues::equals(left, right);
    case Node::Comparator::NotEqual:
        return !JmesPathValues::equals(left, right);
    default:
        break;
    }
    // Ordering is only defined between numbers; anything else compares to null.
    if (!left.isDouble() || !right.isDouble())
        return {};
    const int order = JmesPathValues::compareNumbers(left, right);
    switch (node.comparator) {
    case Node::Comparator::Less:
        return order < 0;
    case Node::Comparator::LessOrEqual:
        return order <= 0;
    case Node::Comparator::Greater:
        return order > 0;
    case Node::Comparator::GreaterOrEqual:
        return order >= 0;
    default:
        return {};
    }
}

QJsonValue JmesPathInterpreter::multiSelectList(const Node &node, const QJsonValue &current)
{
    if (current.isNull() || current.isUndefined())
        return {};
    QJsonArray result;
    for (const auto &child : node.children) {
        result.append(evaluate(*child, current));
        if (failed())
            return {};
    }
    return result;
}

QJsonValue JmesPathInterpreter::multiSelectHash(const Node &node, const QJsonValue &current)
{
    if (current.isNull() || current.isUndefined())
        return {};
    QJsonObject result;
    for (size_t i = 0; i < node.children.size(); ++i) {
        result.insert(node.keys.at(qsizetype(i)), evaluate(*node.children[i], current));
        if (failed())
            return {};
    }
    return result;
}

QJsonValue JmesPathInterpreter::call(const Node &node, const QJsonValue &current)
{
    const JmesPathFunction &function = *node.function;
    std::vector<JmesPathArgument> arguments;
    arguments.reserve(node.children.size());
    for (size_t i = 0; i < node.children.size(); ++i) {
        const Node &child = *node.children[i];
        JmesPathArgument argument;
        if (child.kind == Node::Kind::ExpressionReference)
            argument.reference = child.children[0].get();
        else
            argument.value = evaluate(child, current);
        if (failed() || !spendOn(argument.value))
            return {};
        const unsigned type = function.parameters[std::min(i, function.parameters.size() - 1)];
        if (!JmesPathFunction::accepts(type, argument)) {
            const QString given =
                argument.reference ? QStringLiteral("expression") : JmesPathValues::typeName(argument.value);
            fail(JmesPath::ErrorKind::InvalidType,
                 QCoreApplication::translate("Backfill", "Invalid type for argument %1 of %2(): expected %3, got %4")
                     .arg(i + 1)
                     .arg(function.name, JmesPathFunction::describe(type), given));
            return {};
        }
        arguments.push_back(std::move(argument));
    }
    return function.call(*this, arguments);
}

} // namespace Backfill
