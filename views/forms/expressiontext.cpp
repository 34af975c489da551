#include "views/forms/expressiontext.h"

namespace Backfill {

QString strippedExpression(const QString &text)
{
    QString out;
    QChar quote;
    bool escaped = false;
    for (const QChar c : text) {
        if (!quote.isNull()) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == u'\\')
                escaped = true;
            else if (c == quote)
                quote = QChar();
        } else if (c == u'"' || c == u'\'') {
            quote = c;
            out += c;
        } else if (!c.isSpace()) {
            out += c;
        }
    }
    return out;
}

} // namespace Backfill
