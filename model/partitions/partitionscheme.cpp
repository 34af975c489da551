#include "model/partitions/partitionscheme.h"

#include <QCoreApplication>

#include <algorithm>

namespace Backfill {

namespace {

constexpr qint64 MsPerHour = 3'600'000;
constexpr qint64 MsPerDay = 86'400'000;
constexpr qint64 UnixEpochJulianDay = 2'440'588;

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

QString padded(int value, int width)
{
    return QString::number(value).rightJustified(width, QLatin1Char('0'));
}

// Keys are built in place: pattern matching and calendars generate them by the thousand.
void writeDigits(QChar *at, int value, int width)
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        at[i] = QChar(u'0' + value % 10);
}

// `yyyy-MM-dd` into at[0..9].
void writeDay(QChar *at, QDate date)
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

QString dayKey(QDate date)
{
    QChar key[10];
    writeDay(key, date);
    return QString(key, 10);
}

QDate mondayOf(QDate date)
{
    return date.addDays(1 - date.dayOfWeek());
}

qint64 monthIndex(QDate date)
{
    return qint64(date.year()) * 12 + date.month() - 1;
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

PartitionScheme::PartitionScheme() = default;

PartitionScheme PartitionScheme::forDates(Grain grain, QDate first, QDate last, const QTimeZone &zone)
{
    PartitionScheme scheme;
    scheme.m_grain = grain;
    scheme.m_firstDate = first;
    scheme.m_lastDate = last;
    scheme.m_zone = zone;
    scheme.m_utc = zone.isValid() && zone.id() == "UTC";
    if (grain == Grain::Numeric) {
        scheme.m_errorString = QCoreApplication::translate("Backfill", "A numeric scheme needs numbers, not dates");
    } else if (!first.isValid() || !last.isValid() || first.year() < 1 || last.year() > 9999) {
        scheme.m_errorString = QCoreApplication::translate("Backfill", "Dates must lie between the years 1 and 9999");
    } else if (first > last) {
        scheme.m_errorString = QCoreApplication::translate("Backfill", "The first date is after the last one");
    } else if (!zone.isValid()) {
        scheme.m_errorString = QCoreApplication::translate("Backfill", "Invalid time zone");
    } else {
        scheme.m_valid = true;
        scheme.prepare();
    }
    return scheme;
}

PartitionScheme PartitionScheme::forNumbers(qint64 first, qint64 last, qint64 step)
{
    PartitionScheme scheme;
    scheme.m_grain = Grain::Numeric;
    scheme.m_first = first;
    scheme.m_last = last;
    scheme.m_step = step;
    if (first < -MaxNumber || last > MaxNumber || first > last) {
        scheme.m_errorString =
            QCoreApplication::translate("Backfill", "Numbers must satisfy -%1 <= first <= last <= %1").arg(MaxNumber);
    } else if (step < 1 || step > MaxNumber) {
        scheme.m_errorString =
            QCoreApplication::translate("Backfill", "The step must lie between 1 and %1").arg(MaxNumber);
    } else {
        scheme.m_valid = true;
        scheme.prepare();
    }
    return scheme;
}

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

bool PartitionScheme::isValid() const
{
    return m_valid;
}

const QString &PartitionScheme::errorString() const
{
    return m_errorString;
}

PartitionScheme::Grain PartitionScheme::grain() const
{
    return m_grain;
}

bool PartitionScheme::isNumeric() const
{
    return m_grain == Grain::Numeric;
}

const QTimeZone &PartitionScheme::timeZone() const
{
    return m_zone;
}

QDate PartitionScheme::firstDate() const
{
    return m_firstDate;
}

QDate PartitionScheme::lastDate() const
{
    return m_lastDate;
}

qint64 PartitionScheme::firstNumber() const
{
    return m_first;
}

qint64 PartitionScheme::lastNumber() const
{
    return m_last;
}

qint64 PartitionScheme::step() const
{
    return m_step;
}

qint64 PartitionScheme::count() const
{
    return m_count;
}

void PartitionScheme::prepare()
{
    switch (m_grain) {
    case Grain::Numeric:
        m_count = (m_last - m_first) / m_step + 1;
        return;
    case Grain::Hourly:
    case Grain::Daily:
        m_originDate = m_firstDate;
        m_endMs = startOfDayMs(m_lastDate.addDays(1));
        break;
    case Grain::Weekly:
        m_originDate = mondayOf(m_firstDate);
        m_endMs = startOfDayMs(mondayOf(m_lastDate).addDays(7));
        break;
    case Grain::Monthly:
        m_originDate = QDate(m_firstDate.year(), m_firstDate.month(), 1);
        m_endMs = startOfDayMs(QDate(m_lastDate.year(), m_lastDate.month(), 1).addMonths(1));
        break;
    }
    m_originMs = startOfDayMs(m_originDate);
    if (!m_utc && m_zone.hasTransitions()) {
        const auto utc = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC); };
        // Keys look one hour back and spans one day around, so cover a margin on both sides.
        const qint64 from = m_originMs - 2 * MsPerDay;
        const qint64 to = m_endMs + 2 * MsPerDay;
        m_offsetBeforeTransitions = qint64(m_zone.offsetFromUtc(utc(from))) * 1000;
        // Qt 6.4 ends the list at the last transition written out in the zone file (2037
        // for most zones) and leaves out those its rule gives later; nextTransition() has them.
        const QTimeZone::OffsetDataList listed = m_zone.transitions(utc(from), utc(to));
        for (const QTimeZone::OffsetData &transition : listed)
            m_transitions.append({transition.atUtc.toMSecsSinceEpoch(), qint64(transition.offsetFromUtc) * 1000});
        qint64 cursor = m_transitions.isEmpty() ? from : m_transitions.last().first;
        while (true) {
            const QTimeZone::OffsetData next = m_zone.nextTransition(utc(cursor + 1));
            const qint64 at = next.atUtc.isValid() ? next.atUtc.toMSecsSinceEpoch() : to;
            if (at <= cursor || at >= to)
                break;
            m_transitions.append({at, qint64(next.offsetFromUtc) * 1000});
            cursor = at;
        }
        m_transitionsFrom = from;
        m_transitionsTo = to;
        // Should Qt still disagree with its own list, do without the cache.
        const qint64 lastOffset = m_transitions.isEmpty() ? m_offsetBeforeTransitions : m_transitions.last().second;
        if (lastOffset != qint64(m_zone.offsetFromUtc(utc(to - 1))) * 1000) {
            m_transitions.clear();
            m_transitionsTo = m_transitionsFrom;
        }
    }
    switch (m_grain) {
    case Grain::Hourly:
        m_count = (m_endMs - m_originMs + MsPerHour - 1) / MsPerHour;
        break;
    case Grain::Daily:
        m_count = m_firstDate.daysTo(m_lastDate) + 1;
        break;
    case Grain::Weekly:
        m_count = m_originDate.daysTo(mondayOf(m_lastDate)) / 7 + 1;
        break;
    case Grain::Monthly:
        m_count = monthIndex(m_lastDate) - monthIndex(m_firstDate) + 1;
        break;
    case Grain::Numeric:
        break;
    }
}

qint64 PartitionScheme::offsetMs(qint64 utcMs) const
{
    if (m_utc)
        return 0;
    if (utcMs >= m_transitionsFrom && utcMs < m_transitionsTo) {
        const auto next = std::upper_bound(m_transitions.cbegin(), m_transitions.cend(), utcMs,
                                           [](qint64 ms, const auto &transition) { return ms < transition.first; });
        return next == m_transitions.cbegin() ? m_offsetBeforeTransitions : std::prev(next)->second;
    }
    return qint64(m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(utcMs, Qt::UTC))) * 1000;
}

QDate PartitionScheme::localDate(qint64 utcMs) const
{
    return QDate::fromJulianDay(UnixEpochJulianDay + floorDiv(utcMs + offsetMs(utcMs), MsPerDay));
}

qint64 PartitionScheme::startOfDayMs(QDate date) const
{
    if (m_utc)
        return (date.toJulianDay() - UnixEpochJulianDay) * MsPerDay;
    const qint64 midnight = (date.toJulianDay() - UnixEpochJulianDay) * MsPerDay;
    const QList<qint64> instants = localToUtc(midnight);
    if (!instants.isEmpty())
        return instants.first();
    // Midnight falls into a DST gap: Qt knows when the day starts instead.
    const QDateTime start = date.startOfDay(m_zone);
    if (start.isValid())
        return start.toMSecsSinceEpoch();
    return midnight - offsetMs(midnight);
}

// The instants at which the local clock shows `localMs` (milliseconds since the epoch as if
// local time were UTC): none in a gap, two when clocks go back.
QList<qint64> PartitionScheme::localToUtc(qint64 localMs) const
{
    if (m_utc)
        return {localMs};
    QList<qint64> instants;
    for (const qint64 probe : {localMs - MsPerDay, localMs + MsPerDay}) {
        const qint64 offset = offsetMs(probe);
        const qint64 candidate = localMs - offset;
        if (offsetMs(candidate) == offset && !instants.contains(candidate))
            instants.append(candidate);
    }
    std::sort(instants.begin(), instants.end());
    return instants;
}

QString PartitionScheme::hourKeyBase(qint64 utcMs) const
{
    const qint64 local = utcMs + offsetMs(utcMs);
    const qint64 days = floorDiv(local, MsPerDay);
    QChar key[13];
    writeDay(key, QDate::fromJulianDay(UnixEpochJulianDay + days));
    key[10] = QLatin1Char('T');
    writeDigits(key + 11, int((local - days * MsPerDay) / MsPerHour), 2);
    return QString(key, 13);
}

qint64 PartitionScheme::startMsAt(qint64 index) const
{
    switch (m_grain) {
    case Grain::Hourly:
        return m_originMs + index * MsPerHour;
    case Grain::Daily:
        return startOfDayMs(m_originDate.addDays(index));
    case Grain::Weekly:
        return startOfDayMs(m_originDate.addDays(7 * index));
    case Grain::Monthly:
        return startOfDayMs(m_originDate.addMonths(int(index)));
    case Grain::Numeric:
        break;
    }
    return 0;
}

qint64 PartitionScheme::indexForInstant(qint64 utcMs) const
{
    switch (m_grain) {
    case Grain::Hourly:
        return floorDiv(utcMs - m_originMs, MsPerHour);
    case Grain::Daily:
        return m_originDate.daysTo(localDate(utcMs));
    case Grain::Weekly:
        return floorDiv(m_originDate.daysTo(localDate(utcMs)), 7);
    case Grain::Monthly:
        return monthIndex(localDate(utcMs)) - monthIndex(m_originDate);
    case Grain::Numeric:
        break;
    }
    return -1;
}

QString PartitionScheme::keyAt(qint64 index) const
{
    if (!m_valid || index < 0 || index >= m_count)
        return {};
    switch (m_grain) {
    case Grain::Hourly: {
        const qint64 start = m_originMs + index * MsPerHour;
        const QString base = hourKeyBase(start);
        return hourKeyBase(start - MsPerHour) == base ? base + u"+1" : base;
    }
    case Grain::Daily:
        return dayKey(m_originDate.addDays(index));
    case Grain::Weekly: {
        int weekYear = 0;
        const int week = m_originDate.addDays(7 * index).weekNumber(&weekYear);
        QChar key[8];
        writeDigits(key, weekYear, 4);
        key[4] = QLatin1Char('-');
        key[5] = QLatin1Char('W');
        writeDigits(key + 6, week, 2);
        return QString(key, 8);
    }
    case Grain::Monthly: {
        const QDate month = m_originDate.addMonths(int(index));
        QChar key[10];
        writeDay(key, month);
        return QString(key, 7);
    }
    case Grain::Numeric: {
        const qint64 first = m_first + index * m_step;
        return QString::number(first) + QLatin1Char('-') + QString::number(std::min(first + m_step - 1, m_last));
    }
    }
    return {};
}

std::optional<Partition> PartitionScheme::partitionAt(qint64 index) const
{
    if (!m_valid || index < 0 || index >= m_count)
        return std::nullopt;
    Partition partition;
    partition.key = keyAt(index);
    if (m_grain == Grain::Numeric) {
        partition.first = m_first + index * m_step;
        partition.last = std::min(partition.first + m_step - 1, m_last);
        return partition;
    }
    const qint64 startMs = startMsAt(index);
    const qint64 endMs = std::min(startMsAt(index + 1), m_endMs);
    if (m_utc) {
        partition.start = QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC);
        partition.end = QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC);
    } else {
        partition.start = QDateTime::fromMSecsSinceEpoch(startMs, m_zone);
        partition.end = QDateTime::fromMSecsSinceEpoch(endMs, m_zone);
    }
    return partition;
}

QList<Partition> PartitionScheme::partitions() const
{
    QList<Partition> all;
    all.reserve(m_count);
    for (qint64 index = 0; index < m_count; ++index)
        all.append(*partitionAt(index));
    return all;
}

std::optional<Partition> PartitionScheme::partitionForKey(const QString &key) const
{
    return partitionAt(indexOfKey(key));
}

qint64 PartitionScheme::indexOfKey(QStringView key) const
{
    if (!m_valid)
        return -1;
    const auto span = spanOf(key, nullptr);
    if (!span)
        return -1;
    const qint64 index = indexesOf(*span).first;
    // Only the canonical spelling of a partition's own grain is its key.
    return keyAt(index) == key ? index : -1;
}

QString PartitionScheme::keyFor(const QDateTime &instant) const
{
    if (!m_valid || m_grain == Grain::Numeric || !instant.isValid())
        return {};
    const qint64 ms = instant.toMSecsSinceEpoch();
    if (ms < m_originMs || ms >= m_endMs)
        return {};
    return keyAt(indexForInstant(ms));
}

QString PartitionScheme::keyFor(qint64 value) const
{
    if (!m_valid || m_grain != Grain::Numeric || value < m_first || value > m_last)
        return {};
    return keyAt((value - m_first) / m_step);
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

std::pair<qint64, qint64> PartitionScheme::indexesOf(const PartitionSpan &span) const
{
    if (m_grain == Grain::Numeric)
        return {floorDiv(span.from - m_first, m_step), floorDiv(span.to - m_first, m_step)};
    return {indexForInstant(span.from), indexForInstant(span.to - 1)};
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

bool operator==(const PartitionScheme &a, const PartitionScheme &b)
{
    if (a.m_valid != b.m_valid || a.m_grain != b.m_grain)
        return false;
    if (a.m_grain == PartitionScheme::Grain::Numeric)
        return a.m_first == b.m_first && a.m_last == b.m_last && a.m_step == b.m_step;
    return a.m_firstDate == b.m_firstDate && a.m_lastDate == b.m_lastDate && a.m_zone.id() == b.m_zone.id();
}

} // namespace Backfill
