// The warnings the test panel shows after a test read: what a user would miss in the tables.
#include "network/engine/previewwarnings.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestPreviewWarnings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void warns_data();
    void warns();
};

namespace {
PreviewPage page(int number, int status, const QString &url, const QJsonArray &records = {})
{
    PreviewPage page;
    page.page = number;
    page.status = status;
    page.url = url;
    page.records = records;
    return page;
}

PreviewResult resultOf(const QList<PreviewPage> &pages, const QString &error = {})
{
    PreviewResult result;
    result.pages = pages;
    for (const PreviewPage &page : pages) {
        for (const QJsonValue &record : page.records)
            result.records.append(record);
    }
    result.error = error;
    return result;
}
} // namespace

void TestPreviewWarnings::warns_data()
{
    QTest::addColumn<PreviewResult>("result");
    QTest::addColumn<QStringList>("primaryKey");
    QTest::addColumn<QStringList>("expected");

    const QJsonArray two{QJsonObject{{u"id"_s, 1}}, QJsonObject{{u"id"_s, 2}}};
    QTest::addRow("all well") << resultOf({page(1, 200, u"http://h/a?page=1"_s, two)}) << QStringList{u"id"_s}
                              << QStringList();
    QTest::addRow("no pages, no warning") << resultOf({}, u"needs a secret"_s) << QStringList{u"id"_s} << QStringList();
    QTest::addRow("no records") << resultOf({page(1, 200, u"http://h/a"_s)}) << QStringList{u"id"_s}
                                << QStringList{u"No records: check the records path against the response."_s};
    QTest::addRow("not 2xx") << resultOf({page(1, 404, u"http://h/a"_s)}, u"HTTP 404"_s) << QStringList()
                             << QStringList{u"Page 1 answered HTTP 404."_s};
    QTest::addRow("429 then success") << resultOf({page(1, 429, u"http://h/a"_s), page(1, 200, u"http://h/a"_s, two)})
                                      << QStringList{u"id"_s} << QStringList{u"Page 1 answered HTTP 429."_s};
    QTest::addRow("key missing")
        << resultOf({page(1, 200, u"http://h/a"_s,
                          {QJsonObject{{u"id"_s, 1}}, QJsonObject{{u"name"_s, u"x"_s}},
                           QJsonObject{{u"id"_s, QJsonValue::Null}}})})
        << QStringList{u"id"_s}
        << QStringList{u"2 of 3 records have no primary key (id); a run fails the partition at the first of them."_s};
    QTest::addRow("an empty text is a key")
        << resultOf({page(1, 200, u"http://h/a"_s, {QJsonObject{{u"id"_s, u""_s}}, QJsonObject{{u"id"_s, u"b"_s}}})})
        << QStringList{u"id"_s} << QStringList();
    QTest::addRow("key repeats") << resultOf({page(1, 200, u"http://h/a?page=1"_s, two),
                                              page(2, 200, u"http://h/a?page=2"_s,
                                                   {QJsonObject{{u"id"_s, 2}}, QJsonObject{{u"id"_s, 3}}})})
                                 << QStringList{u"id"_s}
                                 << QStringList{u"The primary key (id) repeats: 2 appears more than once."_s};
    QTest::addRow("compound key repeats")
        << resultOf({page(1, 200, u"http://h/a"_s,
                          {QJsonObject{{u"day"_s, u"d1"_s}, {u"n"_s, 1}}, QJsonObject{{u"day"_s, u"d1"_s}, {u"n"_s, 2}},
                           QJsonObject{{u"day"_s, u"d1"_s}, {u"n"_s, 1}}})})
        << QStringList{u"day"_s, u"n"_s}
        << QStringList{u"The primary key (day, n) repeats: d1, 1 appears more than once."_s};
    QTest::addRow("same url twice")
        << resultOf({page(1, 200, u"http://h/a?page=1"_s, two), page(2, 200, u"http://h/a?page=1"_s)}) << QStringList()
        << QStringList{u"Page 2 requested the same URL as page 1: the pagination does not advance."_s};
    PreviewResult stuck = resultOf({page(1, 200, u"http://h/a"_s, two)});
    stuck.pages[0].notAdvancing = true;
    QTest::addRow("next_state does not change")
        << stuck << QStringList()
        << QStringList{u"The pagination does not advance: next_state gave the same state again."_s};
}

void TestPreviewWarnings::warns()
{
    QFETCH(PreviewResult, result);
    QFETCH(QStringList, primaryKey);
    QFETCH(QStringList, expected);
    QCOMPARE(previewWarnings(result, primaryKey), expected);
}

QTEST_GUILESS_MAIN(TestPreviewWarnings)
#include "tst_previewwarnings.moc"
