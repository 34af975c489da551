#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace Backfill::DemoApi {

// Writes JSON into a flat buffer without building a document tree, so the demo API can
// render large pages at memory speed and the client is what a benchmark measures.
// Commas are inserted automatically; nesting is limited to kMaxDepth levels.
class JsonWriter final
{
public:
    explicit JsonWriter(qsizetype expectedSize = 256);

    // The JSON written so far; the writer is empty afterwards.
    QByteArray take();

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();

    // Writes "name": and leaves the writer expecting the value.
    void key(QByteArrayView name);

    void value(std::int64_t number);
    void value(int number) { value(std::int64_t(number)); }
    // Fixed-point notation with the given number of decimals.
    void value(double number, int decimals);
    void value(bool flag);
    void value(QByteArrayView utf8);
    void value(const QByteArray &utf8) { value(QByteArrayView(utf8)); }
    // A literal would otherwise convert to bool before QByteArrayView.
    template <std::size_t N> void value(const char (&literal)[N]) { value(QByteArrayView(literal, qsizetype(N - 1))); }
    void null();
    // Seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ".
    void timestamp(std::int64_t epochSeconds);
    // Inserts already valid JSON as one value.
    void raw(QByteArrayView json);
    // For hand-rolled hot paths: room for up to maxBytes of one JSON value written
    // directly at the returned pointer; endRaw() takes the pointer past its last byte.
    char *beginRaw(qsizetype maxBytes)
    {
        separate();
        if (m_size + maxBytes > m_capacity)
            reserveMore(maxBytes);
        return m_data + m_size;
    }
    void endRaw(const char *end) { m_size = end - m_data; }

    // Shorthands for key() followed by value().
    template <typename T> void field(QByteArrayView name, const T &v)
    {
        key(name);
        value(v);
    }
    void field(QByteArrayView name, double number, int decimals)
    {
        key(name);
        value(number, decimals);
    }

    // Appends "YYYY-MM-DDTHH:MM:SSZ" (20 characters) at out.
    static char *formatTimestamp(char *out, std::int64_t epochSeconds);

private:
    void separate();
    // Room for n more bytes; returns where they go and counts them as written.
    char *grow(qsizetype n)
    {
        if (m_size + n > m_capacity)
            reserveMore(n);
        char *at = m_data + m_size;
        m_size += n;
        return at;
    }
    void put(char c) { *grow(1) = c; }
    void put(const char *s, qsizetype n) { std::memcpy(grow(n), s, std::size_t(n)); }
    void reserveMore(qsizetype n);

    static constexpr int kMaxDepth = 32;
    QByteArray m_buffer;
    char *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
    std::array<bool, kMaxDepth> m_first{};
    int m_depth = 0;
    bool m_afterKey = false;
};

} // namespace Backfill::DemoApi
