#include "network/ratelimiter.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

namespace Backfill {

namespace {
qint64 monotonicMs()
{
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer.elapsed();
}
} // namespace

RateLimiter::RateLimiter(double rate, Clock clock)
    : m_rate(rate)
    , m_clock(clock ? std::move(clock) : Clock(monotonicMs))
{}

qint64 RateLimiter::now() const
{
    return m_clock();
}

qint64 RateLimiter::reserve()
{
    const qint64 current = now();
    qint64 slot = std::max(current, m_pausedUntil);
    if (m_rate <= 0)
        return slot - current;

    // Even spacing keeps the server's view smooth; the window check makes it exact.
    const auto perWindow = static_cast<size_t>(std::max(1.0, std::floor(m_rate)));
    const auto spacing = static_cast<qint64>(std::ceil(WindowMs / m_rate));
    if (m_lastSlot >= 0)
        slot = std::max(slot, m_lastSlot + spacing);
    if (m_slots.size() >= perWindow)
        slot = std::max(slot, m_slots[m_slots.size() - perWindow] + WindowMs + MarginMs);

    m_slots.push_back(slot);
    while (m_slots.size() > perWindow)
        m_slots.pop_front();
    m_lastSlot = slot;
    return slot - current;
}

void RateLimiter::pauseUntil(qint64 deadline)
{
    m_pausedUntil = std::max(m_pausedUntil, deadline);
}

} // namespace Backfill
