#pragma once

#include <QtGlobal>

#include <deque>
#include <functional>

namespace Backfill {

// One endpoint's request budget, shared by all its partitions. It keeps the send and answer
// times of the last `rate` requests, so that no 1-second window as the server sees it ever
// holds more than `rate` requests: the server received a request no earlier than it was sent
// and no later than its answer came back, so a request sent a second after the answer of
// the one `rate` places before it can never share a window with it, however late the
// network delivered either. It spaces requests evenly instead of letting them burst. After
// a 429 every caller waits for the shared deadline the server named.
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
    // A request goes out now; returns its ticket for recordAnswer(). Counting real send
    // times, not planned ones, keeps the limit exact however late the caller's timer fires.
    quint64 recordSend();
    // The answer (or the failure) of the request with `ticket` came back now.
    void recordAnswer(quint64 ticket);

    // Every later reservation waits at least until `deadline` (clock milliseconds).
    void pauseUntil(qint64 deadline);
    qint64 pausedUntil() const { return m_pausedUntil; }

    qint64 now() const;

    static constexpr qint64 WindowMs = 1000;
    static constexpr qint64 MarginMs = 15;
    // While the request `rate` places back is still in flight, callers ask again this often,
    // for at most InFlightGraceMs past its window (a hanging request must not stop the rest).
    static constexpr qint64 PollMs = 10;
    static constexpr qint64 InFlightGraceMs = 1000;

private:
    double m_rate;
    Clock m_clock;
    qint64 m_pausedUntil = 0;
    struct Send
    {
        quint64 ticket = 0;
        qint64 sent = 0;
        qint64 answered = -1; // -1 while in flight
    };
    std::deque<Send> m_sends; // the last `rate` requests, oldest first
    quint64 m_nextTicket = 1;
};

} // namespace Backfill
