#include "app/demoapi/stats.h"

#include "app/demoapi/jsonwriter.h"

namespace Backfill::DemoApi {

void Stats::requestStarted(qint64 nowMs)
{
    ++m_total;
    // The window (now - 1 s, now]: the busiest second always ends at some arrival, so
    // measuring at each arrival finds the true maximum, not a calendar-second one.
    m_window.push_back(nowMs);
    while (m_window.front() <= nowMs - 1000)
        m_window.pop_front();
    m_peakPerSecond = qMax<qint64>(m_peakPerSecond, qint64(m_window.size()));
    ++m_inFlight;
    m_peakInFlight = qMax(m_peakInFlight, m_inFlight);
}

void Stats::requestAnswered(const QString &route, int status)
{
    ++m_byRoute[route][status];
}

void Stats::requestFinished()
{
    --m_inFlight;
}

void Stats::connectionOpened()
{
    ++m_connections;
    m_peakConnections = qMax(m_peakConnections, m_connections);
}

void Stats::connectionClosed()
{
    --m_connections;
}

void Stats::reset(qint64 nowMs)
{
    m_byRoute.clear();
    m_window.clear();
    m_total = 0;
    m_peakPerSecond = 0;
    m_peakInFlight = m_inFlight;
    m_peakConnections = m_connections;
    m_resetAtMs = nowMs;
}

QByteArray Stats::toJson(qint64 nowMs, int generation) const
{
    JsonWriter w;
    w.beginObject();
    w.field("requests_total", std::int64_t(m_total));
    w.key("requests");
    w.beginObject();
    for (auto route = m_byRoute.cbegin(); route != m_byRoute.cend(); ++route) {
        w.key(route.key().toUtf8());
        w.beginObject();
        for (auto status = route->cbegin(); status != route->cend(); ++status) {
            w.key(status.key() == 0 ? QByteArray("none") : QByteArray::number(status.key()));
            w.value(std::int64_t(status.value()));
        }
        w.endObject();
    }
    w.endObject();
    w.field("max_requests_per_second", std::int64_t(m_peakPerSecond));
    w.field("in_flight", m_inFlight);
    w.field("peak_in_flight", m_peakInFlight);
    w.field("connections", m_connections);
    w.field("peak_connections", m_peakConnections);
    w.field("generation", generation);
    w.field("since_reset_ms", std::int64_t(nowMs - m_resetAtMs));
    w.endObject();
    return w.take();
}

} // namespace Backfill::DemoApi
