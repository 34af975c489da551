#include "model/jmespath.h"

#include <QCoreApplication>

// Placeholder until the JMESPath implementation lands: every expression fails to compile.
namespace Backfill {

namespace JmesPathDetail {
struct Node
{};
} // namespace JmesPathDetail

JmesPath::JmesPath() = default;

JmesPath JmesPath::compile(const QString &expression)
{
    JmesPath path;
    path.m_expression = expression;
    path.m_error = {ErrorKind::Syntax, QCoreApplication::translate("Backfill", "JMESPath is not implemented yet"), 0};
    return path;
}

bool JmesPath::isValid() const
{
    return m_root != nullptr;
}

const JmesPath::Error &JmesPath::error() const
{
    return m_error;
}

const QString &JmesPath::expression() const
{
    return m_expression;
}

QJsonValue JmesPath::search(const QJsonValue &, Error *error) const
{
    if (error)
        *error = m_error;
    return {};
}

} // namespace Backfill
