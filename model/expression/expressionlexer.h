#pragma once

#include "model/expression/expression.h"

#include <QJsonValue>
#include <QString>

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

    // Reads the token at `*position` (skipping whitespace) and moves past it; at the end of the text yields an
    // End token. On failure returns false and fills `error`. The parser pulls tokens one by one, so text after
    // the first error is never scanned.
    static bool next(const QString &text, int *position, Token *token, ExpressionError *error);
};

} // namespace Backfill
