#pragma once

#include "model/jmespath/jmespath.h"

#include <QJsonValue>
#include <QString>

#include <vector>

namespace Backfill {

// One token of a JMESPath expression, with the offset it starts at.
struct JmesPathToken
{
    enum class Type {
        End,
        UnquotedIdentifier,
        QuotedIdentifier,
        Number,
        Literal, // `json` and 'raw string'; the value is already decoded
        Dot,
        Star,
        Flatten, // []
        Filter,  // [?
        LeftBracket,
        RightBracket,
        LeftBrace,
        RightBrace,
        LeftParen,
        RightParen,
        Comma,
        Colon,
        Pipe,
        Or,
        And,
        Not,
        Equal,
        NotEqual,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Current,
        ExpressionReference,
    };

    Type type = Type::End;
    int position = 0;
    QString text;     // identifiers: the decoded name; others: the source text
    QJsonValue value; // Literal
    qint64 number = 0;
};

// Splits a JMESPath expression into tokens. Literals and quoted identifiers are decoded
// here, so the parser only sees values.
class JmesPathLexer final
{
public:
    explicit JmesPathLexer(const QString &expression);

    // All tokens, ending with an End token; false (with error()) on the first bad character.
    bool tokenize(std::vector<JmesPathToken> *tokens);
    const JmesPath::Error &error() const { return m_error; }

private:
    bool lexQuotedIdentifier(JmesPathToken *token);
    bool lexRawString(JmesPathToken *token);
    bool lexLiteral(JmesPathToken *token);
    bool lexNumber(JmesPathToken *token);
    bool fail(int position, const QString &message);

    QString m_text;
    int m_pos = 0;
    JmesPath::Error m_error;
};

} // namespace Backfill
