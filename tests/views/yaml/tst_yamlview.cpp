// The YAML view: follows the document live, applies edited text as one undoable step, and keeps
// text that does not load in edit mode with its problems at their lines.
#include "model/spec/specloader.h"
#include "model/spec/specwriter.h"
#include "views/document/specdocument.h"
#include "views/editor/connectionform.h"
#include "views/yaml/yamlview.h"

#include <QAbstractItemModel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestYamlView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheDocument();
    void editedTextRoundTripsThroughTheForms();
    void textWithErrorsStaysInEditMode();
};

namespace {

ApiSpec seed()
{
    const SpecLoadResult loaded =
        SpecLoader::loadFile(QStringLiteral(BACKFILL_SOURCE_DIR) + u"/resources/examples/analytics_api.yaml"_s);
    if (loaded.hasErrors())
        qFatal("cannot load the seed");
    return loaded.spec;
}

QStringList problems(const YamlView &view)
{
    QStringList lines;
    const QAbstractItemModel *model = view.findChild<QListView *>(u"yamlProblems"_s)->model();
    for (int row = 0; row < model->rowCount(); ++row)
        lines.append(model->index(row, 0).data().toString());
    return lines;
}

} // namespace

void TestYamlView::followsTheDocument()
{
    SpecDocument document(seed(), u"Analytics API"_s);
    YamlView view;
    view.setDocument(&document);
    auto *text = view.findChild<QPlainTextEdit *>(u"yamlText"_s);
    QVERIFY(text->isReadOnly());
    QCOMPARE(text->toPlainText(), QString::fromUtf8(SpecWriter::write(seed())));

    ApiSpec renamed = document.spec();
    renamed.name = u"Events API"_s;
    document.edit(renamed, u"Rename"_s);
    QVERIFY(text->toPlainText().startsWith(u"name: Events API\n"_s));
    QVERIFY(problems(view).isEmpty());
}

void TestYamlView::editedTextRoundTripsThroughTheForms()
{
    SpecDocument document(seed(), u"Analytics API"_s);
    YamlView view;
    ConnectionForm form;
    view.setDocument(&document);
    form.setDocument(&document);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    auto *toggle = view.findChild<QPushButton *>(u"yamlEditToggle"_s);
    auto *text = view.findChild<QPlainTextEdit *>(u"yamlText"_s);
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(view.isEditing());
    QVERIFY(!text->isReadOnly());

    QString yaml = text->toPlainText();
    yaml.replace(u"https://api.analytics.com/v1"_s, u"https://api.analytics.com/v2"_s);
    text->setPlainText(yaml);
    // Nothing changes before the text is applied.
    QCOMPARE(form.findChild<QLineEdit *>(u"baseUrl"_s)->text(), u"https://api.analytics.com/v1"_s);

    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(!view.isEditing());
    QCOMPARE(form.findChild<QLineEdit *>(u"baseUrl"_s)->text(), u"https://api.analytics.com/v2"_s);
    QCOMPARE(document.undoStack()->undoText(), u"Edit YAML"_s);

    document.undoStack()->undo();
    QCOMPARE(form.findChild<QLineEdit *>(u"baseUrl"_s)->text(), u"https://api.analytics.com/v1"_s);
    QVERIFY(text->toPlainText().contains(u"https://api.analytics.com/v1"_s));
    QVERIFY(document.spec() == seed());
}

void TestYamlView::textWithErrorsStaysInEditMode()
{
    SpecDocument document(seed(), u"Analytics API"_s);
    YamlView view;
    view.setDocument(&document);
    view.setEditing(true);
    auto *text = view.findChild<QPlainTextEdit *>(u"yamlText"_s);
    QString yaml = text->toPlainText();
    const QStringList lines = yaml.split(u'\n');
    const int urlLine = int(lines.indexOf(QRegularExpression(u"^\\s+url: .*"_s))) + 1;
    QVERIFY(urlLine > 0);
    yaml.replace(u"    request:\n      url:"_s, u"    request:\n      uri:"_s);
    text->setPlainText(yaml);

    QVERIFY(!view.finishEditing());
    QVERIFY(view.isEditing());
    const QStringList shown = problems(view);
    QVERIFY(!shown.isEmpty());
    const QString expected = u"Line %1, column 7: unknown key \"uri\" in request"_s.arg(urlLine);
    QVERIFY2(std::any_of(shown.cbegin(), shown.cend(), [&](const QString &line) { return line.startsWith(expected); }),
             qPrintable(shown.join(u'\n')));
    QCOMPARE(text->extraSelections().size(), shown.size());
    QVERIFY(document.spec() == seed()); // the document keeps the last spec that loaded
    QCOMPARE(document.undoStack()->count(), 0);
}

QTEST_MAIN(TestYamlView)
#include "tst_yamlview.moc"
