#include "model/runs/runstatistics.h"

#include <algorithm>

namespace Backfill {

RunStatistics::RunStatistics(Clock clock)
    : m_clock(std::move(clock))
{
    if (!m_clock) {
        m_timer.start();
        m_clock = [this] { return m_timer.elapsed(); };
    }
}

void RunStatistics::start(int partitions)
{
    m_startMs = m_clock();
    m_partitions = partitions;
    m_done = 0;
    m_finishing = false;
    m_failed = 0;
    m_rows = 0;
    m_requests = 0;
    m_retries = 0;
    m_rateLimited = 0;
    m_samples.clear();
}

qint64 RunStatistics::elapsedMs() const
{
    return std::max<qint64>(0, m_clock() - m_startMs);
}

RunSample &RunStatistics::sampleNow()
{
    const int second = int(elapsedMs() / 1000);
    while (m_samples.size() <= second) {
        RunSample next;
        next.second = int(m_samples.size());
        next.partitionsDone = m_done;
        m_samples.append(next);
    }
    return m_samples.last();
}

void RunStatistics::advance()
{
    sampleNow();
}

void RunStatistics::addEvent(const EngineEvent &event)
{
    RunSample &sample = sampleNow();
    using Kind = EngineEvent::Kind;
    switch (event.kind) {
    case Kind::PageFetched:
        ++m_requests;
        ++sample.requests;
        m_rows += event.rows;
        sample.rows += event.rows;
        break;
    case Kind::Retry:
        // The answer that asked for the retry was a request too.
        ++m_requests;
        ++sample.requests;
        ++m_retries;
        ++sample.retries;
        if (event.httpStatus == 429) {
            ++m_rateLimited;
            ++sample.rateLimited;
        }
        break;
    case Kind::PartitionSucceeded:
        ++m_done;
        break;
    case Kind::PartitionFailed:
        ++m_done;
        ++m_failed;
        break;
    case Kind::Finishing:
        m_finishing = true;
        break;
    default:
        break;
    }
    sample.partitionsDone = m_done;
}

double RunStatistics::rowsPerSecond() const
{
    return m_rows / (std::max<qint64>(1, elapsedMs()) / 1000.0);
}

double RunStatistics::requestsPerSecond() const
{
    return m_requests / (std::max<qint64>(1, elapsedMs()) / 1000.0);
}

std::optional<RunSample> RunStatistics::recent(int seconds) const
{
    const int whole = int(std::min<qint64>(m_samples.size(), elapsedMs() / 1000));
    if (whole <= 0 || seconds <= 0)
        return std::nullopt;
    RunSample sum;
    sum.second = std::min(seconds, whole); // how many seconds were summed
    for (int i = whole - sum.second; i < whole; ++i) {
        sum.rows += m_samples.at(i).rows;
        sum.requests += m_samples.at(i).requests;
    }
    return sum;
}

double RunStatistics::recentRowsPerSecond(int seconds) const
{
    const auto sum = recent(seconds);
    return sum ? double(sum->rows) / sum->second : rowsPerSecond();
}

double RunStatistics::recentRequestsPerSecond(int seconds) const
{
    const auto sum = recent(seconds);
    return sum ? double(sum->requests) / sum->second : requestsPerSecond();
}

std::optional<qint64> RunStatistics::etaMs() const
{
    if (m_done <= 0 || m_done >= m_partitions)
        return std::nullopt;
    return qint64(elapsedMs() * double(m_partitions - m_done) / m_done);
}

} // namespace Backfill
