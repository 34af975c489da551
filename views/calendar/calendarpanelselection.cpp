// The calendar tab's selection (typed ranges, drags, all, failed and missing), its legend,
// the plan of the selected partitions and the details of the day or partitions chosen.
#include "views/calendar/calendarpanel.h"

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
// More than this many selected partitions is refused rather than held in memory.
constexpr qint64 MaxSelected = PartitionRange::MaxKeys;
} // namespace

// -- Selection -------------------------------------------------------------------------------

QStringList CalendarPanel::selectedKeys() const
{
    QList<qint64> indexes(m_selection.cbegin(), m_selection.cend());
    std::sort(indexes.begin(), indexes.end());
    QStringList keys;
    keys.reserve(indexes.size());
    for (const qint64 index : std::as_const(indexes))
        keys << m_scheme.keyAt(index);
    return keys;
}

QString CalendarPanel::rangeText() const
{
    return m_rangeEdit->text();
}

// The selection in the range language. Hourly selections of whole days are written as days.
QString CalendarPanel::selectionText() const
{
    if (m_selection.isEmpty())
        return {};
    if (m_scheme.grain() != PartitionScheme::Grain::Hourly)
        return PartitionRange::toString(selectedKeys(), m_scheme);
    QList<qint64> indexes(m_selection.cbegin(), m_selection.cend());
    std::sort(indexes.begin(), indexes.end());
    QStringList items;
    bool plain = true;
    for (qsizetype i = 0; i < indexes.size();) {
        qsizetype j = i;
        while (j + 1 < indexes.size() && indexes.at(j + 1) == indexes.at(j) + 1)
            ++j;
        const QString first = m_scheme.keyAt(indexes.at(i));
        const QString next = m_scheme.keyAt(indexes.at(j) + 1);
        const bool wholeDays = first.endsWith("T00"_L1) && (next.isEmpty() || next.endsWith("T00"_L1));
        const QString from = wholeDays ? first.left(10) : first;
        const QString to = wholeDays ? m_scheme.keyAt(indexes.at(j)).left(10) : m_scheme.keyAt(indexes.at(j));
        if (from == to) {
            items << from;
        } else {
            items << u"[%1...%2]"_s.arg(from, to);
            plain = false;
        }
        i = j + 1;
    }
    // Two plain items would read as Sling's "from,to" range.
    if (plain && items.size() == 2)
        items[0] = u"[%1...%1]"_s.arg(items.at(0));
    return items.join(u", "_s);
}

void CalendarPanel::applyRangeText(const QString &text, bool rewrite)
{
    m_rangeError->hide();
    QSet<qint64> selection;
    if (!text.trimmed().isEmpty() && m_scheme.isValid()) {
        const PartitionRange range = PartitionRange::parse(text, m_scheme);
        if (!range.isValid()) {
            m_rangeError->setText(positionedText(range.error().message, range.error().position));
            m_rangeError->show();
            return;
        }
        selection.reserve(range.count());
        for (const auto &[first, last] : range.runs()) {
            for (qint64 index = first; index <= last; ++index)
                selection.insert(index);
        }
    }
    dropFuture(selection);
    m_selection = selection;
    updateSpan();
    m_view->setSelection(m_selection);
    // A typed range the month on screen does not show brings its first month into view.
    if (!m_selection.isEmpty() && !m_scheme.isNumeric()) {
        const qint64 first = *std::min_element(m_selection.cbegin(), m_selection.cend());
        if (const auto partition = m_scheme.partitionAt(first)) {
            const QDate day = partition->start.date();
            const QDate shown = m_view->month();
            if (day.year() != shown.year() || day.month() != shown.month())
                showMonth(QDate(day.year(), day.month(), 1));
        }
    }
    if (rewrite)
        m_rangeEdit->setText(selectionText());
    selectionChanged();
}

void CalendarPanel::selectionEdited()
{
    m_selection = m_view->selection();
    if (const qsizetype before = m_selection.size(); dropFuture(m_selection), m_selection.size() != before)
        m_view->setSelection(m_selection);
    m_rangeEdit->setText(selectionText());
    m_rangeError->hide();
    selectionChanged();
}

void CalendarPanel::selectionChanged()
{
    schedulePlan();
}

void CalendarPanel::selectDays(QDate first, QDate last)
{
    applyRangeText(first == last ? first.toString(Qt::ISODate)
                                 : u"[%1...%2]"_s.arg(first.toString(Qt::ISODate), last.toString(Qt::ISODate)),
                   true);
    showMonth(last);
}

void CalendarPanel::dropFuture(QSet<qint64> &indexes) const
{
    indexes.removeIf([this](qint64 index) { return m_model->isFuture(index); });
}

// The partitions a run without a range takes and every partition the ledger holds, none of
// them in the future.
QSet<qint64> CalendarPanel::allIndexes() const
{
    QSet<qint64> indexes;
    const QStringList recorded = m_model->records().keys();
    for (const QStringList &keys : {m_defaultKeys, recorded}) {
        for (const QString &key : keys) {
            if (const qint64 index = m_scheme.indexOfKey(key); index >= 0)
                indexes.insert(index);
        }
    }
    dropFuture(indexes);
    return indexes;
}

void CalendarPanel::selectAll()
{
    const QSet<qint64> selection = allIndexes();
    if (selection.size() > MaxSelected)
        return;
    m_selection = selection;
    updateSpan();
    m_view->setSelection(m_selection);
    m_rangeEdit->setText(selectionText());
    m_rangeError->hide();
    selectionChanged();
}

void CalendarPanel::keepFailedAndMissing()
{
    QSet<qint64> kept;
    for (const qint64 index : std::as_const(m_selection)) {
        const PartitionStatus status = m_model->statusOfIndex(index);
        // Open ones too: not complete until their period has settled.
        if (status == PartitionStatus::Failed || status == PartitionStatus::Missing || status == PartitionStatus::Open)
            kept.insert(index);
    }
    m_selection = kept;
    m_view->setSelection(m_selection);
    m_rangeEdit->setText(selectionText());
    m_rangeError->hide();
    selectionChanged();
}

// -- Legend, plan, details -------------------------------------------------------------------

void CalendarPanel::updateLegend()
{
    const QLocale locale;
    for (qsizetype i = 0; i < m_legend.size(); ++i) {
        const PartitionStatus status = AllPartitionStatuses[i];
        const int count = m_model->statusCounts().value(status);
        m_legend[i]->setText(tr("%1 %2").arg(displayName(status), locale.toString(count)));
        m_legend[i]->setAccessibleName(tr("%1: %2 partitions").arg(displayName(status)).arg(count));
    }
    m_futureLegend->setText(tr("Not yet %1").arg(locale.toString(m_model->futureCount())));
    m_futureLegend->setAccessibleName(tr("Not yet begun: %1 partitions").arg(m_model->futureCount()));
}

void CalendarPanel::schedulePlan()
{
    m_planTimer->start();
}

const RunPlan &CalendarPanel::plan()
{
    if (m_planTimer->isActive())
        updatePlan();
    return m_plan;
}

void CalendarPanel::updatePlan()
{
    m_planTimer->stop();
    m_plan = {};
    m_planRange.clear();
    if (!m_program) {
        m_planSummary->setText(tr("No endpoint selected."));
        m_launchButton->setEnabled(false);
        return;
    }
    QList<PartitionPlan> selected;
    if (!m_scheme.isValid()) {
        // Not partitioned: the one partition is always the plan.
        const auto plans = planPartitions(*m_program, {}, m_sync, nullptr, m_clock);
        if (plans)
            selected = plans->partitions;
    } else if (!m_selection.isEmpty()) {
        m_planRange = selectionText();
        QString error;
        const auto selection = selectPartitions(*m_program, m_planRange, m_sync, m_program->mode, &error, m_clock);
        if (!selection) {
            m_planSummary->setText(error);
            m_launchButton->setEnabled(false);
            return;
        }
        selected = selection->plans.partitions;
    }
    const QHash<QString, PartitionRecord> &records = m_model->records();
    m_plan = planRun(*m_program, selected.size(), partitionsToRun(selected, records), records, records.values());
    if (m_plan.selected == 0) {
        m_planSummary->setText(tr("Select partitions on the calendar or type a range to plan a run."));
        m_launchButton->setEnabled(false);
        return;
    }
    const QLocale locale;
    QStringList statuses;
    for (const PartitionStatus status : AllPartitionStatuses) {
        if (const int count = m_plan.byStatus.value(status); count > 0)
            statuses << tr("%1 %2").arg(locale.toString(count), displayName(status).toLower());
    }
    QStringList lines;
    lines << tr("%1 of %2 selected partitions to run")
                     .arg(locale.toString(m_plan.toRun.size()), locale.toString(m_plan.selected)) +
                 (statuses.isEmpty() ? QString() : u" ("_s + statuses.join(u", "_s) + u')');
    const qint64 skipped = m_plan.selected - m_plan.toRun.size();
    if (skipped > 0)
        lines << tr("%1 already done or running are skipped (use Re-run to run a day again).")
                     .arg(locale.toString(skipped));
    lines << tr("About %1 requests, about %2")
                 .arg(locale.toString(m_plan.estimate.requests), durationText(m_plan.estimate.ms));
    const QString rate =
        m_program->rate > 0 ? tr("%1 requests/s").arg(locale.toString(m_program->rate)) : tr("no rate limit");
    lines << tr("(%1, %2 partitions at a time; %3)")
                 .arg(rate)
                 .arg(std::max(1, m_program->iterateConcurrency))
                 .arg(m_plan.estimate.learned ? tr("pages and time per partition from earlier runs")
                                              : tr("one page per partition assumed until a run finishes"));
    m_planSummary->setText(lines.join(u'\n'));
    m_launchButton->setEnabled(!m_plan.toRun.isEmpty());
}

void CalendarPanel::launch()
{
    plan();
    if (!m_plan.toRun.isEmpty())
        Q_EMIT launchRequested(m_endpointName, m_plan.toRun, m_planRange);
}

int CalendarPanel::detailsRow() const
{
    return m_view->hoveredRow() >= 0 ? m_view->hoveredRow() : m_view->currentRow();
}

QStringList CalendarPanel::detailsKeys(bool selectedOnly) const
{
    QStringList keys;
    if (m_detailsModel && m_detailsTable->selectionModel()) {
        for (const QModelIndex &index : m_detailsTable->selectionModel()->selectedRows())
            keys << index.data(PartitionTableModel::KeyRole).toString();
    }
    if (!keys.isEmpty())
        return keys;
    const int row = m_view->currentRow();
    for (const PartitionRecord &record : m_model->recordsOfRow(row)) {
        keys << record.key;
        if (selectedOnly)
            break;
    }
    return keys;
}

void CalendarPanel::updateDetails()
{
    const int row = detailsRow();
    const bool shown = row >= 0 && row < m_model->rowCount();
    const QModelIndex index = shown ? m_model->index(row, 0) : QModelIndex();
    if (!shown) {
        m_detailsTitle->setText(tr("No day selected"));
        m_detailsSummary->setText(tr("Hover over or click a day to see its partitions."));
    } else {
        const QString text = index.data(Qt::ToolTipRole).toString();
        m_detailsTitle->setText(text.section(u'\n', 0, 0));
        m_detailsSummary->setText(text.section(u'\n', 1));
    }
    if (m_detailsModel) {
        const QString prefix = shown ? index.data(PartitionCalendarModel::KeyRole).toString() : u"\n"_s;
        if (m_detailsModel->keyPrefix() != prefix)
            m_detailsModel->setEndpoint(m_endpointId, prefix);
    }
    const bool current = m_view->currentRow() >= 0;
    m_testButton->setEnabled(current);
    m_rerunButton->setEnabled(current);
    m_changesButton->setEnabled(current);
}

} // namespace Backfill
