#include "network/planning/partitionselection.h"

#include "model/partitions/partitionrange.h"
#include "model/partitions/partitionscheme.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
// The step of numeric blocks, from a key such as "10000-10999".
qint64 numericStep(const QString &key)
{
    const qsizetype dash = key.indexOf(u'-', 1);
    bool firstOk = false;
    bool lastOk = false;
    const qint64 first = key.left(dash).toLongLong(&firstOk);
    const qint64 last = key.mid(dash + 1).toLongLong(&lastOk);
    return firstOk && lastOk && last >= first ? last - first + 1 : 1;
}

// The key of the partition of `scheme` that holds an iteration value (a number, a date or
// a date-time); empty when the value is none of those.
QString keyIn(const PartitionScheme &scheme, const QJsonValue &value)
{
    if (scheme.isNumeric()) {
        bool ok = false;
        const qint64 number = value.isDouble() ? qint64(value.toDouble()) : value.toString().toLongLong(&ok);
        return value.isDouble() || ok ? scheme.keyFor(number) : QString();
    }
    const QString text = value.toString();
    if (text.size() == 10) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        return date.isValid() ? scheme.keyFor(QDateTime(date, QTime(0, 0), QTimeZone::utc())) : QString();
    }
    const QDateTime instant = QDateTime::fromString(text, Qt::ISODateWithMs);
    return instant.isValid() ? scheme.keyFor(instant.toUTC()) : QString();
}

// A scheme of the plans' grain wide enough for any range a user types.
PartitionScheme wideScheme(const PartitionPlans &plans, const QString &sampleKey)
{
    if (plans.grain != PartitionScheme::Grain::Numeric)
        return PartitionScheme::forDates(plans.grain, QDate(1970, 1, 1), QDate(2099, 12, 31));
    const QString key = plans.partitions.isEmpty() ? sampleKey : plans.partitions.constFirst().key;
    return PartitionScheme::forNumbers(0, PartitionScheme::MaxNumber, numericStep(key));
}

QString startValue(const PartitionScheme &scheme, qint64 index)
{
    const auto partition = scheme.partitionAt(index);
    if (!partition)
        return {};
    if (partition->isNumeric())
        return QString::number(partition->first);
    if (scheme.grain() == PartitionScheme::Grain::Hourly)
        return partition->startValue(u"%Y-%m-%dT%H:%M:%SZ"_s, QTimeZone::utc());
    return partition->startValue(u"%Y-%m-%d"_s);
}
// The plans of an endpoint whose iterate.over needs the range itself, as Sling's specs write it
// (`range(context.range_start, context.range_end, "1d")`, no defaults): evaluated on sample
// bounds, dates and then numbers, only to learn the grain the typed range is read in.
std::optional<PartitionPlans> planOnSampleBounds(const EndpointProgram &program, const QJsonObject &context,
                                                 const std::function<QDateTime()> &now)
{
    const QList<std::pair<QJsonValue, QJsonValue>> samples{
        {u"2024-01-01"_s, u"2024-01-03"_s},
        {0, 10000},
    };
    for (const auto &[start, end] : samples) {
        QJsonObject sampled = context;
        sampled.insert(u"range_start"_s, start);
        sampled.insert(u"range_end"_s, end);
        const auto plans = planPartitions(program, sampled, {}, nullptr, now);
        if (plans && plans->iterates && plans->partitions.size() > 1)
            return plans;
    }
    return std::nullopt;
}
} // namespace

PartitionScheme selectionScheme(const PartitionPlans &plans)
{
    return wideScheme(plans, {});
}

std::optional<PartitionSelection> selectPartitions(const EndpointProgram &program, const QString &range,
                                                   const QJsonObject &sync, const QString &mode, QString *error,
                                                   const std::function<QDateTime()> &now)
{
    PartitionSelection selection;
    if (!mode.isEmpty())
        selection.context.insert(u"mode"_s, mode);
    const bool ranged = !range.trimmed().isEmpty();
    // With a range, the first plan only learns the grain: without the sync state, whose
    // values need not be what iterate.over can start from.
    QString planError;
    auto plans = planPartitions(program, selection.context, ranged ? QJsonObject() : sync, &planError, now);
    if (!plans && ranged)
        plans = planOnSampleBounds(program, selection.context, now);
    if (!plans) {
        if (error)
            *error = planError;
        return std::nullopt;
    }
    if (!ranged || !plans->iterates) {
        selection.plans = *plans;
        return selection;
    }

    const PartitionScheme scheme = selectionScheme(*plans);
    const PartitionRange selected = PartitionRange::parse(range, scheme);
    if (!selected.isValid()) {
        if (error) {
            const PartitionError &failure = selected.error();
            *error = failure.position >= 0
                         ? QCoreApplication::translate("Backfill", "range \"%1\", at character %2: %3")
                               .arg(range)
                               .arg(failure.position + 1)
                               .arg(failure.message)
                         : QCoreApplication::translate("Backfill", "range \"%1\": %2").arg(range, failure.message);
        }
        return std::nullopt;
    }
    selection.plans.grain = plans->grain;
    selection.plans.iterates = true;
    if (selected.runs().isEmpty())
        return selection;

    // An open end (`2024-01-01,`, `[...2024-03-31]`) reaches the wide scheme's edge: it is left
    // out of the context, so the spec's own default applies, as in Sling (`coalesce(
    // context.range_end, ...)`); a spec without one ends dated ranges at the current partition.
    const bool openStart = selected.runs().constFirst().first == 0;
    const bool openEnd = selected.runs().constLast().second == scheme.count() - 1;
    if (!openStart)
        selection.context.insert(u"range_start"_s, startValue(scheme, selected.runs().constFirst().first));
    if (!openEnd)
        selection.context.insert(u"range_end"_s, startValue(scheme, selected.runs().constLast().second));
    auto rangedPlans = planPartitions(program, selection.context, sync, error, now);
    if (!rangedPlans && openEnd && scheme.grain() != PartitionScheme::Grain::Numeric) {
        const QDateTime current = now ? now() : QDateTime::currentDateTimeUtc();
        selection.context.insert(u"range_end"_s, startValue(scheme, scheme.indexOfKey(scheme.keyFor(current.toUTC()))));
        rangedPlans = planPartitions(program, selection.context, sync, error, now);
    }
    if (!rangedPlans)
        return std::nullopt;
    for (PartitionPlan plan : rangedPlans->partitions) {
        // Keyed by the wide scheme: a range of one value gives the planner no step to learn
        // the grain from (one month would come out as a day, one block as "10000-10000").
        if (const QString key = keyIn(scheme, plan.value); !key.isEmpty())
            plan.key = key;
        if (selected.contains(plan.key))
            selection.plans.partitions.append(plan);
    }
    return selection;
}

std::optional<PartitionSelection> extendBack(const EndpointProgram &program, const PartitionSelection &selection,
                                             const QStringList &doneKeys, int lookback, const QJsonObject &sync,
                                             const QString &mode, QString *error, const std::function<QDateTime()> &now)
{
    if (!selection.plans.iterates || lookback <= 0 || doneKeys.isEmpty())
        return selection;
    const PartitionScheme scheme = wideScheme(selection.plans, doneKeys.constFirst());
    qint64 lastDone = -1;
    for (const QString &key : doneKeys)
        lastDone = std::max(lastDone, scheme.indexOfKey(key));
    if (lastDone < 0)
        return selection;
    const QList<PartitionPlan> &plans = selection.plans.partitions;
    const qint64 first = std::max<qint64>(0, lastDone - lookback + 1);
    const qint64 selectedFirst = plans.isEmpty() ? lastDone + 1 : scheme.indexOfKey(plans.constFirst().key);
    if (selectedFirst >= 0 && first >= selectedFirst)
        return selection; // the window is selected already
    const qint64 last = std::max(lastDone, plans.isEmpty() ? lastDone : scheme.indexOfKey(plans.constLast().key));
    QStringList keys;
    for (qint64 index = first; index <= last; ++index)
        keys << scheme.keyAt(index);
    return selectPartitions(program, PartitionRange::toString(keys, scheme), sync, mode, error, now);
}

} // namespace Backfill
