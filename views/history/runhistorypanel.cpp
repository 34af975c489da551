#include "views/history/runhistorypanel.h"

#include "model/itemmodels/partitionchangemodel.h"
#include "model/itemmodels/pastrunpartitionmodel.h"
#include "model/itemmodels/runeventmodel.h"
#include "model/itemmodels/runtablemodel.h"
#include "model/workspace/partitionledger.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

constexpr int DetailLogLines = 12;   // the partition's last events under its detail
constexpr int DetailExampleKeys = 5; // keys of each kind of change named in the detail

enum Page { HistoryPage, EmptyPage };

QTableView *makeTable(const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString block(const QString &text)
{
    return u"<pre style=\"white-space: pre-wrap\">"_s + escaped(text) + u"</pre>"_s;
}

QString field(const QString &name, const QString &value)
{
    return u"<tr><td style=\"padding-right: 12px\"><b>"_s + escaped(name) + u"</b></td><td>"_s + escaped(value) +
           u"</td></tr>"_s;
}

} // namespace

RunHistoryPanel::RunHistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_partitions(new PastRunPartitionModel(this))
    , m_failedFilter(new QSortFilterProxyModel(this))
    , m_events(new RunEventModel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_runView(makeTable(u"runsView"_s, this))
    , m_runSummary(new QLabel(this))
    , m_failedOnly(new QCheckBox(tr("&Failed only"), this))
    , m_partitionView(makeTable(u"partitionsView"_s, this))
    , m_eventView(makeTable(u"eventsView"_s, this))
    , m_detail(new QTextBrowser(this))
    , m_retry(new QPushButton(tr("&Retry Failed"), this))
    , m_showRows(new QPushButton(tr("Show &Rows"), this))
    , m_showChanges(new QPushButton(tr("Show C&hanges"), this))
{
    setObjectName(u"historyPanel"_s);
    m_runView->setAccessibleName(tr("Runs"));
    m_runSummary->setObjectName(u"runSummary"_s);
    m_runSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runSummary->setWordWrap(true);
    m_failedOnly->setObjectName(u"failedOnlyCheck"_s);
    m_retry->setObjectName(u"retryFailedButton"_s);
    m_retry->setToolTip(tr("Run the failed partitions of this run again; their committed pages are kept"));
    m_showRows->setObjectName(u"showRowsButton"_s);
    m_showRows->setToolTip(tr("Show the rows this partition loaded on the Data tab"));
    m_showChanges->setObjectName(u"showChangesButton"_s);
    m_showChanges->setToolTip(tr("Show what the partition's last pull changed (new, changed and gone rows, before and "
                                 "after) on the Data tab"));
    m_detail->setObjectName(u"partitionDetail"_s);
    m_detail->setAccessibleName(tr("Partition detail"));
    m_detail->setOpenLinks(false);

    m_failedFilter->setSourceModel(m_partitions);
    m_failedFilter->setFilterRole(PastRunPartitionModel::StatusNameRole);
    m_failedFilter->setSortRole(PastRunPartitionModel::SortRole);
    m_partitionView->setModel(m_failedFilter);
    m_partitionView->setSortingEnabled(true);
    m_partitionView->horizontalHeader()->setSortIndicatorClearable(true);
    m_partitionView->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_partitionView->setAccessibleName(tr("Partitions of the run"));
    m_eventView->setModel(m_events);
    m_eventView->setAccessibleName(tr("Log of the run"));

    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(u"runTabs"_s);
    tabs->addTab(m_partitionView, tr("Partitions"));
    tabs->addTab(m_eventView, tr("Log"));

    auto *detailPane = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detail, 1);
    auto *detailButtons = new QHBoxLayout;
    detailButtons->addStretch();
    detailButtons->addWidget(m_showChanges);
    detailButtons->addWidget(m_showRows);
    detailLayout->addLayout(detailButtons);

    auto *runSplitter = new QSplitter(this);
    runSplitter->addWidget(tabs);
    runSplitter->addWidget(detailPane);
    runSplitter->setStretchFactor(0, 3);
    runSplitter->setStretchFactor(1, 2);

    auto *runPane = new QWidget(this);
    auto *runLayout = new QVBoxLayout(runPane);
    runLayout->setContentsMargins(0, 0, 0, 0);
    auto *runBar = new QHBoxLayout;
    runBar->addWidget(m_runSummary, 1);
    runBar->addWidget(m_failedOnly);
    runBar->addWidget(m_retry);
    runLayout->addLayout(runBar);
    runLayout->addWidget(runSplitter, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"historySplitter"_s);
    splitter->addWidget(m_runView);
    splitter->addWidget(runPane);
    splitter->setStretchFactor(1, 2);
    m_stack->addWidget(splitter);

    m_empty->setObjectName(u"historyEmptyState"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setMargin(24);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_empty);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack);

    connect(m_failedOnly, &QCheckBox::toggled, this, [this](bool on) {
        m_failedFilter->setFilterFixedString(on ? partitionStatusName(PartitionStatus::Failed) : QString());
    });
    connect(m_partitionView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &RunHistoryPanel::partitionChosen);
    connect(m_retry, &QPushButton::clicked, this, &RunHistoryPanel::retryFailed);
    connect(m_showRows, &QPushButton::clicked, this, [this] { requestForChosen(&RunHistoryPanel::showRowsRequested); });
    connect(m_showChanges, &QPushButton::clicked, this,
            [this] { requestForChosen(&RunHistoryPanel::showChangesRequested); });
    setLedger(nullptr);
}

RunHistoryPanel::~RunHistoryPanel() = default;

void RunHistoryPanel::setLedger(PartitionLedger *ledger)
{
    m_ledger = ledger;
    m_runView->setModel(nullptr);
    m_runs.reset();
    if (m_ledger) {
        m_runs = std::make_unique<RunTableModel>(*m_ledger);
        m_runView->setModel(m_runs.get());
        connect(m_runView->selectionModel(), &QItemSelectionModel::currentChanged, this, &RunHistoryPanel::runChosen);
        m_runs->refresh();
        m_runView->resizeColumnsToContents();
    }
    if (m_runs && m_runs->rowCount() > 0)
        m_runView->setCurrentIndex(m_runs->index(0, 0));
    else
        runChosen();
    updateEmptyState();
}

void RunHistoryPanel::refresh()
{
    if (!m_runs)
        return;
    const qint64 current = currentRunId();
    m_runs->refresh();
    m_runView->resizeColumnsToContents();
    if (!selectRun(current) && m_runs->rowCount() > 0)
        m_runView->setCurrentIndex(m_runs->index(0, 0));
    else if (m_runs->rowCount() == 0)
        runChosen();
    updateEmptyState();
}

bool RunHistoryPanel::selectRun(qint64 runId)
{
    const int row = m_runs ? m_runs->rowOfRun(runId) : -1;
    if (row < 0)
        return false;
    if (currentRunId() == runId)
        runChosen(); // read its partitions and log again
    else
        m_runView->setCurrentIndex(m_runs->index(row, 0));
    return true;
}

qint64 RunHistoryPanel::currentRunId() const
{
    const QModelIndex current = m_runView->currentIndex();
    return m_runs && current.isValid() ? m_runs->run(current.row()).id : -1;
}

void RunHistoryPanel::updateEmptyState()
{
    if (!m_ledger) {
        m_empty->setText(tr("Open a workspace to see its runs."));
        m_stack->setCurrentIndex(EmptyPage);
    } else if (m_runs->rowCount() == 0) {
        m_empty->setText(tr("No runs yet.\n\nPick partitions on the calendar and run them: every run is listed here "
                            "with its range, counts and outcome, and a failed partition shows the request that "
                            "failed, the answer and what to do next."));
        m_stack->setCurrentIndex(EmptyPage);
    } else {
        m_stack->setCurrentIndex(HistoryPage);
    }
}

void RunHistoryPanel::runChosen()
{
    const qint64 runId = currentRunId();
    if (runId < 0 || !m_ledger) {
        m_partitions->clear();
        m_events->clear();
        m_runSummary->clear();
        m_retry->setEnabled(false);
        showDetail(nullptr);
        return;
    }
    const RunRecord run = m_runs->run(m_runView->currentIndex().row());
    const QList<RunEvent> events = m_ledger->events(runId);
    m_partitions->setEvents(events);
    m_events->setEvents(events);
    m_partitionView->resizeColumnsToContents();
    m_eventView->resizeColumnsToContents();

    const QLocale locale;
    QString summary = tr("<b>Run %1</b> · %2 · %3 · %4")
                          .arg(run.id)
                          .arg(escaped(run.info.specName), escaped(run.info.endpoints.join(u", "_s)),
                               escaped(run.info.range.isEmpty() ? tr("all partitions") : run.info.range));
    summary += tr(" · %1 partitions: %2 succeeded, %3 empty, %4 failed · %5 rows · %6")
                   .arg(locale.toString(run.counts.partitions), locale.toString(run.counts.succeeded),
                        locale.toString(run.counts.empty), locale.toString(run.counts.failed),
                        locale.toString(run.counts.rows), escaped(displayName(run.outcome)));
    if (events.size() >= m_ledger->eventsKept())
        summary += tr(" · only the last %1 log lines are kept").arg(locale.toString(m_ledger->eventsKept()));
    m_runSummary->setText(summary);
    m_retry->setEnabled(m_partitions->failedCount() > 0);

    // Open on what needs attention: the first failed partition, else the first one.
    int first = -1;
    for (int row = 0; row < m_partitions->rowCount() && first < 0; ++row) {
        if (m_partitions->partition(row).status == PartitionStatus::Failed)
            first = row;
    }
    if (first < 0 && m_partitions->rowCount() > 0)
        first = 0;
    const QModelIndex index = first < 0 ? QModelIndex() : m_failedFilter->mapFromSource(m_partitions->index(first, 0));
    if (index.isValid())
        m_partitionView->setCurrentIndex(index);
    else
        showDetail(nullptr);
}

void RunHistoryPanel::partitionChosen()
{
    const QModelIndex current = m_failedFilter->mapToSource(m_partitionView->currentIndex());
    if (!current.isValid()) {
        showDetail(nullptr);
        return;
    }
    const RunPartition partition = m_partitions->partition(current.row());
    showDetail(&partition);
}

void RunHistoryPanel::showDetail(const RunPartition *partition)
{
    m_showRows->setEnabled(partition && partition->rows > 0);
    m_showChanges->setEnabled(false);
    if (!partition) {
        m_detail->setHtml(u"<p style=\"color: gray\">"_s +
                          escaped(currentRunId() < 0 ? tr("Choose a run to see its partitions.")
                                                     : tr("Choose a partition to see what happened to it.")) +
                          u"</p>"_s);
        return;
    }
    const QLocale locale;
    QString html =
        u"<h3>"_s + escaped(tr("%1 \u2013 %2").arg(partition->partition, displayName(partition->status))) + u"</h3>"_s;
    html += u"<table>"_s + field(tr("Endpoint"), partition->endpoint);
    if (partition->status != PartitionStatus::Failed) {
        html +=
            field(tr("Rows"), locale.toString(partition->rows)) + field(tr("Pages"), locale.toString(partition->pages));
    }
    if (partition->retries > 0)
        html += field(tr("Retries"), locale.toString(partition->retries));
    if (partition->changes.hasChanges())
        html += field(tr("This run"), tr("%1 since the pull before").arg(changeCountsText(partition->changes)));
    QList<PartitionChange> examples;
    if (m_ledger) {
        // The partition may have been run again since: say where it stands now.
        const qint64 endpointId =
            m_ledger->endpointId(m_runs->run(m_runView->currentIndex().row()).info.specName, partition->endpoint);
        if (const auto record = m_ledger->partition(endpointId, partition->partition); record && endpointId >= 0) {
            const QString status = displayName(record->status);
            html +=
                field(tr("Now"), record->attempts == 1 ? tr("%1 after 1 attempt").arg(status)
                                                       : tr("%1 after %2 attempts").arg(status).arg(record->attempts));
            if (record->pull.compared) {
                html += field(tr("Last pull"), record->pull.hasChanges()
                                                   ? tr("%1 since the pull before").arg(changeCountsText(record->pull))
                                                   : tr("the same rows as the pull before"));
            }
            if (record->pull.duplicateKeys > 0)
                html += field(tr("Repeated keys"), locale.toString(record->pull.duplicateKeys));
            examples = m_ledger->changes(endpointId, partition->partition);
            m_showChanges->setEnabled(record->pull.compared || !examples.isEmpty());
        }
    }
    html += u"</table>"_s;
    // The examples of the last pull by kind, a few keys each; the data browser shows them all.
    for (const PartitionChange::Kind kind : {PartitionChange::Kind::Changed, PartitionChange::Kind::Added,
                                             PartitionChange::Kind::Removed, PartitionChange::Kind::Duplicate}) {
        QStringList keys;
        int count = 0;
        for (const PartitionChange &change : std::as_const(examples)) {
            if (change.kind != kind)
                continue;
            if (++count <= DetailExampleKeys)
                keys << PartitionChangeModel::keyText(change.key);
        }
        if (count > DetailExampleKeys)
            keys << tr("... (%1 examples kept)").arg(count);
        if (!keys.isEmpty())
            html += u"<p><b>"_s + escaped(PartitionChangeModel::kindText(kind)) + u"</b>: "_s +
                    escaped(keys.join(u", "_s)) + u"</p>"_s;
    }

    if (const auto &failure = partition->failure) {
        html += u"<h4>"_s + escaped(tr("Error")) + u"</h4>"_s + block(failure->message);
        html += u"<h4>"_s + escaped(tr("Request")) + u"</h4>"_s;
        if (failure->method.isEmpty() && failure->url.isEmpty()) {
            html += u"<p>"_s + escaped(tr("No request was sent.")) + u"</p>"_s;
        } else {
            QString request = failure->method.isEmpty() ? failure->url : failure->method + u' ' + failure->url;
            if (!failure->requestHeaders.isEmpty())
                request += u'\n' + failure->requestHeaders;
            html += block(request);
        }
        html += u"<h4>"_s + escaped(tr("Response")) + u"</h4>"_s;
        html += u"<p>"_s +
                escaped(failure->httpStatus > 0 ? tr("HTTP %1 on page %2").arg(failure->httpStatus).arg(failure->page)
                                                : tr("No response arrived (page %1).").arg(failure->page)) +
                u"</p>"_s;
        if (!failure->response.isEmpty())
            html += block(failure->response);
        html += u"<h4>"_s + escaped(tr("What to do next")) + u"</h4><p>"_s + escaped(failure->advice()) + u"</p>"_s;
    } else if (!partition->message.isEmpty()) {
        html += u"<p>"_s + escaped(partition->message) + u"</p>"_s;
    }

    QStringList log;
    for (int row = 0; row < m_events->rowCount(); ++row) {
        const RunEvent event = m_events->event(row);
        if (event.partitionKey == partition->partition &&
            event.data.value(u"endpoint"_s).toString() == partition->endpoint)
            log << event.at.toLocalTime().toString(u"HH:mm:ss"_s) + u"  "_s + event.message;
    }
    if (!log.isEmpty()) {
        html += u"<h4>"_s + escaped(tr("Log")) + u"</h4>"_s + block(log.mid(log.size() - DetailLogLines).join(u'\n'));
    }
    m_detail->setHtml(html);
}

void RunHistoryPanel::retryFailed()
{
    if (!m_runs || currentRunId() < 0)
        return;
    const RunRecord run = m_runs->run(m_runView->currentIndex().row());
    QHash<QString, QStringList> failed;
    QStringList endpoints;
    for (int row = 0; row < m_partitions->rowCount(); ++row) {
        const RunPartition partition = m_partitions->partition(row);
        if (partition.status != PartitionStatus::Failed)
            continue;
        if (!failed.contains(partition.endpoint))
            endpoints << partition.endpoint;
        failed[partition.endpoint] << partition.partition;
    }
    for (const QString &endpoint : std::as_const(endpoints))
        emit retryRequested(run.info.specName, endpoint, failed.value(endpoint));
}

void RunHistoryPanel::requestForChosen(Request request)
{
    const QModelIndex current = m_failedFilter->mapToSource(m_partitionView->currentIndex());
    if (!current.isValid() || currentRunId() < 0)
        return;
    const RunPartition partition = m_partitions->partition(current.row());
    emit(this->*request)(m_runs->run(m_runView->currentIndex().row()).info.specName, partition.endpoint,
                         partition.partition);
}

} // namespace Backfill
