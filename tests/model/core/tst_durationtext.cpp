#include "model/core/durationtext.h"

#include <QLocale>
#include <QTest>

using namespace Qt::StringLiterals;

// The one duration text of the project: the run panel, the runner's progress line, the
// partition tables, the calendar's plan and the run history all print it.
class TestDurationText final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void text_data();
    void text();
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

QTEST_GUILESS_MAIN(TestDurationText)
#include "tst_durationtext.moc"
