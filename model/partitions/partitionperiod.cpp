#include "model/partitions/partitionperiod.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Backfill {

std::optional<qint64> partitionEndMs(QStringView key)
{
    static const QRegularExpression pattern(u"^(\\d{4})-(?:W(\\d{2})|(\\d{2})(?:-(\\d{2})(?:T(\\d{2}))?)?)$"_s);
    const QRegularExpressionMatch match = pattern.match(key.toString());
    if (!match.hasMatch())
        return std::nullopt;
    const int year = match.capturedView(1).toInt();
    const auto utc = [](QDate day, int hour = 0) {
        return QDateTime(day, QTime(hour, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    };
    if (match.hasCaptured(2)) { // ISO week: from the Monday of week 1 (the week of 4 January)
        const QDate fourth(year, 1, 4);
        const QDate monday = fourth.addDays(1 - fourth.dayOfWeek()).addDays(7 * (match.capturedView(2).toInt() - 1));
        return monday.isValid() ? std::optional(utc(monday.addDays(7))) : std::nullopt;
    }
    const QDate month(year, match.capturedView(3).toInt(), 1);
    if (!month.isValid())
        return std::nullopt;
    if (!match.hasCaptured(4))
        return utc(month.addMonths(1));
    const QDate day(year, month.month(), match.capturedView(4).toInt());
    if (!day.isValid())
        return std::nullopt;
    if (!match.hasCaptured(5))
        return utc(day.addDays(1));
    const int hour = match.capturedView(5).toInt();
    if (hour > 23)
        return std::nullopt;
    return utc(day, hour) + 3600 * 1000;
}

} // namespace Backfill
