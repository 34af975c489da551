#include "network/planning/partitionplanner.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
std::optional<qint64> integerOf(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d))
            return qint64(d);
        return std::nullopt;
    }
    bool ok = false;
    const qint64 n = value.toString().toLongLong(&ok);
    return ok ? std::optional<qint64>(n) : std::nullopt;
}

std::optional<QDateTime> instantOf(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text.size() == 10) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid())
            return QDateTime(date, QTime(0, 0), Qt::UTC);
    }
    QDateTime instant = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!instant.isValid())
        return std::nullopt;
    return instant.toUTC();
}

QString keyOf(const QDateTime &instant, PartitionScheme::Grain grain)
{
    switch (grain) {
    case PartitionScheme::Grain::Hourly:
        return instant.toString(u"yyyy-MM-dd'T'HH"_s);
    case PartitionScheme::Grain::Weekly: {
        int year = 0;
        const int week = instant.date().weekNumber(&year);
        return u"%1-W%2"_s.arg(year, 4, 10, QLatin1Char('0')).arg(week, 2, 10, QLatin1Char('0'));
    }
    case PartitionScheme::Grain::Monthly:
        return instant.toString(u"yyyy-MM"_s);
    case PartitionScheme::Grain::Daily:
    case PartitionScheme::Grain::Numeric:
        break;
    }
    return instant.toString(u"yyyy-MM-dd"_s);
}

PartitionScheme::Grain grainOf(qint64 seconds)
{
    constexpr qint64 day = 86400;
    if (seconds < day)
        return PartitionScheme::Grain::Hourly;
    if (seconds < 7 * day)
        return PartitionScheme::Grain::Daily;
    if (seconds < 28 * day)
        return PartitionScheme::Grain::Weekly;
    return PartitionScheme::Grain::Monthly;
}
} // namespace

std::optional<PartitionPlans> planPartitions(const EndpointProgram &program, const QJsonObject &context,
                                             const QJsonObject &sync, QString *error,
                                             const std::function<QDateTime()> &now)
{
    PartitionPlans plans;
    if (!program.iterateOver.isValid()) {
        plans.partitions.append({u"all"_s, QJsonValue::Null});
        return plans;
    }
    plans.iterates = true;

    ExpressionScope scope;
    scope.roots.insert(u"context"_s, context);
    scope.roots.insert(u"sync"_s, sync);
    scope.roots.insert(u"state"_s, QJsonObject());
    scope.now = now;
    ExpressionError failure;
    const QJsonValue over = program.iterateOver.evaluate(scope, &failure);
    if (!failure.message.isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("Backfill", "%1: iterate.over failed: %2")
                         .arg(program.name, failure.message);
        return std::nullopt;
    }
    const QJsonArray values = over.isArray() ? over.toArray() : QJsonArray{over};
    if (values.isEmpty())
        return plans;

    // Numbers: blocks from each value to the next one.
    if (std::all_of(values.begin(), values.end(), [](const QJsonValue &v) { return integerOf(v).has_value(); })) {
        plans.grain = PartitionScheme::Grain::Numeric;
        const qint64 step = values.size() > 1 ? std::max<qint64>(1, *integerOf(values[1]) - *integerOf(values[0])) : 1;
        for (const QJsonValue &value : values) {
            const qint64 first = *integerOf(value);
            plans.partitions.append({u"%1-%2"_s.arg(first).arg(first + step - 1), value});
        }
        return plans;
    }

    // Dates and times: the grain is the step between values.
    QList<QDateTime> instants;
    for (const QJsonValue &value : values) {
        const auto instant = instantOf(value);
        if (!instant)
            break;
        instants.append(*instant);
    }
    if (instants.size() == values.size()) {
        const bool dateOnly = values[0].toString().size() == 10;
        plans.grain = instants.size() > 1 ? grainOf(instants[0].secsTo(instants[1]))
                      : dateOnly          ? PartitionScheme::Grain::Daily
                                          : PartitionScheme::Grain::Hourly;
        const qint64 stepMs = instants.size() > 1 ? instants[0].msecsTo(instants[1]) : 0;
        for (qsizetype i = 0; i < values.size(); ++i) {
            const qint64 end = i + 1 < instants.size() ? instants[i + 1].toMSecsSinceEpoch()
                               : stepMs > 0            ? instants[i].toMSecsSinceEpoch() + stepMs
                                                       : 0;
            plans.partitions.append({keyOf(instants[i], plans.grain), values[i], end});
        }
        return plans;
    }

    // Anything else (a list of names): the value is the key.
    plans.grain = PartitionScheme::Grain::Daily;
    for (const QJsonValue &value : values)
        plans.partitions.append({Expression::toText(value), value});
    return plans;
}

} // namespace Backfill
