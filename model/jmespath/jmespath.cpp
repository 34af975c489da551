#include "model/jmespath/jmespath.h"

#include "model/jmespath/jmespathinterpreter.h"
#include "model/jmespath/jmespathnode.h"
#include "model/jmespath/jmespathparser.h"

namespace Backfill {

JmesPath::JmesPath() = default;

JmesPath JmesPath::compile(const QString &expression)
{
    JmesPath path;
    path.m_expression = expression;
    JmesPathParser parser(expression);
    std::unique_ptr<JmesPathDetail::Node> root = parser.parse();
    if (root)
        path.m_root = std::move(root);
    else
        path.m_error = parser.error();
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

QJsonValue JmesPath::search(const QJsonValue &data, Error *error) const
{
    if (!m_root) {
        if (error)
            *error = m_error;
        return {};
    }
    JmesPathInterpreter interpreter;
    const QJsonValue result = interpreter.evaluate(*m_root, data);
    if (error)
        *error = interpreter.error();
    if (interpreter.failed())
        return {};
    // A missing key reads as null, never as undefined.
    return result.isUndefined() ? QJsonValue() : result;
}

} // namespace Backfill
