#include "model/expression/expressiondate.h"

#include "model/expression/expressionvalue.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// Beyond about year 300,000 QDateTime arithmetic stops being meaningful; refuse such epochs.
constexpr double MaxEpochSeconds = 1.0e13;

bool fromEpoch(double number, ExpressionDate *date)
{
    double magnitude = std::fabs(number);
    double seconds = number;
    if (magnitude >= 1.0e17)
        seconds = number / 1.0e9;
    else if (magnitude >= 1.0e14)
        seconds = number / 1.0e6;
    else if (magnitude >= 1.0e11)
        seconds = number / 1.0e3;
    if (!std::isfinite(seconds) || std::fabs(seconds) > MaxEpochSeconds)
        return false;
    const qint64 msecs = qint64(std::llround(seconds * 1000.0));
    date->dateTime = QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
    date->dateOnly = false;
    return date->dateTime.isValid();
}

bool fromIsoText(const QString &text, ExpressionDate *date)
{
    static const QRegularExpression iso(
        uR"(^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?)?$)"_s);
    static const QRegularExpression compact(uR"(^(\d{4})(\d{2})(\d{2})$)"_s);
    // A month (`2024-01`, what a monthly partition and its sync value look like) is its first day.
    static const QRegularExpression month(uR"(^(\d{4})-(\d{2})$)"_s);
    QRegularExpressionMatch match = iso.match(text);
    if (!match.hasMatch())
        match = compact.match(text);
    if (!match.hasMatch())
        match = month.match(text);
    if (!match.hasMatch())
        return false;
    const int dayOfMonth = match.lastCapturedIndex() >= 3 ? match.captured(3).toInt() : 1;
    const QDate day(match.captured(1).toInt(), match.captured(2).toInt(), dayOfMonth);
    if (!day.isValid())
        return false;
    const bool hasTime = match.lastCapturedIndex() >= 4 && !match.captured(4).isEmpty();
    QTime time(0, 0);
    if (hasTime) {
        const int msecs = match.captured(7).isEmpty() ? 0 : QString(match.captured(7) + u"00"_s).left(3).toInt();
        time = QTime(match.captured(4).toInt(), match.captured(5).toInt(), match.captured(6).toInt(), msecs);
        if (!time.isValid())
            return false;
    }
    int offset = 0;
    const QString zone = match.lastCapturedIndex() >= 8 ? match.captured(8) : QString();
    if (zone.startsWith(u'+') || zone.startsWith(u'-')) {
        QString digits = zone.mid(1);
        digits.remove(u':');
        const int hours = digits.left(2).toInt();
        const int minutes = digits.size() > 2 ? digits.mid(2, 2).toInt() : 0;
        if (hours > 23 || minutes > 59)
            return false;
        offset = (hours * 3600 + minutes * 60) * (zone.startsWith(u'-') ? -1 : 1);
    }
    date->dateTime = offset == 0 ? QDateTime(day, time, Qt::UTC) : QDateTime(day, time, Qt::OffsetFromUTC, offset);
    date->dateOnly = !hasTime;
    return date->dateTime.isValid();
}

QString pad(qint64 value, int width, QChar fill = u'0')
{
    return QString::number(value).rightJustified(width, fill);
}

QString offsetText(const QDateTime &dateTime, bool colon)
{
    const int offset = dateTime.offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    return (offset < 0 ? u"-"_s : u"+"_s) + pad(minutes / 60, 2) + (colon ? u":"_s : QString()) + pad(minutes % 60, 2);
}

} // namespace

bool ExpressionDate::fromValue(const QJsonValue &value, ExpressionDate *date)
{
    if (value.isDouble())
        return fromEpoch(value.toDouble(), date);
    if (!value.isString())
        return false;
    const QString text = value.toString().trimmed();
    if (fromIsoText(text, date))
        return true;
    // Long digit strings are epochs ("1704067200", "1704067200000"); eight digits were taken as YYYYMMDD above.
    static const QRegularExpression digits(uR"(^-?\d{9,19}$)"_s);
    if (digits.match(text).hasMatch())
        return fromEpoch(text.toDouble(), date);
    return false;
}

ExpressionDate ExpressionDate::fromDateTime(const QDateTime &dateTime, bool dateOnly)
{
    return {dateTime, dateOnly};
}

QJsonValue ExpressionDate::toValue() const
{
    // Written by hand rather than with QDate::toString(format), and digit by digit without a
    // temporary string per field: ranges produce up to a million of these.
    auto append = [](QString *out, int value, int width) {
        if (value < 0) {
            out->append(u'-');
            value = -value; // a QDateTime year stays within +-300 million, so this cannot overflow
        }
        char16_t digits[12];
        int count = 0;
        do {
            digits[count++] = char16_t(u'0' + value % 10);
            value /= 10;
        } while (value > 0);
        for (int i = count; i < width; ++i)
            out->append(u'0');
        while (count > 0)
            out->append(QChar(digits[--count]));
    };
    const bool asDate = dateOnly && dateTime.time() == QTime(0, 0);
    const QDateTime utc = asDate ? dateTime : dateTime.toUTC();
    const QDate day = utc.date();
    QString out;
    out.reserve(24);
    append(&out, day.year(), 4);
    out.append(u'-');
    append(&out, day.month(), 2);
    out.append(u'-');
    append(&out, day.day(), 2);
    if (asDate)
        return out;
    const QTime time = utc.time();
    out.append(u'T');
    append(&out, time.hour(), 2);
    out.append(u':');
    append(&out, time.minute(), 2);
    out.append(u':');
    append(&out, time.second(), 2);
    if (time.msec()) {
        out.append(u'.');
        append(&out, time.msec(), 3);
    }
    out.append(u'Z');
    return out;
}

QString ExpressionDate::format(const QDateTime &dateTime, const QString &format)
{
    const QLocale c = QLocale::c();
    const QDate day = dateTime.date();
    const QTime time = dateTime.time();
    QString out;
    for (qsizetype i = 0; i < format.size(); ++i) {
        const QChar ch = format.at(i);
        if (ch != u'%' || i + 1 >= format.size()) {
            out += ch;
            continue;
        }
        const QChar directive = format.at(++i);
        switch (directive.unicode()) {
        case 'Y':
            out += pad(day.year(), 4);
            break;
        case 'y':
            out += pad(((day.year() % 100) + 100) % 100, 2);
            break;
        case 'm':
            out += pad(day.month(), 2);
            break;
        case 'd':
            out += pad(day.day(), 2);
            break;
        case 'e':
            out += pad(day.day(), 2, u' ');
            break;
        case 'H':
            out += pad(time.hour(), 2);
            break;
        case 'I':
            out += pad(time.hour() % 12 == 0 ? 12 : time.hour() % 12, 2);
            break;
        case 'M':
            out += pad(time.minute(), 2);
            break;
        case 'S':
            out += pad(time.second(), 2);
            break;
        case 'f':
            out += pad(time.msec() * 1000, 6);
            break;
        case 'L':
            out += pad(time.msec(), 3);
            break;
        case 'p':
            out += time.hour() < 12 ? u"AM"_s : u"PM"_s;
            break;
        case 'a':
            out += c.dayName(day.dayOfWeek(), QLocale::ShortFormat);
            break;
        case 'A':
            out += c.dayName(day.dayOfWeek(), QLocale::LongFormat);
            break;
        case 'b':
        case 'h':
            out += c.monthName(day.month(), QLocale::ShortFormat);
            break;
        case 'B':
            out += c.monthName(day.month(), QLocale::LongFormat);
            break;
        case 'j':
            out += pad(day.dayOfYear(), 3);
            break;
        case 'u':
            out += QString::number(day.dayOfWeek());
            break;
        case 'w':
            out += QString::number(day.dayOfWeek() % 7);
            break;
        case 'V':
            out += pad(day.weekNumber(), 2);
            break;
        case 'z':
            out += offsetText(dateTime, false);
            break;
        case 'Z':
            out += dateTime.offsetFromUtc() == 0 ? u"UTC"_s : offsetText(dateTime, true);
            break;
        case 's':
            out += QString::number(dateTime.toSecsSinceEpoch());
            break;
        case 'F':
            out += ExpressionDate::format(dateTime, u"%Y-%m-%d"_s);
            break;
        case 'T':
            out += ExpressionDate::format(dateTime, u"%H:%M:%S"_s);
            break;
        case 'D':
            out += ExpressionDate::format(dateTime, u"%m/%d/%y"_s);
            break;
        case 'R':
            out += ExpressionDate::format(dateTime, u"%H:%M"_s);
            break;
        case 'n':
            out += u'\n';
            break;
        case 't':
            out += u'\t';
            break;
        case '%':
            out += u'%';
            break;
        default: // unknown directives stay as written
            out += ch;
            out += directive;
            break;
        }
    }
    return out;
}

namespace {

// A strptime cursor: reads fields from `text` at `pos`.
struct Reader
{
    const QString &text;
    qsizetype pos = 0;

    bool number(int minDigits, int maxDigits, int *value, bool allowSign = false)
    {
        qsizetype i = pos;
        bool negative = false;
        if (allowSign && i < text.size() && (text.at(i) == u'-' || text.at(i) == u'+')) {
            negative = text.at(i) == u'-';
            ++i;
        }
        const qsizetype start = i;
        while (i < text.size() && i - start < maxDigits && text.at(i).isDigit())
            ++i;
        if (i - start < minDigits)
            return false;
        *value = text.mid(start, i - start).toInt() * (negative ? -1 : 1);
        pos = i;
        return true;
    }

    bool name(const QStringList &names, int *index)
    {
        for (int n = 0; n < names.size(); ++n) {
            if (QStringView(text).mid(pos).startsWith(names.at(n), Qt::CaseInsensitive)) {
                *index = n;
                pos += names.at(n).size();
                return true;
            }
        }
        return false;
    }
};

QStringList namesOf(bool months, QLocale::FormatType type)
{
    const QLocale c = QLocale::c();
    QStringList names;
    for (int i = 1; i <= (months ? 12 : 7); ++i)
        names.append(months ? c.monthName(i, type) : c.dayName(i, type));
    return names;
}

} // namespace

bool ExpressionDate::parse(const QString &text, const QString &format, ExpressionDate *date)
{
    // Composite directives expand first, so the loop below only sees simple ones.
    QString expanded = format;
    expanded.replace(u"%F"_s, u"%Y-%m-%d"_s).replace(u"%T"_s, u"%H:%M:%S"_s);
    expanded.replace(u"%D"_s, u"%m/%d/%y"_s).replace(u"%R"_s, u"%H:%M"_s);

    Reader reader{text};
    int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, msec = 0, dayOfYear = 0;
    int offset = 0;
    bool pm = false, hasAmPm = false, hasTime = false;
    qint64 epoch = 0;
    bool hasEpoch = false;
    for (qsizetype i = 0; i < expanded.size(); ++i) {
        const QChar ch = expanded.at(i);
        if (ch.isSpace()) {
            while (reader.pos < text.size() && text.at(reader.pos).isSpace())
                ++reader.pos;
            continue;
        }
        if (ch != u'%' || i + 1 >= expanded.size()) {
            if (reader.pos >= text.size() || text.at(reader.pos) != ch)
                return false;
            ++reader.pos;
            continue;
        }
        const QChar directive = expanded.at(++i);
        bool ok = true;
        int index = 0;
        switch (directive.unicode()) {
        case 'Y':
            ok = reader.number(4, 4, &year);
            break;
        case 'y':
            ok = reader.number(2, 2, &year);
            year += year < 69 ? 2000 : 1900;
            break;
        case 'm':
            ok = reader.number(1, 2, &month);
            break;
        case 'd':
        case 'e':
            while (reader.pos < text.size() && text.at(reader.pos) == u' ')
                ++reader.pos;
            ok = reader.number(1, 2, &day);
            break;
        case 'j':
            ok = reader.number(1, 3, &dayOfYear);
            break;
        case 'H':
        case 'I':
            ok = reader.number(1, 2, &hour);
            hasTime = true;
            break;
        case 'M':
            ok = reader.number(1, 2, &minute);
            hasTime = true;
            break;
        case 'S':
            ok = reader.number(1, 2, &second);
            hasTime = true;
            break;
        case 'f':
        case 'L': {
            const qsizetype start = reader.pos;
            int ignored = 0;
            ok = reader.number(1, 9, &ignored);
            if (ok)
                msec = QString(text.mid(start, reader.pos - start) + u"00"_s).left(3).toInt();
            break;
        }
        case 'p':
            ok = reader.name({u"AM"_s, u"PM"_s}, &index);
            pm = index == 1;
            hasAmPm = true;
            break;
        case 'b':
        case 'h':
        case 'B':
            ok = reader.name(namesOf(true, QLocale::LongFormat), &index) ||
                 reader.name(namesOf(true, QLocale::ShortFormat), &index);
            month = index + 1;
            break;
        case 'a':
        case 'A':
            ok = reader.name(namesOf(false, QLocale::LongFormat), &index) ||
                 reader.name(namesOf(false, QLocale::ShortFormat), &index);
            break;
        case 'z':
            if (reader.pos < text.size() && (text.at(reader.pos) == u'Z' || text.at(reader.pos) == u'z')) {
                ++reader.pos;
            } else {
                int hours = 0, minutes = 0;
                const bool negative = reader.pos < text.size() && text.at(reader.pos) == u'-';
                ok = reader.pos < text.size() && (text.at(reader.pos) == u'+' || negative);
                if (ok) {
                    ++reader.pos;
                    ok = reader.number(2, 2, &hours);
                    if (ok && reader.pos < text.size() && text.at(reader.pos) == u':')
                        ++reader.pos;
                    ok = ok && reader.number(2, 2, &minutes) && hours < 24 && minutes < 60;
                    offset = (hours * 3600 + minutes * 60) * (negative ? -1 : 1);
                }
            }
            break;
        case 'Z':
            while (reader.pos < text.size() && text.at(reader.pos).isLetter())
                ++reader.pos;
            break;
        case 's': {
            const qsizetype start = reader.pos;
            if (reader.pos < text.size() && text.at(reader.pos) == u'-')
                ++reader.pos;
            while (reader.pos < text.size() && text.at(reader.pos).isDigit())
                ++reader.pos;
            epoch = text.mid(start, reader.pos - start).toLongLong(&ok);
            ok = ok && std::llabs(epoch) < qint64(MaxEpochSeconds);
            hasEpoch = true;
            break;
        }
        case '%':
            ok = reader.pos < text.size() && text.at(reader.pos) == u'%';
            ++reader.pos;
            break;
        default:
            ok = false;
            break;
        }
        if (!ok)
            return false;
    }
    if (reader.pos != text.size())
        return false;
    if (hasEpoch) {
        date->dateTime = QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC);
        date->dateOnly = false;
        return date->dateTime.isValid();
    }
    if (hasAmPm) {
        if (hour < 1 || hour > 12)
            return false;
        hour = hour % 12 + (pm ? 12 : 0);
    }
    QDate parsedDay(year, month, day);
    if (dayOfYear > 0)
        parsedDay = QDate(year, 1, 1).addDays(dayOfYear - 1);
    const QTime parsedTime(hour, minute, second, msec);
    if (!parsedDay.isValid() || !parsedTime.isValid())
        return false;
    date->dateTime = offset == 0 ? QDateTime(parsedDay, parsedTime, Qt::UTC)
                                 : QDateTime(parsedDay, parsedTime, Qt::OffsetFromUTC, offset);
    date->dateOnly = !hasTime;
    return date->dateTime.isValid();
}

} // namespace Backfill
