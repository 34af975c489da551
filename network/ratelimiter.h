#pragma once

#include <QtGlobal>

#include <deque>
#include <functional>

namespace Backfill {

// One endpoint's request budget, shared by all its partitions. It keeps the send times of
// the last `rate` requests, so that no 1-second window (as the server sees it, with a
// small margin for delivery jitter) ever holds more than `rate` requests, and it spaces
// requests evenly instead of letting them burst. After a 429 every caller waits for the
// shared deadline the server named.
class RateLimiter final
{
public:
    using Clock = std::function<qint64()>; // monotonic milliseconds

    // rate: requests per second; 0 or less means unlimited.
    explicit RateLimiter(double rate, Clock clock = {});

    double rate() const { return m_rate; }

    // Reserves the next send slot and returns how many milliseconds the caller must wait
    // before sending (0: send now). Each call takes one slot.
    qint64 reserve();

    // Every later reservation waits at least until `deadline` (clock milliseconds).
    void pauseUntil(qint64 deadline);
    qint64 pausedUntil() const { return m_pausedUntil; }

    qint64 now() const;

    static constexpr qint64 WindowMs = 1000;
    static constexpr qint64 MarginMs = 15;

private:
    double m_rate;
    Clock m_clock;
    qint64 m_pausedUntil = 0;
    qint64 m_lastSlot = -1;
    std::deque<qint64> m_slots; // the last `rate` reserved send times, oldest first
};

} // namespace Backfill
