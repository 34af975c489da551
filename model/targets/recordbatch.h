#pragma once

#include "model/targets/columntype.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace Backfill {

// The records of one page in a compact form that the target writer binds without
// further conversion: typed cells, strings in one UTF-8 buffer, and the column types the
// batch has seen. Built either from QJsonObjects (after JMESPath and processors) or
// straight from the response bytes by simdjson when the records path is a plain field
// path, which is what keeps a backfill at hundreds of thousands of rows a second.
class RecordBatch final
{
public:
    // 16 bytes: a page of 500 records of 13 fields is 6,500 cells, written on a parsing
    // thread and read on the writer's.
    struct Cell
    {
        quint32 column = 0;
        ColumnType type = ColumnType::Null;
        union {
            qint64 integer = 0; // Boolean, Integer
            double real;        // Real
            struct
            {
                quint32 offset; // into the batch's text
                quint32 size;   // in bytes
            } span;             // Timestamp, Text, Json
        };
    };
    static_assert(sizeof(Cell) == 16);

    // Records that are plain values rather than objects land in this column.
    static constexpr std::string_view ScalarColumn = "value";

    RecordBatch() = default;
    RecordBatch(const RecordBatch &) = default;
    RecordBatch(RecordBatch &&) noexcept = default;
    RecordBatch &operator=(const RecordBatch &) = default;
    RecordBatch &operator=(RecordBatch &&) noexcept = default;
    // Hands the batch's buffers to the spares that reserve() takes from.
    ~RecordBatch();

    // Spare buffers are kept only while a load runs (a LoadWriter is open): between
    // beginSparePooling() and the matching endSparePooling(), which frees them when it is the
    // last. releaseSpareBuffers() frees them at once (a load that drained).
    static void beginSparePooling();
    static void endSparePooling();
    static void releaseSpareBuffers();

    qsizetype rowCount() const { return qsizetype(m_rowEnds.size()); }
    bool isEmpty() const { return m_rowEnds.empty(); }
    const QStringList &columns() const { return m_columns; }
    const std::vector<ColumnType> &columnTypes() const { return m_types; }
    // The cells of row `row`, in the order the record had them.
    std::pair<const Cell *, const Cell *> row(qsizetype row) const;
    std::string_view text(const Cell &cell) const; // empty unless a Timestamp, Text or Json cell
    qsizetype byteSize() const;                    // a close estimate of the memory the batch holds
    int columnIndex(const QString &name) const;
    // More than 4 GB of text: the cells cannot address it, and the batch must not be written.
    bool textOverflowed() const { return m_textOverflow; }
    // The first row with no value (or null) in `column`, or -1 when every row has one.
    qsizetype firstRowWithoutValue(int column) const;

    void append(const QJsonObject &record);
    void append(const QJsonValue &record); // an object, or a plain value for ScalarColumn

    // Parses `json` and appends the records found at `path` (field names; empty: the
    // document itself). The value there may be an array of objects or one object. On a
    // parse error, returns false and says where.
    bool appendJson(const QByteArray &json, const QStringList &path, QString *error);

    // Room for `rows` more rows of `cells` cells in all and `textBytes` of text. An empty
    // batch first takes the buffers of a batch freed earlier, if one is spare.
    void reserve(qsizetype rows, qsizetype cells, qsizetype textBytes);
    void clear();
    // Keeps the first `rows` rows.
    void truncate(qsizetype rows);

    // Internal building blocks, public for the simdjson builder in recordbatch.cpp.
    int columnFor(std::string_view name);
    // The same, trying column `guess` first: records usually list the same fields in the
    // same order, so the field's position is its column and no hashing is needed.
    int columnFor(std::string_view name, int guess)
    {
        return guess < int(m_columnKeys.size()) && m_columnKeys[size_t(guess)] == name ? guess : columnFor(name);
    }
    void addInteger(int column, ColumnType type, qint64 value); // Boolean or Integer
    void addReal(int column, double value);
    void addText(int column, ColumnType type, std::string_view text);
    // Text that `write(std::string &out)` appends to the batch's buffer, not inferred further
    // (JSON of a nested value).
    template <typename Write> void addWrittenText(int column, ColumnType type, Write write)
    {
        const size_t offset = m_text.size();
        write(m_text);
        pushText(column, type, offset);
    }
    void endRow() { m_rowEnds.push_back(quint32(m_cells.size())); }

private:
    void addJsonValue(int column, const QJsonValue &value);
    void pushText(int column, ColumnType type, size_t offset); // the text from `offset` on
    void widen(int column, ColumnType type)
    {
        ColumnType &seen = m_types[size_t(column)];
        seen = widenColumnType(seen, type);
    }

    struct Hash
    {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    QStringList m_columns;
    std::vector<ColumnType> m_types;
    std::unordered_map<std::string, int, Hash, std::equal_to<>> m_columnIndex;
    std::vector<std::string> m_columnKeys; // column -> its name in UTF-8
    std::vector<Cell> m_cells;
    std::vector<quint32> m_rowEnds;
    std::string m_text;
    bool m_textOverflow = false;
};

} // namespace Backfill
