#include "views/run/runpanel.h"

#include "model/core/durationtext.h"
#include "model/itemmodels/liverunpartitionmodel.h"
#include "network/engine/runsummarytext.h"
#include "views/run/logview.h"
#include "views/run/runchart.h"
#include "views/run/runcontroller.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

RunPanel::RunPanel(RunController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_partitions(new LiveRunPartitionModel(this))
    , m_progress(new QProgressBar(this))
    , m_eta(new QLabel(this))
    , m_rates(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_pause(new QPushButton(tr("&Pause"), this))
    , m_resume(new QPushButton(tr("Res&ume"), this))
    , m_cancel(new QPushButton(tr("Ca&ncel"), this))
    , m_retryFailed(new QPushButton(tr("Retry &Failed"), this))
    , m_order(new QComboBox(this))
    , m_table(new QTableView(this))
    , m_chart(new RunChart(this))
    , m_log(new LogView(this))
{
    setObjectName(u"runPanel"_s);
    m_progress->setObjectName(u"runProgress"_s);
    m_progress->setAccessibleName(tr("Partitions done"));
    m_progress->setFormat(tr("%v of %m partitions"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_eta->setObjectName(u"runEta"_s);
    m_rates->setObjectName(u"runRates"_s);
    m_summary->setObjectName(u"runSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("No run yet: select an endpoint and choose Run."));
    m_pause->setObjectName(u"pauseButton"_s);
    m_pause->setToolTip(tr("Requests in flight finish; nothing new starts until Resume."));
    m_resume->setObjectName(u"resumeButton"_s);
    m_cancel->setObjectName(u"cancelButton"_s);
    m_cancel->setToolTip(tr("Stops the run; what was fetched is kept and unfinished partitions resume later."));
    m_retryFailed->setObjectName(u"retryFailedButton"_s);
    m_retryFailed->setToolTip(tr("Runs the partitions that failed in the last run again."));
    m_order->setObjectName(u"runOrder"_s);
    m_order->setAccessibleName(tr("Order"));
    m_order->addItem(tr("Oldest first"), int(PartitionLedger::Order::Oldest));
    m_order->addItem(tr("Newest first"), int(PartitionLedger::Order::Newest));
    m_order->addItem(tr("Failed first"), int(PartitionLedger::Order::FailedFirst));
    m_order->setCurrentIndex(m_order->findData(int(m_controller->order())));
    connect(m_order, &QComboBox::currentIndexChanged, this,
            [this] { m_controller->setOrder(PartitionLedger::Order(m_order->currentData().toInt())); });
    m_chart->setObjectName(u"runChart"_s);
    m_log->setObjectName(u"runLog"_s);

    m_table->setObjectName(u"runPartitions"_s);
    m_table->setAccessibleName(tr("Partitions of the run"));
    m_table->setModel(m_partitions);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->horizontalHeader()->setStretchLastSection(true);

    connect(m_pause, &QPushButton::clicked, m_controller, &RunController::pause);
    connect(m_resume, &QPushButton::clicked, m_controller, &RunController::resume);
    connect(m_cancel, &QPushButton::clicked, m_controller, &RunController::cancel);
    connect(m_retryFailed, &QPushButton::clicked, this, &RunPanel::retryFailed);
    connect(m_controller, &RunController::started, this, &RunPanel::onStarted);
    connect(m_controller, &RunController::event, this, &RunPanel::onEvent);
    connect(m_controller, &RunController::partitionChanged, this, &RunPanel::onPartitionChanged);
    connect(m_controller, &RunController::finished, this, &RunPanel::onFinished);
    connect(m_controller, &RunController::pausedChanged, this, &RunPanel::updateButtons);
    m_refresh.setInterval(1000 / RefreshesPerSecond);
    connect(&m_refresh, &QTimer::timeout, this, &RunPanel::refresh);

    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_eta);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_pause);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_retryFailed);
    buttons->addStretch();
    auto *orderLabel = new QLabel(tr("&Order:"), this);
    orderLabel->setBuddy(m_order);
    buttons->addWidget(orderLabel);
    buttons->addWidget(m_order);
    auto *details = new QTabWidget(this);
    details->setObjectName(u"runDetails"_s);
    details->addTab(m_chart, tr("C&hart"));
    details->addTab(m_log, tr("&Log"));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(details);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(progressRow);
    layout->addWidget(m_rates);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    updateButtons();
}

void RunPanel::onStarted(const QString &endpoint, int partitions)
{
    m_pendingEvents.clear();
    m_pendingRecords.clear();
    m_statistics.start(partitions);
    m_partitions->clear();
    m_log->clear();
    m_chart->clear();
    m_chart->setPartitionCount(partitions);
    m_progress->setRange(0, std::max(1, partitions));
    m_progress->setValue(0);
    m_summary->setText(tr("Running %1 partitions of %2...").arg(partitions).arg(endpoint));
    m_refresh.start();
    refresh();
}

void RunPanel::onEvent(const EngineEvent &event)
{
    m_statistics.addEvent(event); // a few increments; the display waits for refresh()
    m_pendingEvents.append(event);
}

void RunPanel::onPartitionChanged(const QString &endpoint, const PartitionRecord &record)
{
    m_pendingRecords.append({endpoint, record});
}

void RunPanel::refresh()
{
    if (!m_pendingEvents.isEmpty()) {
        m_partitions->applyEvents(m_pendingEvents);
        m_log->append(m_pendingEvents);
        m_pendingEvents.clear();
    }
    if (!m_pendingRecords.isEmpty()) {
        m_partitions->applyRecords(m_pendingRecords);
        m_pendingRecords.clear();
    }
    // While running, rates over the last seconds; once done, the run's averages.
    const bool running = m_controller->isRunning();
    if (running)
        m_statistics.advance();
    // The chart has a point per whole second: the second under way would show a false drop,
    // and repainting between two seconds shows nothing new.
    QList<RunSample> samples = m_statistics.samples();
    if (running && !samples.isEmpty())
        samples.removeLast();
    if (samples.size() != m_chart->pointCount() || !running)
        m_chart->setSamples(samples);
    m_progress->setValue(m_statistics.done());
    const auto eta = m_statistics.etaMs();
    if (m_controller->isPaused())
        m_eta->setText(tr("paused"));
    else if (running && m_statistics.finishing())
        m_eta->setText(tr("writing the last rows and indexes..."));
    else
        m_eta->setText(eta ? tr("ETA %1").arg(durationText(*eta)) : tr("ETA --"));
    m_rates->setText(
        tr("%1 rows, %2 rows/s, %3 requests/s, %4 retries, %5 answers 429, %6 failed, %7 elapsed")
            .arg(m_statistics.rows())
            .arg(running ? m_statistics.recentRowsPerSecond() : m_statistics.rowsPerSecond(), 0, 'f', 0)
            .arg(running ? m_statistics.recentRequestsPerSecond() : m_statistics.requestsPerSecond(), 0, 'f', 1)
            .arg(m_statistics.retries())
            .arg(m_statistics.rateLimited())
            .arg(m_statistics.failed())
            .arg(durationText(m_statistics.elapsedMs())));
    updateButtons();
}

void RunPanel::onFinished(const RunSummary &summary)
{
    m_refresh.stop();
    refresh(); // the last events and records
    QString text = runSummaryText(summary, runOutcomeName(summary.outcome)) + u'.';
    if (summary.rateLimited > 0)
        text += u' ' + tr("%n answer(s) 429 (rate limited).", nullptr, summary.rateLimited);
    if (summary.counts.failed > 0)
        text += u' ' + tr("Retry Failed runs the failed partitions again.");
    if (!summary.error.isEmpty())
        text += u' ' + tr("Stopped: %1").arg(summary.error);
    m_summary->setText(text);
    m_eta->setText(tr("done"));
    updateButtons();
}

void RunPanel::updateButtons()
{
    const bool running = m_controller->isRunning();
    const bool paused = m_controller->isPaused();
    m_pause->setEnabled(running && !paused);
    m_resume->setEnabled(running && paused);
    m_cancel->setEnabled(running);
    m_retryFailed->setEnabled(!running && !m_controller->failedPartitions().isEmpty());
}

void RunPanel::retryFailed()
{
    QString error;
    if (!m_controller->retryFailed(&error))
        QMessageBox::warning(this, tr("Retry Failed"), error);
}

} // namespace Backfill
