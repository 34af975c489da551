// The calendar view's painting: the year heat map, the month grid and the numeric blocks.
#include "model/itemmodels/partitioncalendarmodel.h"
#include "views/calendar/calendarlayout.h"
#include "views/calendar/calendarview.h"

#include <QLocale>
#include <QPaintEvent>
#include <QPainter>

#include <algorithm>

namespace Backfill {

using namespace CalendarLayout;

namespace {

QColor textOn(const QColor &background)
{
    return qGray(background.rgb()) > 140 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace

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
    case PartitionStatus::Open:
        return QColor(0x2a, 0xa8, 0xa0); // between running's blue and success's green
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
    if (index.data(PartitionCalendarModel::FutureRole).toBool()) {
        // Not yet: no data can be there, so no status colour; hatched, not selectable.
        painter.fillRect(rect, palette().color(QPalette::Window));
        painter.fillRect(rect, QBrush(palette().color(QPalette::Midlight), Qt::BDiagPattern));
        return;
    }
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
    if (!index.data(PartitionCalendarModel::CheckRole).toString().isEmpty()) {
        // A check flagged it: a corner mark, the reason on hover and in the day's panel.
        const int size = std::max(4, rect.width() / 3);
        const QPointF corner[] = {QPointF(rect.right() + 1 - size, rect.top()), QPointF(rect.right() + 1, rect.top()),
                                  QPointF(rect.right() + 1, rect.top() + size)};
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0xe0, 0x8a, 0x00));
        painter.drawPolygon(corner, 3);
        painter.setBrush(Qt::NoBrush);
    }
    if (!index.data(PartitionCalendarModel::ChangesRole).toString().isEmpty()) {
        // Changed since its pull before: a dot in the lower right corner, the counts on hover.
        const qreal radius = std::max(2.0, rect.width() / 8.0);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0x3b, 0x6e, 0xd8));
        painter.drawEllipse(QPointF(rect.right() + 1 - 2 * radius, rect.bottom() + 1 - 2 * radius), radius, radius);
        painter.setBrush(Qt::NoBrush);
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
    for (int year = last.year(); year >= first.year(); --year) { // newest first
        const int top = yearTop(year);
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

} // namespace Backfill
