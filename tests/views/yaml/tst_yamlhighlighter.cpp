// Which parts of a YAML line get which colour.
#include "views/yaml/yamlhighlighter.h"

#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestYamlHighlighter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void colours_data();
    void colours();
};

namespace {

// The foreground of the character at `position`, or an invalid colour when it has none.
QColor colourAt(const QTextDocument &document, int position)
{
    const QTextBlock block = document.findBlock(position);
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        const int offset = position - block.position();
        if (offset >= range.start && offset < range.start + range.length)
            return range.format.foreground().color();
    }
    return {};
}

} // namespace

void TestYamlHighlighter::colours_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("same");      // a substring coloured like...
    QTest::addColumn<QString>("reference"); // ...this one
    QTest::addColumn<QString>("different"); // and not like this one ("" for uncoloured)
    QTest::addRow("key vs value") << u"name: Analytics API"_s << u"name"_s << u"name"_s << u"Analytics"_s;
    QTest::addRow("list item key") << u"  - expression: state.date"_s << u"expression"_s << u"expression"_s
                                   << u"state.date"_s;
    QTest::addRow("template in string") << u"url: \"{state.base_url}/x\""_s << u"{state.base_url}"_s
                                        << u"{state.base_url}"_s << u"/x"_s;
    QTest::addRow("comment") << u"mode: incremental  # upsert"_s << u"# upsert"_s << u"# upsert"_s << u"incremental"_s;
    QTest::addRow("hash in string is no comment") << u"a: \"x # y\""_s << u"# y"_s << u"\"x"_s << u"a"_s;
    QTest::addRow("number") << u"concurrency: 5"_s << u"5"_s << u"5"_s << u"concurrency"_s;
}

void TestYamlHighlighter::colours()
{
    QFETCH(QString, text);
    QFETCH(QString, same);
    QFETCH(QString, reference);
    QFETCH(QString, different);
    QTextDocument document(text);
    YamlHighlighter highlighter(&document, false);
    highlighter.rehighlight();
    const QColor colour = colourAt(document, int(text.indexOf(same)));
    QVERIFY(colour.isValid());
    QCOMPARE(colour, colourAt(document, int(text.indexOf(reference))));
    QVERIFY(colourAt(document, int(text.indexOf(different))) != colour);
}

QTEST_MAIN(TestYamlHighlighter)
#include "tst_yamlhighlighter.moc"
