#pragma once

#include "model/expression.h"

#include <QJsonValue>
#include <QString>

#include <vector>

namespace Backfill {

// Splits expression text into tokens (numbers, strings, names, operators), each with its offset, so the parser
// can report errors where they are.
class ExpressionLexer final
{
public:
    enum class Type { End, Number, String, Identifier, True, False, Null, In, Punct };

    struct Token
    {
        Type type = Type::End;
        int position = 0;
        int length = 0;
        QString text; // identifier name, punctuation ("==", "(", ...) or the decoded string
        QJsonValue value;
    };

    // Tokenizes `text`; on failure returns false and fills `error`.
    static bool tokenize(const QString &text, std::vector<Token> *tokens, ExpressionError *error);
};

} // namespace Backfill
