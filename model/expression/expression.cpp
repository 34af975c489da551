// Expression: parsing, evaluating (through expressionevaluator.cpp) and what an expression reads.

#include "model/expression/expression.h"

#include "model/core/translation.h"
#include "model/expression/expressionevaluator.h"
#include "model/expression/expressionnode.h"
#include "model/expression/expressionparser.h"
#include "model/expression/expressionvalue.h"

#include <QCoreApplication>

#include <algorithm>

namespace Backfill {

using ExpressionDetail::Node;
using ExpressionDetail::NodeKind;
using ExpressionDetail::referencePath;

namespace {

void collectReferences(const Node &node, QStringList *paths)
{
    const QString path = referencePath(node);
    if (!path.isEmpty()) {
        if (!paths->contains(path))
            paths->append(path);
        return;
    }
    for (const auto &child : node.children) {
        if (child)
            collectReferences(*child, paths);
    }
}

} // namespace

Expression::Expression() = default;

Expression Expression::parse(const QString &text, const QStringList &extraRoots)
{
    Expression expression;
    expression.m_text = text;
    expression.m_root = ExpressionParser::parse(text, &expression.m_error, extraRoots);
    return expression;
}

bool Expression::isValid() const
{
    return m_root != nullptr;
}

const ExpressionError &Expression::error() const
{
    return m_error;
}

const QString &Expression::text() const
{
    return m_text;
}

QJsonValue Expression::evaluate(const ExpressionScope &scope, ExpressionError *error) const
{
    if (!m_root) {
        if (error)
            *error = m_error.message.isEmpty() ? ExpressionError{tr("empty expression"), 0} : m_error;
        return QJsonValue::Null;
    }
    QJsonValue result;
    ExpressionError failure;
    if (!ExpressionDetail::evaluateTree(m_text, scope, *m_root, &result, &failure)) {
        if (error) {
            *error = failure;
            error->message = tr("%1 (in \"%2\")").arg(failure.message, m_text.trimmed());
        }
        return QJsonValue::Null;
    }
    if (error)
        *error = {};
    return result;
}

QStringList Expression::references() const
{
    QStringList paths;
    if (m_root)
        collectReferences(*m_root, &paths);
    return paths;
}

static bool readsAnything(const Node &node)
{
    if (node.kind == NodeKind::Root || node.kind == NodeKind::Call)
        return true;
    return std::any_of(node.children.begin(), node.children.end(),
                       [](const auto &child) { return child && readsAnything(*child); });
}

bool Expression::isConstant() const
{
    return !m_root || !readsAnything(*m_root);
}

QString Expression::toText(const QJsonValue &value)
{
    return ExpressionValue::toText(value);
}

bool Expression::isTruthy(const QJsonValue &value)
{
    return ExpressionValue::isTruthy(value);
}

} // namespace Backfill