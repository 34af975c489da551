#pragma once

#include "app/demoapi/options.h"

#include <QHash>
#include <QRandomGenerator>
#include <QString>

class QUrlQuery;

namespace Backfill::DemoApi {

// The kinds of misbehaviour the demo API can put into an answer, as bits.
enum Fault : quint32 {
    NoFault = 0,
    Fault500 = 1u << 0,
    Fault502 = 1u << 1,
    Fault503 = 1u << 2,
    Fault429 = 1u << 3,
    FaultClose = 1u << 4,         // headers promise the whole body, the connection closes half-way
    FaultTruncate = 1u << 5,      // a complete HTTP answer whose JSON stops half-way
    FaultInvalid = 1u << 6,       // a complete HTTP answer whose JSON is malformed
    FaultHtml = 1u << 7,          // an HTML error page with status 200
    FaultEmpty = 1u << 8,         // status 200 with an empty body
    FaultEmptyPage = 1u << 9,     // valid page without records, pagination continues
    FaultDuplicate = 1u << 10,    // consecutive pages overlap by one record
    FaultShuffle = 1u << 11,      // page numbers map to a shuffled order of the pages
    FaultHang = 1u << 12,         // never answers
    FaultSlow = 1u << 13,         // the body trickles in small chunks
    FaultReset = 1u << 14,        // the connection closes before any answer
    FaultCloseChunked = 1u << 15, // a chunked body, the connection closed before the last chunk
    FaultExpire = 1u << 16,       // a request with a cursor answers 400 "cursor expired"
    Fault504 = 1u << 17,          // a gateway timeout, as from a proxy
};

// What one request gets: its faults and how its answer is delivered.
struct FaultDecision
{
    quint32 faults = NoFault;
    int latencyMs = 0;
    int trickleBytes = 256;
    int trickleIntervalMs = 20;
    RetryAfterStyle retryAfterStyle = RetryAfterStyle::Seconds;
    int retryAfterSeconds = 1;

    bool has(Fault f) const { return (faults & f) != 0; }
};

// Decides, per request, which faults apply: from the command line (--fault, --error-rate,
// --random-429, latency options) and from the request's own query parameters (fault,
// fault_times, fault_rate, latency_ms, jitter_ms, trickle_bytes, trickle_ms, retry_after),
// and --fault-every, which counts data requests across routes (reset by POST /_reset).
// "fault_times=N" counts requests per URL so that a test can make the first N attempts
// fail and a retry succeed; random draws come from a generator seeded with --seed.
class FaultPlan final
{
public:
    explicit FaultPlan(const Options &options);

    FaultDecision decide(const QString &path, const QUrlQuery &query, const QString &requestKey);
    void reset();

    // Parses "500,duplicate"; returns false on an unknown name.
    static bool parseFaultList(const QString &text, quint32 &faults);
    static bool isKnownFaultList(const QString &text);
    // Parses "close:11,503:7" (--fault-every); returns false on an unknown name or N < 1.
    static bool parseSchedule(const QString &text, QList<QPair<quint32, int>> &schedule);
    static QStringList faultNames();

private:
    bool draw(double rate);

    const Options &m_options;
    quint32 m_defaultFaults = NoFault;
    QList<QPair<quint32, int>> m_schedule; // --fault-every
    qint64 m_dataRequests = 0;             // counted for --fault-every
    QHash<QString, int> m_seenPerKey;
    QRandomGenerator m_random;
};

} // namespace Backfill::DemoApi
