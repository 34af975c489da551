#include "app/demoapi/faultplan.h"

#include <QUrlQuery>

#include <array>

namespace Backfill::DemoApi {

using namespace Qt::StringLiterals;

namespace {

struct FaultName
{
    QStringView name;
    Fault fault;
};

constexpr std::array<FaultName, 18> kFaultNames{{
    {u"500", Fault500},
    {u"502", Fault502},
    {u"503", Fault503},
    {u"504", Fault504},
    {u"429", Fault429},
    {u"close", FaultClose},
    {u"close_chunked", FaultCloseChunked},
    {u"reset", FaultReset},
    {u"expire", FaultExpire},
    {u"truncate", FaultTruncate},
    {u"invalid", FaultInvalid},
    {u"html", FaultHtml},
    {u"empty", FaultEmpty},
    {u"empty_page", FaultEmptyPage},
    {u"duplicate", FaultDuplicate},
    {u"shuffle", FaultShuffle},
    {u"hang", FaultHang},
    {u"slow", FaultSlow},
}};

int intParam(const QUrlQuery &query, const QString &name, int fallback, int minimum)
{
    if (!query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const int v = query.queryItemValue(name).toInt(&ok);
    return ok && v >= minimum ? v : fallback;
}

} // namespace

FaultPlan::FaultPlan(const Options &options)
    : m_options(options)
    , m_random(quint32(options.seed ^ (options.seed >> 32) ^ 0x5eedu))
{
    parseFaultList(options.fault, m_defaultFaults);
    parseSchedule(options.faultEvery, m_schedule);
}

bool FaultPlan::parseSchedule(const QString &text, QList<QPair<quint32, int>> &schedule)
{
    schedule.clear();
    for (const QStringView part : QStringView(text).split(u',', Qt::SkipEmptyParts)) {
        const qsizetype colon = part.lastIndexOf(u':');
        quint32 fault = NoFault;
        bool ok = false;
        const int every = colon > 0 ? part.mid(colon + 1).trimmed().toInt(&ok) : 0;
        if (!ok || every < 1 || !parseFaultList(part.left(colon).toString(), fault) || fault == NoFault)
            return false;
        schedule.append({fault, every});
    }
    return true;
}

bool FaultPlan::parseFaultList(const QString &text, quint32 &faults)
{
    faults = NoFault;
    for (const QStringView part : QStringView(text).split(u',', Qt::SkipEmptyParts)) {
        const QStringView name = part.trimmed();
        const auto it =
            std::find_if(kFaultNames.begin(), kFaultNames.end(), [&](const FaultName &f) { return f.name == name; });
        if (it == kFaultNames.end())
            return false;
        faults |= it->fault;
    }
    return true;
}

bool FaultPlan::isKnownFaultList(const QString &text)
{
    quint32 faults = NoFault;
    return parseFaultList(text, faults);
}

QStringList FaultPlan::faultNames()
{
    QStringList names;
    for (const auto &f : kFaultNames)
        names.append(f.name.toString());
    return names;
}

bool FaultPlan::draw(double rate)
{
    if (rate <= 0.0)
        return false;
    if (rate >= 1.0)
        return true;
    return m_random.generateDouble() < rate;
}

void FaultPlan::reset()
{
    m_seenPerKey.clear();
    m_dataRequests = 0;
}

FaultDecision FaultPlan::decide(const QString &path, const QUrlQuery &query, const QString &requestKey)
{
    FaultDecision decision;
    decision.retryAfterStyle = m_options.retryAfterStyle;

    // Faults asked for by the request win over the command line's.
    quint32 faults = m_defaultFaults;
    int times = m_options.faultTimes;
    double rate = m_options.faultRate;
    if (query.hasQueryItem(u"fault"_s)) {
        parseFaultList(query.queryItemValue(u"fault"_s, QUrl::FullyDecoded), faults);
        times = intParam(query, u"fault_times"_s, -1, 0);
        rate = 1.0;
        if (query.hasQueryItem(u"fault_rate"_s)) {
            bool ok = false;
            rate = query.queryItemValue(u"fault_rate"_s).toDouble(&ok);
            if (!ok)
                rate = 1.0;
        }
    }
    if (faults != NoFault) {
        bool applies = true;
        if (times >= 0) {
            // fault_key=NAME counts the requests that carry it instead of each URL's.
            const int seen =
                ++m_seenPerKey[query.hasQueryItem(u"fault_key"_s) ? u"key:"_s + query.queryItemValue(u"fault_key"_s)
                                                                  : requestKey];
            applies = seen <= times;
        }
        if (applies && draw(rate))
            decision.faults = faults;
    }

    ++m_dataRequests;
    for (const auto &[fault, every] : m_schedule) {
        if (m_dataRequests % every == 0)
            decision.faults |= fault;
    }

    if (draw(m_options.errorRate)) {
        static constexpr std::array<Fault, 3> errors{Fault500, Fault502, Fault503};
        decision.faults |= errors[m_random.bounded(3u)];
    }
    if (draw(m_options.random429Rate))
        decision.faults |= Fault429;

    int latency = m_options.latencyMs;
    for (const auto &[prefix, ms] : m_options.latencyForPath) {
        if (path.startsWith(prefix)) {
            latency = ms;
            break;
        }
    }
    latency = intParam(query, u"latency_ms"_s, latency, 0);
    const int jitter = intParam(query, u"jitter_ms"_s, m_options.jitterMs, 0);
    if (jitter > 0)
        latency += int(m_random.bounded(quint32(jitter) + 1));
    decision.latencyMs = latency;

    decision.trickleBytes = intParam(query, u"trickle_bytes"_s, decision.trickleBytes, 1);
    decision.trickleIntervalMs = intParam(query, u"trickle_ms"_s, decision.trickleIntervalMs, 0);
    decision.retryAfterSeconds = intParam(query, u"retry_after_s"_s, decision.retryAfterSeconds, 0);
    if (query.hasQueryItem(u"retry_after"_s))
        parseRetryAfterStyle(query.queryItemValue(u"retry_after"_s), decision.retryAfterStyle);
    return decision;
}

} // namespace Backfill::DemoApi
