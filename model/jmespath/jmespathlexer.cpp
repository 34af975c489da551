#include "model/jmespath/jmespathlexer.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Backfill {

namespace {

bool isIdentifierStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

bool isIdentifierPart(QChar c)
{
    return isIdentifierStart(c) || (c >= u'0' && c <= u'9');
}

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// QJsonDocument only parses arrays and objects, so a scalar is parsed as the single
// element of an array; the element count rejects texts such as `1, 2`.
bool parseJsonValue(const QString &text, QJsonValue *value)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(QString(u'[' + text + u']').toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray() || document.array().size() != 1)
        return false;
    *value = document.array().at(0);
    return true;
}

} // namespace

JmesPathLexer::JmesPathLexer(const QString &expression)
    : m_text(expression)
{}

bool JmesPathLexer::fail(int position, const QString &message)
{
    m_error = {JmesPath::ErrorKind::Syntax, message, position};
    return false;
}

bool JmesPathLexer::tokenize(std::vector<JmesPathToken> *tokens)
{
    using Type = JmesPathToken::Type;
    const int size = int(m_text.size());
    while (true) {
        while (m_pos < size &&
               (m_text[m_pos] == u' ' || m_text[m_pos] == u'\t' || m_text[m_pos] == u'\n' || m_text[m_pos] == u'\r'))
            ++m_pos;
        JmesPathToken token;
        token.position = m_pos;
        if (m_pos >= size) {
            tokens->push_back(token);
            return true;
        }
        const QChar c = m_text[m_pos];
        const QChar next = m_pos + 1 < size ? m_text[m_pos + 1] : QChar();
        auto simple = [&](Type type, int length) {
            token.type = type;
            token.text = m_text.mid(m_pos, length);
            m_pos += length;
        };
        if (isIdentifierStart(c)) {
            int end = m_pos + 1;
            while (end < size && isIdentifierPart(m_text[end]))
                ++end;
            simple(Type::UnquotedIdentifier, end - m_pos);
        } else if (isDigit(c) || c == u'-') {
            if (!lexNumber(&token))
                return false;
        } else if (c == u'"') {
            if (!lexQuotedIdentifier(&token))
                return false;
        } else if (c == u'\'') {
            if (!lexRawString(&token))
                return false;
        } else if (c == u'`') {
            if (!lexLiteral(&token))
                return false;
        } else if (c == u'[') {
            if (next == u']')
                simple(Type::Flatten, 2);
            else if (next == u'?')
                simple(Type::Filter, 2);
            else
                simple(Type::LeftBracket, 1);
        } else if (c == u'.') {
            simple(Type::Dot, 1);
        } else if (c == u'*') {
            simple(Type::Star, 1);
        } else if (c == u']') {
            simple(Type::RightBracket, 1);
        } else if (c == u'{') {
            simple(Type::LeftBrace, 1);
        } else if (c == u'}') {
            simple(Type::RightBrace, 1);
        } else if (c == u'(') {
            simple(Type::LeftParen, 1);
        } else if (c == u')') {
            simple(Type::RightParen, 1);
        } else if (c == u',') {
            simple(Type::Comma, 1);
        } else if (c == u':') {
            simple(Type::Colon, 1);
        } else if (c == u'@') {
            simple(Type::Current, 1);
        } else if (c == u'|') {
            simple(next == u'|' ? Type::Or : Type::Pipe, next == u'|' ? 2 : 1);
        } else if (c == u'&') {
            simple(next == u'&' ? Type::And : Type::ExpressionReference, next == u'&' ? 2 : 1);
        } else if (c == u'!') {
            simple(next == u'=' ? Type::NotEqual : Type::Not, next == u'=' ? 2 : 1);
        } else if (c == u'<') {
            simple(next == u'=' ? Type::LessOrEqual : Type::Less, next == u'=' ? 2 : 1);
        } else if (c == u'>') {
            simple(next == u'=' ? Type::GreaterOrEqual : Type::Greater, next == u'=' ? 2 : 1);
        } else if (c == u'=') {
            if (next != u'=')
                return fail(m_pos, QCoreApplication::translate("Backfill", "Unexpected '=', did you mean '=='?"));
            simple(Type::Equal, 2);
        } else {
            return fail(m_pos, QCoreApplication::translate("Backfill", "Unexpected character '%1'").arg(c));
        }
        tokens->push_back(token);
    }
}

bool JmesPathLexer::lexNumber(JmesPathToken *token)
{
    int end = m_pos;
    if (m_text[end] == u'-')
        ++end;
    const int digitsStart = end;
    while (end < m_text.size() && isDigit(m_text[end]))
        ++end;
    if (end == digitsStart)
        return fail(m_pos, QCoreApplication::translate("Backfill", "Expected a digit after '-'"));
    bool ok = false;
    token->type = JmesPathToken::Type::Number;
    token->text = m_text.mid(m_pos, end - m_pos);
    token->number = token->text.toLongLong(&ok);
    if (!ok)
        return fail(m_pos, QCoreApplication::translate("Backfill", "Number %1 is out of range").arg(token->text));
    m_pos = end;
    return true;
}

bool JmesPathLexer::lexQuotedIdentifier(JmesPathToken *token)
{
    int end = m_pos + 1;
    while (end < m_text.size() && m_text[end] != u'"')
        end += m_text[end] == u'\\' ? 2 : 1;
    if (end >= m_text.size())
        return fail(m_pos, QCoreApplication::translate("Backfill", "Unterminated quoted identifier"));
    QJsonValue value;
    const QString source = m_text.mid(m_pos, end + 1 - m_pos);
    if (!parseJsonValue(source, &value) || !value.isString())
        return fail(m_pos, QCoreApplication::translate("Backfill", "Invalid quoted identifier %1").arg(source));
    token->type = JmesPathToken::Type::QuotedIdentifier;
    token->text = value.toString();
    m_pos = end + 1;
    return true;
}

bool JmesPathLexer::lexRawString(JmesPathToken *token)
{
    // Only \' is an escape in a raw string; any other backslash is kept as written.
    QString decoded;
    int end = m_pos + 1;
    while (end < m_text.size() && m_text[end] != u'\'') {
        if (m_text[end] == u'\\' && end + 1 < m_text.size() && m_text[end + 1] == u'\'') {
            decoded += u'\'';
            end += 2;
        } else if (m_text[end] == u'\\' && end + 1 < m_text.size()) {
            decoded += m_text[end];
            decoded += m_text[end + 1];
            end += 2;
        } else {
            decoded += m_text[end];
            ++end;
        }
    }
    if (end >= m_text.size())
        return fail(m_pos, QCoreApplication::translate("Backfill", "Unterminated raw string"));
    token->type = JmesPathToken::Type::Literal;
    token->text = m_text.mid(m_pos, end + 1 - m_pos);
    token->value = decoded;
    m_pos = end + 1;
    return true;
}

bool JmesPathLexer::lexLiteral(JmesPathToken *token)
{
    QString json;
    int end = m_pos + 1;
    while (end < m_text.size() && m_text[end] != u'`') {
        if (m_text[end] == u'\\' && end + 1 < m_text.size() && m_text[end + 1] == u'`') {
            json += u'`';
            end += 2;
        } else {
            json += m_text[end];
            ++end;
        }
    }
    if (end >= m_text.size())
        return fail(m_pos, QCoreApplication::translate("Backfill", "Unterminated JSON literal"));
    QJsonValue value;
    if (json.trimmed().isEmpty() || !parseJsonValue(json, &value))
        return fail(m_pos, QCoreApplication::translate("Backfill", "Invalid JSON literal %1").arg(json.trimmed()));
    token->type = JmesPathToken::Type::Literal;
    token->text = m_text.mid(m_pos, end + 1 - m_pos);
    token->value = value;
    m_pos = end + 1;
    return true;
}

} // namespace Backfill
