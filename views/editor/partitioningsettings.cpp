#include "views/editor/partitioningsettings.h"

#include "views/forms/expressiontext.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

QString quote(const QString &text)
{
    return u'"' + text + u'"';
}

std::optional<QString> literal(const QString &strippedText)
{
    static const QRegularExpression pattern(u"^\"([^\"\\\\]*)\"$"_s);
    const auto match = pattern.match(strippedText);
    return match.hasMatch() ? std::optional(match.captured(1)) : std::nullopt;
}

void removeKey(KeyValueList &list, const QString &key)
{
    list.removeIf([&key](const KeyValue &entry) { return entry.key == key; });
}

QString stateReference(const QString &variable)
{
    return u"{state."_s + variable + u'}';
}

} // namespace

QString PartitioningSettings::step() const
{
    switch (kind) {
    case Kind::Hourly:
        return u"1h"_s;
    case Kind::Daily:
        return u"1d"_s;
    case Kind::Weekly:
        return u"7d"_s;
    case Kind::Monthly:
        return u"1M"_s;
    case Kind::Numeric:
        return QString::number(blockSize);
    default:
        return {};
    }
}

QString PartitioningSettings::unit() const
{
    switch (kind) {
    case Kind::Hourly:
        return u"hour"_s;
    case Kind::Monthly:
        return u"month"_s;
    default:
        return u"day"_s;
    }
}

int PartitioningSettings::unitsPerStep() const
{
    return kind == Kind::Weekly ? 7 : 1;
}

QString PartitioningSettings::defaultFormat() const
{
    switch (kind) {
    case Kind::Hourly:
        return u"%Y-%m-%dT%H:00:00"_s;
    case Kind::Monthly:
        return u"%Y-%m-01"_s;
    default:
        return u"%Y-%m-%d"_s;
    }
}

QString PartitioningSettings::startExpression() const
{
    if (kind == Kind::Numeric)
        return quote(QString::number(startNumber));
    if (startDate)
        return quote(startDate->toString(Qt::ISODate));
    return u"date_format(date_add(now(), -%1, \"%2\"), \"%3\")"_s.arg(startAgo * unitsPerStep())
        .arg(unit(), defaultFormat());
}

QString PartitioningSettings::syncExpression() const
{
    const QString sync = u"sync."_s + syncVariable;
    if (lookback <= 0)
        return sync;
    // if() evaluates only the branch it takes, so a first run (no sync value yet) falls through.
    if (kind == Kind::Numeric)
        return u"if(is_null(%1), null, to_int(%1) - %2)"_s.arg(sync).arg(qint64(lookback) * blockSize);
    return u"if(is_null(%1), null, date_format(date_add(%1, -%2, \"%3\"), \"%4\"))"_s.arg(sync)
        .arg(lookback * unitsPerStep())
        .arg(unit(), defaultFormat());
}

QString PartitioningSettings::endExpressionText() const
{
    if (kind == Kind::Numeric)
        return quote(QString::number(endNumber));
    if (!endExpression.isEmpty())
        return endExpression;
    if (endDate)
        return quote(endDate->toString(Qt::ISODate));
    if (kind == Kind::Monthly)
        return u"date_format(now(), \"%Y-%m-01\")"_s;
    return u"date_format(date_add(now(), -1, \"%1\"), \"%2\")"_s.arg(kind == Kind::Hourly ? u"hour"_s : u"day"_s,
                                                                     defaultFormat());
}

QString PartitioningSettings::overExpression() const
{
    const QString sync = syncVariable.isEmpty() ? QString() : syncExpression() + u", "_s;
    return u"range(\n  coalesce(context.range_start, "_s + sync + startExpression() +
           u"),\n  coalesce(context.range_end, "_s + endExpressionText() + u"),\n  "_s + quote(step()) + u"\n)\n"_s;
}

QString PartitioningSettings::valueTemplate(const Value &value) const
{
    const QString current = u"state."_s + variable;
    if (kind == Kind::Numeric) {
        switch (value.bound) {
        case Bound::Start:
            return u'{' + current + u'}';
        case Bound::End:
            return u"{to_int(%1) + %2}"_s.arg(current).arg(blockSize);
        case Bound::LastDay:
            return u"{to_int(%1) + %2}"_s.arg(current).arg(blockSize - 1);
        }
    }
    QString date = current;
    if (value.bound == Bound::End) {
        date = u"date_add(%1, %2, \"%3\")"_s.arg(current).arg(unitsPerStep()).arg(unit());
    } else if (value.bound == Bound::LastDay) {
        if (kind == Kind::Monthly)
            date = u"date_add(date_add(%1, 1, \"month\"), -1, \"day\")"_s.arg(current);
        else if (kind == Kind::Weekly)
            date = u"date_add(%1, 6, \"day\")"_s.arg(current);
    }
    return u"{date_format(%1, \"%2\")}"_s.arg(date, value.format.isEmpty() ? defaultFormat() : value.format);
}

void PartitioningSettings::apply(Endpoint &endpoint, const PartitioningSettings &previous) const
{
    if (kind == Kind::Custom)
        return;
    auto writesState = [](const PartitioningSettings &settings, const Value &value) {
        return !value.variable.isEmpty() && value.variable != settings.variable;
    };
    for (const Value &old : previous.values) {
        const bool kept = std::any_of(values.cbegin(), values.cend(), [&](const Value &value) {
            return writesState(*this, value) && value.variable == old.variable;
        });
        if (writesState(previous, old) && !kept)
            removeKey(endpoint.state, old.variable);
        const bool parameterKept = std::any_of(values.cbegin(), values.cend(),
                                               [&](const Value &value) { return value.parameter == old.parameter; });
        if (!old.parameter.isEmpty() && !parameterKept)
            removeKey(endpoint.request.parameters, old.parameter);
    }
    if (kind == Kind::None) {
        endpoint.iterate = Iterate();
        return;
    }
    endpoint.iterate.over = overExpression();
    endpoint.iterate.into = u"state."_s + variable;
    endpoint.iterate.concurrency = concurrency;
    for (const Value &value : values) {
        const QString name = value.variable.isEmpty() ? variable : value.variable;
        if (writesState(*this, value))
            setValue(endpoint.state, name, valueTemplate(value));
        if (!value.parameter.isEmpty())
            setValue(endpoint.request.parameters, value.parameter, stateReference(name));
    }
}

QString PartitioningSettings::defaultVariable(Kind kind)
{
    switch (kind) {
    case Kind::Hourly:
        return u"current_hour"_s;
    case Kind::Weekly:
        return u"current_week"_s;
    case Kind::Monthly:
        return u"current_month"_s;
    case Kind::Numeric:
        return u"start_id"_s;
    default:
        return u"current_date"_s;
    }
}

PartitioningSettings PartitioningSettings::recognize(const Endpoint &endpoint)
{
    PartitioningSettings settings;
    if (endpoint.iterate.over.isEmpty() && endpoint.iterate.into.isEmpty())
        return settings;
    PartitioningSettings custom;
    custom.kind = Kind::Custom;

    static const QRegularExpression intoPattern(u"^state\\.(\\w+)$"_s);
    const auto into = intoPattern.match(endpoint.iterate.into);
    if (!into.hasMatch())
        return custom;
    settings.variable = into.captured(1);
    settings.concurrency = endpoint.iterate.concurrency;

    const QString over = strippedExpression(endpoint.iterate.over);
    static const QRegularExpression stepPattern(u",\"([^\"]+)\"\\)$"_s);
    const auto stepMatch = stepPattern.match(over);
    const QString prefix = u"range(coalesce(context.range_start,"_s;
    const QString separator = u"),coalesce(context.range_end,"_s;
    const qsizetype separatorAt = over.indexOf(separator);
    if (!stepMatch.hasMatch() || !over.startsWith(prefix) || separatorAt < 0)
        return custom;
    const QString step = stepMatch.captured(1);
    static const QHash<QString, Kind> grains{
        {u"1h"_s, Kind::Hourly}, {u"1d"_s, Kind::Daily}, {u"7d"_s, Kind::Weekly}, {u"1M"_s, Kind::Monthly}};
    bool isNumber = false;
    const qint64 blockSize = step.toLongLong(&isNumber);
    if (isNumber)
        settings.blockSize = blockSize;
    settings.kind = isNumber ? Kind::Numeric : grains.value(step, Kind::Custom);
    if (settings.kind == Kind::Custom)
        return custom;

    QString start = over.mid(prefix.size(), separatorAt - prefix.size());
    const qsizetype endFrom = separatorAt + separator.size();
    const QString end = over.mid(endFrom, stepMatch.capturedStart() - 1 - endFrom);
    static const QRegularExpression syncPattern(u"^sync\\.(\\w+),"_s);
    static const QRegularExpression dateLookback(
        u"^if\\(is_null\\(sync\\.(\\w+)\\),null,date_format\\(date_add\\(sync\\.\\1,-(\\d+),\"\\w+\"\\),\"[^\"]*\"\\)\\),"_s);
    static const QRegularExpression numberLookback(
        u"^if\\(is_null\\(sync\\.(\\w+)\\),null,to_int\\(sync\\.\\1\\)-(\\d+)\\),"_s);
    if (const auto sync = syncPattern.match(start); sync.hasMatch()) {
        settings.syncVariable = sync.captured(1);
        start = start.mid(sync.capturedLength());
    } else if (const auto back = (settings.kind == Kind::Numeric ? numberLookback : dateLookback).match(start);
               back.hasMatch()) {
        settings.syncVariable = back.captured(1);
        const qint64 amount = back.captured(2).toLongLong();
        const qint64 per = settings.kind == Kind::Numeric ? settings.blockSize : settings.unitsPerStep();
        settings.lookback = int(amount / std::max<qint64>(per, 1));
        start = start.mid(back.capturedLength());
    }
    static const QRegularExpression agoPattern(
        u"^date_format\\(date_add\\(now\\(\\),-(\\d+),\"\\w+\"\\),\"[^\"]*\"\\)$"_s);
    if (const auto text = literal(start)) {
        if (settings.kind == Kind::Numeric)
            settings.startNumber = text->toLongLong();
        else
            settings.startDate = QDate::fromString(text->left(10), Qt::ISODate);
    } else if (const auto ago = agoPattern.match(start); ago.hasMatch() && settings.isTime()) {
        settings.startAgo = ago.captured(1).toInt() / settings.unitsPerStep();
    } else {
        return custom;
    }
    if (const auto text = literal(end)) {
        if (settings.kind == Kind::Numeric)
            settings.endNumber = text->toLongLong();
        else
            settings.endDate = QDate::fromString(text->left(10), Qt::ISODate);
    } else if (settings.kind == Kind::Numeric) {
        return custom;
    } else if (end != strippedExpression(settings.endExpressionText())) {
        settings.endExpression = end;
    }
    // Anything the choices cannot say (another order, extra arguments) stays custom.
    if (strippedExpression(settings.overExpression()) != over)
        return custom;

    // Partition values: state entries that format the current partition, and the parameters
    // that send them.
    auto parameterFor = [&endpoint](const QString &variable) {
        const QString reference = stateReference(variable);
        for (const KeyValue &parameter : endpoint.request.parameters) {
            if (parameter.value.isString() && strippedExpression(parameter.value.toString()) == reference)
                return parameter.key;
        }
        return QString();
    };
    if (const QString parameter = parameterFor(settings.variable); !parameter.isEmpty())
        settings.values.append({settings.variable, Bound::Start, {}, parameter});
    for (const KeyValue &entry : endpoint.state) {
        if (!entry.value.isString())
            continue;
        const QString text = strippedExpression(entry.value.toString());
        for (const Bound bound : {Bound::Start, Bound::End, Bound::LastDay}) {
            Value value{entry.key, bound, u"\x01"_s, {}};
            QStringList parts = strippedExpression(settings.valueTemplate(value)).split(u'\x01');
            for (QString &part : parts)
                part = QRegularExpression::escape(part);
            const QString pattern = parts.join(u"([^\"]*)"_s);
            const auto match = QRegularExpression(QRegularExpression::anchoredPattern(pattern)).match(text);
            if (!match.hasMatch())
                continue;
            value.format = settings.kind == Kind::Numeric ? QString() : match.captured(1);
            value.parameter = parameterFor(entry.key);
            settings.values.append(value);
            break;
        }
    }
    return settings;
}

} // namespace Backfill
