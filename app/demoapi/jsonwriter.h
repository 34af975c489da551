#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <cstddef>
#include <cstdint>

namespace Backfill::DemoApi {

// Appends JSON to a caller-owned QByteArray without building a document tree, so the
// demo API can render large pages at memory speed and the client is what a benchmark
// measures. Commas are inserted automatically; nesting is limited to kMaxDepth levels.
class JsonWriter final
{
public:
    explicit JsonWriter(QByteArray &out)
        : m_out(out)
    {}

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

    static void appendTimestamp(QByteArray &out, std::int64_t epochSeconds);

private:
    void separate();

    static constexpr int kMaxDepth = 32;
    QByteArray &m_out;
    std::array<bool, kMaxDepth> m_first{};
    int m_depth = 0;
    bool m_afterKey = false;
};

} // namespace Backfill::DemoApi
