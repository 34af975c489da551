#include "network/engine/retrywait.h"

#include <algorithm>

namespace Backfill {

RetryWait RetryWait::decide(const EndpointProgram::Rule *rule, int attempt, int status, const QByteArray &retryAfter,
                            const QByteArray &rateLimitReset, const QDateTime &answeredAt, double random01)
{
    RetryWait wait;
    wait.maxAttempts = rule ? rule->maxAttempts : 4;
    BackoffPolicy backoff;
    if (rule)
        backoff = rule->backoff;
    if (backoff.kind == BackoffPolicy::Kind::None && status == 429)
        backoff.kind = BackoffPolicy::Kind::Exponential; // never retry a 429 in a hot loop
    wait.backoff = backoff.kind;
    const auto server = serverRetryDelayMs(retryAfter, rateLimitReset, answeredAt);
    wait.fromServer = server.has_value();
    wait.delayMs = server.value_or(backoff.delayMs(attempt, random01));
    if (status == 429)
        wait.delayMs = std::max<qint64>(wait.delayMs, 100); // Retry-After: 0 falls back to a real wait
    return wait;
}

qint64 RetryWait::remainingMs(const QDateTime &answeredAt, const QDateTime &now) const
{
    if (!fromServer)
        return delayMs;
    return std::clamp<qint64>(delayMs - answeredAt.msecsTo(now), 0, delayMs);
}

} // namespace Backfill
