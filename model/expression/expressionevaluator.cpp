// The tree-walking evaluator behind Expression::evaluate(): roots and members, indexes and slices, operators
// and function calls, with error messages that name the failing part of the text.

#include "model/expression/expressionevaluator.h"

#include "model/core/translation.h"
#include "model/expression/expressionfunctions.h"
#include "model/expression/expressionvalue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcessEnvironment>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Backfill::ExpressionDetail {

namespace {

QString operatorText(Operator op)
{
    switch (op) {
    case Operator::Add:
        return u"+"_s;
    case Operator::Subtract:
    case Operator::Negate:
        return u"-"_s;
    case Operator::Multiply:
        return u"*"_s;
    case Operator::Divide:
        return u"/"_s;
    case Operator::Modulo:
        return u"%"_s;
    case Operator::Less:
        return u"<"_s;
    case Operator::LessEqual:
        return u"<="_s;
    case Operator::Greater:
        return u">"_s;
    case Operator::GreaterEqual:
        return u">="_s;
    default:
        return {};
    }
}

QJsonValue environmentObject()
{
    QJsonObject object;
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &key : environment.keys())
        object.insert(key, environment.value(key));
    return object;
}

QJsonValue member(const QJsonValue &object, const QString &name)
{
    if (object.isObject())
        return object.toObject().value(name);
    if (object.isArray()) {
        bool ok = false;
        const int index = name.toInt(&ok);
        const QJsonArray array = object.toArray();
        if (ok && index >= 0 && index < array.size())
            return array.at(index);
    }
    return QJsonValue::Null;
}

// Python-like bounds for slices and negative indexes: counted from the end, clamped to [0, size].
qint64 clampIndex(qint64 index, qint64 size)
{
    if (index < 0)
        index += size;
    return std::clamp<qint64>(index, 0, size);
}

class Evaluator
{
public:
    Evaluator(const QString &text, const ExpressionScope &scope)
        : m_text(text)
        , m_scope(scope)
    {}

    ExpressionError error;

    bool evaluate(const Node &node, QJsonValue *out)
    {
        switch (node.kind) {
        case NodeKind::Literal:
            *out = node.value;
            return true;
        case NodeKind::Root:
            if (m_scope.roots.contains(node.name))
                *out = m_scope.roots.value(node.name);
            else if (node.name == u"env")
                *out = environmentObject();
            else
                *out = QJsonValue::Null;
            return true;
        case NodeKind::Member: {
            QJsonValue object;
            if (!evaluate(*node.children[0], &object))
                return false;
            *out = member(object, node.name);
            if (out->isUndefined())
                *out = QJsonValue::Null;
            return true;
        }
        case NodeKind::Index:
            return evaluateIndex(node, out);
        case NodeKind::Slice:
            return evaluateSlice(node, out);
        case NodeKind::Unary:
            return evaluateUnary(node, out);
        case NodeKind::Binary:
            return evaluateBinary(node, out);
        case NodeKind::Conditional: {
            QJsonValue condition;
            if (!evaluate(*node.children[0], &condition))
                return false;
            return evaluate(*node.children[ExpressionValue::isTruthy(condition) ? 1 : 2], out);
        }
        case NodeKind::Call:
            return evaluateCall(node, out);
        case NodeKind::Array: {
            QJsonArray array;
            for (const auto &child : node.children) {
                QJsonValue item;
                if (!evaluate(*child, &item))
                    return false;
                array.append(item);
            }
            *out = array;
            return true;
        }
        case NodeKind::Object: {
            QJsonObject object;
            for (size_t i = 0; i < node.children.size(); ++i) {
                QJsonValue item;
                if (!evaluate(*node.children[i], &item))
                    return false;
                object.insert(node.keys.at(qsizetype(i)), item);
            }
            *out = object;
            return true;
        }
        }
        return false;
    }

private:
    QString source(const Node &node) const { return m_text.mid(node.position, node.end - node.position); }

    bool fail(const Node &node, const QString &message)
    {
        error = {message, node.position};
        return false;
    }

    // "state.page is missing" for a reference that read nothing, "'1 + x' is null" otherwise.
    QString describeNull(const Node &node) const
    {
        if (!referencePath(node).isEmpty())
            return tr("%1 is missing").arg(source(node));
        return tr("%1 is null").arg(source(node));
    }

    bool evaluateIndex(const Node &node, QJsonValue *out)
    {
        QJsonValue object;
        QJsonValue key;
        if (!evaluate(*node.children[0], &object) || !evaluate(*node.children[1], &key))
            return false;
        *out = QJsonValue::Null;
        if (object.isObject()) {
            if (key.isString())
                *out = object.toObject().value(key.toString());
            if (out->isUndefined())
                *out = QJsonValue::Null;
            return true;
        }
        qint64 index = 0;
        if (!key.isDouble() || !ExpressionValue::toInteger(key, &index))
            return true;
        if (object.isArray()) {
            const QJsonArray array = object.toArray();
            if (index < 0)
                index += array.size();
            if (index >= 0 && index < array.size())
                *out = array.at(index);
        } else if (object.isString()) {
            const QString text = object.toString();
            if (index < 0)
                index += text.size();
            if (index >= 0 && index < text.size())
                *out = QString(text.at(index));
        }
        return true;
    }

    bool evaluateSlice(const Node &node, QJsonValue *out)
    {
        QJsonValue object;
        if (!evaluate(*node.children[0], &object))
            return false;
        qint64 bounds[2] = {0, std::numeric_limits<qint64>::max()};
        for (int i = 0; i < 2; ++i) {
            const Node *child = node.children[size_t(i) + 1].get();
            if (!child)
                continue;
            QJsonValue value;
            if (!evaluate(*child, &value))
                return false;
            if (value.isNull())
                continue;
            if (!ExpressionValue::toInteger(value, &bounds[i]) || value.isString())
                return fail(*child,
                            tr("a slice bound must be an integer, not %1").arg(ExpressionValue::typeName(value)));
        }
        if (object.isArray()) {
            const QJsonArray array = object.toArray();
            const qint64 start = clampIndex(bounds[0], array.size());
            const qint64 end = clampIndex(bounds[1], array.size());
            QJsonArray result;
            for (qint64 i = start; i < end; ++i)
                result.append(array.at(i));
            *out = result;
        } else if (object.isString()) {
            const QString text = object.toString();
            const qint64 start = clampIndex(bounds[0], text.size());
            const qint64 end = clampIndex(bounds[1], text.size());
            *out = end > start ? text.mid(start, end - start) : QString();
        } else {
            *out = QJsonValue::Null;
        }
        return true;
    }

    bool evaluateUnary(const Node &node, QJsonValue *out)
    {
        const Node &operandNode = *node.children[0];
        QJsonValue operand;
        if (!evaluate(operandNode, &operand))
            return false;
        if (node.op == Operator::Not) {
            *out = !ExpressionValue::isTruthy(operand);
            return true;
        }
        if (operand.isNull())
            return fail(operandNode, tr("cannot negate: %1").arg(describeNull(operandNode)));
        if (ExpressionValue::isInteger(operand) && operand.toInteger() != std::numeric_limits<qint64>::min()) {
            *out = -operand.toInteger();
            return true;
        }
        double d = 0;
        if (!ExpressionValue::toDouble(operand, &d) || operand.isBool())
            return fail(operandNode, tr("cannot negate %1").arg(ExpressionValue::typeName(operand)));
        *out = -d;
        return true;
    }

    bool evaluateBinary(const Node &node, QJsonValue *out)
    {
        const Node &leftNode = *node.children[0];
        const Node &rightNode = *node.children[1];
        QJsonValue left;
        if (!evaluate(leftNode, &left))
            return false;
        // && and || stop early and yield booleans.
        if (node.op == Operator::And || node.op == Operator::Or) {
            const bool leftTrue = ExpressionValue::isTruthy(left);
            if (leftTrue == (node.op == Operator::Or)) {
                *out = leftTrue;
                return true;
            }
            QJsonValue right;
            if (!evaluate(rightNode, &right))
                return false;
            *out = ExpressionValue::isTruthy(right);
            return true;
        }
        QJsonValue right;
        if (!evaluate(rightNode, &right))
            return false;
        switch (node.op) {
        case Operator::Equal:
            *out = ExpressionValue::equals(left, right);
            return true;
        case Operator::NotEqual:
            *out = !ExpressionValue::equals(left, right);
            return true;
        case Operator::In:
            return evaluateIn(node, left, right, out);
        case Operator::Less:
        case Operator::LessEqual:
        case Operator::Greater:
        case Operator::GreaterEqual:
            return evaluateComparison(node, left, right, out);
        default:
            return evaluateArithmetic(node, left, right, out);
        }
    }

    bool evaluateIn(const Node &node, const QJsonValue &needle, const QJsonValue &haystack, QJsonValue *out)
    {
        if (haystack.isArray()) {
            const QJsonArray array = haystack.toArray();
            *out = std::any_of(array.begin(), array.end(),
                               [&](const QJsonValue &item) { return ExpressionValue::equals(item, needle); });
        } else if (haystack.isObject()) {
            *out = needle.isString() && haystack.toObject().contains(needle.toString());
        } else if (haystack.isString()) {
            if (needle.isArray() || needle.isObject() || needle.isNull())
                return fail(node, tr("cannot look for %1 in a string").arg(ExpressionValue::typeName(needle)));
            *out = haystack.toString().contains(ExpressionValue::toText(needle));
        } else if (haystack.isNull()) {
            *out = false;
        } else {
            return fail(
                *node.children[1],
                tr("'in' needs an array, an object or a string, not %1").arg(ExpressionValue::typeName(haystack)));
        }
        return true;
    }

    bool evaluateComparison(const Node &node, const QJsonValue &left, const QJsonValue &right, QJsonValue *out)
    {
        const QString op = operatorText(node.op);
        if (left.isNull())
            return fail(*node.children[0], tr("cannot compare with '%1': %2").arg(op, describeNull(*node.children[0])));
        if (right.isNull())
            return fail(*node.children[1], tr("cannot compare with '%1': %2").arg(op, describeNull(*node.children[1])));
        int order = 0;
        if (!ExpressionValue::compare(left, right, &order)) {
            return fail(
                node,
                tr("cannot compare %1 with %2").arg(ExpressionValue::typeName(left), ExpressionValue::typeName(right)));
        }
        switch (node.op) {
        case Operator::Less:
            *out = order < 0;
            break;
        case Operator::LessEqual:
            *out = order <= 0;
            break;
        case Operator::Greater:
            *out = order > 0;
            break;
        default:
            *out = order >= 0;
            break;
        }
        return true;
    }

    bool evaluateArithmetic(const Node &node, const QJsonValue &left, const QJsonValue &right, QJsonValue *out)
    {
        const QString op = operatorText(node.op);
        if (left.isNull())
            return fail(*node.children[0], tr("cannot apply '%1': %2").arg(op, describeNull(*node.children[0])));
        if (right.isNull())
            return fail(*node.children[1], tr("cannot apply '%1': %2").arg(op, describeNull(*node.children[1])));
        if (node.op == Operator::Add) {
            if (left.isString() || right.isString()) {
                if (left.isBool() || right.isBool() || left.isArray() || right.isArray() || left.isObject() ||
                    right.isObject())
                    return typeMismatch(node, left, right);
                *out = QString(ExpressionValue::toText(left) + ExpressionValue::toText(right));
                return true;
            }
            if (left.isArray() && right.isArray()) {
                QJsonArray array = left.toArray();
                for (const QJsonValue &item : right.toArray())
                    array.append(item);
                *out = array;
                return true;
            }
            if (left.isObject() && right.isObject()) {
                QJsonObject object = left.toObject();
                const QJsonObject other = right.toObject();
                for (auto it = other.begin(); it != other.end(); ++it)
                    object.insert(it.key(), it.value());
                *out = object;
                return true;
            }
        }
        const bool leftNumeric = left.isDouble() || left.isString();
        const bool rightNumeric = right.isDouble() || right.isString();
        double x = 0;
        double y = 0;
        if (!leftNumeric || !rightNumeric || !ExpressionValue::toDouble(left, &x) ||
            !ExpressionValue::toDouble(right, &y))
            return typeMismatch(node, left, right);
        qint64 a = 0;
        qint64 b = 0;
        const bool integers = ExpressionValue::toInteger(left, &a) && ExpressionValue::toInteger(right, &b) &&
                              (ExpressionValue::isInteger(left) || left.isString()) &&
                              (ExpressionValue::isInteger(right) || right.isString());
        qint64 r = 0;
        switch (node.op) {
        case Operator::Add:
            if (integers && !__builtin_add_overflow(a, b, &r))
                *out = r;
            else
                *out = x + y;
            return true;
        case Operator::Subtract:
            if (integers && !__builtin_sub_overflow(a, b, &r))
                *out = r;
            else
                *out = x - y;
            return true;
        case Operator::Multiply:
            if (integers && !__builtin_mul_overflow(a, b, &r))
                *out = r;
            else
                *out = x * y;
            return true;
        case Operator::Divide:
            if (y == 0)
                return fail(*node.children[1], tr("division by zero"));
            if (integers && b != -1 && a % b == 0)
                *out = a / b;
            else
                *out = x / y;
            return true;
        case Operator::Modulo:
            if (y == 0)
                return fail(*node.children[1], tr("division by zero"));
            if (integers)
                *out = b == -1 ? 0 : a % b;
            else
                *out = std::fmod(x, y);
            return true;
        default:
            return typeMismatch(node, left, right);
        }
    }

    bool typeMismatch(const Node &node, const QJsonValue &left, const QJsonValue &right)
    {
        return fail(node,
                    tr("cannot apply '%1' to %2 and %3")
                        .arg(operatorText(node.op), ExpressionValue::typeName(left), ExpressionValue::typeName(right)));
    }

    bool evaluateCall(const Node &node, QJsonValue *out)
    {
        // if, coalesce and value only evaluate the arguments they need.
        if (node.name == u"if") {
            QJsonValue condition;
            if (!evaluate(*node.children[0], &condition))
                return false;
            if (ExpressionValue::isTruthy(condition))
                return evaluate(*node.children[1], out);
            if (node.children.size() > 2)
                return evaluate(*node.children[2], out);
            *out = QJsonValue::Null;
            return true;
        }
        if (node.name == u"coalesce" || node.name == u"value") {
            const bool skipEmpty = node.name == u"value";
            for (const auto &child : node.children) {
                if (!evaluate(*child, out))
                    return false;
                if (!out->isNull() && !(skipEmpty && out->isString() && out->toString().isEmpty()))
                    return true;
            }
            return true;
        }
        ExpressionCall call;
        call.text = &m_text;
        call.scope = &m_scope;
        call.node = &node;
        call.arguments.reserve(node.children.size());
        for (const auto &child : node.children) {
            QJsonValue argument;
            if (!evaluate(*child, &argument))
                return false;
            call.arguments.push_back(argument);
        }
        *out = node.function->call(call);
        if (!call.error.isEmpty())
            return fail(node, node.name + u"(): "_s + call.error);
        if (out->isUndefined())
            *out = QJsonValue::Null;
        return true;
    }

    const QString &m_text;
    const ExpressionScope &m_scope;
};

} // namespace

QString referencePath(const Node &node)
{
    switch (node.kind) {
    case NodeKind::Root:
        return node.name;
    case NodeKind::Member: {
        const QString parent = referencePath(*node.children[0]);
        return parent.isEmpty() ? QString() : parent + u'.' + node.name;
    }
    case NodeKind::Index: {
        const Node &key = *node.children[1];
        if (key.kind != NodeKind::Literal || !key.value.isString())
            return {};
        const QString parent = referencePath(*node.children[0]);
        return parent.isEmpty() ? QString() : parent + u'.' + key.value.toString();
    }
    default:
        return {};
    }
}

bool evaluateTree(const QString &text, const ExpressionScope &scope, const Node &root, QJsonValue *result,
                  ExpressionError *error)
{
    Evaluator evaluator(text, scope);
    if (evaluator.evaluate(root, result))
        return true;
    *error = evaluator.error;
    return false;
}

} // namespace Backfill::ExpressionDetail
