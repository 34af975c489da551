#include "network/http/backoff.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill {

qint64 BackoffPolicy::delayMs(int attempt, double random01) const
{
    const double base = std::max(0.0, baseSeconds) * 1000.0;
    const int n = std::max(1, attempt);
    double delay = 0;
    switch (kind) {
    case Kind::None:
        delay = 0;
        break;
    case Kind::Constant:
        delay = base;
        break;
    case Kind::Linear:
        delay = base * n;
        break;
    case Kind::Exponential:
        delay = base * std::pow(2.0, std::min(n - 1, 30));
        break;
    case Kind::Jitter:
        // Full spread between half and one and a half times the exponential delay.
        delay = base * std::pow(2.0, std::min(n - 1, 30)) * (0.5 + std::clamp(random01, 0.0, 1.0));
        break;
    }
    return std::min(static_cast<qint64>(std::llround(delay)), capMs);
}

std::optional<BackoffPolicy::Kind> BackoffPolicy::kindFromString(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == "none"_L1)
        return Kind::None;
    if (n == "constant"_L1)
        return Kind::Constant;
    if (n == "linear"_L1)
        return Kind::Linear;
    if (n == "exponential"_L1)
        return Kind::Exponential;
    if (n == "jitter"_L1)
        return Kind::Jitter;
    return std::nullopt;
}

QString BackoffPolicy::kindToString(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return u"none"_s;
    case Kind::Constant:
        return u"constant"_s;
    case Kind::Linear:
        return u"linear"_s;
    case Kind::Exponential:
        return u"exponential"_s;
    case Kind::Jitter:
        return u"jitter"_s;
    }
    return {};
}

namespace {
std::optional<qint64> secondsValue(const QByteArray &value)
{
    bool ok = false;
    const double seconds = value.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(seconds))
        return std::nullopt;
    return static_cast<qint64>(std::llround(seconds * 1000.0));
}

std::optional<QDateTime> httpDate(const QByteArray &value)
{
    // IMF-fixdate, the form RFC 9110 requires senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
    const QString text = QString::fromLatin1(value.trimmed());
    QDateTime parsed = QLocale::c().toDateTime(text, u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!parsed.isValid())
        return std::nullopt;
    parsed.setTimeSpec(Qt::UTC);
    return parsed;
}
} // namespace

std::optional<qint64> serverRetryDelayMs(const QByteArray &retryAfter, const QByteArray &rateLimitReset,
                                         const QDateTime &now)
{
    std::optional<qint64> delay;
    if (!retryAfter.trimmed().isEmpty()) {
        delay = secondsValue(retryAfter);
        if (!delay) {
            if (const auto date = httpDate(retryAfter))
                delay = now.msecsTo(*date);
        }
    } else if (!rateLimitReset.trimmed().isEmpty()) {
        delay = secondsValue(rateLimitReset);
        constexpr qint64 oneDayMs = 24 * 3600 * 1000LL;
        if (delay && *delay > oneDayMs) // an epoch timestamp, as some APIs send
            delay = now.msecsTo(QDateTime::fromMSecsSinceEpoch(*delay, Qt::UTC));
    }
    if (!delay || *delay <= 0)
        return std::nullopt;
    return delay;
}

} // namespace Backfill
