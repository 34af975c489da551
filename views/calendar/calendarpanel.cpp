#include "views/calendar/calendarpanel.h"

#include "model/checks/partitionchecks.h"
#include "model/core/durationtext.h"
#include "model/core/logging.h"
#include "model/core/positiontext.h"
#include "model/itemmodels/partitioncalendarmodel.h"
#include "model/itemmodels/partitiontablemodel.h"
#include "model/partitions/partitionrange.h"
#include "model/spec/spec.h"
#include "model/workspace/partitionledger.h"
#include "network/planning/endpointprogram.h"
#include "network/planning/partitionselection.h"
#include "views/calendar/calendarview.h"

#include <QButtonGroup>
#include <QCoreApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// Years shown at most in the heat map; a selection further away moves the span.
constexpr int MaxYears = 30;
constexpr qint64 MaxBlocks = 100'000;

QPixmap swatch(const QColor &color, const QColor &border)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(color);
    QPainter painter(&pixmap);
    painter.setPen(border);
    painter.drawRect(0, 0, 11, 11);
    return pixmap;
}

} // namespace

CalendarPanel::CalendarPanel(QWidget *parent)
    : QWidget(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_model(new PartitionCalendarModel(this))
    , m_planTimer(new QTimer(this))
{
    // Planning evaluates the endpoint's iteration over the whole selection: while the user
    // drags or types, it waits for a pause.
    m_planTimer->setSingleShot(true);
    m_planTimer->setInterval(150);
    connect(m_planTimer, &QTimer::timeout, this, &CalendarPanel::updatePlan);
    buildUi();
    clear();
}

CalendarPanel::~CalendarPanel() = default;

void CalendarPanel::buildUi()
{
    setObjectName(u"calendarPanel"_s);

    // The range field and the selection buttons, above the calendar.
    m_rangeEdit = new QLineEdit(this);
    m_rangeEdit->setObjectName(u"rangeEdit"_s);
    m_rangeEdit->setPlaceholderText(tr("Partitions, e.g. [2024-01-01...2024-01-31], 2024-03-*"));
    m_rangeEdit->setAccessibleName(tr("Selected partitions"));
    m_rangeEdit->setClearButtonEnabled(true);
    connect(m_rangeEdit, &QLineEdit::textEdited, this, [this](const QString &text) { applyRangeText(text, false); });
    m_rangeError = new QLabel(this);
    m_rangeError->setObjectName(u"rangeError"_s);
    m_rangeError->setWordWrap(true);
    m_rangeError->hide();

    const auto button = [this](const QString &name, const QString &text, const QString &accessible) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        b->setAccessibleName(accessible);
        return b;
    };
    m_lastDaysButton = button(u"lastSevenDaysButton"_s, tr("Last &7 days"), tr("Select the last 7 days"));
    connect(m_lastDaysButton, &QPushButton::clicked, this, [this] { selectDays(today().addDays(-6), today()); });
    m_monthButton = button(u"thisMonthButton"_s, tr("This &month"), tr("Select this month"));
    connect(m_monthButton, &QPushButton::clicked, this, [this] {
        const QDate now = today();
        selectDays(QDate(now.year(), now.month(), 1), QDate(now.year(), now.month(), now.daysInMonth()));
    });
    auto *allButton = button(u"allButton"_s, tr("&All"), tr("Select all partitions of the endpoint"));
    connect(allButton, &QPushButton::clicked, this, &CalendarPanel::selectAll);
    auto *failedButton =
        button(u"failedMissingButton"_s, tr("Only &failed and missing"), tr("Keep only failed and missing partitions"));
    failedButton->setToolTip(tr("Narrow the selection to its failed and missing partitions"));
    connect(failedButton, &QPushButton::clicked, this, &CalendarPanel::keepFailedAndMissing);

    auto *rangeRow = new QHBoxLayout;
    auto *rangeLabel = new QLabel(tr("&Range:"), this);
    rangeLabel->setBuddy(m_rangeEdit);
    rangeRow->addWidget(rangeLabel);
    rangeRow->addWidget(m_rangeEdit, 1);
    rangeRow->addWidget(m_lastDaysButton);
    rangeRow->addWidget(m_monthButton);
    rangeRow->addWidget(allButton);
    rangeRow->addWidget(failedButton);

    // View mode and navigation.
    auto *monthMode = button(u"monthViewButton"_s, tr("Mon&th"), tr("Show one month"));
    auto *yearMode = button(u"yearViewButton"_s, tr("&Year"), tr("Show whole years"));
    monthMode->setCheckable(true);
    yearMode->setCheckable(true);
    monthMode->setChecked(true);
    m_modeGroup = new QButtonGroup(this);
    m_modeGroup->addButton(monthMode, int(CalendarView::Mode::Month));
    m_modeGroup->addButton(yearMode, int(CalendarView::Mode::Year));
    connect(m_modeGroup, &QButtonGroup::idClicked, this, &CalendarPanel::setMode);
    m_previousButton = button(u"previousButton"_s, tr("<"), tr("Previous month"));
    connect(m_previousButton, &QPushButton::clicked, this, [this] { stepPeriod(-1); });
    m_nextButton = button(u"nextButton"_s, tr(">"), tr("Next month"));
    connect(m_nextButton, &QPushButton::clicked, this, [this] { stepPeriod(1); });
    m_periodLabel = new QLabel(this);
    m_periodLabel->setObjectName(u"periodLabel"_s);
    m_periodLabel->setMinimumWidth(120);
    m_periodLabel->setAlignment(Qt::AlignCenter);
    auto *navigationRow = new QHBoxLayout;
    navigationRow->addWidget(monthMode);
    navigationRow->addWidget(yearMode);
    navigationRow->addSpacing(12);
    navigationRow->addWidget(m_previousButton);
    navigationRow->addWidget(m_periodLabel);
    navigationRow->addWidget(m_nextButton);
    navigationRow->addStretch(1);

    // The calendar and its legend.
    m_view = new CalendarView;
    m_view->setObjectName(u"calendarView"_s);
    m_view->setModel(m_model);
    connect(m_view, &CalendarView::selectionEdited, this, &CalendarPanel::selectionEdited);
    connect(m_view, &CalendarView::currentRowChanged, this, &CalendarPanel::updateDetails);
    connect(m_view, &CalendarView::hoveredRowChanged, this, &CalendarPanel::updateDetails);
    connect(m_view, &CalendarView::monthChanged, this, &CalendarPanel::showMonth);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(u"calendarScroll"_s);
    m_scroll->setWidget(m_view);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_message = new QLabel(this);
    m_message->setObjectName(u"calendarMessage"_s);
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);

    auto *legendRow = new QHBoxLayout;
    for (const PartitionStatus status : AllPartitionStatuses) {
        auto *label = new QLabel(this);
        label->setObjectName(u"legend_"_s + partitionStatusName(status));
        label->setTextFormat(Qt::PlainText);
        auto *icon = new QLabel(this);
        icon->setPixmap(swatch(CalendarView::statusColor(status, palette()), palette().color(QPalette::Mid)));
        legendRow->addWidget(icon);
        legendRow->addWidget(label);
        legendRow->addSpacing(8);
        m_legend.append(label);
    }
    m_futureLegend = new QLabel(this);
    m_futureLegend->setObjectName(u"legend_future"_s);
    auto *futureIcon = new QLabel(this);
    futureIcon->setPixmap(swatch(palette().color(QPalette::Window), palette().color(QPalette::Mid)));
    legendRow->addWidget(futureIcon);
    legendRow->addWidget(m_futureLegend);
    legendRow->addStretch(1);
    connect(m_model, &PartitionCalendarModel::statusCountsChanged, this, &CalendarPanel::updateLegend);
    m_model->setClock([this] { return m_clock(); });

    auto *calendarSide = new QWidget(this);
    auto *calendarLayout = new QVBoxLayout(calendarSide);
    calendarLayout->setContentsMargins(0, 0, 0, 0);
    calendarLayout->addLayout(navigationRow);
    calendarLayout->addWidget(m_scroll, 1);
    calendarLayout->addWidget(m_message, 1);
    calendarLayout->addLayout(legendRow);

    // The selection's plan and the day's partitions.
    auto *planBox = new QGroupBox(tr("Plan"), this);
    m_planSummary = new QLabel(planBox);
    m_planSummary->setObjectName(u"planSummary"_s);
    m_planSummary->setWordWrap(true);
    // A wrapped label's height is not asked for in a nested layout: keep room for the plan's lines.
    m_planSummary->setMinimumHeight(7 * m_planSummary->fontMetrics().lineSpacing());
    m_planSummary->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_planSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_launchButton = new QPushButton(tr("&Launch"), planBox);
    m_launchButton->setObjectName(u"launchButton"_s);
    m_launchButton->setAccessibleName(tr("Launch a run of the planned partitions"));
    connect(m_launchButton, &QPushButton::clicked, this, &CalendarPanel::launch);
    auto *planLayout = new QVBoxLayout(planBox);
    planLayout->addWidget(m_planSummary);
    planLayout->addWidget(m_launchButton, 0, Qt::AlignRight);

    auto *detailsBox = new QGroupBox(tr("Partitions of the day"), this);
    m_detailsTitle = new QLabel(detailsBox);
    m_detailsTitle->setObjectName(u"detailsTitle"_s);
    QFont bold = m_detailsTitle->font();
    bold.setBold(true);
    m_detailsTitle->setFont(bold);
    m_detailsSummary = new QLabel(detailsBox);
    m_detailsSummary->setObjectName(u"detailsSummary"_s);
    m_detailsSummary->setWordWrap(true);
    m_detailsSummary->setMinimumHeight(5 * m_detailsSummary->fontMetrics().lineSpacing());
    m_detailsSummary->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_detailsSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailsTable = new QTableView(detailsBox);
    m_detailsTable->setObjectName(u"detailsTable"_s);
    m_detailsTable->setAccessibleName(tr("Partitions of the day"));
    m_detailsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_detailsTable->verticalHeader()->hide();
    m_detailsTable->horizontalHeader()->setStretchLastSection(true);
    m_detailsTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_testButton = new QPushButton(tr("&Test this partition"), detailsBox);
    m_testButton->setObjectName(u"testPartitionButton"_s);
    connect(m_testButton, &QPushButton::clicked, this, [this] {
        const QStringList keys = detailsKeys(true);
        if (!keys.isEmpty())
            Q_EMIT testPartitionRequested(m_endpointName, keys.constFirst());
    });
    m_rerunButton = new QPushButton(tr("&Re-run"), detailsBox);
    m_rerunButton->setObjectName(u"rerunButton"_s);
    m_rerunButton->setToolTip(tr("Run these partitions again; their rows are replaced"));
    connect(m_rerunButton, &QPushButton::clicked, this, [this] {
        const QStringList keys = detailsKeys(false);
        if (!keys.isEmpty())
            Q_EMIT rerunRequested(m_endpointName, keys);
    });
    m_changesButton = new QPushButton(tr("Show C&hanges"), detailsBox);
    m_changesButton->setObjectName(u"showChangesButton"_s);
    m_changesButton->setToolTip(tr("What this partition's last pull changed against the pull before, on the Data tab"));
    connect(m_changesButton, &QPushButton::clicked, this, [this] {
        const QStringList keys = detailsKeys(true);
        if (!keys.isEmpty())
            Q_EMIT showChangesRequested(m_endpointName, keys.constFirst());
    });
    auto *detailsButtons = new QHBoxLayout;
    detailsButtons->addStretch(1);
    detailsButtons->addWidget(m_changesButton);
    detailsButtons->addWidget(m_testButton);
    detailsButtons->addWidget(m_rerunButton);
    auto *detailsLayout = new QVBoxLayout(detailsBox);
    detailsLayout->addWidget(m_detailsTitle);
    detailsLayout->addWidget(m_detailsSummary);
    detailsLayout->addWidget(m_detailsTable, 1);
    detailsLayout->addLayout(detailsButtons);

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(planBox);
    sideLayout->addWidget(detailsBox, 1);
    // Scrolled when short, so that the test results dock below can open tall enough.
    auto *sideScroll = new QScrollArea(this);
    sideScroll->setWidget(side);
    sideScroll->setWidgetResizable(true);
    sideScroll->setFrameShape(QFrame::NoFrame);
    sideScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(u"calendarSplitter"_s);
    splitter->addWidget(calendarSide);
    splitter->addWidget(sideScroll);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(rangeRow);
    layout->addWidget(m_rangeError);
    layout->addWidget(splitter, 1);
}

void CalendarPanel::setClock(std::function<QDateTime()> now)
{
    m_clock = std::move(now);
}

QDate CalendarPanel::today() const
{
    return m_clock().toUTC().date();
}

void CalendarPanel::clear()
{
    m_ledger = nullptr;
    m_program.reset();
    m_endpointName.clear();
    m_specName.clear();
    m_endpointId = -1;
    m_sync = {};
    m_scheme = {};
    m_baseFirst = m_baseLast = m_spanFirst = m_spanLast = -1;
    m_defaultKeys.clear();
    m_selection.clear();
    m_detailsTable->setModel(nullptr);
    m_detailsModel.reset();
    m_model->setRecords(-1, {}, {});
    m_view->setSelection({});
    m_rangeEdit->clear();
    m_rangeError->hide();
    m_message->setText(tr("Select an endpoint to see its partitions."));
    m_message->show();
    m_scroll->hide();
    setEnabled(false);
    updatePlan();
    updateDetails();
}

void CalendarPanel::setEndpoint(PartitionLedger *ledger, const ApiSpec &spec, const QString &endpointName)
{
    clear();
    QString error;
    auto program = EndpointProgram::compile(spec, endpointName, &error);
    if (!program) {
        m_message->setText(tr("The endpoint does not compile yet: %1").arg(error));
        return;
    }
    m_ledger = ledger;
    m_program = program;
    m_endpointName = endpointName;
    m_specName = spec.name;
    m_endpointId = ledger ? ledger->endpointId(spec.name, endpointName) : -1;
    m_sync = m_endpointId >= 0 ? ledger->syncState(m_endpointId) : QJsonObject();
    const auto plans = planPartitions(*program, {}, m_sync, &error, m_clock);
    if (!plans) {
        m_message->setText(error);
        return;
    }
    setEnabled(true);
    if (!plans->iterates) {
        m_message->setText(tr("%1 is not partitioned: it runs as one partition.").arg(endpointName));
        m_defaultKeys = {plans->partitions.constFirst().key};
        updatePlan();
        return;
    }
    m_scheme = selectionScheme(*plans);
    for (const PartitionPlan &plan : plans->partitions) {
        // Numeric plans without a range start where the spec says (1-1000); the calendar's
        // blocks are those a typed range selects (0-999), as in selectPartitions().
        const bool known = !m_scheme.isNumeric() || m_scheme.indexOfKey(plan.key) >= 0;
        m_defaultKeys << (known ? plan.key
                                : m_scheme.keyFor(qint64(plan.value.toDouble(plan.value.toString().toDouble()))));
    }

    const std::optional<Endpoint> resolved = spec.resolvedEndpoint(endpointName);
    m_model->setChecks(resolved ? PartitionChecks::forEndpoint(resolved->backfill) : PartitionChecks());
    m_model->setEndpoint(ledger, m_endpointId, m_scheme);
    attachDetails();

    // Show what the spec runs by default and what the ledger holds.
    QSet<qint64> shown = allIndexes();
    const bool numeric = m_scheme.isNumeric();
    if (!numeric) {
        const qint64 todayIndex = m_scheme.indexOfKey(m_scheme.keyFor(today().startOfDay(m_scheme.timeZone())));
        if (todayIndex >= 0)
            shown.insert(todayIndex);
    }
    if (!shown.isEmpty()) {
        m_baseFirst = *std::min_element(shown.cbegin(), shown.cend());
        m_baseLast = *std::max_element(shown.cbegin(), shown.cend());
    }
    m_message->hide();
    m_scroll->show();
    for (QAbstractButton *b : m_modeGroup->buttons())
        b->setVisible(!numeric);
    m_lastDaysButton->setEnabled(!numeric);
    m_monthButton->setEnabled(!numeric);
    const QString lastDefault = m_defaultKeys.isEmpty() ? QString() : m_defaultKeys.constLast();
    const auto lastPartition = m_scheme.partitionForKey(lastDefault);
    showMonth(lastPartition && !numeric ? lastPartition->start.date() : today());
    setMode(m_modeGroup->checkedId()); // numeric blocks ignore the mode
    updateLegend();
    updatePlan();
    updateDetails();
}

void CalendarPanel::refresh()
{
    if (!m_program || !m_scheme.isValid())
        return;
    // An endpoint's first run creates its ledger id.
    if (m_ledger && m_endpointId < 0)
        m_endpointId = m_ledger->endpointId(m_specName, m_endpointName);
    m_model->setEndpoint(m_ledger, m_endpointId, m_scheme);
    attachDetails();
    updatePlan();
    updateDetails();
}

void CalendarPanel::attachDetails()
{
    if (!m_ledger || m_endpointId < 0 || m_detailsModel)
        return;
    m_detailsModel = std::make_unique<PartitionTableModel>(*m_ledger);
    m_detailsTable->setModel(m_detailsModel.get());
    for (const int column :
         {PartitionTableModel::BytesColumn, PartitionTableModel::StartedColumn, PartitionTableModel::FinishedColumn})
        m_detailsTable->hideColumn(column);
}

void CalendarPanel::updatePartition(const QString &endpoint, const PartitionRecord &record)
{
    if (endpoint != m_endpointName)
        return;
    if (m_endpointId < 0 && m_ledger && m_scheme.isValid())
        refresh();
    if (record.endpointId != m_endpointId || m_endpointId < 0)
        return;
    m_model->updatePartition(record);
    if (m_detailsModel)
        m_detailsModel->updatePartition(record);
    if (m_selection.contains(m_scheme.indexOfKey(record.key)))
        schedulePlan();
    updateDetails();
}

// -- Span and navigation ---------------------------------------------------------------------

// The model's span: what the endpoint runs by default and has run (the base), the selection
// and the month shown; cut to MaxYears (or MaxBlocks) from its start.
void CalendarPanel::updateSpan()
{
    if (!m_scheme.isValid() || m_baseFirst < 0)
        return;
    qint64 lowest = m_baseFirst;
    qint64 highest = m_baseLast;
    for (const qint64 index : std::as_const(m_selection)) {
        lowest = std::min(lowest, index);
        highest = std::max(highest, index);
    }
    if (m_scheme.isNumeric()) {
        highest = std::min(highest, lowest + MaxBlocks - 1);
        if (lowest != m_spanFirst || highest != m_spanLast) {
            m_spanFirst = lowest;
            m_spanLast = highest;
            m_model->setIndexSpan(lowest, highest);
        }
        return;
    }
    int firstYear = m_scheme.partitionAt(lowest)->start.date().year();
    int lastYear = m_scheme.partitionAt(highest)->end.addMSecs(-1).date().year();
    if (const QDate month = m_view->month(); month.isValid()) {
        firstYear = std::min(firstYear, month.year());
        lastYear = std::max(lastYear, month.year());
    }
    lastYear = std::min(lastYear, firstYear + MaxYears - 1);
    const QDate first(firstYear, 1, 1);
    const QDate last(lastYear, 12, 31);
    if (first != m_model->firstDate() || last != m_model->lastDate())
        m_model->setSpan(first, last);
}

void CalendarPanel::setMode(int mode)
{
    const auto viewMode = CalendarView::Mode(mode);
    m_view->setMode(viewMode);
    if (QAbstractButton *b = m_modeGroup->button(mode))
        b->setChecked(true);
    const bool month = viewMode == CalendarView::Mode::Month && !m_scheme.isNumeric();
    m_previousButton->setVisible(month);
    m_nextButton->setVisible(month);
    m_periodLabel->setVisible(month);
}

void CalendarPanel::showMonth(QDate month)
{
    if (!month.isValid())
        return;
    m_view->setMonth(month);
    updateSpan();
    m_periodLabel->setText(QLocale().toString(m_view->month(), u"MMMM yyyy"_s));
}

void CalendarPanel::stepPeriod(int step)
{
    showMonth(m_view->month().addMonths(step));
}

} // namespace Backfill
