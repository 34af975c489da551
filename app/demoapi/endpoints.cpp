#include "app/demoapi/endpoints.h"

#include "app/demoapi/dataset.h"
#include "app/demoapi/jsonwriter.h"
#include "app/demoapi/tokenstore.h"

#include <QDate>

#include <algorithm>
#include <numeric>
#include <vector>

namespace Backfill::DemoApi {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kDefaultTotal = 237;
constexpr qint64 kDefaultPageSize = 25;
constexpr qint64 kMaxPageSize = 100;

// Reads an integer query parameter; absent gives fallback. Returns false and fills
// error when the value is not a number within [minimum, maximum].
bool readInt(const Request &request, const QString &name, qint64 fallback, qint64 minimum, qint64 maximum, qint64 &out,
             Reply &error)
{
    // An empty value counts as absent: specs often send "starting_after=" on the first page.
    if (request.queryValue(name).isEmpty()) {
        out = fallback;
        return true;
    }
    bool ok = false;
    out = request.queryValue(name).toLongLong(&ok);
    if (ok && out >= minimum && out <= maximum)
        return true;
    error = Endpoints::error(
        400, "invalid_parameter",
        (name + u" must be an integer between "_s + QString::number(minimum) + u" and "_s + QString::number(maximum))
            .toUtf8());
    return false;
}

QByteArray isoDate(QDate date)
{
    return date.toString(Qt::ISODate).toLatin1();
}

} // namespace

Endpoints::Endpoints(const Dataset &data, TokenStore &cursors, const Options &options)
    : m_data(data)
    , m_cursors(cursors)
    , m_options(options)
{}

std::optional<Endpoints::Route> Endpoints::route(const QString &path)
{
    if (path.startsWith(u"/events/daily/"))
        return Route{u"/events/daily/{date}"_s, Auth::Bearer};
    static const QList<Route> fixed{
        {u"/neo/rest/v1/feed"_s, Auth::ApiKey}, {u"/sales/summary"_s, Auth::ApiKey}, {u"/orders"_s, Auth::Bearer},
        {u"/paged/page"_s, Auth::None},         {u"/paged/offset"_s, Auth::None},    {u"/paged/cursor"_s, Auth::None},
        {u"/paged/next-url"_s, Auth::None},     {u"/paged/link"_s, Auth::None},      {u"/paged/has-more"_s, Auth::None},
        {u"/bulk/records"_s, Auth::None},
    };
    for (const Route &r : fixed) {
        if (r.name == path)
            return r;
    }
    return std::nullopt;
}

Reply Endpoints::error(int status, QByteArrayView code, QByteArrayView message)
{
    JsonWriter w;
    w.beginObject();
    w.key("error");
    w.beginObject();
    w.field("status", status);
    w.field("code", code);
    w.field("message", message);
    w.endObject();
    w.endObject();
    return Reply::json(status, w.take());
}

Reply Endpoints::handle(const Route &route, const Request &request, const FaultDecision &faults, qint64 nowMs)
{
    const QString &name = route.name;
    if (name == u"/bulk/records")
        return bulk(request);
    if (name == u"/events/daily/{date}")
        return events(request);
    if (name == u"/sales/summary")
        return sales(request);
    if (name == u"/orders")
        return orders(request);
    if (name == u"/neo/rest/v1/feed")
        return neoFeed(request);
    if (name == u"/paged/page")
        return pageNumber(request, faults);
    if (name == u"/paged/offset")
        return offsetLimit(request, faults);
    if (name == u"/paged/cursor")
        return cursor(request, faults, nowMs);
    if (name == u"/paged/next-url")
        return nextUrl(request, faults);
    if (name == u"/paged/link")
        return linkHeader(request, faults);
    if (name == u"/paged/has-more")
        return hasMore(request, faults);
    return error(404, "not_found", "no such endpoint");
}

Reply Endpoints::events(const Request &request) const
{
    const QString text = request.path.mid(qsizetype(sizeof("/events/daily/") - 1));
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return error(400, "invalid_date", "the date must be YYYY-MM-DD");
    // Withdrawn records leave a gap at the start, so the indexes served need not start at 0;
    // meta.count is what is written.
    const int first = m_data.firstEventIndex(date);
    const int count = m_data.eventCount(date);
    JsonWriter w(count * 400 + 128);
    w.beginObject();
    w.key("data");
    w.beginObject();
    w.field("date", isoDate(date));
    w.key("events");
    w.beginArray();
    for (int i = first; i < first + count; ++i)
        m_data.writeEvent(w, date, i);
    w.endArray();
    w.endObject();
    w.key("meta");
    w.beginObject();
    w.field("count", count);
    w.endObject();
    w.endObject();
    return Reply::json(200, w.take());
}

Reply Endpoints::sales(const Request &request) const
{
    const QDate month = QDate::fromString(request.queryValue(u"month"_s) + u"-01"_s, Qt::ISODate);
    if (!month.isValid() || request.queryValue(u"month"_s).size() != 7)
        return error(400, "invalid_month", "month must be YYYY-MM");
    const int count = m_data.saleCount(month.year(), month.month());
    JsonWriter w(count * 400 + 128);
    w.beginObject();
    w.field("month", request.queryValue(u"month"_s).toLatin1());
    w.field("count", count);
    w.key("sales");
    w.beginArray();
    for (int i = 0; i < count; ++i)
        m_data.writeSale(w, month.year(), month.month(), i);
    w.endArray();
    w.endObject();
    return Reply::json(200, w.take());
}

Reply Endpoints::orders(const Request &request) const
{
    Reply failure;
    qint64 idMin = 0;
    qint64 idMax = 0;
    if (request.queryValue(u"id_min"_s).isEmpty() || request.queryValue(u"id_max"_s).isEmpty())
        return error(400, "missing_parameter", "id_min and id_max are required");
    if (!readInt(request, u"id_min"_s, 0, 0, 1'000'000'000, idMin, failure) ||
        !readInt(request, u"id_max"_s, 0, 0, 1'000'000'000, idMax, failure))
        return failure;
    if (idMax < idMin)
        return error(400, "invalid_range", "id_max must not be less than id_min");
    if (idMax - idMin >= 100'000)
        return error(400, "range_too_large", "at most 100000 ids per request");
    JsonWriter w((idMax - idMin + 1) * 120 + 128);
    w.beginObject();
    w.field("id_min", std::int64_t(idMin));
    w.field("id_max", std::int64_t(idMax));
    w.key("orders");
    w.beginArray();
    int count = 0;
    for (qint64 id = idMin; id <= idMax; ++id) {
        if (m_data.orderExists(id)) {
            m_data.writeOrder(w, id);
            ++count;
        }
    }
    w.endArray();
    w.field("count", count);
    w.endObject();
    return Reply::json(200, w.take());
}

Reply Endpoints::neoFeed(const Request &request) const
{
    const QDate start = QDate::fromString(request.queryValue(u"start_date"_s), Qt::ISODate);
    const QDate end = request.query.hasQueryItem(u"end_date"_s)
                          ? QDate::fromString(request.queryValue(u"end_date"_s), Qt::ISODate)
                          : start.addDays(7);
    if (!start.isValid() || !end.isValid() || end < start || start.daysTo(end) > 7) {
        // NASA's own wording and shape for this error.
        JsonWriter w;
        w.beginObject();
        w.field("code", 400);
        w.field("http_error", "BAD_REQUEST");
        w.field("error_message", "Date Format Exception - Expected format (yyyy-mm-dd) - The Feed date limit is only "
                                 "7 Days");
        w.field("request", m_baseUrl + request.pathAndQuery.toUtf8());
        w.endObject();
        return Reply::json(400, w.take());
    }
    const qint64 span = start.daysTo(end);
    const auto feedUrl = [&](QDate from, QDate to) -> QByteArray {
        return m_baseUrl + "/neo/rest/v1/feed?start_date=" + isoDate(from) + "&end_date=" + isoDate(to) +
               "&api_key=" + request.queryValue(u"api_key"_s).toUtf8().toPercentEncoding();
    };
    int total = 0;
    for (QDate d = start; d <= end; d = d.addDays(1))
        total += m_data.neoCount(d);
    JsonWriter w(total * 700 + 512);
    w.beginObject();
    w.key("links");
    w.beginObject();
    w.field("next", feedUrl(end.addDays(1), end.addDays(1 + span)));
    w.field("previous", feedUrl(start.addDays(-1 - span), start.addDays(-1)));
    w.field("self", feedUrl(start, end));
    w.endObject();
    w.field("element_count", total);
    w.key("near_earth_objects");
    w.beginObject();
    for (QDate d = start; d <= end; d = d.addDays(1)) {
        w.key(isoDate(d));
        w.beginArray();
        const int count = m_data.neoCount(d);
        for (int i = 0; i < count; ++i)
            m_data.writeNeo(w, d, i);
        w.endArray();
    }
    w.endObject();
    w.endObject();
    return Reply::json(200, w.take());
}

bool Endpoints::readCollection(const Request &request, const QString &sizeName, qint64 &total, qint64 &size,
                               Reply &error) const
{
    return readInt(request, u"total"_s, kDefaultTotal, 0, 1'000'000, total, error) &&
           readInt(request, sizeName, kDefaultPageSize, 1, kMaxPageSize, size, error);
}

Endpoints::Page Endpoints::slice(qint64 start, qint64 size, qint64 total, const FaultDecision &faults) const
{
    Page page;
    page.total = total;
    page.start = qBound<qint64>(0, start, total);
    page.count = qMin(size, total - page.start);
    page.end = page.start + page.count;
    if (faults.has(FaultDuplicate) && page.start > 0 && page.count > 0) {
        // The last record of the previous page comes again at the top of this one.
        --page.start;
        ++page.count;
    }
    if (faults.has(FaultEmptyPage))
        page.count = 0;
    return page;
}

qint64 Endpoints::shuffledPage(qint64 page, qint64 pages, const FaultDecision &faults) const
{
    if (!faults.has(FaultShuffle) || page < 1 || page > pages || pages > 100'000)
        return page;
    // The same permutation for every request of this seed, so all pages are still served once.
    std::vector<qint64> order(static_cast<std::size_t>(pages));
    std::iota(order.begin(), order.end(), 1);
    std::sort(order.begin(), order.end(), [&](qint64 a, qint64 b) {
        return Dataset::hash(m_options.seed, quint64(a), 0x5f) < Dataset::hash(m_options.seed, quint64(b), 0x5f);
    });
    return order[std::size_t(page - 1)];
}

void Endpoints::writeItems(JsonWriter &w, const Page &page) const
{
    w.beginArray();
    for (qint64 i = page.start; i < page.start + page.count; ++i)
        m_data.writeItem(w, i + 1);
    w.endArray();
}

QByteArray Endpoints::urlWith(const Request &request, const QString &name, qint64 value) const
{
    QUrlQuery query = request.query;
    query.removeAllQueryItems(name);
    query.addQueryItem(name, QString::number(value));
    return m_baseUrl + request.path.toUtf8() + '?' + query.toString(QUrl::FullyEncoded).toUtf8();
}

Reply Endpoints::pageNumber(const Request &request, const FaultDecision &faults) const
{
    Reply failure;
    qint64 total = 0;
    qint64 size = 0;
    qint64 pageNumber = 0;
    if (!readCollection(request, u"per_page"_s, total, size, failure) ||
        !readInt(request, u"page"_s, 1, 1, 1'000'000'000, pageNumber, failure))
        return failure;
    const qint64 pages = (total + size - 1) / size;
    const qint64 served = shuffledPage(pageNumber, pages, faults);
    const Page page = slice((served - 1) * size, size, total, faults);
    JsonWriter w(page.count * 300 + 128);
    w.beginObject();
    w.key("data");
    writeItems(w, page);
    w.field("page", std::int64_t(pageNumber));
    w.field("per_page", std::int64_t(size));
    w.field("total", std::int64_t(total));
    w.field("total_pages", std::int64_t(pages));
    w.endObject();
    return Reply::json(200, w.take());
}

Reply Endpoints::offsetLimit(const Request &request, const FaultDecision &faults) const
{
    Reply failure;
    qint64 total = 0;
    qint64 size = 0;
    qint64 offset = 0;
    if (!readCollection(request, u"limit"_s, total, size, failure) ||
        !readInt(request, u"offset"_s, 0, 0, 1'000'000'000, offset, failure))
        return failure;
    qint64 start = offset;
    if (offset % size == 0) {
        const qint64 pages = (total + size - 1) / size;
        start = (shuffledPage(offset / size + 1, pages, faults) - 1) * size;
    }
    const Page page = slice(start, size, total, faults);
    JsonWriter w(page.count * 300 + 128);
    w.beginObject();
    w.key("data");
    writeItems(w, page);
    w.field("offset", std::int64_t(offset));
    w.field("limit", std::int64_t(size));
    w.field("total", std::int64_t(total));
    w.endObject();
    return Reply::json(200, w.take());
}

Reply Endpoints::cursor(const Request &request, const FaultDecision &faults, qint64 nowMs)
{
    Reply failure;
    qint64 total = 0;
    qint64 size = 0;
    qint64 ttl = 0;
    if (!readCollection(request, u"limit"_s, total, size, failure) ||
        !readInt(request, u"cursor_ttl_ms"_s, m_options.cursorTtlMs, 0, 86'400'000, ttl, failure))
        return failure;
    qint64 start = 0;
    const QByteArray token = request.queryValue(u"cursor"_s).toUtf8();
    if (!token.isEmpty() && faults.has(FaultExpire))
        return error(400, "cursor_expired", "cursor expired");
    if (!token.isEmpty()) {
        switch (m_cursors.check(token, nowMs, &start)) {
        case TokenStore::Check::Valid:
            break;
        case TokenStore::Check::Expired:
            return error(400, "cursor_expired", "cursor expired");
        case TokenStore::Check::Unknown:
            return error(400, "invalid_cursor", "invalid cursor");
        }
    }
    const Page page = slice(start, size, total, faults);
    JsonWriter w(page.count * 300 + 128);
    w.beginObject();
    w.key("data");
    writeItems(w, page);
    w.key("next_cursor");
    if (page.end < total)
        w.value(m_cursors.issue(page.end, nowMs, ttl));
    else
        w.null();
    w.endObject();
    return Reply::json(200, w.take());
}

Reply Endpoints::nextUrl(const Request &request, const FaultDecision &faults) const
{
    Reply failure;
    qint64 total = 0;
    qint64 size = 0;
    qint64 after = 0;
    if (!readCollection(request, u"limit"_s, total, size, failure) ||
        !readInt(request, u"after"_s, 0, 0, 1'000'000'000, after, failure))
        return failure;
    const Page page = slice(after, size, total, faults);
    JsonWriter w(page.count * 300 + 256);
    w.beginObject();
    w.key("data");
    writeItems(w, page);
    w.key("next");
    if (page.end < total)
        w.value(urlWith(request, u"after"_s, page.end));
    else
        w.null();
    w.endObject();
    return Reply::json(200, w.take());
}

Reply Endpoints::linkHeader(const Request &request, const FaultDecision &faults) const
{
    Reply failure;
    qint64 total = 0;
    qint64 size = 0;
    qint64 pageNumber = 0;
    if (!readCollection(request, u"per_page"_s, total, size, failure) ||
        !readInt(request, u"page"_s, 1, 1, 1'000'000'000, pageNumber, failure))
        return failure;
    const qint64 pages = (total + size - 1) / size;
    const Page page = slice((shuffledPage(pageNumber, pages, faults) - 1) * size, size, total, faults);
    JsonWriter w(page.count * 300 + 16);
    writeItems(w, page);
    Reply reply;
    reply.body = w.take();
    // GitHub style: rel="next" only while there is a next page, rel="last" always.
    QByteArray link;
    if (pageNumber < pages)
        link += '<' + urlWith(request, u"page"_s, pageNumber + 1) + ">; rel=\"next\", ";
    link += '<' + urlWith(request, u"page"_s, qMax<qint64>(pages, 1)) + ">; rel=\"last\"";
    reply.addHeader("Link", link);
    reply.addHeader("X-Total-Count", QByteArray::number(total));
    return reply;
}

Reply Endpoints::hasMore(const Request &request, const FaultDecision &faults) const
{
    Reply failure;
    qint64 total = 0;
    qint64 size = 0;
    qint64 startingAfter = 0;
    if (!readCollection(request, u"limit"_s, total, size, failure) ||
        !readInt(request, u"starting_after"_s, 0, 0, 1'000'000'000, startingAfter, failure))
        return failure;
    if (!request.queryValue(u"starting_after"_s).isEmpty() && (startingAfter < 1 || startingAfter > total))
        return error(400, "resource_missing", QByteArray("No such object: " + QByteArray::number(startingAfter)));
    // Ids are 1-based and dense, so the record after id N is at index N.
    const Page page = slice(startingAfter, size, total, faults);
    JsonWriter w(page.count * 300 + 128);
    w.beginObject();
    w.field("object", "list");
    w.field("url", "/paged/has-more");
    w.field("has_more", page.end < total);
    w.key("data");
    writeItems(w, page);
    w.endObject();
    return Reply::json(200, w.take());
}

Reply Endpoints::bulk(const Request &request) const
{
    Reply failure;
    qint64 page = 0;
    qint64 size = 0;
    qint64 records = 0;
    qint64 base = 1;
    // page_base=0 serves clients that count pages from 0, as a hand-written loop often does.
    if (!readInt(request, u"page_base"_s, 1, 0, 1, base, failure) ||
        !readInt(request, u"page"_s, base, base, 1'000'000'000, page, failure) ||
        !readInt(request, u"size"_s, 500, 1, 10'000, size, failure) ||
        !readInt(request, u"records"_s, 2500, 0, 100'000'000, records, failure))
        return failure;
    const QString partitionText = request.queryValue(u"partition"_s);
    if (partitionText.isEmpty())
        return error(400, "missing_parameter", "partition is required");
    bool numeric = false;
    qint64 partition = partitionText.toLongLong(&numeric);
    if (!numeric || partition < 0 || partition > 100'000'000)
        partition = qint64(Dataset::hash(m_options.seed, qHash(partitionText)) % 1'000'000);
    const bool object = request.queryValue(u"format"_s) == u"object";

    page += 1 - base;
    const qint64 first = qMin(records, (page - 1) * size);
    const qint64 count = qMin(size, records - first);
    const qint64 pages = (records + size - 1) / size;
    JsonWriter w(count * 350 + 160);
    if (object) {
        w.beginObject();
        w.key("data");
    }
    w.beginArray();
    for (qint64 i = first; i < first + count; ++i)
        m_data.writeBulkRecord(w, partition, i);
    w.endArray();
    if (object) {
        w.field("partition", std::int64_t(partition));
        w.field("page", std::int64_t(page));
        w.field("total_pages", std::int64_t(pages));
        w.field("has_more", page < pages);
        w.endObject();
    }
    Reply reply;
    reply.body = w.take();
    reply.addHeader("X-Total-Pages", QByteArray::number(pages));
    return reply;
}

} // namespace Backfill::DemoApi
