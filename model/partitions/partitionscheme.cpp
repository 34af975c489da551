// PartitionScheme: building schemes, their partitions, keys and bounds in a time zone; the text forms and the
// range language's reading of typed text are in partitionschemetext.cpp.

#include "model/partitions/partitionscheme.h"

#include "model/partitions/partitionschemesupport.h"

#include <QCoreApplication>

#include <algorithm>

namespace Backfill {

using namespace PartitionSchemeSupport;

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

qint64 monthIndex(QDate date)
{
    return qint64(date.year()) * 12 + date.month() - 1;
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

std::pair<qint64, qint64> PartitionScheme::indexesOf(const PartitionSpan &span) const
{
    if (m_grain == Grain::Numeric)
        return {floorDiv(span.from - m_first, m_step), floorDiv(span.to - m_first, m_step)};
    return {indexForInstant(span.from), indexForInstant(span.to - 1)};
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
