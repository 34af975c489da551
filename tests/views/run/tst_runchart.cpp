// RunChart: the series get a point per second, the axes grow with the values, the chart follows
// a dark palette, and it saves as PNG.
#include "views/run/runchart.h"

#include <QChartView>
#include <QImage>
#include <QLineSeries>
#include <QScatterSeries>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestRunChart : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsOnePointPerSecond();
    void followsTheDarkPalette();
    void exportsPng();

private:
    static QList<RunSample> samples(int seconds);
};

void TestRunChart::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

QList<RunSample> TestRunChart::samples(int seconds)
{
    QList<RunSample> result;
    for (int s = 0; s < seconds; ++s)
        result.append({s, 1000 * (s + 1), 10, s == 2 ? 3 : 0, s == 3 ? 1 : 0, s});
    return result;
}

void TestRunChart::showsOnePointPerSecond()
{
    RunChart chart;
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QCOMPARE(chart.pointCount(), 0);
    chart.setSamples(samples(5));
    QCOMPARE(chart.pointCount(), 5);
    QChart *qchart = chart.findChild<QChartView *>(u"runChartView"_s)->chart();
    const auto series = [qchart](const QString &name) -> QXYSeries * {
        for (QAbstractSeries *s : qchart->series()) {
            if (s->objectName() == name)
                return qobject_cast<QXYSeries *>(s);
        }
        return nullptr;
    };
    QCOMPARE(series(u"rowsSeries"_s)->at(4), QPointF(4, 5000));
    QCOMPARE(series(u"retriesSeries"_s)->points(), QList<QPointF>{QPointF(2, 3)}); // markers only where some
    QCOMPARE(series(u"rateLimitedSeries"_s)->points(), QList<QPointF>{QPointF(3, 1)});
    QCOMPARE(series(u"doneSeries"_s)->at(4), QPointF(4, 4));
    const auto *rowsAxis = qobject_cast<QValueAxis *>(series(u"rowsSeries"_s)->attachedAxes().at(1));
    QCOMPARE(rowsAxis->max(), 6000.0); // the next round tick above 5000
    QCOMPARE(rowsAxis->tickInterval(), 2000.0);

    chart.setSamples(samples(120)); // the run goes on: the axes rescale
    const auto *timeAxis = qobject_cast<QValueAxis *>(series(u"rowsSeries"_s)->attachedAxes().at(0));
    QCOMPARE(timeAxis->max(), 119.0);
    QCOMPARE(rowsAxis->max(), 150'000.0); // 120,000 rows/s at most
    QCOMPARE(rowsAxis->tickInterval(), 50'000.0);
    QCOMPARE(timeAxis->tickInterval(), 50.0);
}

void TestRunChart::followsTheDarkPalette()
{
    RunChart chart;
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Base, QColor(0x10, 0x10, 0x10));
    dark.setColor(QPalette::Text, Qt::white);
    chart.setPalette(dark);
    QChart *qchart = chart.findChild<QChartView *>(u"runChartView"_s)->chart();
    QCOMPARE(qchart->theme(), QChart::ChartThemeDark);
    QCOMPARE(qchart->legend()->labelColor(), QColor(Qt::white));
    chart.setPalette(QPalette(Qt::white));
    QCOMPARE(qchart->theme(), QChart::ChartThemeLight);
}

void TestRunChart::exportsPng()
{
    QTemporaryDir dir;
    RunChart chart;
    chart.resize(640, 360);
    chart.setSamples(samples(10));
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const QString path = dir.filePath(u"chart.png"_s);
    QVERIFY(chart.exportPng(path));
    const QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 300);
    QString error;
    QVERIFY(!chart.exportPng(dir.filePath(u"missing/folder/chart.png"_s), &error));
    QVERIFY2(error.contains(u"missing/folder/chart.png"_s), qPrintable(error));
}

QTEST_MAIN(TestRunChart)
#include "tst_runchart.moc"
