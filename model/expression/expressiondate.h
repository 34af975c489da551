#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace Backfill {

// A date as the date functions see it: read from ISO 8601 text ("2024-01-31", "2024-01-31T10:00:00Z",
// "...+02:00"), compact "20240131" or epoch numbers (seconds, milliseconds, micro- or nanoseconds by magnitude),
// and written back as ISO 8601 text that keeps a date-only input date-only.
struct ExpressionDate
{
    QDateTime dateTime; // Qt::UTC or Qt::OffsetFromUTC as written (time zone objects are much slower)
    bool dateOnly = false;

    static bool fromValue(const QJsonValue &value, ExpressionDate *date);
    static ExpressionDate fromDateTime(const QDateTime &dateTime, bool dateOnly = false);

    // "YYYY-MM-DD" when date-only and at midnight, otherwise "YYYY-MM-DDTHH:MM:SS[.mmm]Z" in UTC.
    QJsonValue toValue() const;

    // strftime: %Y %y %m %d %e %H %I %M %S %f %L %p %a %A %b %B %h %j %u %w %V %z %Z %s %F %T %D %R %n %t %%.
    static QString format(const QDateTime &dateTime, const QString &format);
    // strptime with the same directives; `dateOnly` tells whether the format had no time of day.
    static bool parse(const QString &text, const QString &format, ExpressionDate *date);
};

} // namespace Backfill
