// The date functions of Sling expressions and range(); see expressionfunctions.cpp for where each behaviour
// comes from.

#include "model/expression/expressionfunctionsupport.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill::ExpressionFunctionSupport {

namespace {

// ----- units and date arithmetic

enum class Unit { Invalid, Second, Minute, Hour, Day, Week, Month, Quarter, Year };

Unit unitOf(const QString &name)
{
    if (name == u"M")
        return Unit::Month;
    static const QHash<QString, Unit> units = {
        {u"s"_s, Unit::Second},   {u"sec"_s, Unit::Second},      {u"second"_s, Unit::Second}, {u"m"_s, Unit::Minute},
        {u"min"_s, Unit::Minute}, {u"minute"_s, Unit::Minute},   {u"h"_s, Unit::Hour},        {u"hr"_s, Unit::Hour},
        {u"hour"_s, Unit::Hour},  {u"d"_s, Unit::Day},           {u"day"_s, Unit::Day},       {u"w"_s, Unit::Week},
        {u"week"_s, Unit::Week},  {u"mo"_s, Unit::Month},        {u"mon"_s, Unit::Month},     {u"month"_s, Unit::Month},
        {u"q"_s, Unit::Quarter},  {u"quarter"_s, Unit::Quarter}, {u"y"_s, Unit::Year},        {u"yr"_s, Unit::Year},
        {u"year"_s, Unit::Year},
    };
    QString key = name.trimmed().toLower();
    if (key.size() > 2 && key.endsWith(u's'))
        key.chop(1);
    return units.value(key, Unit::Invalid);
}

bool unitArg(ExpressionCall &call, size_t index, Unit *unit)
{
    QString name;
    if (!text(call, index, &name))
        return false;
    *unit = unitOf(name);
    if (*unit == Unit::Invalid) {
        call.error = tr("unknown unit \"%1\"").arg(name);
        return false;
    }
    return true;
}

// Adds `amount` units; refuses amounts that would leave the calendar QDateTime can represent.
bool addUnits(const QDateTime &start, Unit unit, qint64 amount, QDateTime *result)
{
    constexpr qint64 MaxDays = 100000000; // about 270,000 years
    auto within = [](qint64 value, qint64 limit) { return value >= -limit && value <= limit; };
    switch (unit) {
    case Unit::Second:
        if (!within(amount, MaxDays * 86400))
            return false;
        *result = start.addSecs(amount);
        break;
    case Unit::Minute:
        if (!within(amount, MaxDays * 1440))
            return false;
        *result = start.addSecs(amount * 60);
        break;
    case Unit::Hour:
        if (!within(amount, MaxDays * 24))
            return false;
        *result = start.addSecs(amount * 3600);
        break;
    case Unit::Day:
        if (!within(amount, MaxDays))
            return false;
        *result = start.addDays(amount);
        break;
    case Unit::Week:
        if (!within(amount, MaxDays / 7))
            return false;
        *result = start.addDays(amount * 7);
        break;
    case Unit::Month:
        if (!within(amount, MaxDays / 31))
            return false;
        *result = start.addMonths(int(amount));
        break;
    case Unit::Quarter:
        if (!within(amount, MaxDays / 92))
            return false;
        *result = start.addMonths(int(amount * 3));
        break;
    case Unit::Year:
        if (!within(amount, MaxDays / 366))
            return false;
        *result = start.addYears(int(amount));
        break;
    case Unit::Invalid:
        return false;
    }
    return result->isValid();
}

QDateTime withDateTime(const QDateTime &like, const QDate &day, const QTime &time)
{
    return QDateTime(day, time, like.timeSpec(), like.timeSpec() == Qt::OffsetFromUTC ? like.offsetFromUtc() : 0);
}

QDateTime truncate(const QDateTime &value, Unit unit)
{
    const QDate day = value.date();
    const QTime time = value.time();
    switch (unit) {
    case Unit::Second:
        return withDateTime(value, day, QTime(time.hour(), time.minute(), time.second()));
    case Unit::Minute:
        return withDateTime(value, day, QTime(time.hour(), time.minute()));
    case Unit::Hour:
        return withDateTime(value, day, QTime(time.hour(), 0));
    case Unit::Day:
        return withDateTime(value, day, QTime(0, 0));
    case Unit::Week:
        return withDateTime(value, day.addDays(-(day.dayOfWeek() % 7)), QTime(0, 0));
    case Unit::Month:
        return withDateTime(value, QDate(day.year(), day.month(), 1), QTime(0, 0));
    case Unit::Quarter:
        return withDateTime(value, QDate(day.year(), (day.month() - 1) / 3 * 3 + 1, 1), QTime(0, 0));
    case Unit::Year:
        return withDateTime(value, QDate(day.year(), 1, 1), QTime(0, 0));
    case Unit::Invalid:
        break;
    }
    return value;
}

// Go durations: "1h30m", "-24h", "90s", "250ms".
bool parseDuration(const QString &text, qint64 *msecs)
{
    static const QRegularExpression part(uR"((\d+(?:\.\d+)?)(ms|h|m|s))"_s);
    QString rest = text.trimmed();
    const bool negative = rest.startsWith(u'-');
    if (negative || rest.startsWith(u'+'))
        rest.remove(0, 1);
    if (rest.isEmpty())
        return false;
    double total = 0;
    qsizetype pos = 0;
    while (pos < rest.size()) {
        const QRegularExpressionMatch match =
            part.match(rest, pos, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch())
            return false;
        const double amount = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        total += amount * (unit == u"h" ? 3600000.0 : unit == u"m" ? 60000.0 : unit == u"s" ? 1000.0 : 1.0);
        pos = match.capturedEnd(0);
    }
    if (!std::isfinite(total) || total > 8.64e18)
        return false;
    *msecs = qint64(total) * (negative ? -1 : 1);
    return true;
}

// ----- dates

QJsonValue fnNow(ExpressionCall &call)
{
    QDateTime now = call.scope->now ? call.scope->now() : QDateTime::currentDateTimeUtc();
    now = now.toUTC();
    now.setTime(QTime(now.time().hour(), now.time().minute(), now.time().second()));
    return ExpressionDate::fromDateTime(now).toValue();
}

QJsonValue fnDateParse(ExpressionCall &call)
{
    QString format = u"auto"_s;
    if (hasArg(call, 1) && !text(call, 1, &format))
        return QJsonValue::Null;
    ExpressionDate parsed;
    if (format == u"auto") {
        if (!date(call, 0, &parsed))
            return QJsonValue::Null;
        return parsed.toValue();
    }
    if (arg(call, 0).isNull())
        return failed(call, missing(call, 0));
    QString input;
    if (!text(call, 0, &input))
        return QJsonValue::Null;
    if (!ExpressionDate::parse(input.trimmed(), format, &parsed))
        return failed(call, tr("\"%1\" does not match the format \"%2\"").arg(input, format));
    return parsed.toValue();
}

QJsonValue fnDateFormat(ExpressionCall &call)
{
    ExpressionDate value;
    QString format;
    if (!date(call, 0, &value) || !text(call, 1, &format))
        return QJsonValue::Null;
    return ExpressionDate::format(value.dateTime, format);
}

QJsonValue fnDateAdd(ExpressionCall &call)
{
    ExpressionDate value;
    if (!date(call, 0, &value))
        return QJsonValue::Null;
    QDateTime result;
    if (hasArg(call, 2)) {
        qint64 amount = 0;
        Unit unit = Unit::Invalid;
        if (!integer(call, 1, &amount) || !unitArg(call, 2, &unit))
            return QJsonValue::Null;
        if (!addUnits(value.dateTime, unit, amount, &result))
            return failed(call, tr("the date is out of range"));
    } else {
        const QJsonValue &duration = arg(call, 1);
        qint64 msecs = 0;
        double seconds = 0;
        if (duration.isString()) {
            if (!parseDuration(duration.toString(), &msecs))
                return failed(call, tr("invalid duration \"%1\"").arg(duration.toString()));
        } else if (duration.isDouble() && ExpressionValue::toDouble(duration, &seconds) &&
                   std::fabs(seconds) < 8.64e12) {
            msecs = qint64(seconds * 1000);
        } else {
            return failed(call, tr("expected a duration for %1").arg(call.argumentText(1)));
        }
        if (std::llabs(msecs) > qint64(8.64e15))
            return failed(call, tr("the date is out of range"));
        result = value.dateTime.addMSecs(msecs);
    }
    return ExpressionDate::fromDateTime(result, value.dateOnly).toValue();
}

QJsonValue fnDateDiff(ExpressionCall &call)
{
    ExpressionDate a;
    ExpressionDate b;
    Unit unit = Unit::Day;
    if (!date(call, 0, &a) || !date(call, 1, &b) || (hasArg(call, 2) && !unitArg(call, 2, &unit)))
        return QJsonValue::Null;
    const double msecs = double(b.dateTime.msecsTo(a.dateTime));
    switch (unit) {
    case Unit::Second:
        return ExpressionValue::fromDouble(msecs / 1000.0);
    case Unit::Minute:
        return ExpressionValue::fromDouble(msecs / 60000.0);
    case Unit::Hour:
        return ExpressionValue::fromDouble(msecs / 3600000.0);
    case Unit::Day:
        return ExpressionValue::fromDouble(msecs / 86400000.0);
    case Unit::Week:
        return ExpressionValue::fromDouble(msecs / (7 * 86400000.0));
    case Unit::Month:
    case Unit::Quarter: {
        const QDate x = a.dateTime.date();
        const QDate y = b.dateTime.date();
        const int months = (x.year() - y.year()) * 12 + x.month() - y.month();
        const double remaining = double(b.dateTime.addMonths(months).msecsTo(a.dateTime)) / (30 * 86400000.0);
        return ExpressionValue::fromDouble((months + remaining) / (unit == Unit::Quarter ? 3 : 1));
    }
    case Unit::Year: {
        const QDate x = a.dateTime.date();
        const QDate y = b.dateTime.date();
        int years = x.year() - y.year();
        if (x.month() < y.month() || (x.month() == y.month() && x.day() < y.day()))
            --years;
        const double remaining = double(b.dateTime.addYears(years).msecsTo(a.dateTime)) / (365.25 * 86400000.0);
        return ExpressionValue::fromDouble(years + remaining);
    }
    case Unit::Invalid:
        break;
    }
    return QJsonValue::Null;
}

QJsonValue fnDateTrunc(ExpressionCall &call)
{
    ExpressionDate value;
    Unit unit = Unit::Invalid;
    if (!date(call, 0, &value) || !unitArg(call, 1, &unit))
        return QJsonValue::Null;
    return ExpressionDate::fromDateTime(truncate(value.dateTime, unit), value.dateOnly).toValue();
}

bool periodArg(ExpressionCall &call, Unit *unit)
{
    *unit = Unit::Month;
    if (hasArg(call, 1) && !unitArg(call, 1, unit))
        return false;
    if (*unit != Unit::Week && *unit != Unit::Month && *unit != Unit::Quarter && *unit != Unit::Year) {
        call.error = tr("the period must be week, month, quarter or year");
        return false;
    }
    return true;
}

QJsonValue fnDateFirst(ExpressionCall &call)
{
    ExpressionDate value;
    Unit unit = Unit::Month;
    if (!date(call, 0, &value) || !periodArg(call, &unit))
        return QJsonValue::Null;
    return ExpressionDate::fromDateTime(truncate(value.dateTime, unit), value.dateOnly).toValue();
}

QJsonValue fnDateLast(ExpressionCall &call)
{
    ExpressionDate value;
    Unit unit = Unit::Month;
    if (!date(call, 0, &value) || !periodArg(call, &unit))
        return QJsonValue::Null;
    const QDateTime first = truncate(value.dateTime, unit);
    QDateTime next;
    addUnits(first, unit, 1, &next);
    return ExpressionDate::fromDateTime(next.addDays(-1), value.dateOnly).toValue();
}

// ----- range

bool integerLike(const QJsonValue &value, qint64 *result)
{
    static const QRegularExpression digits(uR"(^\s*[-+]?\d+\s*$)"_s);
    if (value.isString() && !digits.match(value.toString()).hasMatch())
        return false;
    if (!value.isString() && !value.isDouble())
        return false;
    return ExpressionValue::toInteger(value, result);
}

QJsonValue tooManyItems(ExpressionCall &call)
{
    return failed(call, tr("the range would have more than %1 items").arg(MaxRangeItems));
}

QJsonValue integerRange(ExpressionCall &call, qint64 start, qint64 end)
{
    qint64 step = 1;
    if (hasArg(call, 2) && !integerLike(arg(call, 2), &step))
        return failed(
            call,
            tr("the step of an integer range must be an integer, not %1").arg(ExpressionValue::toJson(arg(call, 2))));
    if (step == 0)
        return failed(call, tr("the step cannot be zero"));
    QJsonArray items;
    if ((step > 0 && start > end) || (step < 0 && start < end))
        return items;
    // Unsigned arithmetic: the distance between any two qint64 fits, and wrapping back is well defined.
    const quint64 distance = step > 0 ? quint64(end) - quint64(start) : quint64(start) - quint64(end);
    const quint64 stride = step > 0 ? quint64(step) : quint64(0) - quint64(step);
    if (distance / stride >= quint64(MaxRangeItems))
        return tooManyItems(call);
    const quint64 count = distance / stride + 1;
    for (quint64 i = 0; i < count; ++i)
        items.append(qint64(quint64(start) + i * quint64(step)));
    return items;
}

QJsonValue dateRange(ExpressionCall &call)
{
    ExpressionDate start;
    ExpressionDate end;
    if (!date(call, 0, &start) || !date(call, 1, &end))
        return QJsonValue::Null;
    qint64 step = 1;
    Unit unit = Unit::Day;
    if (hasArg(call, 2)) {
        static const QRegularExpression pattern(uR"(^\s*(\d+)\s*([A-Za-z]+)\s*$)"_s);
        const QJsonValue &stepValue = arg(call, 2);
        const QRegularExpressionMatch match = pattern.match(stepValue.toString());
        if (stepValue.isString() && match.hasMatch()) {
            bool ok = false;
            step = match.captured(1).toLongLong(&ok);
            unit = unitOf(match.captured(2));
            if (!ok || unit == Unit::Invalid)
                return failed(call, tr("invalid step \"%1\"").arg(stepValue.toString()));
        } else if (!integerLike(stepValue, &step)) {
            return failed(call, tr("invalid step %1 (expected e.g. \"1d\", \"1h\", \"1w\", \"1M\")")
                                    .arg(ExpressionValue::toJson(stepValue)));
        }
    }
    if (step <= 0)
        return failed(call, tr("the step must be positive"));
    const bool dateOnly = start.dateOnly && end.dateOnly && unit >= Unit::Day;
    // Refuse oversized ranges before building them.
    double estimate = 0;
    if (unit >= Unit::Month) {
        const QDate a = start.dateTime.date();
        const QDate b = end.dateTime.date();
        const double months = (double(b.year()) - a.year()) * 12 + (b.month() - a.month());
        estimate = months / (double(step) * (unit == Unit::Month ? 1 : unit == Unit::Quarter ? 3 : 12));
    } else {
        static const QHash<Unit, double> seconds = {
            {Unit::Second, 1}, {Unit::Minute, 60}, {Unit::Hour, 3600}, {Unit::Day, 86400}, {Unit::Week, 604800}};
        estimate = double(start.dateTime.secsTo(end.dateTime)) / (seconds.value(unit) * double(step));
    }
    if (estimate >= double(MaxRangeItems))
        return tooManyItems(call);
    QJsonArray items;
    for (qint64 i = 0;; ++i) {
        qint64 amount = 0;
        QDateTime current;
        if (__builtin_mul_overflow(i, step, &amount) || !addUnits(start.dateTime, unit, amount, &current) ||
            current > end.dateTime)
            break;
        if (items.size() >= MaxRangeItems)
            return tooManyItems(call);
        items.append(ExpressionDate::fromDateTime(current, dateOnly).toValue());
    }
    return items;
}

QJsonValue fnRange(ExpressionCall &call)
{
    if (arg(call, 0).isNull())
        return failed(call, missing(call, 0));
    if (arg(call, 1).isNull())
        return failed(call, missing(call, 1));
    qint64 start = 0;
    qint64 end = 0;
    if (integerLike(arg(call, 0), &start) && integerLike(arg(call, 1), &end))
        return integerRange(call, start, end);
    // Numbers only make integer ranges; dates come from text ("2024-01-01"), never from epoch numbers here.
    if (!arg(call, 0).isString() || !arg(call, 1).isString()) {
        return failed(call, tr("the bounds must both be integers or both be dates, not %1 and %2")
                                .arg(ExpressionValue::toJson(arg(call, 0)), ExpressionValue::toJson(arg(call, 1))));
    }
    return dateRange(call);
}

QJsonValue fnDateRange(ExpressionCall &call)
{
    return dateRange(call);
}

QJsonValue fnIntRange(ExpressionCall &call)
{
    qint64 start = 0;
    qint64 end = 0;
    if (!integer(call, 0, &start) || !integer(call, 1, &end))
        return QJsonValue::Null;
    return integerRange(call, start, end);
}

QJsonValue fnDateExtract(ExpressionCall &call)
{
    ExpressionDate value;
    QString part;
    if (!date(call, 0, &value) || !text(call, 1, &part))
        return QJsonValue::Null;
    const QDate day = value.dateTime.date();
    const QTime time = value.dateTime.time();
    const QString key = part.trimmed().toLower();
    if (key == u"dow" || key == u"dayofweek")
        return day.dayOfWeek() % 7;
    if (key == u"doy" || key == u"dayofyear")
        return day.dayOfYear();
    switch (unitOf(part)) {
    case Unit::Second:
        return time.second();
    case Unit::Minute:
        return time.minute();
    case Unit::Hour:
        return time.hour();
    case Unit::Day:
        return day.day();
    case Unit::Week:
        return day.weekNumber();
    case Unit::Month:
        return day.month();
    case Unit::Quarter:
        return (day.month() - 1) / 3 + 1;
    case Unit::Year:
        return day.year();
    case Unit::Invalid:
        break;
    }
    return failed(call, tr("unknown part \"%1\"").arg(part));
}

} // namespace

const std::vector<ExpressionFunction> &dateFunctions()
{
    static const std::vector<ExpressionFunction> functions = {
        {u"now"_s, 0, 0, fnNow},
        {u"date_parse"_s, 1, 2, fnDateParse},
        {u"date_format"_s, 2, 2, fnDateFormat},
        {u"date_add"_s, 2, 3, fnDateAdd},
        {u"date_diff"_s, 2, 3, fnDateDiff},
        {u"date_trunc"_s, 2, 2, fnDateTrunc},
        {u"date_first"_s, 1, 2, fnDateFirst},
        {u"date_last"_s, 1, 2, fnDateLast},
        {u"range"_s, 2, 3, fnRange},
        {u"date_range"_s, 2, 3, fnDateRange},
        {u"int_range"_s, 2, 3, fnIntRange},
        {u"date_extract"_s, 2, 2, fnDateExtract},
    };
    return functions;
}

} // namespace Backfill::ExpressionFunctionSupport
