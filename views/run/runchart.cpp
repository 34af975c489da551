#include "views/run/runchart.h"

#include <QChartView>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// A round step (1, 2, 2.5 or 5 x 10^n, at least 1) that splits `value` into about 4 parts.
double niceStep(double value)
{
    const double rough = value / 4;
    if (rough <= 1)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    for (const double step : {1.0, 2.0, 2.5, 5.0}) {
        if (rough <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}

// Ticks at whole multiples of a round step from 0, so the labels stay readable as values grow;
// the axis ends at `max`, or at the next tick above `value` when `max` is 0.
void setRoundRange(QValueAxis *axis, double value, double max = 0)
{
    const double step = niceStep(std::max(value, max));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(0, max > 0 ? max : std::max(step, std::ceil(value / step) * step));
}

} // namespace

RunChart::RunChart(QWidget *parent)
    : QWidget(parent)
    , m_view(new QChartView(this))
    , m_chart(new QChart)
    , m_rows(new QLineSeries(m_chart))
    , m_requests(new QLineSeries(m_chart))
    , m_retries(new QScatterSeries(m_chart))
    , m_rateLimited(new QScatterSeries(m_chart))
    , m_done(new QLineSeries(m_chart))
    , m_time(new QValueAxis(m_chart))
    , m_rowsAxis(new QValueAxis(m_chart))
    , m_requestsAxis(new QValueAxis(m_chart))
    , m_doneAxis(new QValueAxis(m_chart))
{
    m_view->setObjectName(u"runChartView"_s);
    m_view->setChart(m_chart);
    // Without antialiasing a repaint of the whole chart costs ~8 ms instead of ~18 ms on the GUI thread.
    m_view->setRenderHint(QPainter::Antialiasing, false);
    m_view->setMinimumHeight(150); // short enough to leave the test results dock its room
    m_view->setAccessibleName(tr("Run chart"));

    m_rows->setObjectName(u"rowsSeries"_s);
    m_rows->setName(tr("rows/s"));
    m_requests->setObjectName(u"requestsSeries"_s);
    m_requests->setName(tr("requests/s"));
    m_retries->setObjectName(u"retriesSeries"_s);
    m_retries->setName(tr("retries"));
    m_retries->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_retries->setMarkerSize(8);
    m_rateLimited->setObjectName(u"rateLimitedSeries"_s);
    m_rateLimited->setName(tr("429s"));
    m_rateLimited->setMarkerSize(10);
    m_done->setObjectName(u"doneSeries"_s);
    m_done->setName(tr("partitions done"));

    m_time->setTitleText(tr("seconds"));
    m_time->setLabelFormat(u"%d"_s);
    m_rowsAxis->setTitleText(tr("rows/s"));
    m_rowsAxis->setLabelFormat(u"%d"_s);
    m_requestsAxis->setTitleText(tr("requests/s, retries, 429s"));
    m_requestsAxis->setLabelFormat(u"%d"_s);
    m_doneAxis->setTitleText(tr("partitions done"));
    m_doneAxis->setLabelFormat(u"%d"_s);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_rowsAxis, Qt::AlignLeft);
    m_chart->addAxis(m_requestsAxis, Qt::AlignRight);
    m_chart->addAxis(m_doneAxis, Qt::AlignRight);
    const auto attach = [this](QAbstractSeries *series, QValueAxis *axis) {
        m_chart->addSeries(series);
        series->attachAxis(m_time);
        series->attachAxis(axis);
    };
    attach(m_rows, m_rowsAxis);
    attach(m_requests, m_requestsAxis);
    attach(m_retries, m_requestsAxis);
    attach(m_rateLimited, m_requestsAxis);
    attach(m_done, m_doneAxis);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));

    auto *exportButton = new QPushButton(tr("Export PNG..."), this);
    exportButton->setObjectName(u"exportChartButton"_s);
    connect(exportButton, &QPushButton::clicked, this, &RunChart::exportDialog);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    clear();
    applyPalette();
}

void RunChart::clear()
{
    setSamples({});
}

void RunChart::setSamples(const QList<RunSample> &samples)
{
    QList<QPointF> rows, requests, retries, rateLimited, done;
    rows.reserve(samples.size());
    requests.reserve(samples.size());
    done.reserve(samples.size());
    double rowsMax = 0;
    double requestsMax = 0;
    for (const RunSample &sample : samples) {
        const double x = sample.second;
        rows.append({x, double(sample.rows)});
        requests.append({x, double(sample.requests)});
        done.append({x, double(sample.partitionsDone)});
        if (sample.retries > 0)
            retries.append({x, double(sample.retries)});
        if (sample.rateLimited > 0)
            rateLimited.append({x, double(sample.rateLimited)});
        rowsMax = std::max(rowsMax, double(sample.rows));
        requestsMax = std::max({requestsMax, double(sample.requests), double(sample.retries)});
    }
    // replace() repaints once, where append() per point would repaint per point.
    m_rows->replace(rows);
    m_requests->replace(requests);
    m_retries->replace(retries);
    m_rateLimited->replace(rateLimited);
    m_done->replace(done);
    const double seconds = std::max<double>(60, samples.isEmpty() ? 0 : samples.constLast().second);
    setRoundRange(m_time, seconds, seconds);
    // A little headroom, so the highest point never sits on the chart's top edge.
    setRoundRange(m_rowsAxis, rowsMax * 1.05);
    setRoundRange(m_requestsAxis, requestsMax * 1.05);
    const double doneNow = samples.isEmpty() ? 0 : samples.constLast().partitionsDone;
    setRoundRange(m_doneAxis, std::max(doneNow, double(m_partitionCount)));
    // Points of a short run would be lost between the first seconds' lines.
    for (QLineSeries *series : {m_rows, m_requests, m_done})
        series->setPointsVisible(samples.size() <= 60);
}

int RunChart::pointCount() const
{
    return int(m_rows->count());
}

bool RunChart::exportPng(const QString &path, QString *error) const
{
    const QPixmap picture = m_view->grab();
    if (picture.save(path, "PNG"))
        return true;
    if (error)
        *error = tr("Could not write %1").arg(path);
    return false;
}

void RunChart::exportDialog()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Chart"), u"run-chart.png"_s, tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportPng(path, &error))
        QMessageBox::warning(this, tr("Export Chart"), error);
}

void RunChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void RunChart::applyPalette()
{
    // Qt's own dark and light chart themes, picked by the window's palette; a theme resets the
    // series' pens, so the marker shapes stay what tells retries from 429s apart.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (m_chart->theme() != theme || !m_themed) {
        m_themed = true;
        m_chart->setTheme(theme);
        // rows/s and requests/s often move together (fixed page sizes): a wide line under a
        // dashed one keeps both visible.
        QPen dashed = m_requests->pen();
        dashed.setStyle(Qt::DashLine);
        m_requests->setPen(dashed);
        QPen wide = m_rows->pen();
        wide.setWidthF(wide.widthF() + 2);
        m_rows->setPen(wide);
    }
    m_chart->setBackgroundBrush(palette().brush(QPalette::Base));
    m_chart->setTitleBrush(palette().brush(QPalette::Text));
    m_chart->legend()->setLabelColor(palette().color(QPalette::Text));
    for (QValueAxis *axis : {m_time, m_rowsAxis, m_requestsAxis, m_doneAxis}) {
        axis->setLabelsColor(palette().color(QPalette::Text));
        axis->setTitleBrush(palette().brush(QPalette::Text));
    }
}

} // namespace Backfill
