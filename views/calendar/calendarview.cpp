#include "views/calendar/calendarview.h"

#include "model/itemmodels/partitioncalendarmodel.h"
#include "views/calendar/calendarlayout.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

using namespace CalendarLayout;

CalendarView::CalendarView(QWidget *parent)
    : QWidget(parent)
    , m_month(QDate::currentDate())
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Partition calendar"));
    setWhatsThis(tr("Click, drag, shift-click or ctrl-click to select partitions; arrow keys move, "
                    "shift+arrows extend, ctrl+arrows move the focus only, space toggles."));
}

void CalendarView::setModel(PartitionCalendarModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelReset, this, &CalendarView::modelReset);
        connect(m_model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &from, const QModelIndex &to) {
                    // Repaint only the changed cells where they are cheap to find.
                    if (isNumeric()) {
                        for (int row = from.row(); row <= to.row(); ++row)
                            update(blockRect(row));
                        return;
                    }
                    update();
                });
    }
    modelReset();
}

void CalendarView::setMode(Mode mode)
{
    m_mode = mode;
    updateMinimumSize();
    update();
}

void CalendarView::setMonth(QDate day)
{
    if (!day.isValid())
        return;
    m_month = QDate(day.year(), day.month(), 1);
    update();
}

void CalendarView::setSelection(const QSet<qint64> &indexes)
{
    m_selection = indexes;
    updateRowFlags();
    update();
}

bool CalendarView::isRowSelected(int row) const
{
    return row >= 0 && row < m_rowSelected.size() && m_rowSelected.at(row);
}

bool CalendarView::isNumeric() const
{
    return m_model && m_model->scheme().isNumeric();
}

void CalendarView::modelReset()
{
    m_hoveredRow = -1;
    m_anchorRow = -1;
    m_currentRow = m_model && m_currentDay.isValid() ? m_model->rowForDate(m_currentDay) : -1;
    updateRowFlags();
    updateMinimumSize();
    update();
}

void CalendarView::updateRowFlags()
{
    const int rows = m_model ? m_model->rowCount() : 0;
    m_rowSelected.fill(false, rows);
    if (m_selection.isEmpty())
        return;
    for (int row = 0; row < rows; ++row) {
        const auto [first, last] = m_model->indexesOfRow(row);
        for (qint64 index = first; index <= last; ++index) {
            if (m_selection.contains(index)) {
                m_rowSelected[row] = true;
                break;
            }
        }
    }
}

int CalendarView::yearPitch() const
{
    return std::clamp((width() - YearLeft - YearRight) / YearWeeks, MinPitch, MaxPitch);
}

int CalendarView::yearTop(int year) const
{
    return (m_model->lastDate().year() - year) * yearHeight();
}

int CalendarView::yearHeight() const
{
    return YearTitle + YearMonths + 7 * yearPitch() + YearGap;
}

void CalendarView::updateMinimumSize()
{
    if (!m_model || isNumeric()) {
        const int columns = std::max(1, blockColumns());
        const int rows = m_model ? (m_model->rowCount() + columns - 1) / columns : 0;
        setMinimumSize(8 * BlockPitch + 2 * Margin, rows * BlockPitch + 2 * Margin);
    } else if (m_mode == Mode::Year) {
        const int years =
            m_model->firstDate().isValid() ? m_model->lastDate().year() - m_model->firstDate().year() + 1 : 0;
        setMinimumSize(MinYearWidth, std::max(1, years) * yearHeight());
    } else {
        setMinimumSize(7 * 40 + 2 * Margin, WeekdayHeader + 6 * 32 + 2 * Margin);
    }
    updateGeometry();
}

QSize CalendarView::sizeHint() const
{
    if (m_mode == Mode::Month && !isNumeric())
        return {7 * 72 + 2 * Margin, WeekdayHeader + 6 * 56 + 2 * Margin};
    return minimumSize().expandedTo({YearLeft + YearWeeks * 14 + YearRight, 7 * MinPitch});
}

void CalendarView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (isNumeric() || m_mode == Mode::Year)
        updateMinimumSize(); // blocks per row, or the years' height at this width's cell size
}

// -- Geometry --------------------------------------------------------------------------------

int CalendarView::blockColumns() const
{
    return std::max(1, (width() - 2 * Margin) / BlockPitch);
}

QRect CalendarView::dayRect(QDate day) const
{
    if (!m_model || isNumeric() || !day.isValid())
        return {};
    if (m_mode == Mode::Year) {
        const QDate first = m_model->firstDate();
        if (!first.isValid() || day.year() < first.year() || day.year() > m_model->lastDate().year())
            return {};
        const int pitch = yearPitch();
        const int top = yearTop(day.year()) + YearTitle + YearMonths;
        const int column = int(firstMonday(day.year()).daysTo(day) / 7);
        return {YearLeft + column * pitch, top + (day.dayOfWeek() - 1) * pitch, pitch - 2, pitch - 2};
    }
    if (day.year() != m_month.year() || day.month() != m_month.month())
        return {};
    const int slot = m_month.dayOfWeek() - 1 + day.day() - 1;
    const int cellWidth = (width() - 2 * Margin) / 7;
    const int cellHeight = std::max(24, std::min(cellWidth * 4 / 5, (height() - WeekdayHeader - 2 * Margin) / 6));
    return {Margin + (slot % 7) * cellWidth, Margin + WeekdayHeader + (slot / 7) * cellHeight, cellWidth - 2,
            cellHeight - 2};
}

QRect CalendarView::blockRect(int row) const
{
    if (!m_model || !isNumeric() || row < 0 || row >= m_model->rowCount())
        return {};
    const int columns = blockColumns();
    return {Margin + (row % columns) * BlockPitch, Margin + (row / columns) * BlockPitch, BlockPitch - 2,
            BlockPitch - 2};
}

QDate CalendarView::dayAt(const QPoint &position) const
{
    if (!m_model || isNumeric())
        return {};
    if (m_mode == Mode::Year) {
        const QDate first = m_model->firstDate();
        if (!first.isValid() || position.y() < 0)
            return {};
        const int pitch = yearPitch();
        const int year = m_model->lastDate().year() - position.y() / yearHeight(); // newest first
        const int y = position.y() % yearHeight() - YearTitle - YearMonths;
        const int x = position.x() - YearLeft;
        if (year < first.year() || y < 0 || y >= 7 * pitch || x < 0)
            return {};
        const QDate day = firstMonday(year).addDays((x / pitch) * 7 + y / pitch);
        return day.year() == year ? day : QDate();
    }
    for (QDate day = m_month; day.month() == m_month.month(); day = day.addDays(1)) {
        if (dayRect(day).adjusted(0, 0, 2, 2).contains(position))
            return day;
    }
    return {};
}

int CalendarView::rowAt(const QPoint &position) const
{
    if (!m_model)
        return -1;
    if (isNumeric()) {
        const int x = position.x() - Margin;
        const int y = position.y() - Margin;
        if (x < 0 || y < 0 || x / BlockPitch >= blockColumns())
            return -1;
        const int row = (y / BlockPitch) * blockColumns() + x / BlockPitch;
        return row < m_model->rowCount() ? row : -1;
    }
    return m_model->rowForDate(dayAt(position));
}

// -- Interaction -----------------------------------------------------------------------------

bool CalendarView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_model) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos());
        if (row >= 0)
            QToolTip::showText(help->globalPos(), m_model->index(row, 0).data(Qt::ToolTipRole).toString(), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

QSet<qint64> CalendarView::rangeOfRows(int from, int to) const
{
    QSet<qint64> indexes;
    if (from < 0 || to < 0)
        return indexes;
    const qint64 first = m_model->indexesOfRow(std::min(from, to)).first;
    const qint64 last = m_model->indexesOfRow(std::max(from, to)).second;
    indexes.reserve(last - first + 1);
    for (qint64 index = first; index <= last; ++index)
        indexes.insert(index);
    return indexes;
}

void CalendarView::selectRows(int from, int to, bool keep)
{
    QSet<qint64> selection = keep ? m_dragBase : QSet<qint64>();
    selection.unite(rangeOfRows(from, to));
    if (selection == m_selection)
        return;
    setSelection(selection);
    Q_EMIT selectionEdited();
}

void CalendarView::toggleRow(int row)
{
    const QSet<qint64> indexes = rangeOfRows(row, row);
    QSet<qint64> selection = m_selection;
    if (isRowSelected(row))
        selection.subtract(indexes);
    else
        selection.unite(indexes);
    setSelection(selection);
    Q_EMIT selectionEdited();
}

void CalendarView::setCurrent(int row, QDate day)
{
    m_currentDay = day;
    // Screen readers announce the focused cell through the description.
    if (m_model && row >= 0)
        setAccessibleDescription(m_model->index(row, 0).data(Qt::ToolTipRole).toString().replace(u'\n', u"; "_s));
    if (row == m_currentRow) {
        update();
        return;
    }
    m_currentRow = row;
    update();
    Q_EMIT currentRowChanged(row);
}

void CalendarView::setHovered(int row)
{
    if (row == m_hoveredRow)
        return;
    m_hoveredRow = row;
    update();
    Q_EMIT hoveredRowChanged(row);
}

void CalendarView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_model)
        return QWidget::mousePressEvent(event);
    const int row = rowAt(event->position().toPoint());
    if (row < 0)
        return;
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    if (shift && m_anchorRow >= 0) {
        m_dragBase = ctrl ? m_selection : QSet<qint64>();
        selectRows(m_anchorRow, row, true);
    } else if (ctrl) {
        toggleRow(row);
        m_anchorRow = row;
        m_dragBase = m_selection;
    } else {
        m_anchorRow = row;
        m_dragBase.clear();
        selectRows(row, row, false);
    }
    m_dragging = true;
    setCurrent(row, dayAt(event->position().toPoint()));
}

void CalendarView::mouseMoveEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint());
    if (m_dragging && (event->buttons() & Qt::LeftButton)) {
        if (row >= 0 && row != m_currentRow) {
            selectRows(m_anchorRow, row, true);
            setCurrent(row, dayAt(event->position().toPoint()));
        }
        return;
    }
    setHovered(row);
}

void CalendarView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        m_dragging = false;
    QWidget::mouseReleaseEvent(event);
}

void CalendarView::leaveEvent(QEvent *event)
{
    setHovered(-1);
    QWidget::leaveEvent(event);
}

void CalendarView::keyPressEvent(QKeyEvent *event)
{
    if (!m_model || m_model->rowCount() == 0)
        return QWidget::keyPressEvent(event);
    const bool year = m_mode == Mode::Year;
    const int columns = isNumeric() ? blockColumns() : 7;
    int step = 0;
    switch (event->key()) {
    case Qt::Key_Left:
        step = year && !isNumeric() ? -7 : -1;
        break;
    case Qt::Key_Right:
        step = year && !isNumeric() ? 7 : 1;
        break;
    case Qt::Key_Up:
        step = year && !isNumeric() ? -1 : -columns;
        break;
    case Qt::Key_Down:
        step = year && !isNumeric() ? 1 : columns;
        break;
    case Qt::Key_Space:
        if (m_currentRow >= 0) {
            toggleRow(m_currentRow);
            m_anchorRow = m_currentRow;
        }
        return;
    default:
        return QWidget::keyPressEvent(event);
    }
    moveCurrent(step, event->modifiers());
}

void CalendarView::moveCurrent(int step, Qt::KeyboardModifiers modifiers)
{
    int row = -1;
    QDate day;
    if (isNumeric()) {
        row = std::clamp(m_currentRow < 0 ? 0 : m_currentRow + step, 0, m_model->rowCount() - 1);
    } else {
        // Without a current day: the first of the month shown, or in the year view the newest
        // day that has begun, drawn at the top.
        const QDate newest = m_model->lastBegunDate();
        const QDate from = m_currentDay.isValid()                     ? m_currentDay
                           : m_mode == Mode::Year && newest.isValid() ? newest
                                                                      : m_model->firstDate();
        day = m_currentDay.isValid() ? from.addDays(step) : from;
        row = m_model->rowForDate(day);
        if (row < 0)
            return; // the edge of the span
        if (m_mode == Mode::Month && (day.month() != m_month.month() || day.year() != m_month.year())) {
            setMonth(day);
            Q_EMIT monthChanged(m_month);
        }
    }
    if (modifiers & Qt::ShiftModifier) {
        if (m_anchorRow < 0)
            m_anchorRow = m_currentRow >= 0 ? m_currentRow : row;
        m_dragBase.clear();
        selectRows(m_anchorRow, row, false);
    } else if (!(modifiers & Qt::ControlModifier)) {
        m_anchorRow = row;
        selectRows(row, row, false);
    }
    setCurrent(row, day);
}

} // namespace Backfill
