#pragma once

#include "model/partitions/partition.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <optional>
#include <utility>

namespace Backfill {

// What a typed key, date or number stands for when selecting partitions: UTC milliseconds
// [from, to) for time schemes, the numbers [from, to] (inclusive) for numeric ones.
struct PartitionSpan
{
    qint64 from = 0;
    qint64 to = 0;
};

// How an endpoint's iteration is cut into partitions: hours, days, ISO weeks or months
// between two dates in a time zone (UTC by default), or blocks of `step` numbers.
//
// Keys are in the scheme's local calendar: `2024-01-05T13`, `2024-01-05`, `2024-W02`
// (ISO week-year: 2024-12-30 is in 2025-W01), `2024-01`, and `10000-10999` for numeric
// blocks (the last block ends at the scheme's end, so it may be shorter). When clocks go
// back, the repeated local hour gets a `+1` suffix on its second occurrence
// (`2024-10-27T02`, `2024-10-27T02+1` in Europe/Berlin), so keys stay unique and sort
// in time order; an hour the clocks skip has no partition. Hourly partitions are the
// consecutive hours from the start of the first day, which is the local clock hour in
// every zone whose offsets change by whole hours.
//
// Everything is computed from indexes, so a scheme of millions of partitions costs
// nothing until partitions() materialises them.
class PartitionScheme final
{
public:
    enum class Grain { Hourly, Daily, Weekly, Monthly, Numeric };

    // Numeric bounds and steps are limited to this magnitude so that block arithmetic
    // can never overflow.
    static constexpr qint64 MaxNumber = 1'000'000'000'000'000;

    PartitionScheme(); // invalid
    // All partitions overlapping the days [first, last]; years 1 to 9999.
    static PartitionScheme forDates(Grain grain, QDate first, QDate last, const QTimeZone &zone = QTimeZone::utc());
    // Blocks [first, first + step - 1], ... up to `last` (inclusive).
    static PartitionScheme forNumbers(qint64 first, qint64 last, qint64 step = 1);
    // The storage form: `daily:2024-01-01..2024-12-31@Europe/Berlin`, `numeric:1..999999/1000`.
    static PartitionScheme fromString(const QString &text);
    QString toString() const;

    bool isValid() const;
    const QString &errorString() const;

    Grain grain() const;
    bool isNumeric() const;
    const QTimeZone &timeZone() const;
    QDate firstDate() const;
    QDate lastDate() const;
    qint64 firstNumber() const;
    qint64 lastNumber() const;
    qint64 step() const;

    qint64 count() const;
    // All partitions, in order; count() of them, so mind numeric schemes with millions.
    QList<Partition> partitions() const;
    std::optional<Partition> partitionAt(qint64 index) const;
    std::optional<Partition> partitionForKey(const QString &key) const;
    QString keyAt(qint64 index) const; // empty when out of range
    // The index of `key`, or -1 when the scheme has no such partition. Constant time.
    qint64 indexOfKey(QStringView key) const;
    // The key of the partition holding `instant` (time grains) or `value` (numeric), or an
    // empty string when it lies outside the scheme.
    QString keyFor(const QDateTime &instant) const;
    QString keyFor(qint64 value) const;

    // For the range language: parses a key, a date (`2024-03-05`), month, ISO week, year
    // (`2024`), hour (`2024-03-05T13`) or number into the span it stands for; errors point
    // into `text`.
    std::optional<PartitionSpan> spanOf(QStringView text, PartitionError *error) const;
    // The first and last index of the partitions overlapping `span`, not clipped to
    // [0, count()): the result may lie partly or wholly outside the scheme.
    std::pair<qint64, qint64> indexesOf(const PartitionSpan &span) const;

    static QString grainName(Grain grain);

    friend bool operator==(const PartitionScheme &a, const PartitionScheme &b);

private:
    void prepare();
    qint64 offsetMs(qint64 utcMs) const;
    QDate localDate(qint64 utcMs) const;
    qint64 startOfDayMs(QDate date) const;
    QList<qint64> localToUtc(qint64 localMs) const;
    QString hourKeyBase(qint64 utcMs) const;
    qint64 startMsAt(qint64 index) const;
    qint64 indexForInstant(qint64 utcMs) const;
    qint64 approximateIndexOfKey(QStringView key) const;

    Grain m_grain = Grain::Daily;
    QTimeZone m_zone = QTimeZone::utc();
    bool m_utc = true; // offsets are always 0: skips time zone lookups
    QDate m_firstDate;
    QDate m_lastDate;
    qint64 m_first = 0;
    qint64 m_last = 0;
    qint64 m_step = 1;
    bool m_valid = false;
    QString m_errorString;

    // Derived by prepare().
    QDate m_originDate;    // first day of the first partition
    qint64 m_originMs = 0; // start of the first partition
    qint64 m_endMs = 0;    // end of the last partition
    qint64 m_count = 0;
    // The zone's offset changes around the scheme, so that keys and bounds need no time
    // zone lookups (which are slow): (instant in UTC ms, offset in ms from then on).
    QList<std::pair<qint64, qint64>> m_transitions;
    qint64 m_transitionsFrom = 0; // the cache covers [from, to)
    qint64 m_transitionsTo = 0;
    qint64 m_offsetBeforeTransitions = 0;
};

} // namespace Backfill
