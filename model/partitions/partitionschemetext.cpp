// The text forms of a partition scheme: the storage form (fromString, toString, grainName) and the typed keys,
// dates, hours and numbers that the range language reads into spans (spanOf).

#include "model/partitions/partitionscheme.h"

#include "model/partitions/partitionschemesupport.h"

#include <QCoreApplication>

namespace Backfill {

using namespace PartitionSchemeSupport;

namespace {

QString padded(int value, int width)
{
    return QString::number(value).rightJustified(width, QLatin1Char('0'));
}

bool readDigits(QStringView text, qsizetype pos, int count, int *value)
{
    if (pos + count > text.size())
        return false;
    int result = 0;
    for (int i = 0; i < count; ++i) {
        const QChar c = text.at(pos + i);
        if (c.unicode() < '0' || c.unicode() > '9')
            return false;
        result = result * 10 + (c.unicode() - '0');
    }
    *value = result;
    return true;
}

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= '0' && c.unicode() <= '9';
}

std::nullopt_t fail(PartitionError *error, qsizetype position, const QString &message)
{
    if (error)
        *error = {message, int(position)};
    return std::nullopt;
}

std::nullopt_t unexpected(PartitionError *error, QStringView text, qsizetype position)
{
    return fail(error, position, QCoreApplication::translate("Backfill", "Unexpected \"%1\"").arg(text.at(position)));
}

// A date-level reading of typed text: a year, ISO week, month, day or hour of a day.
struct CalendarPoint
{
    QDate firstDay;
    QDate lastDay;
    int hour = -1;      // >= 0 for hours
    int occurrence = 0; // 1 for the repeated hour (`+1`) when clocks go back
};

std::optional<CalendarPoint> parseCalendarPoint(QStringView text, PartitionError *error)
{
    CalendarPoint point;
    int year = 0;
    if (!readDigits(text, 0, 4, &year)) {
        qsizetype at = 0;
        while (at < text.size() && isAsciiDigit(text.at(at)))
            ++at;
        if (at < text.size() && at > 0)
            return unexpected(error, text, at);
        return fail(error, at, QCoreApplication::translate("Backfill", "Expected a date such as 2024-01-31"));
    }
    if (year == 0)
        return fail(error, 0, QCoreApplication::translate("Backfill", "Invalid date: there is no year 0"));
    if (text.size() == 4) {
        point.firstDay = QDate(year, 1, 1);
        point.lastDay = QDate(year, 12, 31);
        return point;
    }
    if (text.at(4) != QLatin1Char('-'))
        return unexpected(error, text, 4);

    if (text.size() > 5 && text.at(5) == QLatin1Char('W')) {
        int week = 0;
        if (!readDigits(text, 6, 2, &week))
            return fail(error, 6, QCoreApplication::translate("Backfill", "Expected a two-digit week number"));
        const int weeksInYear = QDate(year, 12, 28).weekNumber();
        if (week < 1 || week > weeksInYear)
            return fail(error, 6,
                        QCoreApplication::translate("Backfill", "Invalid date: %1 has no week %2")
                            .arg(padded(year, 4), padded(week, 2)));
        if (text.size() > 8)
            return unexpected(error, text, 8);
        const QDate january4(year, 1, 4);
        point.firstDay = mondayOf(january4).addDays(7 * (week - 1));
        point.lastDay = point.firstDay.addDays(6);
        return point;
    }

    int month = 0;
    if (!readDigits(text, 5, 2, &month))
        return fail(error, 5, QCoreApplication::translate("Backfill", "Expected a two-digit month"));
    if (month < 1 || month > 12)
        return fail(
            error, 5,
            QCoreApplication::translate("Backfill", "Invalid date: there is no month %1").arg(padded(month, 2)));
    const QDate firstOfMonth(year, month, 1);
    if (text.size() == 7) {
        point.firstDay = firstOfMonth;
        point.lastDay = firstOfMonth.addMonths(1).addDays(-1);
        return point;
    }
    if (text.at(7) != QLatin1Char('-'))
        return unexpected(error, text, 7);

    int day = 0;
    if (!readDigits(text, 8, 2, &day))
        return fail(error, 8, QCoreApplication::translate("Backfill", "Expected a two-digit day"));
    if (day < 1 || day > firstOfMonth.daysInMonth())
        return fail(error, 8,
                    QCoreApplication::translate("Backfill", "Invalid date: %1-%2 has %3 days")
                        .arg(padded(year, 4), padded(month, 2))
                        .arg(firstOfMonth.daysInMonth()));
    point.firstDay = point.lastDay = QDate(year, month, day);
    if (text.size() == 10)
        return point;
    if (text.at(10) != QLatin1Char('T') && text.at(10) != QLatin1Char(' '))
        return unexpected(error, text, 10);

    if (!readDigits(text, 11, 2, &point.hour))
        return fail(error, 11, QCoreApplication::translate("Backfill", "Expected a two-digit hour"));
    if (point.hour > 23)
        return fail(error, 11, QCoreApplication::translate("Backfill", "Invalid hour %1").arg(point.hour));
    if (text.size() == 13)
        return point;
    if (text.at(13) != QLatin1Char('+'))
        return unexpected(error, text, 13);
    if (text.size() < 15 || text.at(14) != QLatin1Char('1'))
        return fail(
            error, 14,
            QCoreApplication::translate("Backfill", "Expected \"+1\" for the repeated hour when clocks go back"));
    if (text.size() > 15)
        return unexpected(error, text, 15);
    point.occurrence = 1;
    return point;
}

// Reads an integer at `pos`, with an optional minus sign, of at most MaxNumber.
std::optional<qint64> readNumber(QStringView text, qsizetype *pos, PartitionError *error)
{
    const qsizetype start = *pos;
    qsizetype at = start;
    if (at < text.size() && text.at(at) == QLatin1Char('-'))
        ++at;
    const qsizetype digitsStart = at;
    while (at < text.size() && isAsciiDigit(text.at(at)))
        ++at;
    if (at == digitsStart)
        return fail(error, at, QCoreApplication::translate("Backfill", "Expected a number"));
    bool ok = false;
    const qint64 value = at - digitsStart > 18 ? 0 : text.mid(start, at - start).toLongLong(&ok);
    if (!ok || value > PartitionScheme::MaxNumber || value < -PartitionScheme::MaxNumber)
        return fail(error, start,
                    QCoreApplication::translate("Backfill", "Number too large: the limit is %1")
                        .arg(PartitionScheme::MaxNumber));
    *pos = at;
    return value;
}

// A numeric item: `10000` or a block key `10000-10999`.
std::optional<PartitionSpan> parseNumericSpan(QStringView text, PartitionError *error)
{
    qsizetype pos = 0;
    const auto from = readNumber(text, &pos, error);
    if (!from)
        return std::nullopt;
    if (pos == text.size())
        return PartitionSpan{*from, *from};
    if (text.at(pos) != QLatin1Char('-'))
        return unexpected(error, text, pos);
    ++pos;
    const qsizetype toStart = pos;
    const auto to = readNumber(text, &pos, error);
    if (!to)
        return std::nullopt;
    if (pos != text.size())
        return unexpected(error, text, pos);
    if (*to < *from)
        return fail(error, toStart, QCoreApplication::translate("Backfill", "The block ends before it starts"));
    return PartitionSpan{*from, *to};
}

} // namespace

PartitionScheme PartitionScheme::fromString(const QString &text)
{
    PartitionScheme invalid;
    const auto failWith = [&invalid](const QString &message) {
        invalid.m_errorString = message;
        return invalid;
    };
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString name = text.left(colon).trimmed().toLower();
    std::optional<Grain> grain;
    for (Grain candidate : {Grain::Hourly, Grain::Daily, Grain::Weekly, Grain::Monthly, Grain::Numeric}) {
        if (grainName(candidate) == name)
            grain = candidate;
    }
    if (colon < 0 || !grain)
        return failWith(
            QCoreApplication::translate(
                "Backfill", "Unknown partition grain \"%1\": expected hourly, daily, weekly, monthly or numeric")
                .arg(name));
    QStringView rest = QStringView(text).mid(colon + 1);

    if (*grain == Grain::Numeric) {
        qint64 step = 1;
        const qsizetype slash = rest.indexOf(QLatin1Char('/'));
        if (slash >= 0) {
            bool ok = false;
            step = rest.mid(slash + 1).toLongLong(&ok);
            if (!ok)
                return failWith(
                    QCoreApplication::translate("Backfill", "Invalid step \"%1\"").arg(rest.mid(slash + 1).toString()));
            rest = rest.left(slash);
        }
        const qsizetype dots = rest.indexOf(u"..");
        if (dots < 0)
            return failWith(QCoreApplication::translate("Backfill", "Expected \"first..last\" in \"%1\"").arg(text));
        PartitionError error;
        qsizetype pos = 0;
        const QStringView firstText = rest.left(dots);
        const QStringView lastText = rest.mid(dots + 2);
        const auto first = readNumber(firstText, &pos, &error);
        if (!first || pos != firstText.size())
            return failWith(QCoreApplication::translate("Backfill", "Invalid first number \"%1\"").arg(firstText));
        pos = 0;
        const auto last = readNumber(lastText, &pos, &error);
        if (!last || pos != lastText.size())
            return failWith(QCoreApplication::translate("Backfill", "Invalid last number \"%1\"").arg(lastText));
        return forNumbers(*first, *last, step);
    }

    QTimeZone zone = QTimeZone::utc();
    const qsizetype at = rest.indexOf(QLatin1Char('@'));
    if (at >= 0) {
        const QStringView id = rest.mid(at + 1).trimmed();
        zone = QTimeZone(id.toUtf8());
        if (!zone.isValid())
            return failWith(QCoreApplication::translate("Backfill", "Unknown time zone \"%1\"").arg(id));
        rest = rest.left(at);
    }
    const qsizetype dots = rest.indexOf(u"..");
    if (dots < 0)
        return failWith(QCoreApplication::translate("Backfill", "Expected \"first..last\" in \"%1\"").arg(text));
    PartitionError error;
    const QStringView firstText = rest.left(dots).trimmed();
    const QStringView lastText = rest.mid(dots + 2).trimmed();
    const auto first = parseCalendarPoint(firstText, &error);
    if (!first || first->hour >= 0)
        return failWith(
            QCoreApplication::translate("Backfill", "Invalid first date \"%1\": %2")
                .arg(firstText, first ? QCoreApplication::translate("Backfill", "expected a date") : error.message));
    const auto last = parseCalendarPoint(lastText, &error);
    if (!last || last->hour >= 0)
        return failWith(
            QCoreApplication::translate("Backfill", "Invalid last date \"%1\": %2")
                .arg(lastText, last ? QCoreApplication::translate("Backfill", "expected a date") : error.message));
    return forDates(*grain, first->firstDay, last->lastDay, zone);
}

QString PartitionScheme::toString() const
{
    if (!m_valid)
        return {};
    if (m_grain == Grain::Numeric)
        return grainName(m_grain) + QLatin1Char(':') + QString::number(m_first) + u".." + QString::number(m_last) +
               QLatin1Char('/') + QString::number(m_step);
    QString text = grainName(m_grain) + QLatin1Char(':') + dayKey(m_firstDate) + u".." + dayKey(m_lastDate);
    if (!m_utc)
        text += QLatin1Char('@') + QString::fromUtf8(m_zone.id());
    return text;
}

QString PartitionScheme::grainName(Grain grain)
{
    switch (grain) {
    case Grain::Hourly:
        return QStringLiteral("hourly");
    case Grain::Daily:
        return QStringLiteral("daily");
    case Grain::Weekly:
        return QStringLiteral("weekly");
    case Grain::Monthly:
        return QStringLiteral("monthly");
    case Grain::Numeric:
        return QStringLiteral("numeric");
    }
    return {};
}

std::optional<PartitionSpan> PartitionScheme::spanOf(QStringView text, PartitionError *error) const
{
    if (m_grain == Grain::Numeric)
        return parseNumericSpan(text, error);
    const auto point = parseCalendarPoint(text, error);
    if (!point)
        return std::nullopt;
    if (point->hour < 0)
        return PartitionSpan{startOfDayMs(point->firstDay), startOfDayMs(point->lastDay.addDays(1))};

    const qint64 localMs = (point->firstDay.toJulianDay() - UnixEpochJulianDay) * MsPerDay + point->hour * MsPerHour;
    const QList<qint64> instants = localToUtc(localMs);
    const QString zoneName = QString::fromUtf8(m_zone.id());
    if (instants.isEmpty())
        return fail(error, 11,
                    QCoreApplication::translate("Backfill", "%1 does not exist in %2: the clocks skip that hour")
                        .arg(text.left(13), zoneName));
    if (point->occurrence >= instants.size())
        return fail(error, 13,
                    QCoreApplication::translate("Backfill", "%1 occurs only once in %2").arg(text.left(13), zoneName));
    const qint64 from = instants.at(point->occurrence);
    return PartitionSpan{from, from + MsPerHour};
}

} // namespace Backfill
