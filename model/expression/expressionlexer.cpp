#include "model/expression/expressionlexer.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

bool isIdentifierStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isIdentifierPart(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

bool readString(const QString &text, int *pos, ExpressionLexer::Token *token, ExpressionError *error)
{
    const QChar quote = text.at(*pos);
    const int start = *pos;
    QString decoded;
    int i = start + 1;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == quote) {
            token->type = ExpressionLexer::Type::String;
            token->position = start;
            token->length = i + 1 - start;
            token->text = decoded;
            token->value = decoded;
            *pos = i + 1;
            return true;
        }
        if (c != u'\\') {
            decoded += c;
            ++i;
            continue;
        }
        if (i + 1 >= text.size())
            break;
        const QChar escaped = text.at(i + 1);
        i += 2;
        switch (escaped.unicode()) {
        case 'n':
            decoded += u'\n';
            break;
        case 't':
            decoded += u'\t';
            break;
        case 'r':
            decoded += u'\r';
            break;
        case 'b':
            decoded += u'\b';
            break;
        case 'f':
            decoded += u'\f';
            break;
        case 'u': {
            bool ok = false;
            const ushort code = text.mid(i, 4).toUShort(&ok, 16);
            if (!ok || i + 4 > text.size()) {
                *error = {QCoreApplication::translate("Backfill", "invalid \\u escape in string"), i - 2};
                return false;
            }
            decoded += QChar(code);
            i += 4;
            break;
        }
        default: // \" \' \\ \/ and anything else stand for themselves
            decoded += escaped;
            break;
        }
    }
    *error = {QCoreApplication::translate("Backfill", "unterminated string"), start};
    return false;
}

void readNumber(const QString &text, int *pos, ExpressionLexer::Token *token)
{
    const int start = *pos;
    int i = start;
    bool isDouble = false;
    while (i < text.size() && text.at(i).isDigit())
        ++i;
    if (i + 1 < text.size() && text.at(i) == u'.' && text.at(i + 1).isDigit()) {
        isDouble = true;
        ++i;
        while (i < text.size() && text.at(i).isDigit())
            ++i;
    }
    if (i < text.size() && (text.at(i) == u'e' || text.at(i) == u'E')) {
        int j = i + 1;
        if (j < text.size() && (text.at(j) == u'+' || text.at(j) == u'-'))
            ++j;
        if (j < text.size() && text.at(j).isDigit()) {
            isDouble = true;
            i = j;
            while (i < text.size() && text.at(i).isDigit())
                ++i;
        }
    }
    const QString digits = text.mid(start, i - start);
    token->type = ExpressionLexer::Type::Number;
    token->position = start;
    token->length = i - start;
    token->text = digits;
    bool ok = false;
    const qint64 integer = isDouble ? 0 : digits.toLongLong(&ok);
    token->value = ok ? QJsonValue(integer) : QJsonValue(digits.toDouble());
    *pos = i;
}

} // namespace

bool ExpressionLexer::next(const QString &text, int *position, Token *token, ExpressionError *error)
{
    static const QString twoCharOperators[] = {u"=="_s, u"!="_s, u"<="_s, u">="_s, u"&&"_s, u"||"_s};
    static const QString singleCharOperators = u"+-*/%<>!()[]{},.:?"_s;

    int pos = *position;
    while (pos < text.size() && text.at(pos).isSpace())
        ++pos;
    *token = Token();
    token->position = pos;
    if (pos >= text.size()) {
        *position = pos;
        return true;
    }
    const QChar c = text.at(pos);
    if (c == u'"' || c == u'\'') {
        if (!readString(text, &pos, token, error))
            return false;
    } else if (c.isDigit()) {
        readNumber(text, &pos, token);
    } else if (isIdentifierStart(c)) {
        const int start = pos;
        while (pos < text.size() && isIdentifierPart(text.at(pos)))
            ++pos;
        token->length = pos - start;
        token->text = text.mid(start, pos - start);
        if (token->text == u"true") {
            token->type = Type::True;
            token->value = true;
        } else if (token->text == u"false") {
            token->type = Type::False;
            token->value = false;
        } else if (token->text == u"null" || token->text == u"nil") { // Sling's specs write nil
            token->type = Type::Null;
        } else if (token->text == u"in") {
            token->type = Type::In;
        } else {
            token->type = Type::Identifier;
        }
    } else {
        token->type = Type::Punct;
        const QStringView two = QStringView(text).mid(pos, 2);
        for (const QString &op : twoCharOperators) {
            if (two == op) {
                token->text = op;
                token->length = 2;
                break;
            }
        }
        if (token->length == 0) {
            if (!singleCharOperators.contains(c)) {
                *error = {QCoreApplication::translate("Backfill", "unexpected character '%1'").arg(c), pos};
                return false;
            }
            token->text = QString(c);
            token->length = 1;
        }
        pos += token->length;
    }
    *position = pos;
    return true;
}

} // namespace Backfill
