// The measures of the calendar view's layout, shared by its geometry (calendarview.cpp) and its
// painting (calendarviewpainting.cpp).
#pragma once

#include <QDate>

namespace Backfill::CalendarLayout {

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

inline QDate firstMonday(int year)
{
    const QDate first(year, 1, 1);
    return first.addDays(1 - first.dayOfWeek());
}

} // namespace Backfill::CalendarLayout
