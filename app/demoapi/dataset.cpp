#include "app/demoapi/dataset.h"

#include "app/demoapi/jsonwriter.h"

#include <QDateTime>
#include <QTimeZone>

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace Backfill::DemoApi {

namespace {

constexpr std::array<const char *, 6> kEventTypes{"page_view", "click", "signup", "purchase", "search", "logout"};
constexpr std::array<const char *, 8> kCountries{"DE", "FR", "US", "JP", "BR", "IN", "GB", "NG"};
constexpr std::array<const char *, 4> kOs{"android", "ios", "windows", "linux"};
constexpr std::array<const char *, 6> kTags{"promo", "new", "returning", "mobile", "beta", "vip"};
constexpr std::array<const char *, 5> kCategories{"tools", "garden", "kitchen", "toys", "books"};
constexpr std::array<const char *, 3> kChannels{"web", "store", "partner"};
constexpr std::array<const char *, 4> kOrderStatus{"pending", "paid", "shipped", "delivered"};
constexpr std::array<const char *, 5> kColors{"red", "green", "blue", "black", "white"};
constexpr std::array<const char *, 4> kRegions{"eu-west-1", "us-east-1", "ap-south-1", "sa-east-1"};
constexpr std::array<const char *, 3> kTiers{"bronze", "silver", "gold"};

template <std::size_t N> QByteArrayView pick(const std::array<const char *, N> &values, quint64 h)
{
    return QByteArrayView(values[h % N]);
}

// A number with two decimals in [0, max).
double money(quint64 h, int max)
{
    return double(h % quint64(max * 100)) / 100.0;
}

QByteArray dateKey(QDate date)
{
    return date.toString(Qt::ISODate).toLatin1();
}

} // namespace

quint64 Dataset::hash(quint64 a, quint64 b, quint64 c)
{
    // splitmix64 over the three inputs: cheap, well mixed and stable across platforms.
    quint64 x = a * 0x9e3779b97f4a7c15ull ^ (b + 0x632be59bd9b4e019ull) * 0xbf58476d1ce4e5b9ull ^ c;
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

qint64 Dataset::epochSeconds(QDate date)
{
    return (date.toJulianDay() - 2440588) * 86400;
}

Dataset::Dataset(quint64 seed, int mutateHistoryDays, QDate today, const QList<QDate> &thinDays,
                 const QList<QDate> &emptyDays)
    : m_seed(seed)
    , m_mutateHistoryDays(mutateHistoryDays)
    , m_today(today.isValid() ? today : QDateTime::currentDateTimeUtc().date())
    , m_thinDays(thinDays.begin(), thinDays.end())
    , m_emptyDays(emptyDays.begin(), emptyDays.end())
{}

int Dataset::versionOf(QDate date) const
{
    if (m_mutateHistoryDays <= 0 || m_generation == 0)
        return 0;
    if (date > m_today || date <= m_today.addDays(-m_mutateHistoryDays))
        return 0;
    return m_generation;
}

int Dataset::generatedEventCount(QDate date) const
{
    const quint64 h = hash(m_seed, 0xe7e7, quint64(date.toJulianDay()));
    if (h % 30 == 0)
        return 0;
    // Late arrivals: a mutating day gains a few records with each generation.
    return 20 + int(h / 30 % 61) + qMin(versionOf(date), 5);
}

int Dataset::firstEventIndex(QDate date) const
{
    // A record deleted at the source: a re-pull of a mutating day no longer sees its first
    // one. Only the first goes, so that the other event ids stay the same.
    return versionOf(date) > 0 && generatedEventCount(date) > 0 ? 1 : 0;
}

int Dataset::eventCount(QDate date) const
{
    if (m_emptyDays.contains(date))
        return 0;
    const int served = generatedEventCount(date) - firstEventIndex(date);
    // A partial load as a completeness check should catch it: the same first records, too few of them.
    if (served > 0 && m_thinDays.contains(date))
        return qMax(1, served / 10);
    return served;
}

void Dataset::writeEvent(JsonWriter &w, QDate date, int index) const
{
    const quint64 h = hash(m_seed, quint64(date.toJulianDay()) << 16 | quint64(index), 0xe1);
    const int version = versionOf(date);
    const qint64 created = epochSeconds(date) + qint64(h % 86400);
    char id[32];
    const int idLength =
        std::snprintf(id, sizeof id, "evt_%04d%02d%02d_%04d", date.year(), date.month(), date.day(), index + 1);
    w.beginObject();
    w.field("event_id", QByteArrayView(id, idLength));
    w.field("date", dateKey(date));
    w.key("created_at");
    w.timestamp(created);
    w.key("updated_at");
    w.timestamp(created + version * 3600 + (version ? qint64(h >> 20) % 600 : 0));
    w.field("type", pick(kEventTypes, h >> 8));
    w.field("user_id", std::int64_t(h >> 12) % 100000);
    w.field("duration_ms", std::int64_t(h >> 24) % 60000);
    w.field("value", money(h >> 32, 500) + version * 0.5, 2);
    w.field("country", pick(kCountries, h >> 40));
    w.key("device");
    w.beginObject();
    w.field("os", pick(kOs, h >> 44));
    w.field("version", std::int64_t(h >> 48) % 20);
    w.field("mobile", ((h >> 52) & 1) != 0);
    w.endObject();
    w.key("tags");
    w.beginArray();
    for (int t = 0; t < int(h >> 56) % 3 + 1; ++t)
        w.value(pick(kTags, (h >> 56) + quint64(t)));
    w.endArray();
    w.field("revision", version);
    w.endObject();
}

int Dataset::saleCount(int year, int month) const
{
    return 30 + int(hash(m_seed, 0x5a1e, quint64(year * 12 + month)) % 31);
}

void Dataset::writeSale(JsonWriter &w, int year, int month, int index) const
{
    const quint64 h = hash(m_seed, quint64(year * 12 + month) << 16 | quint64(index), 0x5a);
    const QDate first(year, month, 1);
    const int version = versionOf(first.addMonths(1).addDays(-1));
    const qint64 created = epochSeconds(first) + qint64(h % quint64(first.daysInMonth() * 86400));
    const int quantity = 1 + int(h >> 16) % 9;
    const double unitPrice = 1.0 + money(h >> 24, 200);
    char month_[8];
    std::snprintf(month_, sizeof month_, "%04d-%02d", year, month);
    char sku[16];
    const int skuLength = std::snprintf(sku, sizeof sku, "SKU-%04d", int(h >> 8) % 5000);
    w.beginObject();
    w.field("sale_id", std::int64_t(year * 100 + month) * 1000 + index + 1);
    w.field("month", QByteArrayView(month_, 7));
    w.key("created_at");
    w.timestamp(created);
    w.key("updated_at");
    w.timestamp(created + version * 3600);
    w.key("product");
    w.beginObject();
    w.field("sku", QByteArrayView(sku, skuLength));
    w.field("category", pick(kCategories, h >> 36));
    w.endObject();
    w.field("quantity", quantity + version);
    w.field("unit_price", unitPrice, 2);
    w.field("total", unitPrice * (quantity + version), 2);
    w.field("currency", "EUR");
    w.field("channel", pick(kChannels, h >> 40));
    w.key("discounts");
    w.beginArray();
    if ((h >> 44) % 3 == 0) {
        w.beginObject();
        w.field("code", "SPRING");
        w.field("amount", money(h >> 46, 10), 2);
        w.endObject();
    }
    w.endArray();
    w.endObject();
}

bool Dataset::orderExists(qint64 id) const
{
    return id > 0 && hash(m_seed, 0x0de5, quint64(id)) % 10 < 3;
}

void Dataset::writeOrder(JsonWriter &w, qint64 id) const
{
    const quint64 h = hash(m_seed, quint64(id), 0x0d);
    // Orders are placed in id order, about one every ten minutes from 2023-01-01.
    const qint64 created = 1672531200 + id * 600 + qint64(h % 600);
    const int items = 1 + int(h >> 8) % 3;
    w.beginObject();
    w.field("order_id", std::int64_t(id));
    w.key("created_at");
    w.timestamp(created);
    w.key("updated_at");
    w.timestamp(created + qint64(h >> 12) % 172800);
    w.field("status", pick(kOrderStatus, h >> 20));
    w.key("customer");
    w.beginObject();
    const std::int64_t customer = std::int64_t(h >> 24) % 20000 + 1;
    w.field("id", customer);
    w.field("email", QByteArray("customer") + QByteArray::number(customer) + QByteArray("@example.com"));
    w.field("tier", pick(kTiers, h >> 40));
    w.endObject();
    w.key("items");
    w.beginArray();
    double total = 0;
    for (int i = 0; i < items; ++i) {
        const quint64 hi = hash(h, quint64(i));
        const double price = 1.0 + money(hi, 100);
        const int qty = 1 + int(hi >> 20) % 4;
        total += price * qty;
        w.beginObject();
        w.field("sku", QByteArray("SKU-") + QByteArray::number(int(hi >> 8) % 5000));
        w.field("qty", qty);
        w.field("price", price, 2);
        w.endObject();
    }
    w.endArray();
    w.field("item_count", items);
    w.field("total", total, 2);
    w.field("currency", "USD");
    w.endObject();
}

int Dataset::neoCount(QDate date) const
{
    return 3 + int(hash(m_seed, 0x0e0, quint64(date.toJulianDay())) % 10) + qMin(versionOf(date), 2);
}

void Dataset::writeNeo(JsonWriter &w, QDate date, int index) const
{
    const quint64 h = hash(m_seed, quint64(date.toJulianDay()) << 8 | quint64(index), 0x0e);
    const int version = versionOf(date);
    const QByteArray id = QByteArray::number(2000000 + qint64(h % 1000000) * 4 + (index % 4));
    const double diameterMin = 0.01 + money(h >> 20, 3);
    const qint64 approach = epochSeconds(date) + qint64(h >> 8) % 86400;
    w.beginObject();
    w.field("id", id);
    w.field("neo_reference_id", id);
    w.field("name", QByteArray("(") + QByteArray::number(1990 + int(h >> 24) % 35) + " " + QByteArray("AB") +
                        QByteArray::number(int(h >> 30) % 99) + QByteArray(")"));
    w.field("nasa_jpl_url", QByteArray("https://ssd.jpl.nasa.gov/tools/sbdb_lookup.html#/?sstr=") + id);
    w.field("absolute_magnitude_h", 15.0 + money(h >> 36, 15), 2);
    w.key("estimated_diameter");
    w.beginObject();
    w.key("kilometers");
    w.beginObject();
    w.field("estimated_diameter_min", diameterMin, 6);
    w.field("estimated_diameter_max", diameterMin * 2.236, 6);
    w.endObject();
    w.endObject();
    w.field("is_potentially_hazardous_asteroid", (h >> 44) % 7 == 0);
    w.key("close_approach_data");
    w.beginArray();
    w.beginObject();
    w.field("close_approach_date", dateKey(date));
    w.field("epoch_date_close_approach", std::int64_t(approach) * 1000);
    w.key("relative_velocity");
    w.beginObject();
    w.field("kilometers_per_second", 2.0 + money(h >> 48, 30) + version * 0.01, 4);
    w.endObject();
    w.key("miss_distance");
    w.beginObject();
    w.field("kilometers", 100000.0 + double(h >> 30 & 0xffffff) * 3.0, 3);
    w.endObject();
    w.field("orbiting_body", "Earth");
    w.endObject();
    w.endArray();
    w.key("updated_at");
    w.timestamp(approach + version * 3600);
    w.endObject();
}

void Dataset::writeItem(JsonWriter &w, qint64 id) const
{
    const quint64 h = hash(m_seed, quint64(id), 0x17e);
    const qint64 created = 1704067200 + id * 3600;
    w.beginObject();
    w.field("id", std::int64_t(id));
    w.field("name", QByteArray("Item ") + QByteArray::number(id));
    w.key("created_at");
    w.timestamp(created);
    w.key("updated_at");
    w.timestamp(created + qint64(h % 86400));
    w.field("price", 1.0 + money(h >> 8, 300), 2);
    w.field("stock", std::int64_t(h >> 24) % 1000);
    w.field("category", pick(kCategories, h >> 34));
    w.key("attributes");
    w.beginObject();
    w.field("color", pick(kColors, h >> 38));
    w.field("weight_kg", money(h >> 42, 40), 2);
    w.endObject();
    w.key("tags");
    w.beginArray();
    w.value(pick(kTags, h >> 50));
    w.value(pick(kTags, (h >> 54) + 1));
    w.endArray();
    w.endObject();
}

namespace {

template <std::size_t N> char *literal(char *p, const char (&text)[N])
{
    std::memcpy(p, text, N - 1);
    return p + N - 1;
}

char *number(char *p, std::int64_t v)
{
    return std::to_chars(p, p + 20, v).ptr;
}

// A fixed-point number from an integer count of 1/10^decimals units.
char *fixed(char *p, std::int64_t units, int decimals, int scale)
{
    p = number(p, units / scale);
    *p++ = '.';
    for (int d = decimals - 1, v = int(units % scale); d >= 0; --d, v /= 10)
        p[d] = char('0' + v % 10);
    return p + decimals;
}

char *quoted(char *p, const char *text)
{
    *p++ = '"';
    const std::size_t n = std::strlen(text);
    std::memcpy(p, text, n);
    p += n;
    *p++ = '"';
    return p;
}

} // namespace

void Dataset::writeBulkRecord(JsonWriter &w, qint64 partition, qint64 seq) const
{
    // The hot path of the benchmarks: written straight into the buffer, no per-field calls.
    const quint64 h = hash(m_seed, quint64(partition), quint64(seq));
    const qint64 created = 1704067200 + partition * 86400 + seq * 7;
    char *const start = w.beginRaw(512);
    char *p = start;
    p = literal(p, "{\"id\":");
    p = number(p, partition * 10'000'000 + seq);
    p = literal(p, ",\"partition\":");
    p = number(p, partition);
    p = literal(p, ",\"seq\":");
    p = number(p, seq);
    p = literal(p, ",\"created_at\":\"");
    p = JsonWriter::formatTimestamp(p, created);
    p = literal(p, "\",\"updated_at\":\"");
    p = JsonWriter::formatTimestamp(p, created + qint64(h % 3600));
    p = literal(p, "\",\"amount\":");
    p = fixed(p, std::int64_t(h >> 8) % 1'000'000, 2, 100);
    p = literal(p, ",\"quantity\":");
    p = number(p, std::int64_t(h >> 24) % 100);
    p = literal(p, ",\"score\":");
    p = fixed(p, std::int64_t(h >> 32 & 0xffff) * 10000 / 65536, 4, 10000);
    p = literal(p, ",\"status\":");
    p = quoted(p, kOrderStatus[(h >> 48) % kOrderStatus.size()]);
    p = literal(p, ",\"name\":\"record-000000000000\"");
    for (qint64 v = seq, i = -2; v > 0 && i >= -13; v /= 10, --i)
        p[i] = char('0' + v % 10);
    p = literal(p, ",\"customer\":{\"id\":");
    p = number(p, std::int64_t(h >> 40) % 100000);
    p = literal(p, ",\"region\":");
    p = quoted(p, kRegions[(h >> 52) % kRegions.size()]);
    p = literal(p, ",\"tier\":");
    p = quoted(p, kTiers[(h >> 56) % kTiers.size()]);
    p = literal(p, "},\"tags\":[");
    p = quoted(p, kTags[(h >> 58) % kTags.size()]);
    *p++ = ',';
    p = quoted(p, kColors[(h >> 60) % kColors.size()]);
    p = literal(p, "],\"note\":\"generated by backfill-demo-api for benchmarks\"}");
    Q_ASSERT(p - start <= 512);
    w.endRaw(p);
}

} // namespace Backfill::DemoApi
