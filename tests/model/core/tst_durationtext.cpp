#include "model/core/durationtext.h"

#include <QLocale>
#include <QTest>

using namespace Qt::StringLiterals;
using Backfill::parseDuration;

// The one duration text of the project: the run panel, the runner's progress line, the
// partition tables, the calendar's plan and the run history all print it.
class TestDurationText final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void text_data();
    void text();
    void parsesSpecDurations();
};

void TestDurationText::text_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::addRow("not finished") << qint64(-1) << QString();
    QTest::addRow("nothing") << qint64(0) << u"0 ms"_s;
    QTest::addRow("milliseconds") << qint64(250) << u"250 ms"_s;
    QTest::addRow("one second") << qint64(1000) << u"1.0 s"_s;
    QTest::addRow("seconds") << qint64(4200) << u"4.2 s"_s;
    QTest::addRow("just under a minute") << qint64(59'900) << u"59.9 s"_s;
    QTest::addRow("one minute") << qint64(60'000) << u"1 min 00 s"_s;
    QTest::addRow("minutes") << qint64(185'000) << u"3 min 05 s"_s;
    QTest::addRow("two hours") << qint64(7'200'000) << u"2 h 00 min"_s;
    QTest::addRow("hours") << qint64(7'800'000) << u"2 h 10 min"_s;
    QTest::addRow("days") << qint64(90'000'000) << u"25 h 00 min"_s;
}

void TestDurationText::text()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(Backfill::durationText(ms), text);
}

void TestDurationText::parsesSpecDurations()
{
    QCOMPARE(parseDuration(u"0"), std::optional<qint64>(0));
    QCOMPARE(parseDuration(u"90s"), std::optional<qint64>(90'000));
    QCOMPARE(parseDuration(u"2h"), std::optional<qint64>(7'200'000));
    QCOMPARE(parseDuration(u" 1h30m "), std::optional<qint64>(5'400'000));
    QCOMPARE(parseDuration(u"1d"), std::optional<qint64>(86'400'000));
    QCOMPARE(parseDuration(u"1w"), std::optional<qint64>(7 * 86'400'000LL));
    QCOMPARE(parseDuration(u"250ms"), std::optional<qint64>(250));
    for (const QString &bad : {u""_s, u"soon"_s, u"2"_s, u"h2"_s, u"2 h"_s, u"-1h"_s, u"1.5h"_s})
        QVERIFY2(!parseDuration(bad), qPrintable(bad));
}

QTEST_GUILESS_MAIN(TestDurationText)
#include "tst_durationtext.moc"
