#pragma once

#include "model/spec/spec.h"

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

namespace Backfill {

// The partitioning choices of the endpoint form and the spec they stand for. Choices generate
// Sling's form, as the seed does:
//   iterate.over = range(coalesce(context.range_start, [sync.<var>,] <start>),
//                        coalesce(context.range_end, <end>), "<step>"), into: state.<variable>
// plus a state entry per partition value formatting it. recognize() reads the choices back from
// an endpoint (whitespace in expressions does not matter), so a loaded spec shows in the forms.
struct PartitioningSettings
{
    enum class Kind { None, Hourly, Daily, Weekly, Monthly, Numeric, Custom };
    enum class Bound { Start, End, LastDay }; // End: start + one step; LastDay: inclusive end

    // A state variable the request reads, holding one bound of the partition in a format, and
    // optionally sent as a query parameter.
    struct Value
    {
        QString variable;
        Bound bound = Bound::Start;
        QString format; // date_format pattern; ignored for numeric blocks
        QString parameter;

        bool operator==(const Value &) const = default;
    };

    Kind kind = Kind::None;
    QString variable = QStringLiteral("current_date");
    // Time grains: a fixed first day, or so many grains before today.
    std::optional<QDate> startDate;
    int startAgo = 7;
    std::optional<QDate> endDate; // empty: the default end (yesterday, the last full hour/month)
    QString endExpression;        // a custom end kept from the spec; wins over the default
    // Numeric blocks.
    qint64 startNumber = 1;
    qint64 endNumber = 999999;
    qint64 blockSize = 1000;
    QString syncVariable; // incremental: resume after sync.<var> when no range is given
    int lookback = 0;     // incremental: re-fetch this many partitions before sync.<var>
    std::optional<int> concurrency;
    QList<Value> values;

    bool operator==(const PartitioningSettings &) const = default;

    bool isTime() const { return kind >= Kind::Hourly && kind <= Kind::Monthly; }
    QString step() const;              // "1h", "1d", "7d", "1M", or the block size
    QString unit() const;              // date_add unit of one grain: hour, day, month
    int unitsPerStep() const;          // 7 for weekly
    QString defaultFormat() const;     // how a bound is formatted unless the user says otherwise
    QString startExpression() const;   // <start> above
    QString syncExpression() const;    // sync.<var>, moved back by the lookback
    QString endExpressionText() const; // <end> above
    QString overExpression() const;
    QString valueTemplate(const Value &value) const; // the state entry's template

    // Writes the iteration, the value state entries and their parameters into `endpoint`,
    // replacing those that `previous` wrote.
    void apply(Endpoint &endpoint, const PartitioningSettings &previous) const;

    static PartitioningSettings recognize(const Endpoint &endpoint);
    static QString defaultVariable(Kind kind);
};

} // namespace Backfill
