#include "app/demoapi/jsonwriter.h"

#include <charconv>

namespace Backfill::DemoApi {

namespace {

// Howard Hinnant's civil_from_days: days since 1970-01-01 to year, month, day.
void civilFromDays(std::int64_t days, int &year, int &month, int &day)
{
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = int(doy - (153 * mp + 2) / 5 + 1);
    month = int(mp < 10 ? mp + 3 : mp - 9);
    year = int(std::int64_t(yoe) + era * 400 + (month <= 2 ? 1 : 0));
}

char *twoDigits(char *p, int v)
{
    *p++ = char('0' + v / 10);
    *p++ = char('0' + v % 10);
    return p;
}

} // namespace

JsonWriter::JsonWriter(qsizetype expectedSize)
{
    m_buffer.resize(qMax<qsizetype>(expectedSize, 64));
    m_data = m_buffer.data();
    m_capacity = m_buffer.size();
}

QByteArray JsonWriter::take()
{
    m_buffer.truncate(m_size);
    QByteArray out = std::move(m_buffer);
    m_buffer = QByteArray();
    m_data = nullptr;
    m_size = 0;
    m_capacity = 0;
    m_depth = 0;
    m_afterKey = false;
    return out;
}

void JsonWriter::reserveMore(qsizetype n)
{
    m_buffer.resize(qMax(m_capacity * 2, m_size + n + 256));
    m_data = m_buffer.data();
    m_capacity = m_buffer.size();
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_depth > 0) {
        if (!m_first[m_depth - 1])
            put(',');
        m_first[m_depth - 1] = false;
    }
}

void JsonWriter::beginObject()
{
    separate();
    put('{');
    Q_ASSERT(m_depth < kMaxDepth);
    m_first[m_depth++] = true;
}

void JsonWriter::endObject()
{
    put('}');
    --m_depth;
}

void JsonWriter::beginArray()
{
    separate();
    put('[');
    Q_ASSERT(m_depth < kMaxDepth);
    m_first[m_depth++] = true;
}

void JsonWriter::endArray()
{
    put(']');
    --m_depth;
}

void JsonWriter::key(QByteArrayView name)
{
    separate();
    char *p = grow(name.size() + 3);
    *p++ = '"';
    std::memcpy(p, name.data(), std::size_t(name.size()));
    p += name.size();
    *p++ = '"';
    *p = ':';
    m_afterKey = true;
}

void JsonWriter::value(std::int64_t number)
{
    separate();
    char *p = grow(24);
    const auto result = std::to_chars(p, p + 24, number);
    m_size -= 24 - (result.ptr - p);
}

void JsonWriter::value(double number, int decimals)
{
    separate();
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed, decimals);
    put(buffer, result.ptr - buffer);
}

void JsonWriter::value(bool flag)
{
    separate();
    if (flag)
        put("true", 4);
    else
        put("false", 5);
}

void JsonWriter::value(QByteArrayView utf8)
{
    separate();
    put('"');
    // Escape only what JSON requires; the generated strings are plain ASCII in practice.
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(utf8.data() + runStart, i - runStart);
        runStart = i + 1;
        switch (c) {
        case '"':
            put("\\\"", 2);
            break;
        case '\\':
            put("\\\\", 2);
            break;
        case '\n':
            put("\\n", 2);
            break;
        case '\t':
            put("\\t", 2);
            break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            const char escaped[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(escaped, 6);
        }
        }
    }
    put(utf8.data() + runStart, utf8.size() - runStart);
    put('"');
}

void JsonWriter::null()
{
    separate();
    put("null", 4);
}

void JsonWriter::timestamp(std::int64_t epochSeconds)
{
    separate();
    char *p = grow(22);
    *p++ = '"';
    p = formatTimestamp(p, epochSeconds);
    *p = '"';
}

void JsonWriter::raw(QByteArrayView json)
{
    separate();
    put(json.data(), json.size());
}

char *JsonWriter::formatTimestamp(char *p, std::int64_t epochSeconds)
{
    std::int64_t days = epochSeconds / 86400;
    std::int64_t rest = epochSeconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    int year = 0;
    int month = 0;
    int day = 0;
    civilFromDays(days, year, month, day);
    p = twoDigits(p, year / 100 % 100);
    p = twoDigits(p, year % 100);
    *p++ = '-';
    p = twoDigits(p, month);
    *p++ = '-';
    p = twoDigits(p, day);
    *p++ = 'T';
    p = twoDigits(p, int(rest / 3600));
    *p++ = ':';
    p = twoDigits(p, int(rest / 60 % 60));
    *p++ = ':';
    p = twoDigits(p, int(rest % 60));
    *p++ = 'Z';
    return p;
}

} // namespace Backfill::DemoApi
