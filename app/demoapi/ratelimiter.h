#pragma once

#include <QByteArray>
#include <QHash>

#include <deque>

namespace Backfill::DemoApi {

// A server-side limit of N requests in any 1-second sliding window, per token.
class RateLimiter final
{
public:
    // Records the request and returns 0 when it is within the limit; otherwise returns
    // the milliseconds until the oldest request in the window leaves it.
    qint64 acquire(const QByteArray &key, qint64 nowMs, int limit);
    void clear();

private:
    QHash<QByteArray, std::deque<qint64>> m_windows;
};

} // namespace Backfill::DemoApi
