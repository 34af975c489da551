#include "model/runstatistics.h"

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

std::optional<qint64> RunStatistics::etaMs() const
{
    if (m_done <= 0 || m_done >= m_partitions)
        return std::nullopt;
    return qint64(elapsedMs() * double(m_partitions - m_done) / m_done);
}

} // namespace Backfill
