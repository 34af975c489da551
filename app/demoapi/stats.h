#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

#include <deque>

namespace Backfill::DemoApi {

// What the server saw, so tests and benchmarks can check from the server's side that a
// client kept to rate limits and concurrency: requests per route and status, the most
// requests in any 1-second sliding window, and peaks of connections and requests in flight.
class Stats final
{
public:
    void requestStarted(qint64 nowMs);
    // status 0 means the request was never answered (hang, client gone).
    void requestAnswered(const QString &route, int status);
    void requestFinished();
    void connectionOpened();
    void connectionClosed();

    void reset(qint64 nowMs);
    QByteArray toJson(qint64 nowMs, int generation) const;

private:
    QMap<QString, QMap<int, qint64>> m_byRoute;
    std::deque<qint64> m_window;
    qint64 m_total = 0;
    qint64 m_peakPerSecond = 0;
    int m_inFlight = 0;
    int m_peakInFlight = 0;
    int m_connections = 0;
    int m_peakConnections = 0;
    qint64 m_resetAtMs = 0;
};

} // namespace Backfill::DemoApi
