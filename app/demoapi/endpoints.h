#pragma once

#include "app/demoapi/faultplan.h"
#include "app/demoapi/reply.h"
#include "app/demoapi/request.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Backfill::DemoApi {

class Dataset;
class JsonWriter;
class TokenStore;

// The data endpoints of the demo API: the three endpoints of the Sling backfill examples,
// a NASA NeoWs-like feed, one collection behind each common pagination style, and the
// bulk endpoint for benchmarks. Each turns a request into a complete Reply; the server
// around it does authentication, rate limits, faults of delivery and statistics.
class Endpoints final
{
public:
    enum class Auth { None, Bearer, ApiKey };
    struct Route
    {
        QString name; // the path pattern, e.g. "/events/daily/{date}"
        Auth auth = Auth::None;
    };

    Endpoints(const Dataset &data, TokenStore &cursors, const Options &options);

    void setBaseUrl(const QByteArray &baseUrl) { m_baseUrl = baseUrl; }
    static std::optional<Route> route(const QString &path);

    // Produces the answer; data-shaping faults (duplicate, shuffle, empty_page) are
    // applied here because only the endpoint knows its pages.
    Reply handle(const Route &route, const Request &request, const FaultDecision &faults, qint64 nowMs);

    static Reply error(int status, QByteArrayView code, QByteArrayView message);

private:
    struct Page
    {
        qint64 start = 0; // index of the first record written
        qint64 count = 0; // records written
        qint64 end = 0;   // index where the next page starts
        qint64 total = 0;
    };
    // Reads "total" and the size parameter, or fills error.
    bool readCollection(const Request &request, const QString &sizeName, qint64 &total, qint64 &size,
                        Reply &error) const;
    Page slice(qint64 start, qint64 size, qint64 total, const FaultDecision &faults) const;
    qint64 shuffledPage(qint64 page, qint64 pages, const FaultDecision &faults) const;
    void writeItems(JsonWriter &w, const Page &page) const;
    QByteArray urlWith(const Request &request, const QString &name, qint64 value) const;

    Reply events(const Request &request) const;
    Reply sales(const Request &request) const;
    Reply orders(const Request &request) const;
    Reply neoFeed(const Request &request) const;
    Reply pageNumber(const Request &request, const FaultDecision &faults) const;
    Reply offsetLimit(const Request &request, const FaultDecision &faults) const;
    Reply cursor(const Request &request, const FaultDecision &faults, qint64 nowMs);
    Reply nextUrl(const Request &request, const FaultDecision &faults) const;
    Reply linkHeader(const Request &request, const FaultDecision &faults) const;
    Reply hasMore(const Request &request, const FaultDecision &faults) const;
    Reply bulk(const Request &request) const;

    const Dataset &m_data;
    TokenStore &m_cursors;
    const Options &m_options;
    QByteArray m_baseUrl;
};

} // namespace Backfill::DemoApi
