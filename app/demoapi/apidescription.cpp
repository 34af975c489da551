#include "app/demoapi/apidescription.h"

#include "app/demoapi/faultplan.h"
#include "app/demoapi/jsonwriter.h"

namespace Backfill::DemoApi {

namespace {

struct EndpointDoc
{
    const char *path;
    const char *auth;
    const char *parameters;
    const char *description;
};

constexpr EndpointDoc kEndpoints[] = {
    {"/events/daily/{date}", "bearer", "date in the path (YYYY-MM-DD)",
     "Daily events at data.events[], key event_id, and meta.count; 20-80 a day, none on about one day in 30. "
     "--thin-days serves the first tenth of a day's records (at least 1), --empty-days none."},
    {"/sales/summary", "api_key", "month=YYYY-MM", "Monthly sales at sales[], key sale_id; 30-60 a month."},
    {"/orders", "bearer", "id_min, id_max (at most 100000 ids)",
     "Orders at orders[], key order_id; about 30% of ids exist."},
    {"/neo/rest/v1/feed", "api_key", "start_date, end_date (at most 7 days apart), api_key",
     "NASA NeoWs-like feed: near_earth_objects grouped by date, links.next/previous/self."},
    {"/paged/page", "none", "page (from 1), per_page (1-100, default 25), total (default 237)",
     "Page number: {data, page, per_page, total, total_pages}."},
    {"/paged/offset", "none", "offset (from 0), limit (1-100), total",
     "Offset and limit: {data, offset, limit, total}."},
    {"/paged/cursor", "none", "cursor, limit, total, cursor_ttl_ms",
     "Opaque cursor: {data, next_cursor} with next_cursor null at the end; an expired cursor answers 400 "
     "\"cursor expired\", an unknown one 400 \"invalid cursor\"."},
    {"/paged/next-url", "none", "after, limit, total", "Next URL in the body: {data, next} with next null at the end."},
    {"/paged/link", "none", "page, per_page, total",
     "A JSON array; RFC 8288 Link header with rel=\"next\" (absent on the last page) and rel=\"last\"; "
     "X-Total-Count."},
    {"/paged/has-more", "none", "starting_after (an id), limit, total",
     "Stripe-like: {object: \"list\", data, has_more}; pass the last id as starting_after."},
    {"/bulk/records", "none",
     "partition, page (from 1, or from 0 with page_base=0), size (1-10000, default 500), records (per partition, "
     "default 2500), format=array|object",
     "Benchmark records of about 300 bytes: a JSON array, or {data, partition, page, total_pages, has_more} with "
     "format=object; X-Total-Pages header."},
    {"/oauth/token", "client credentials",
     "POST form: grant_type=client_credentials, client_id, client_secret "
     "(or HTTP Basic); query ttl_ms for tests",
     "OAuth2 client-credentials token endpoint: {access_token, token_type, expires_in}; tokens work wherever a "
     "bearer token does and answer 401 token_expired once expired."},
    {"/", "none", "", "This description."},
    {"/_stats", "none", "",
     "Requests per route and status, max_requests_per_second (1-second sliding window), in_flight, "
     "peak_in_flight, connections, peak_connections, generation. Admin routes are not counted."},
    {"/_reset", "none", "POST", "Clears the statistics, the fault_times counters and the rate limit windows."},
    {"/_advance", "none", "POST",
     "Increments the generation: with --mutate-history N, records of the last N days up to --today change "
     "(updated_at moves, values change, a few late records appear) and the first event of each such day "
     "(evt_YYYYMMDD_0001) is withdrawn."},
};

struct FaultDoc
{
    const char *name;
    const char *description;
};

constexpr FaultDoc kFaults[] = {
    {"500", "500 with a JSON error body"},
    {"502", "502 with an HTML body, as from a proxy"},
    {"503", "503 with Retry-After: 1"},
    {"504", "504 with an HTML body, as from a proxy that gave up waiting"},
    {"429", "429 with Retry-After (see retry_after) or RateLimit-Reset"},
    {"close", "Content-Length of the whole body, connection closed after half of it"},
    {"close_chunked", "a chunked body, connection closed after half of it, before the last chunk"},
    {"reset", "the connection closes before any answer"},
    {"expire", "/paged/cursor: a request with a cursor answers 400 cursor_expired, as when it timed out"},
    {"truncate", "complete HTTP answer, JSON cut in half"},
    {"invalid", "complete HTTP answer, malformed JSON"},
    {"html", "an HTML error page with status 200"},
    {"empty", "status 200 with an empty body"},
    {"empty_page", "a valid page without records; pagination continues"},
    {"duplicate", "each page repeats the last record of the previous page"},
    {"shuffle", "page numbers (page, offset, link styles) serve the pages in a shuffled order"},
    {"hang", "never answers (for client timeouts)"},
    {"slow", "the body trickles: trickle_bytes every trickle_ms"},
};

// The days as an array of "yyyy-mm-dd" strings.
void writeDays(JsonWriter &w, const QList<QDate> &days)
{
    w.beginArray();
    for (const QDate &day : days)
        w.value(day.toString(Qt::ISODate).toLatin1());
    w.endArray();
}

} // namespace

QByteArray describeApi(const Options &options, const QByteArray &baseUrl, int generation)
{
    JsonWriter w;
    w.beginObject();
    w.field("name", "backfill-demo-api");
    w.field("base_url", baseUrl);
    w.field("seed", std::int64_t(options.seed));
    w.field("generation", generation);
    w.key("endpoints");
    w.beginArray();
    for (const EndpointDoc &e : kEndpoints) {
        w.beginObject();
        w.field("path", QByteArrayView(e.path));
        w.field("auth", QByteArrayView(e.auth));
        w.field("parameters", QByteArrayView(e.parameters));
        w.field("description", QByteArrayView(e.description));
        w.endObject();
    }
    w.endArray();
    w.key("auth");
    w.beginObject();
    w.field("enabled", options.authEnabled);
    w.field("bearer", "Authorization: Bearer <--bearer-token, default demo-token> or an OAuth2 access token");
    w.field("api_key", "X-API-Key header or api_key query parameter (--api-key, default demo-key)");
    w.field("oauth2", "POST /oauth/token with --client-id/--client-secret (default demo-client/demo-secret)");
    w.endObject();
    w.key("faults");
    w.beginObject();
    w.field("usage", "Query parameters of any data request: fault=<kind>[,<kind>...]; fault_times=N applies the "
                     "faults to the first N requests of that exact URL (path and query), later ones succeed, or "
                     "of those carrying the same fault_key=NAME; "
                     "fault_rate=R applies them to a random fraction R (seeded); without either they always "
                     "apply. latency_ms, jitter_ms: delay of the answer. trickle_bytes, trickle_ms: pace of "
                     "'slow'. retry_after=seconds|date|zero|reset and retry_after_s=N: the 429 style. The "
                     "command line sets the same for every request: --fault, --fault-times, --fault-rate, "
                     "--latency, --jitter, --latency-for, --error-rate, --random-429, --retry-after; "
                     "--fault-every kind:N[,kind:N...] puts a fault on every Nth data request, counted across "
                     "routes from the start or the last POST /_reset.");
    w.key("kinds");
    w.beginObject();
    for (const FaultDoc &f : kFaults)
        w.field(QByteArrayView(f.name), QByteArrayView(f.description));
    w.endObject();
    w.endObject();
    w.key("options");
    w.beginObject();
    w.field("rate_limit_per_second", options.rateLimit);
    w.field("latency_ms", options.latencyMs);
    w.field("jitter_ms", options.jitterMs);
    w.field("error_rate", options.errorRate, 3);
    w.field("random_429_rate", options.random429Rate, 3);
    w.field("fault", options.fault.toUtf8());
    w.field("fault_every", options.faultEvery.toUtf8());
    w.field("cursor_ttl_ms", options.cursorTtlMs);
    w.field("token_ttl_s", options.tokenTtlSeconds);
    w.field("mutate_history_days", options.mutateHistoryDays);
    w.field("advance_every_s", options.advanceEverySeconds);
    w.key("thin_days");
    writeDays(w, options.thinDays);
    w.key("empty_days");
    writeDays(w, options.emptyDays);
    w.endObject();
    w.endObject();
    return w.take();
}

} // namespace Backfill::DemoApi
