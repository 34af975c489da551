#include "model/core/durationtext.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Backfill {

QString durationText(qint64 ms)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("Backfill", text); };
    if (ms < 0)
        return {};
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60'000)
        return tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', 1));
    const qint64 seconds = ms / 1000;
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

std::optional<qint64> parseDuration(QStringView text)
{
    static const QRegularExpression part(u"(\\d+)(ms|s|m|h|d|w)"_s);
    const QString trimmed = text.trimmed().toString();
    if (trimmed == u"0"_s)
        return 0;
    qint64 total = 0;
    qsizetype at = 0;
    while (at < trimmed.size()) {
        const QRegularExpressionMatch match =
            part.match(trimmed, at, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch())
            return std::nullopt;
        const qint64 count = match.captured(1).toLongLong();
        const QString unit = match.captured(2);
        const qint64 unitMs = unit == u"ms"_s  ? 1
                              : unit == u"s"_s ? 1000
                              : unit == u"m"_s ? 60'000
                              : unit == u"h"_s ? 3'600'000
                              : unit == u"d"_s ? 86'400'000
                                               : 7 * 86'400'000LL;
        if (count > 100'000'000)
            return std::nullopt;
        total += count * unitMs;
        at += match.capturedLength();
    }
    return trimmed.isEmpty() ? std::nullopt : std::optional(total);
}

} // namespace Backfill
