#include "views/yaml/yamlhighlighter.h"

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

QTextCharFormat charFormat(const QColor &color, bool bold = false, bool italic = false)
{
    QTextCharFormat result;
    result.setForeground(color);
    if (bold)
        result.setFontWeight(QFont::Bold);
    result.setFontItalic(italic);
    return result;
}

} // namespace

YamlHighlighter::YamlHighlighter(QTextDocument *document, bool darkBase)
    : QSyntaxHighlighter(document)
{
    const QColor key = darkBase ? QColor(0x7a, 0xb7, 0xff) : QColor(0x1f, 0x4e, 0x9c);
    const QColor string = darkBase ? QColor(0x9c, 0xd6, 0x8a) : QColor(0x2b, 0x7a, 0x2b);
    const QColor number = darkBase ? QColor(0xe0, 0xa8, 0x6a) : QColor(0xa0, 0x50, 0x00);
    const QColor expression = darkBase ? QColor(0xd8, 0x9c, 0xf0) : QColor(0x80, 0x30, 0xa0);
    const QColor comment = darkBase ? QColor(0x90, 0x90, 0x90) : QColor(0x70, 0x70, 0x70);
    // Later rules win where they overlap: a `#` inside a string is not a comment because the
    // string rule runs after the comment rule.
    m_rules = {
        {QRegularExpression(u"^\\s*(?:-\\s+)?([^\\s:#'\"][^:#]*?|\"[^\"]*\"|'[^']*'):(?=\\s|$)"_s),
         charFormat(key, true), 1},
        {QRegularExpression(u"(?<=[:\\-\\[,]\\s)(-?\\d+(?:\\.\\d+)?|true|false|null)\\s*(?=$|[,\\]#])"_s),
         charFormat(number), 1},
        {QRegularExpression(u"(?:^|\\s)(#.*)$"_s), charFormat(comment, false, true), 1},
        {QRegularExpression(u"\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'"_s), charFormat(string), 0},
        {QRegularExpression(u"\\{[^{}]*\\}"_s), charFormat(expression), 0},
    };
}

void YamlHighlighter::highlightBlock(const QString &text)
{
    for (const Rule &rule : std::as_const(m_rules)) {
        for (auto it = rule.pattern.globalMatch(text); it.hasNext();) {
            const auto match = it.next();
            setFormat(int(match.capturedStart(rule.group)), int(match.capturedLength(rule.group)), rule.format);
        }
    }
}

} // namespace Backfill
