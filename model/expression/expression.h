#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace Backfill {

namespace ExpressionDetail {
struct Node;
}

// What an expression can see: the root names (state, sync, context, secrets, env, request,
// response, record) and an injected clock for now().
struct ExpressionScope
{
    QHash<QString, QJsonValue> roots;
    std::function<QDateTime()> now; // empty: the system clock, in UTC
};

struct ExpressionError
{
    QString message;
    int position = -1; // 0-based offset in the expression (or template) text; -1 when unknown
};

// A compiled Sling expression (`response.status == 429`, `coalesce(sync.last, "2024-01-01")`):
// parsed once, evaluated many times. Dates are ISO 8601 strings.
class Expression final
{
public:
    Expression();
    // `extraRoots`: names it may read besides the roots of a spec (`value` in filter() and map()).
    static Expression parse(const QString &text, const QStringList &extraRoots = {});

    bool isValid() const;
    const ExpressionError &error() const;
    const QString &text() const;

    // Evaluates against `scope`; on failure returns null and fills `error` (naming the
    // expression and the missing value) when given.
    QJsonValue evaluate(const ExpressionScope &scope, ExpressionError *error = nullptr) const;

    // The dotted paths the expression reads from its roots, e.g. "state.base_url", "sync.last_date".
    QStringList references() const;
    // True when the expression reads no root and calls no function (a literal such as 1 or {"a": 1}).
    bool isConstant() const;

    // How a value renders inside a template: strings as is, null as "", 10999 and 2.5 as numbers without
    // exponent or trailing ".0", arrays and objects as compact JSON.
    static QString toText(const QJsonValue &value);
    // The truth of a value for conditions: null, false, 0, "", [] and {} are false.
    static bool isTruthy(const QJsonValue &value);

private:
    QString m_text;
    ExpressionError m_error;
    std::shared_ptr<const ExpressionDetail::Node> m_root;
};

// A string with `{...}` interpolations ("{state.base_url}/events/{state.date}"). Text outside
// braces is kept as is; a `{...}` that is not an expression (JSON, GraphQL) is kept literally.
class Template final
{
public:
    Template();
    static Template parse(const QString &text);

    bool isValid() const;
    const ExpressionError &error() const;
    const QString &text() const;
    bool isConstant() const; // no interpolation at all

    QString render(const ExpressionScope &scope, ExpressionError *error = nullptr) const;
    // When the whole text is one `{expr}`, the typed value of expr; otherwise render() as a string.
    QJsonValue evaluate(const ExpressionScope &scope, ExpressionError *error = nullptr) const;

    QStringList references() const;

private:
    struct Part;
    QString m_text;
    ExpressionError m_error;
    std::shared_ptr<const std::vector<Part>> m_parts;
};

} // namespace Backfill
