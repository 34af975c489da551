// The endpoint's rate limiter, driven by a simulated clock: the send times it hands out
// are checked the way the demo API's /_stats checks them, over sliding 1-second windows.
#include "network/http/ratelimiter.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <vector>

using Backfill::RateLimiter;

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void neverExceedsRateInAnyWindow_data();
    void neverExceedsRateInAnyWindow();
    void lateCallersNeverBunch();
    void lateDeliveriesNeverBunchOnTheServer_data();
    void lateDeliveriesNeverBunchOnTheServer();
    void pauseDelaysEveryCaller();
    void unlimitedNeverWaits();
};

namespace {
// The largest number of send times inside any window [t, t + 1000 ms).
int largestWindow(std::vector<qint64> times)
{
    std::sort(times.begin(), times.end());
    int best = 0;
    size_t first = 0;
    for (size_t last = 0; last < times.size(); ++last) {
        while (times[last] - times[first] >= RateLimiter::WindowMs)
            ++first;
        best = std::max(best, int(last - first + 1));
    }
    return best;
}
} // namespace

void TestRateLimiter::neverExceedsRateInAnyWindow_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("callers");
    QTest::addRow("20/s, 8 callers") << 20.0 << 8;
    QTest::addRow("20/s, 1 caller") << 20.0 << 1;
    QTest::addRow("3/s, 5 callers") << 3.0 << 5;
    QTest::addRow("0.5/s, 2 callers") << 0.5 << 2;
    QTest::addRow("250/s, 16 callers") << 250.0 << 16;
}

void TestRateLimiter::neverExceedsRateInAnyWindow()
{
    QFETCH(double, rate);
    QFETCH(int, callers);
    qint64 clock = 0;
    RateLimiter limiter(rate, [&clock] { return clock; });

    // Each caller sends as soon as it is allowed, then asks again; run 30 simulated seconds.
    std::vector<qint64> nextAsk(callers, 0);
    std::vector<qint64> sent;
    constexpr qint64 durationMs = 30'000;
    while (true) {
        const auto caller = std::min_element(nextAsk.begin(), nextAsk.end());
        clock = *caller;
        if (clock >= durationMs)
            break;
        if (const qint64 wait = limiter.wait(); wait > 0) {
            *caller = clock + wait; // the caller's timer fires then (or later) and asks again
            continue;
        }
        const quint64 ticket = limiter.recordSend();
        sent.push_back(clock);
        limiter.recordAnswer(ticket); // the response comes back at once; ask again
        *caller = clock + 1;
    }

    QVERIFY2(largestWindow(sent) <= int(std::max(1.0, rate)),
             qPrintable(QStringLiteral("%1 requests in one second").arg(largestWindow(sent))));
    const double average = sent.size() / (durationMs / 1000.0);
    QVERIFY2(average >= 0.95 * rate, qPrintable(QStringLiteral("average %1/s").arg(average)));
}

void TestRateLimiter::lateCallersNeverBunch()
{
    // Callers whose timers fire late must not squeeze more than `rate` into a window.
    qint64 clock = 0;
    RateLimiter limiter(10, [&clock] { return clock; });
    std::vector<qint64> sent;
    qint64 lateBy = 0;
    while (clock < 20'000) {
        if (const qint64 wait = limiter.wait(); wait > 0) {
            clock += wait + (lateBy = (lateBy + 37) % 180); // a busy event loop
            continue;
        }
        limiter.recordAnswer(limiter.recordSend());
        sent.push_back(clock);
    }
    QVERIFY(largestWindow(sent) <= 10);
}

void TestRateLimiter::lateDeliveriesNeverBunchOnTheServer_data()
{
    QTest::addColumn<int>("latencyMs");
    QTest::addColumn<int>("jitterMs");
    QTest::addColumn<double>("minimumAverage");
    QTest::addRow("no latency, 200 ms jitter") << 0 << 200 << 16.0;
    QTest::addRow("50 ms latency, 60 ms jitter") << 50 << 60 << 18.0;
    // Exactness costs throughput when answers are slow: a window is only known to be over
    // once the answer of its first request is back.
    QTest::addRow("300 ms latency, 400 ms jitter") << 300 << 400 << 11.0;
}

void TestRateLimiter::lateDeliveriesNeverBunchOnTheServer()
{
    // A loaded machine or network delivers some requests late: the server's arrival times,
    // not the client's send times, must never hold more than `rate` in one second.
    QFETCH(int, latencyMs);
    QFETCH(int, jitterMs);
    QFETCH(double, minimumAverage);
    constexpr int callers = 8;
    qint64 clock = 0;
    RateLimiter limiter(20, [&clock] { return clock; });
    QRandomGenerator random(7);
    struct InFlight
    {
        quint64 ticket;
        qint64 answerAt;
    };
    std::vector<qint64> nextAsk(callers, 0);
    std::vector<InFlight> inFlight(callers, {0, -1});
    std::vector<qint64> arrived;
    constexpr qint64 durationMs = 30'000;
    while (true) {
        // The next thing to happen: an answer coming back or a caller asking.
        const auto caller = size_t(std::min_element(nextAsk.begin(), nextAsk.end()) - nextAsk.begin());
        clock = nextAsk[caller];
        if (clock >= durationMs)
            break;
        if (inFlight[caller].answerAt >= 0) {
            limiter.recordAnswer(inFlight[caller].ticket);
            inFlight[caller].answerAt = -1;
        }
        if (const qint64 wait = limiter.wait(); wait > 0) {
            nextAsk[caller] = clock + wait;
            continue;
        }
        const quint64 ticket = limiter.recordSend();
        const qint64 arrival = clock + latencyMs / 2 + random.bounded(jitterMs + 1);
        arrived.push_back(arrival);
        const qint64 answer = arrival + latencyMs / 2 + 1;
        inFlight[caller] = {ticket, answer};
        nextAsk[caller] = answer;
    }
    std::sort(arrived.begin(), arrived.end());
    QVERIFY2(largestWindow(arrived) <= 20,
             qPrintable(QStringLiteral("%1 requests arrived in one second").arg(largestWindow(arrived))));
    const double average = arrived.size() / (durationMs / 1000.0);
    QVERIFY2(average >= minimumAverage, qPrintable(QStringLiteral("average %1/s").arg(average)));
}

void TestRateLimiter::pauseDelaysEveryCaller()
{
    qint64 clock = 1000;
    RateLimiter limiter(100, [&clock] { return clock; });
    QCOMPARE(limiter.wait(), 0);
    limiter.recordSend();
    limiter.pauseUntil(6000); // a 429 said: come back in 5 s
    QCOMPARE(limiter.wait(), 5000);
    clock = 7000;
    QCOMPARE(limiter.wait(), 0);
    limiter.pauseUntil(2000); // an older deadline never shortens the wait
    QCOMPARE(limiter.pausedUntil(), 6000);
}

void TestRateLimiter::unlimitedNeverWaits()
{
    qint64 clock = 0;
    RateLimiter limiter(0, [&clock] { return clock; });
    for (int i = 0; i < 1000; ++i) {
        QCOMPARE(limiter.wait(), 0);
        limiter.recordSend();
    }
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
