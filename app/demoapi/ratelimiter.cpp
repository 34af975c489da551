#include "app/demoapi/ratelimiter.h"

namespace Backfill::DemoApi {

qint64 RateLimiter::acquire(const QByteArray &key, qint64 nowMs, int limit)
{
    if (limit <= 0)
        return 0;
    auto &window = m_windows[key];
    while (!window.empty() && window.front() <= nowMs - 1000)
        window.pop_front();
    if (qsizetype(window.size()) >= limit)
        return qMax<qint64>(1, window.front() + 1000 - nowMs);
    window.push_back(nowMs);
    return 0;
}

void RateLimiter::clear()
{
    m_windows.clear();
}

} // namespace Backfill::DemoApi
