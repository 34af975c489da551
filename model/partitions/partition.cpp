#include "model/partitions/partition.h"

namespace Backfill {

namespace {

QString padded(qint64 value, int width)
{
    const QString digits = QString::number(value < 0 ? -value : value).rightJustified(width, QLatin1Char('0'));
    return value < 0 ? QLatin1Char('-') + digits : digits;
}

QString render(const Partition &partition, const QDateTime &instant, qint64 number, const QString &format,
               const QTimeZone &zone)
{
    if (partition.isNumeric())
        return QString::number(number);
    return Partition::formatValue(zone.isValid() ? instant.toTimeZone(zone) : instant, format);
}

} // namespace

QString Partition::startValue(const QString &format, const QTimeZone &zone) const
{
    return render(*this, start, first, format, zone);
}

QString Partition::endValue(const QString &format, const QTimeZone &zone) const
{
    return render(*this, end, last, format, zone);
}

QString Partition::lastValue(const QString &format, const QTimeZone &zone) const
{
    return render(*this, end.addSecs(-1), last, format, zone);
}

QString Partition::formatValue(const QDateTime &instant, const QString &format)
{
    const QDate date = instant.date();
    const QTime time = instant.time();
    QString out;
    out.reserve(format.size() + 16);
    for (qsizetype i = 0; i < format.size(); ++i) {
        const QChar c = format.at(i);
        if (c != QLatin1Char('%') || i + 1 == format.size()) {
            out += c;
            continue;
        }
        const QChar field = format.at(++i);
        switch (field.unicode()) {
        case 'Y':
            out += padded(date.year(), 4);
            break;
        case 'm':
            out += padded(date.month(), 2);
            break;
        case 'd':
            out += padded(date.day(), 2);
            break;
        case 'H':
            out += padded(time.hour(), 2);
            break;
        case 'M':
            out += padded(time.minute(), 2);
            break;
        case 'S':
            out += padded(time.second(), 2);
            break;
        case 'j':
            out += padded(date.dayOfYear(), 3);
            break;
        case 'G':
        case 'V': {
            int weekYear = 0;
            const int week = date.weekNumber(&weekYear);
            out += field == QLatin1Char('G') ? padded(weekYear, 4) : padded(week, 2);
            break;
        }
        case 'u':
            out += QString::number(date.dayOfWeek());
            break;
        case 'z': {
            const int offset = instant.offsetFromUtc();
            const int minutes = (offset < 0 ? -offset : offset) / 60;
            out +=
                (offset < 0 ? QLatin1Char('-') : QLatin1Char('+')) + padded(minutes / 60, 2) + padded(minutes % 60, 2);
            break;
        }
        case 's':
            out += QString::number(instant.toSecsSinceEpoch());
            break;
        case '%':
            out += QLatin1Char('%');
            break;
        default:
            out += c;
            out += field;
            break;
        }
    }
    return out;
}

} // namespace Backfill
