#include "views/calendar/calendarview.h"

#include "model/itemmodels/partitioncalendarmodel.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// The year heat map: a column per week, a row per weekday, its cells as large as the width
// allows (MinPitch to MaxPitch) so that a whole year fits without a horizontal scroll bar.
constexpr int MinPitch = 8;
constexpr int MaxPitch = 18;
constexpr int YearLeft = 34;   // weekday labels
constexpr int YearTitle = 18;  // the year
constexpr int YearMonths = 14; // month labels
constexpr int YearGap = 12;
constexpr int YearWeeks = 54; // columns: a year touches at most 54 weeks
constexpr int YearRight = 8;
constexpr int MinYearWidth = YearLeft + YearWeeks * MinPitch + YearRight;
// The month grid and the numeric grid.
constexpr int Margin = 6;
constexpr int WeekdayHeader = 20;
constexpr int BlockPitch = 18;

QDate firstMonday(int year)
{
    const QDate first(year, 1, 1);
    return first.addDays(1 - first.dayOfWeek());
}

QColor textOn(const QColor &background)
{
    return qGray(background.rgb()) > 140 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace

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
        const int top = (day.year() - first.year()) * yearHeight() + YearTitle + YearMonths;
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
        const int year = first.year() + position.y() / yearHeight();
        const int y = position.y() % yearHeight() - YearTitle - YearMonths;
        const int x = position.x() - YearLeft;
        if (y < 0 || y >= 7 * pitch || x < 0)
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

// -- Painting --------------------------------------------------------------------------------

QColor CalendarView::statusColor(PartitionStatus status, const QPalette &palette)
{
    // Mid-tone hues keep their contrast against both a light and a dark base; "missing" is
    // derived from the palette so it reads as an empty slot in either.
    switch (status) {
    case PartitionStatus::Missing: {
        const QColor base = palette.color(QPalette::Base);
        const QColor text = palette.color(QPalette::Text);
        const auto mix = [](int a, int b) { return (a * 85 + b * 15 + 50) / 100; };
        return QColor(mix(base.red(), text.red()), mix(base.green(), text.green()), mix(base.blue(), text.blue()));
    }
    case PartitionStatus::Queued:
        return QColor(0x9a, 0x86, 0xd4);
    case PartitionStatus::Running:
        return QColor(0x3d, 0x8e, 0xd6);
    case PartitionStatus::Succeeded:
        return QColor(0x33, 0xa0, 0x52);
    case PartitionStatus::Empty:
        return QColor(0x9c, 0xc4, 0xa8);
    case PartitionStatus::Failed:
        return QColor(0xd9, 0x48, 0x44);
    }
    return {};
}

void CalendarView::paintEvent(QPaintEvent *event)
{
    QPainter painter(this);
    painter.fillRect(event->rect(), palette().color(QPalette::Base));
    if (!m_model || m_model->rowCount() == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No partitions to show"));
        return;
    }
    if (isNumeric())
        paintBlocks(painter, event->rect());
    else if (m_mode == Mode::Year)
        paintYears(painter, event->rect());
    else
        paintMonth(painter);
}

void CalendarView::paintCell(QPainter &painter, int row, const QRect &rect)
{
    const QModelIndex index = m_model->index(row, 0);
    const auto status = index.data(PartitionCalendarModel::StatusRole).value<PartitionStatus>();
    const QColor color = statusColor(status, palette());
    painter.fillRect(rect, color);
    if (status == PartitionStatus::Missing) {
        // A partly done day (hourly): the done share fills it from the bottom.
        const double share = index.data(PartitionCalendarModel::DoneShareRole).toDouble();
        if (share > 0) {
            const int height = std::max(1, int(rect.height() * share));
            painter.fillRect(QRect(rect.left(), rect.bottom() - height + 1, rect.width(), height),
                             statusColor(PartitionStatus::Succeeded, palette()));
        }
    }
    if (isRowSelected(row)) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect.adjusted(1, 1, -1, -1));
    }
    if (row == m_hoveredRow) {
        painter.setPen(QPen(palette().color(QPalette::Text), 1));
        painter.drawRect(rect.adjusted(0, 0, -1, -1));
    }
}

void CalendarView::paintDay(QPainter &painter, QDate day, const QRect &rect, bool large)
{
    const int row = m_model->rowForDate(day);
    if (row < 0) {
        painter.fillRect(rect, palette().color(QPalette::AlternateBase));
        return;
    }
    paintCell(painter, row, rect);
    if (hasFocus() && day == m_currentDay) {
        QPen pen(palette().color(QPalette::Text), 1, Qt::DotLine);
        painter.setPen(pen);
        painter.drawRect(rect.adjusted(2, 2, -3, -3));
    }
    if (!large)
        return;
    const QModelIndex index = m_model->index(row, 0);
    const QColor background =
        statusColor(index.data(PartitionCalendarModel::StatusRole).value<PartitionStatus>(), palette());
    painter.setPen(textOn(background));
    painter.drawText(rect.adjusted(4, 2, -4, -2), Qt::AlignLeft | Qt::AlignTop, QString::number(day.day()));
    const int partitions = index.data(PartitionCalendarModel::PartitionCountRole).toInt();
    if (m_model->scheme().grain() == PartitionScheme::Grain::Hourly) {
        painter.drawText(rect.adjusted(4, 2, -4, -2), Qt::AlignRight | Qt::AlignBottom,
                         tr("%1/%2 h").arg(index.data(PartitionCalendarModel::DoneCountRole).toInt()).arg(partitions));
    } else if (const qint64 rows = index.data(PartitionCalendarModel::RowsRole).toLongLong();
               rows > 0 && m_model->scheme().grain() == PartitionScheme::Grain::Daily) {
        painter.drawText(rect.adjusted(4, 2, -4, -2), Qt::AlignRight | Qt::AlignBottom, QLocale().toString(rows));
    }
}

void CalendarView::paintYears(QPainter &painter, const QRect &exposed)
{
    const QDate first = m_model->firstDate();
    const QDate last = m_model->lastDate();
    const QLocale locale;
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
    const int pitch = yearPitch();
    const int height = yearHeight();
    for (int year = first.year(); year <= last.year(); ++year) {
        const int top = (year - first.year()) * height;
        if (top > exposed.bottom() || top + height < exposed.top())
            continue;
        painter.setFont(font());
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(0, top, width(), YearTitle), Qt::AlignLeft | Qt::AlignVCenter, QString::number(year));
        painter.setFont(small);
        for (int month = 1; month <= 12; ++month) {
            const QRect at = dayRect(QDate(year, month, 1));
            painter.drawText(QRect(at.left(), top + YearTitle, 4 * pitch, YearMonths), Qt::AlignLeft | Qt::AlignVCenter,
                             locale.monthName(month, QLocale::ShortFormat));
        }
        for (int weekday : {1, 3, 5}) {
            painter.drawText(QRect(0, top + YearTitle + YearMonths + (weekday - 1) * pitch, YearLeft - 4, pitch - 2),
                             Qt::AlignRight | Qt::AlignVCenter, locale.dayName(weekday, QLocale::ShortFormat));
        }
        for (QDate day(year, 1, 1); day.year() == year; day = day.addDays(1))
            paintDay(painter, day, dayRect(day), false);
    }
}

void CalendarView::paintMonth(QPainter &painter)
{
    const QLocale locale;
    const int cellWidth = (width() - 2 * Margin) / 7;
    painter.setPen(palette().color(QPalette::Text));
    for (int weekday = 1; weekday <= 7; ++weekday) {
        painter.drawText(QRect(Margin + (weekday - 1) * cellWidth, Margin, cellWidth, WeekdayHeader), Qt::AlignCenter,
                         locale.dayName(weekday, QLocale::ShortFormat));
    }
    for (QDate day = m_month; day.month() == m_month.month(); day = day.addDays(1))
        paintDay(painter, day, dayRect(day), true);
}

void CalendarView::paintBlocks(QPainter &painter, const QRect &exposed)
{
    const int rows = m_model->rowCount();
    const int columns = blockColumns();
    const int firstRow = std::max(0, (exposed.top() - Margin) / BlockPitch) * columns;
    for (int row = firstRow; row < rows; ++row) {
        const QRect rect = blockRect(row);
        if (rect.top() > exposed.bottom())
            break;
        paintCell(painter, row, rect);
        if (hasFocus() && row == m_currentRow) {
            painter.setPen(QPen(palette().color(QPalette::Text), 1, Qt::DotLine));
            painter.drawRect(rect.adjusted(2, 2, -3, -3));
        }
    }
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
        const QDate from = m_currentDay.isValid() ? m_currentDay : m_model->firstDate();
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
