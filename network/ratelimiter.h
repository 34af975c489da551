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

    // How many milliseconds until a request may go out (0: now). Nothing is booked: call
    // it when about to send, and again after waiting, since other callers may go first.
    qint64 wait() const;
    // A request goes out now. Counting real send times, not planned ones, keeps the limit
    // exact however late the caller's timer fires.
    void recordSend();

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
    std::deque<qint64> m_sends; // the last `rate` send times, oldest first
};

} // namespace Backfill
