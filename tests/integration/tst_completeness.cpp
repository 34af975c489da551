// Completeness checks end to end: `backfill run` of the demo's daily events (where about one
// day in thirty has none), then `backfill check` and `backfill status`, against what the demo
// API itself answers for each day.
#include "tests/integration/backfillclifixture.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCompleteness : public BackfillCliFixture
{
    Q_OBJECT

private slots:
    void checkNamesTheEmptyDaysBetweenDaysWithRows();
};

void TestCompleteness::checkNamesTheEmptyDaysBetweenDaysWithRows()
{
    const QString db = path(u"checks.sqlite"_s);
    const QDate first(2024, 1, 1);
    const QDate last(2024, 4, 30);
    // The demo's own answer for each day: the empty ones between days with events are the gaps.
    QStringList expected;
    QList<qint64> perDay;
    for (QDate day = first; day <= last; day = day.addDays(1))
        perDay.append(eventsOn(day.toString(Qt::ISODate)));
    for (qsizetype i = 1; i + 1 < perDay.size(); ++i) {
        const bool before = std::any_of(perDay.cbegin(), perDay.cbegin() + i, [](qint64 n) { return n > 0; });
        const bool after = std::any_of(perDay.cbegin() + i + 1, perDay.cend(), [](qint64 n) { return n > 0; });
        if (perDay.at(i) == 0 && before && after)
            expected.append(first.addDays(i).toString(Qt::ISODate));
    }
    QVERIFY2(!expected.isEmpty(), "the demo has an empty day in these four months");

    const QString range = first.toString(Qt::ISODate) + u',' + last.toString(Qt::ISODate);
    const Result run = backfill({u"run"_s, m_analytics, u"--range"_s, range, u"--db"_s, db, u"--secrets"_s, m_secrets});
    QVERIFY2(run.exitCode == 0, run.describe());

    const Result check = backfill({u"check"_s, u"--db"_s, db, u"--json"_s});
    QCOMPARE(check.exitCode, 1); // something is flagged
    const QJsonObject report = QJsonDocument::fromJson(check.out).object();
    QStringList gaps;
    for (const QJsonValue &endpoint : report.value(u"endpoints"_s).toArray()) {
        for (const QJsonValue &flag : endpoint.toObject().value(u"flagged"_s).toArray()) {
            const QJsonObject item = flag.toObject();
            if (item.value(u"check"_s).toString() == u"empty_gap"_s)
                gaps.append(item.value(u"key"_s).toString());
            else // the demo's days hold 20 to 80 events: none is thin or swollen by the defaults
                QFAIL(qPrintable(u"unexpected flag: "_s + QString::fromUtf8(QJsonDocument(item).toJson())));
        }
    }
    QCOMPARE(gaps, expected);

    // The text form names each flagged day with its reason; status lists them under the endpoint.
    const Result text = backfill({u"check"_s, u"--db"_s, db});
    QCOMPARE(text.exitCode, 1);
    QVERIFY2(text.outText().contains(u"%1 of 121 partitions flagged"_s.arg(expected.size())), text.describe());
    QVERIFY2(text.outText().contains(expected.constFirst() + u"  no rows, between partitions with rows"_s),
             text.describe());
    const Result status = backfill({u"status"_s, u"--db"_s, db});
    QVERIFY2(status.outText().contains(u"Flagged (`backfill check` exits 1 on these):"_s), status.describe());

    // Limited to a day that is not flagged (the first, which nothing precedes), check passes.
    const Result narrow = backfill({u"check"_s, u"--db"_s, db, u"--range"_s, first.toString(Qt::ISODate)});
    QVERIFY2(narrow.exitCode == 0, narrow.describe());
    QVERIFY2(narrow.outText().contains(u"1 partitions checked, none flagged"_s), narrow.describe());
    // A misspelt endpoint is an error, not a pass.
    const Result unknown = backfill({u"check"_s, u"--db"_s, db, u"--endpoint"_s, u"daily_event"_s});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.errText().contains(u"the workspace has no endpoint \"daily_event\""_s), unknown.describe());
}

QTEST_GUILESS_MAIN(TestCompleteness)
#include "tst_completeness.moc"
