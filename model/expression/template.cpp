#include "model/expression/expression.h"

#include "model/expression/expressionfunctions.h"
#include "model/expression/expressionparser.h"
#include "model/expression/expressionvalue.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

#include <vector>

using namespace Qt::StringLiterals;

namespace Backfill {

struct Template::Part
{
    QString literal;       // text kept as is, when not an expression
    Expression expression; // the `{...}` contents, when valid
    int offset = 0;        // of the opening brace in the template text
    bool isExpression = false;
};

namespace {

// Offset of the brace closing the one at `open`, skipping quoted strings; -1 when there is none. Every brace
// met on the way gets its own match recorded in `known`: scanning from it would classify the text the same
// way, so texts with many braces (JSON, GraphQL) are scanned about once rather than once per brace.
qsizetype matchingBrace(const QString &text, qsizetype open, QHash<qsizetype, qsizetype> *known)
{
    if (const auto it = known->constFind(open); it != known->constEnd())
        return it.value();
    const QChar *data = text.constData();
    const qsizetype size = text.size();
    std::vector<qsizetype> stack;
    for (qsizetype i = open; i < size; ++i) {
        const QChar c = data[i];
        if (c == u'"' || c == u'\'') {
            for (++i; i < size && data[i] != c; ++i) {
                if (data[i] == u'\\')
                    ++i;
            }
            if (i >= size)
                break;
        } else if (c == u'{') {
            stack.push_back(i);
        } else if (c == u'}') {
            known->insert(stack.back(), i);
            stack.pop_back();
            if (stack.empty())
                return i;
        }
    }
    for (const qsizetype unmatched : stack)
        known->insert(unmatched, -1);
    return -1;
}

// Whether braces that fail to parse were meant as an expression (and so deserve an error) rather than JSON or
// GraphQL text: they start with a root or function name used as such, e.g. "state.x +" or "date_add(".
bool looksLikeExpression(const QString &inner)
{
    static const QRegularExpression start(uR"(^\s*([A-Za-z_][A-Za-z0-9_]*)\s*([.\[(]|$))"_s);
    const QRegularExpressionMatch match = start.match(inner);
    if (!match.hasMatch())
        return false;
    const QString name = match.captured(1);
    const QString next = match.captured(2);
    if (next == u"(") {
        if (ExpressionFunctions::find(name))
            return true;
        // A misspelt function, unless it reads like a GraphQL field with arguments or a selection:
        // `user(id: 1) { name }`.
        static const QRegularExpression strings(uR"("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"_s);
        QString bare = inner;
        bare.remove(strings);
        return !bare.contains(u':') && !bare.contains(u'{') && !bare.contains(u'}');
    }
    return ExpressionParser::rootNames().contains(name);
}

} // namespace

Template::Template() = default;

Template Template::parse(const QString &text)
{
    Template result;
    result.m_text = text;
    auto parts = std::make_shared<std::vector<Part>>();
    QString literal;
    auto flush = [&](int offset) {
        if (literal.isEmpty())
            return;
        Part part;
        part.literal = literal;
        part.offset = offset - int(literal.size());
        parts->push_back(std::move(part));
        literal.clear();
    };
    QHash<qsizetype, qsizetype> knownMatches;
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == u'{') {
            const qsizetype close = matchingBrace(text, i, &knownMatches);
            if (close > i) {
                const QString inner = text.mid(i + 1, close - i - 1);
                Expression expression = Expression::parse(inner);
                if (expression.isValid() && !expression.isConstant()) {
                    flush(int(i));
                    Part part;
                    part.expression = std::move(expression);
                    part.offset = int(i);
                    part.isExpression = true;
                    parts->push_back(std::move(part));
                    i = close + 1;
                    continue;
                }
                if (!expression.isValid() && looksLikeExpression(inner)) {
                    result.m_error = expression.error();
                    result.m_error.position = int(i) + 1 + std::max(0, expression.error().position);
                    return result;
                }
            }
        }
        literal += c;
        ++i;
    }
    flush(int(text.size()));
    result.m_parts = std::move(parts);
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
    if (!m_parts)
        return true;
    return std::none_of(m_parts->begin(), m_parts->end(), [](const Part &part) { return part.isExpression; });
}

QString Template::render(const ExpressionScope &scope, ExpressionError *error) const
{
    if (!m_parts) {
        if (error)
            *error = m_error;
        return {};
    }
    QString out;
    for (const Part &part : *m_parts) {
        if (!part.isExpression) {
            out += part.literal;
            continue;
        }
        ExpressionError partError;
        const QJsonValue value = part.expression.evaluate(scope, &partError);
        if (!partError.message.isEmpty()) {
            if (error) {
                *error = partError;
                error->position = part.offset + 1 + std::max(0, partError.position);
            }
            return {};
        }
        out += ExpressionValue::toText(value);
    }
    if (error)
        *error = {};
    return out;
}

QJsonValue Template::evaluate(const ExpressionScope &scope, ExpressionError *error) const
{
    if (m_parts) {
        // One `{expr}`, possibly surrounded by the whitespace YAML block scalars leave, keeps its type.
        const Part *single = nullptr;
        bool onlyOne = true;
        for (const Part &part : *m_parts) {
            if (!part.isExpression && part.literal.trimmed().isEmpty())
                continue;
            if (!part.isExpression || single) {
                onlyOne = false;
                break;
            }
            single = &part;
        }
        if (onlyOne && single) {
            ExpressionError partError;
            const QJsonValue value = single->expression.evaluate(scope, &partError);
            if (error) {
                *error = partError;
                if (!partError.message.isEmpty())
                    error->position = single->offset + 1 + std::max(0, partError.position);
            }
            return value;
        }
    }
    ExpressionError renderError;
    const QString rendered = render(scope, &renderError);
    if (error)
        *error = renderError;
    if (!renderError.message.isEmpty())
        return QJsonValue::Null;
    return rendered;
}

QStringList Template::references() const
{
    QStringList paths;
    if (!m_parts)
        return paths;
    for (const Part &part : *m_parts) {
        if (!part.isExpression)
            continue;
        for (const QString &path : part.expression.references()) {
            if (!paths.contains(path))
                paths.append(path);
        }
    }
    return paths;
}

} // namespace Backfill
