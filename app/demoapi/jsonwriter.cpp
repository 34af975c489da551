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

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_depth > 0) {
        if (!m_first[m_depth - 1])
            m_out.append(',');
        m_first[m_depth - 1] = false;
    }
}

void JsonWriter::beginObject()
{
    separate();
    m_out.append('{');
    Q_ASSERT(m_depth < kMaxDepth);
    m_first[m_depth++] = true;
}

void JsonWriter::endObject()
{
    m_out.append('}');
    --m_depth;
}

void JsonWriter::beginArray()
{
    separate();
    m_out.append('[');
    Q_ASSERT(m_depth < kMaxDepth);
    m_first[m_depth++] = true;
}

void JsonWriter::endArray()
{
    m_out.append(']');
    --m_depth;
}

void JsonWriter::key(QByteArrayView name)
{
    separate();
    m_out.append('"');
    m_out.append(name.data(), name.size());
    m_out.append("\":", 2);
    m_afterKey = true;
}

void JsonWriter::value(std::int64_t number)
{
    separate();
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    m_out.append(buffer, result.ptr - buffer);
}

void JsonWriter::value(double number, int decimals)
{
    separate();
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed, decimals);
    m_out.append(buffer, result.ptr - buffer);
}

void JsonWriter::value(bool flag)
{
    separate();
    if (flag)
        m_out.append("true", 4);
    else
        m_out.append("false", 5);
}

void JsonWriter::value(QByteArrayView utf8)
{
    separate();
    m_out.append('"');
    // Escape only what JSON requires; the generated strings are plain ASCII in practice.
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        m_out.append(utf8.data() + runStart, i - runStart);
        runStart = i + 1;
        switch (c) {
        case '"':
            m_out.append("\\\"", 2);
            break;
        case '\\':
            m_out.append("\\\\", 2);
            break;
        case '\n':
            m_out.append("\\n", 2);
            break;
        case '\t':
            m_out.append("\\t", 2);
            break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            const char escaped[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            m_out.append(escaped, 6);
        }
        }
    }
    m_out.append(utf8.data() + runStart, utf8.size() - runStart);
    m_out.append('"');
}

void JsonWriter::null()
{
    separate();
    m_out.append("null", 4);
}

void JsonWriter::timestamp(std::int64_t epochSeconds)
{
    separate();
    m_out.append('"');
    appendTimestamp(m_out, epochSeconds);
    m_out.append('"');
}

void JsonWriter::raw(QByteArrayView json)
{
    separate();
    m_out.append(json.data(), json.size());
}

void JsonWriter::appendTimestamp(QByteArray &out, std::int64_t epochSeconds)
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
    char buffer[24];
    char *p = buffer;
    p = twoDigits(p, year / 100);
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
    out.append(buffer, p - buffer);
}

} // namespace Backfill::DemoApi
