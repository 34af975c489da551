#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace Backfill {

// An error in typed text (a range, a scheme string) with the 0-based position of the
// character it points at.
struct PartitionError
{
    QString message;
    int position = -1;
};

// One partition of an endpoint's iteration: an hour, day, ISO week or month in the scheme's
// time zone, or a block of numbers. `key` is stable and is what the workspace stores.
struct Partition
{
    QString key;
    QDateTime start;  // time grains: first instant, in the scheme's time zone
    QDateTime end;    // time grains: exclusive end
    qint64 first = 0; // numeric blocks: inclusive bounds
    qint64 last = 0;

    bool isNumeric() const { return !start.isValid(); }

    // The values a request receives for the partition. `format` is strftime-like:
    // %Y %m %d %H %M %S (zero-padded), %j (day of year), %G %V %u (ISO week-year, week,
    // weekday), %z (+hhmm), %s (epoch seconds), %% (a percent sign); anything else is kept.
    // Fields are in `zone` when given, else in the partition's own time zone, so
    // "%Y-%m-%dT%H:%M:%SZ" wants QTimeZone::utc(). Numeric blocks ignore the format.
    QString startValue(const QString &format, const QTimeZone &zone = QTimeZone()) const;
    // The exclusive end for time grains (the next partition's start); `last` for numeric blocks.
    QString endValue(const QString &format, const QTimeZone &zone = QTimeZone()) const;
    // The last second inside the partition (end minus one second), for APIs whose end bound
    // is inclusive ("%Y-%m-%d" gives the partition's last day); `last` for numeric blocks.
    QString lastValue(const QString &format, const QTimeZone &zone = QTimeZone()) const;

    // Renders `instant` with the format described at startValue().
    static QString formatValue(const QDateTime &instant, const QString &format);
};

} // namespace Backfill
