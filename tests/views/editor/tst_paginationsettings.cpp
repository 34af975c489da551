// Every pagination choice generates the spec of its demo example, and reads it back.
#include "model/spec/specloader.h"
#include "tests/support/examplespecs.h"
#include "views/editor/paginationeditor.h"
#include "views/editor/paginationsettings.h"
#include "views/editor/paginationstyle.h"

#include <QComboBox>
#include <QLabel>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

using Kind = PaginationSettings::Kind;

Q_DECLARE_METATYPE(Backfill::PaginationSettings)

class TestPaginationSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generatesTheDemoExamples_data();
    void generatesTheDemoExamples();
    void switchingKindsLeavesNothingBehind();
    void keepsWhatItCannotExpressCustom();
    void everyKindHasOneStyle();
    void saysWhichPagesArePlannable_data();
    void saysWhichPagesArePlannable();
    void editorOffersTheStyles();
};

void TestPaginationSettings::generatesTheDemoExamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("firstUrl");
    QTest::addRow("page number") << u"demo_pagination_page.yaml"_s << int(Kind::PageNumber) << QString();
    QTest::addRow("offset") << u"demo_pagination_offset.yaml"_s << int(Kind::OffsetLimit) << QString();
    QTest::addRow("cursor") << u"demo_pagination_cursor.yaml"_s << int(Kind::Cursor) << QString();
    QTest::addRow("next url") << u"demo_pagination_next_url.yaml"_s << int(Kind::NextUrl)
                              << u"{state.base_url}/paged/next-url?limit=25"_s;
    QTest::addRow("link") << u"demo_pagination_link.yaml"_s << int(Kind::LinkHeader)
                          << u"{state.base_url}/paged/link?per_page=25&page=1"_s;
    QTest::addRow("has more") << u"demo_pagination_has_more.yaml"_s << int(Kind::HasMore) << QString();
}

void TestPaginationSettings::generatesTheDemoExamples()
{
    QFETCH(QString, file);
    QFETCH(int, kind);
    QFETCH(QString, firstUrl);
    const Endpoint example = exampleEndpoint(file);

    // The defaults of each choice are the demo API's names, so choosing it is enough.
    const PaginationSettings defaults = PaginationSettings::defaults(Kind(kind), firstUrl);
    QCOMPARE(PaginationSettings::recognize(example), defaults);

    // From an endpoint without pagination (the URL kinds start from the first page's URL).
    Endpoint endpoint = example;
    PaginationSettings none;
    none.apply(endpoint, defaults);
    QVERIFY(endpoint.pagination.isEmpty());
    QVERIFY(!endpoint.request.url.contains(u"{state.url}"_s));
    defaults.apply(endpoint, PaginationSettings());
    QCOMPARE(endpoint.pagination.nextState, example.pagination.nextState);
    QCOMPARE(endpoint.pagination.stopCondition, example.pagination.stopCondition);
    QCOMPARE(endpoint.state, example.state);
    QCOMPARE(endpoint.request.parameters, example.request.parameters);
    QCOMPARE(endpoint.request.url, example.request.url);
    QVERIFY(endpoint == example);
}

void TestPaginationSettings::switchingKindsLeavesNothingBehind()
{
    Endpoint endpoint = exampleEndpoint(u"demo_pagination_page.yaml"_s);
    const PaginationSettings page = PaginationSettings::recognize(endpoint);
    const PaginationSettings link = PaginationSettings::defaults(Kind::LinkHeader, endpoint.request.url);
    link.apply(endpoint, page);
    QCOMPARE(endpoint.request.url, u"{state.url}"_s);
    QCOMPARE(endpoint.state.size(), 1);
    QCOMPARE(endpoint.state.at(0).value.toString(), u"{state.base_url}/paged/page"_s);
    QVERIFY(endpoint.request.parameters.isEmpty());
    QCOMPARE(PaginationSettings::recognize(endpoint), link);

    PaginationSettings shortPage = PaginationSettings::defaults(Kind::PageNumber);
    shortPage.pageStop = PaginationSettings::PageStop::ShortPage;
    shortPage.pageSize = 100;
    shortPage.apply(endpoint, link);
    QCOMPARE(endpoint.request.url, u"{state.base_url}/paged/page"_s);
    QCOMPARE(endpoint.pagination.stopCondition, u"length(response.records) < state.per_page"_s);
    QCOMPARE(findValue(endpoint.state, u"per_page"_s)->value.toInt(), 100);
    QCOMPARE(PaginationSettings::recognize(endpoint), shortPage);
}

void TestPaginationSettings::keepsWhatItCannotExpressCustom()
{
    Endpoint endpoint = exampleEndpoint(u"demo_pagination_page.yaml"_s);
    endpoint.pagination.stopCondition = u"response.json.page >= 10"_s;
    QCOMPARE(int(PaginationSettings::recognize(endpoint).kind), int(Kind::Custom));
    endpoint.pagination.nextState.append({u"extra"_s, u"{state.page}"_s});
    QCOMPARE(int(PaginationSettings::recognize(endpoint).kind), int(Kind::Custom));
}

void TestPaginationSettings::everyKindHasOneStyle()
{
    QSet<int> kinds;
    for (const PaginationStyle &style : PaginationStyle::all()) {
        QVERIFY2(!kinds.contains(int(style.kind)), style.label);
        kinds.insert(int(style.kind));
        QCOMPARE(PaginationStyle::of(style.kind).kind, style.kind);
        QVERIFY(style.label && *style.label);
    }
    QCOMPARE(kinds.size(), int(Kind::Custom) + 1);
    QCOMPARE(PaginationStyle::all().constFirst().kind, Kind::None);
    QCOMPARE(PaginationStyle::all().constLast().kind, Kind::Custom);
}

void TestPaginationSettings::saysWhichPagesArePlannable_data()
{
    QTest::addColumn<PaginationSettings>("settings");
    QTest::addColumn<QString>("plannedFrom");
    QTest::addRow("page number, total pages") << PaginationSettings::defaults(Kind::PageNumber) << u"total_pages"_s;
    PaginationSettings shortPage = PaginationSettings::defaults(Kind::PageNumber);
    shortPage.pageStop = PaginationSettings::PageStop::ShortPage;
    QTest::addRow("page number, short page") << shortPage << QString();
    QTest::addRow("offset with a total") << PaginationSettings::defaults(Kind::OffsetLimit) << u"total"_s;
    PaginationSettings noTotal = PaginationSettings::defaults(Kind::OffsetLimit);
    noTotal.totalField.clear();
    QTest::addRow("offset without a total") << noTotal << QString();
    for (const Kind kind : {Kind::None, Kind::Cursor, Kind::NextUrl, Kind::LinkHeader, Kind::HasMore, Kind::Custom})
        QTest::addRow("%s", PaginationStyle::of(kind).label) << PaginationSettings::defaults(kind) << QString();
}

void TestPaginationSettings::saysWhichPagesArePlannable()
{
    QFETCH(PaginationSettings, settings);
    QFETCH(QString, plannedFrom);
    QCOMPARE(settings.plannedFrom(), plannedFrom);
}

void TestPaginationSettings::editorOffersTheStyles()
{
    PaginationEditor editor;
    auto *kind = editor.findChild<QComboBox *>(u"paginationKind"_s);
    QVERIFY(kind);
    QCOMPARE(kind->count(), int(PaginationStyle::all().size()));
    QCOMPARE(kind->itemText(1), u"Page number"_s);

    editor.setSettings(PaginationSettings::defaults(Kind::PageNumber), {});
    editor.show();
    auto *hint = editor.findChild<QLabel *>(u"paginationPlanHint"_s);
    QVERIFY(hint);
    QVERIFY2(hint->isVisible() && hint->text().contains(u"in parallel"_s) && hint->text().contains(u"total_pages"_s),
             qPrintable(hint->text()));
    QVERIFY(editor.findChild<QWidget *>(u"paginationTotalField"_s)->isVisible());
    QVERIFY(!editor.findChild<QWidget *>(u"paginationPath"_s)->isVisible());

    editor.setSettings(PaginationSettings::defaults(Kind::Cursor), {});
    QVERIFY2(hint->text().contains(u"one after another"_s), qPrintable(hint->text()));
    QVERIFY(editor.findChild<QWidget *>(u"paginationPath"_s)->isVisible());
    QVERIFY(!editor.findChild<QWidget *>(u"paginationTotalField"_s)->isVisible());

    editor.setSettings(PaginationSettings(), {});
    QVERIFY(!hint->isVisible());
}

QTEST_MAIN(TestPaginationSettings)
#include "tst_paginationsettings.moc"
