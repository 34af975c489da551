#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace Backfill {

// How long to wait before retry number `attempt` (1 for the first retry), as Sling's rules
// describe it: none, constant, linear, exponential, or jitter (exponential with a random
// spread), all scaled by `backoff_base` seconds and capped so a run never sleeps for hours.
struct BackoffPolicy
{
    enum class Kind { None, Constant, Linear, Exponential, Jitter };

    Kind kind = Kind::Exponential;
    double baseSeconds = 1.0;
    qint64 capMs = 5 * 60 * 1000;

    // `random01` is a number in [0, 1) used by Jitter; injected so tests are exact.
    qint64 delayMs(int attempt, double random01 = 0.5) const;

    static std::optional<Kind> kindFromString(const QString &name);
    static QString kindToString(Kind kind);
};

// The server's own word on when to come back, from the response headers. Retry-After in
// seconds or as an HTTP date; RateLimit-Reset in seconds (or an epoch time when it is
// larger than a day). A zero or past value yields nothing, so the caller falls back to
// its backoff policy instead of retrying in a hot loop.
std::optional<qint64> serverRetryDelayMs(const QByteArray &retryAfter, const QByteArray &rateLimitReset,
                                         const QDateTime &now);

} // namespace Backfill
