#include "model/expression.h"

#include <QCoreApplication>

// Placeholder until the expression language lands: nothing parses.
namespace Backfill {

namespace ExpressionDetail {
struct Node
{};
} // namespace ExpressionDetail

struct Template::Part
{};

static ExpressionError notImplemented()
{
    return {QCoreApplication::translate("Backfill", "expressions are not implemented yet"), 0};
}

Expression::Expression() = default;

Expression Expression::parse(const QString &text)
{
    Expression expression;
    expression.m_text = text;
    expression.m_error = notImplemented();
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

QJsonValue Expression::evaluate(const ExpressionScope &, ExpressionError *error) const
{
    if (error)
        *error = m_error;
    return {};
}

QStringList Expression::references() const
{
    return {};
}

Template::Template() = default;

Template Template::parse(const QString &text)
{
    Template result;
    result.m_text = text;
    result.m_error = notImplemented();
    return result;
}

bool Template::isValid() const
{
    return m_parts != nullptr;
}

const ExpressionError &Template::error() const
{
    return m_error;
}

const QString &Template::text() const
{
    return m_text;
}

bool Template::isConstant() const
{
    return false;
}

QString Template::render(const ExpressionScope &, ExpressionError *error) const
{
    if (error)
        *error = m_error;
    return {};
}

QJsonValue Template::evaluate(const ExpressionScope &, ExpressionError *error) const
{
    if (error)
        *error = m_error;
    return {};
}

QStringList Template::references() const
{
    return {};
}

} // namespace Backfill
