#pragma once

#include "network/http/backoff.h"
#include "network/planning/endpointprogram.h"

#include <QByteArray>
#include <QDateTime>

namespace Backfill {

// How a request that a rule (or Sling's defaults) sends back for retry waits: the rule's
// attempts and backoff, the server's Retry-After / RateLimit-Reset when it gives one, and
// never a hot loop on 429. Shared by the engine and the preview, so a test read waits as
// long as a run would.
struct RetryWait
{
    qint64 delayMs = 0;
    int maxAttempts = 4;
    bool fromServer = false; // the delay is what the server asked for
    BackoffPolicy::Kind backoff = BackoffPolicy::Kind::Exponential;

    // `attempt` is 1 for the first retry; `random01` feeds jittered backoff. `answeredAt` is
    // when the answer arrived: the server's Retry-After counts from then.
    static RetryWait decide(const EndpointProgram::Rule *rule, int attempt, int status, const QByteArray &retryAfter,
                            const QByteArray &rateLimitReset, const QDateTime &answeredAt, double random01);

    // The wait still due at `now` for an answer that arrived at `answeredAt` (a page fetched
    // ahead is looked at only when its turn comes): the server's deadline is its answer time
    // plus what it asked for, and once passed the retry goes at once; a backoff is ours and
    // counts from now.
    qint64 remainingMs(const QDateTime &answeredAt, const QDateTime &now) const;
};

} // namespace Backfill
