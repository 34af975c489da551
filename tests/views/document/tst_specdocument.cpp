// The edited spec: undo steps, merging of typing into one step, dirty state and validation.
#include "views/document/specdocument.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestSpecDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editsUndoAndRedo();
    void typingInOneFieldIsOneStep();
    void tracksUnsavedEdits();
    void reportsProblemsAtTheirLines();
};

namespace {

ApiSpec named(const QString &name)
{
    ApiSpec spec;
    spec.name = name;
    return spec;
}

} // namespace

void TestSpecDocument::editsUndoAndRedo()
{
    SpecDocument document(named(u"A"_s), u"A"_s);
    QSignalSpy changed(&document, &SpecDocument::changed);
    document.edit(named(u"B"_s), u"Rename"_s);
    document.edit(named(u"B"_s), u"Nothing"_s); // equal: no step
    QCOMPARE(document.undoStack()->count(), 1);
    QCOMPARE(document.undoStack()->undoText(), u"Rename"_s);
    QCOMPARE(changed.size(), 1);
    document.undoStack()->undo();
    QCOMPARE(document.spec().name, u"A"_s);
    document.undoStack()->redo();
    QCOMPARE(document.spec().name, u"B"_s);
    QCOMPARE(changed.size(), 3);
}

void TestSpecDocument::typingInOneFieldIsOneStep()
{
    SpecDocument document(named(u"A"_s), u"A"_s);
    document.edit(named(u"Ab"_s), u"Rename"_s, u"name"_s);
    document.edit(named(u"Abc"_s), u"Rename"_s, u"name"_s);
    QCOMPARE(document.undoStack()->count(), 1);
    ApiSpec described = named(u"Abc"_s);
    described.description = u"d"_s;
    document.edit(described, u"Describe"_s, u"description"_s);
    QCOMPARE(document.undoStack()->count(), 2);
    document.edit(named(u"Abc"_s), u"Clear"_s); // no field: never merges
    QCOMPARE(document.undoStack()->count(), 3);
    document.undoStack()->undo();
    document.undoStack()->undo();
    QCOMPARE(document.spec().name, u"Abc"_s);
    document.undoStack()->undo();
    QCOMPARE(document.spec().name, u"A"_s);
}

void TestSpecDocument::tracksUnsavedEdits()
{
    SpecDocument fresh(named(u"New"_s));
    QVERIFY(fresh.isDirty()); // never saved

    SpecDocument document(named(u"A"_s), u"A"_s);
    document.markSaved();
    QVERIFY(!document.isDirty());
    QSignalSpy dirty(&document, &SpecDocument::dirtyChanged);
    document.edit(named(u"B"_s), u"Rename"_s);
    QVERIFY(document.isDirty());
    QCOMPARE(dirty.size(), 1);
    QCOMPARE(dirty.at(0).at(0).toBool(), true);
    document.undoStack()->undo();
    QVERIFY(!document.isDirty());
    QCOMPARE(dirty.size(), 2);
}

void TestSpecDocument::reportsProblemsAtTheirLines()
{
    ApiSpec spec = named(u"Broken"_s);
    Endpoint endpoint;
    endpoint.name = u"items"_s;
    endpoint.request.url = u"{state.base_url}/items"_s;
    endpoint.response.records.jmespath = u"data[]"_s;
    spec.endpoints.append(endpoint);
    SpecDocument document(spec, u"Broken"_s);
    QSignalSpy problems(&document, &SpecDocument::problemsChanged);

    spec.endpoints[0].pagination.stopCondition = u"response.json.page >="_s;
    document.edit(spec, u"Stop"_s);
    QCOMPARE(problems.size(), 0); // validation waits for a pause in the edits
    QTRY_COMPARE(problems.size(), 1);
    const QString yaml = QString::fromUtf8(document.yaml());
    const int stopLine = int(yaml.left(yaml.indexOf(u"stop_condition"_s)).count(u'\n')) + 1;
    bool found = false;
    for (const SpecProblem &problem : document.problems()) {
        if (problem.severity == SpecProblem::Error && problem.line == stopLine)
            found = true;
    }
    QVERIFY2(found, qPrintable(document.problems().value(0).toString() + u"\n"_s + yaml));
}

QTEST_MAIN(TestSpecDocument)
#include "tst_specdocument.moc"
