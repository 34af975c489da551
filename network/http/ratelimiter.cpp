#include "network/http/ratelimiter.h"

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

qint64 RateLimiter::wait() const
{
    const qint64 current = now();
    qint64 earliest = std::max(current, m_pausedUntil);
    if (m_rate > 0 && !m_sends.empty()) {
        // Even spacing keeps the server's view smooth; the window check makes it exact.
        const auto perWindow = static_cast<size_t>(std::max(1.0, std::floor(m_rate)));
        const auto spacing = static_cast<qint64>(std::ceil(WindowMs / m_rate));
        earliest = std::max(earliest, m_sends.back().sent + spacing);
        if (m_sends.size() >= perWindow) {
            const Send &first = m_sends[m_sends.size() - perWindow];
            earliest = std::max(earliest, first.sent + WindowMs + MarginMs);
            if (first.answered >= 0)
                earliest = std::max(earliest, first.answered + WindowMs + 1);
            else if (current < first.sent + WindowMs + InFlightGraceMs)
                earliest = std::max(earliest, current + PollMs);
        }
    }
    return earliest - current;
}

quint64 RateLimiter::recordSend()
{
    const quint64 ticket = m_nextTicket++;
    if (m_rate <= 0)
        return ticket;
    m_sends.push_back({ticket, now(), -1});
    const auto perWindow = static_cast<size_t>(std::max(1.0, std::floor(m_rate)));
    while (m_sends.size() > perWindow)
        m_sends.pop_front();
    return ticket;
}

void RateLimiter::recordAnswer(quint64 ticket)
{
    const auto found =
        std::find_if(m_sends.rbegin(), m_sends.rend(), [ticket](const Send &send) { return send.ticket == ticket; });
    if (found != m_sends.rend())
        found->answered = now();
}

void RateLimiter::pauseUntil(qint64 deadline)
{
    m_pausedUntil = std::max(m_pausedUntil, deadline);
}

} // namespace Backfill
