#pragma once

#include <QJsonValue>
#include <QString>

#include <memory>

namespace Backfill {

namespace JmesPathDetail {
struct Node;
}

// A compiled JMESPath expression (https://jmespath.org/specification.html): parsed once,
// evaluated per response. Errors carry the JMESPath error kind of the compliance suite.
// Syntax errors, unknown functions, wrong arity and a zero slice step are reported by
// compile(); wrong argument types by search(). Integers stay exact 64-bit integers. JSON
// objects are QJsonObjects, whose members are sorted by key, so `*`, keys() and values()
// list them in key order. A search that would do more than a bounded amount of work (see
// JmesPathInterpreter::budget) fails with InvalidValue instead of exhausting memory.
class JmesPath final
{
public:
    enum class ErrorKind { None, Syntax, UnknownFunction, InvalidArity, InvalidType, InvalidValue };

    struct Error
    {
        ErrorKind kind = ErrorKind::None;
        QString message;
        int position = -1; // 0-based offset in the expression text; -1 for evaluation errors
    };

    JmesPath();
    // Compiles `expression`; on failure isValid() is false and error() says why and where.
    static JmesPath compile(const QString &expression);

    bool isValid() const;
    const Error &error() const;
    const QString &expression() const;

    // Evaluates against `data`. On a runtime error (invalid-type, invalid-value...) returns
    // null and fills `error` when given.
    QJsonValue search(const QJsonValue &data, Error *error = nullptr) const;

private:
    QString m_expression;
    Error m_error;
    std::shared_ptr<const JmesPathDetail::Node> m_root;
};

} // namespace Backfill
