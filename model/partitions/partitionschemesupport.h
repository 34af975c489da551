// What partitionscheme.cpp and partitionschemetext.cpp share: the time constants and the writing of day keys.
#pragma once

#include <QDate>
#include <QString>

namespace Backfill::PartitionSchemeSupport {

inline constexpr qint64 MsPerHour = 3'600'000;
inline constexpr qint64 MsPerDay = 86'400'000;
inline constexpr qint64 UnixEpochJulianDay = 2'440'588;

// Keys are built in place: pattern matching and calendars generate them by the thousand.
inline void writeDigits(QChar *at, int value, int width)
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        at[i] = QChar(u'0' + value % 10);
}

// `yyyy-MM-dd` into at[0..9].
inline void writeDay(QChar *at, QDate date)
{
    int year = 0;
    int month = 0;
    int day = 0;
    date.getDate(&year, &month, &day);
    writeDigits(at, year, 4);
    at[4] = at[7] = QLatin1Char('-');
    writeDigits(at + 5, month, 2);
    writeDigits(at + 8, day, 2);
}

inline QString dayKey(QDate date)
{
    QChar key[10];
    writeDay(key, date);
    return QString(key, 10);
}

inline QDate mondayOf(QDate date)
{
    return date.addDays(1 - date.dayOfWeek());
}

} // namespace Backfill::PartitionSchemeSupport
