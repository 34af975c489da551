#include "model/targets/recordbatch.h"

#include "model/targets/jsonbody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Backfill {

namespace {
// A page's batch holds a few hundred kilobytes in three buffers, made on a parsing thread and
// freed on the writer's. Blocks above the mmap threshold (see memorypolicy.h: pages of more
// than about 1,500 records) are mapped from the system one by one, so every page would fault
// in fresh memory and unmap it again; smaller ones would grow from empty on every page.
// Freed batches leave their buffers here instead, up to about what the writer holds at once,
// and the next pages parse into them.
struct SpareBuffers
{
    std::vector<RecordBatch::Cell> cells;
    std::vector<quint32> rowEnds;
    std::string text;

    qsizetype bytes() const
    {
        return qsizetype(cells.capacity() * sizeof(RecordBatch::Cell) + rowEnds.capacity() * sizeof(quint32) +
                         text.capacity());
    }
};

constexpr qsizetype MaxSpareBytes = 24 * 1024 * 1024;
constexpr qsizetype MinSpareBytes = 64 * 1024; // smaller buffers come from the heap cheaply

struct SparePool
{
    QMutex mutex;
    std::vector<SpareBuffers> buffers;
    qsizetype bytes = 0;
    int loads = 0; // loads running; none: freed batches free their buffers
};

SparePool &sparePool()
{
    static auto *pool = new SparePool; // never destroyed: batches may outlive static destructors
    return *pool;
}
} // namespace

RecordBatch::~RecordBatch()
{
    SpareBuffers spare{std::move(m_cells), std::move(m_rowEnds), std::move(m_text)};
    const qsizetype bytes = spare.bytes();
    if (bytes < MinSpareBytes)
        return;
    spare.cells.clear(); // each keeps its allocation
    spare.rowEnds.clear();
    spare.text.clear();
    SparePool &pool = sparePool();
    const QMutexLocker lock(&pool.mutex);
    if (pool.loads == 0 || pool.bytes + bytes > MaxSpareBytes)
        return; // `spare` frees them, after the lock is released
    pool.bytes += bytes;
    pool.buffers.push_back(std::move(spare));
}

void RecordBatch::beginSparePooling()
{
    SparePool &pool = sparePool();
    const QMutexLocker lock(&pool.mutex);
    ++pool.loads;
}

void RecordBatch::endSparePooling()
{
    SparePool &pool = sparePool();
    {
        const QMutexLocker lock(&pool.mutex);
        if (--pool.loads > 0)
            return;
    }
    releaseSpareBuffers();
}

void RecordBatch::releaseSpareBuffers()
{
    std::vector<SpareBuffers> released;
    SparePool &pool = sparePool();
    const QMutexLocker lock(&pool.mutex);
    released.swap(pool.buffers);
    pool.bytes = 0;
}

std::pair<const RecordBatch::Cell *, const RecordBatch::Cell *> RecordBatch::row(qsizetype row) const
{
    const quint32 begin = row == 0 ? 0 : m_rowEnds[size_t(row - 1)];
    const quint32 end = m_rowEnds[size_t(row)];
    return {m_cells.data() + begin, m_cells.data() + end};
}

std::string_view RecordBatch::text(const Cell &cell) const
{
    switch (cell.type) {
    case ColumnType::Timestamp:
    case ColumnType::Text:
    case ColumnType::Json:
        return {m_text.data() + cell.span.offset, cell.span.size};
    default:
        return {};
    }
}

qsizetype RecordBatch::byteSize() const
{
    return qsizetype(m_cells.size() * sizeof(Cell) + m_rowEnds.size() * sizeof(quint32) + m_text.size());
}

int RecordBatch::columnIndex(const QString &name) const
{
    const auto it = m_columnIndex.find(name.toStdString());
    return it == m_columnIndex.end() ? -1 : it->second;
}

qsizetype RecordBatch::firstRowWithoutValue(int column) const
{
    for (qsizetype r = 0; r < rowCount(); ++r) {
        const auto [begin, end] = row(r);
        const auto found = std::find_if(begin, end, [column](const Cell &cell) { return int(cell.column) == column; });
        if (found == end || found->type == ColumnType::Null)
            return r;
    }
    return -1;
}

void RecordBatch::reserve(qsizetype rows, qsizetype cells, qsizetype textBytes)
{
    if (m_cells.capacity() == 0) {
        SparePool &pool = sparePool();
        const QMutexLocker lock(&pool.mutex);
        if (!pool.buffers.empty()) {
            SpareBuffers &spare = pool.buffers.back();
            pool.bytes -= spare.bytes();
            m_cells = std::move(spare.cells);
            m_rowEnds = std::move(spare.rowEnds);
            m_text = std::move(spare.text);
            pool.buffers.pop_back();
        }
    }
    m_rowEnds.reserve(m_rowEnds.size() + size_t(rows));
    m_cells.reserve(m_cells.size() + size_t(cells));
    const size_t text = m_text.size() + size_t(textBytes);
    if (text > m_text.capacity() && m_text.empty()) {
        // std::string::reserve would double a spare buffer a little too small: take a fresh one
        // of the size asked for.
        std::string fresh;
        fresh.reserve(text);
        m_text.swap(fresh);
    } else {
        m_text.reserve(text);
    }
}

void RecordBatch::clear()
{
    m_columns.clear();
    m_types.clear();
    m_columnIndex.clear();
    m_columnKeys.clear();
    m_cells.clear();
    m_rowEnds.clear();
    m_text.clear();
    m_textOverflow = false;
}

void RecordBatch::truncate(qsizetype rows)
{
    if (rows >= rowCount())
        return;
    const quint32 cells = rows == 0 ? 0 : m_rowEnds[size_t(rows - 1)];
    m_rowEnds.resize(size_t(rows));
    m_cells.resize(cells);
}

int RecordBatch::columnFor(std::string_view name)
{
    if (const auto it = m_columnIndex.find(name); it != m_columnIndex.end())
        return it->second;
    const int index = int(m_columns.size());
    m_columnIndex.emplace(std::string(name), index);
    m_columnKeys.emplace_back(name);
    m_columns.append(QString::fromUtf8(name.data(), qsizetype(name.size())));
    m_types.push_back(ColumnType::Null);
    return index;
}

void RecordBatch::addInteger(int column, ColumnType type, qint64 value)
{
    Cell &cell = m_cells.emplace_back();
    cell.column = quint32(column);
    cell.type = type;
    cell.integer = value;
    widen(column, type);
}

void RecordBatch::addReal(int column, double value)
{
    Cell &cell = m_cells.emplace_back();
    cell.column = quint32(column);
    cell.type = ColumnType::Real;
    cell.real = value;
    widen(column, ColumnType::Real);
}

void RecordBatch::addText(int column, ColumnType type, std::string_view text)
{
    // Text absorbs every type, so a text column needs no timestamp check any more.
    const ColumnType seen = m_types[size_t(column)];
    if (type == ColumnType::Text && seen != ColumnType::Text && seen != ColumnType::Json)
        type = inferTextType(text);
    const size_t offset = m_text.size();
    m_text.append(text);
    pushText(column, type, offset);
}

void RecordBatch::pushText(int column, ColumnType type, size_t offset)
{
    // Offsets and sizes are 32-bit: past 4 GB of text the batch is unusable, and says so.
    if (m_text.size() > std::numeric_limits<quint32>::max())
        m_textOverflow = true;
    Cell &cell = m_cells.emplace_back();
    cell.column = quint32(column);
    cell.type = type;
    cell.span = {quint32(offset), quint32(m_text.size() - offset)};
    widen(column, type);
}

void RecordBatch::addJsonValue(int column, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    case QJsonValue::Bool:
        addInteger(column, ColumnType::Boolean, value.toBool() ? 1 : 0);
        break;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (inferColumnType(value) == ColumnType::Integer)
            addInteger(column, ColumnType::Integer, qint64(d));
        else
            addReal(column, d);
        break;
    }
    case QJsonValue::String: {
        const QByteArray utf8 = value.toString().toUtf8();
        addText(column, ColumnType::Text, std::string_view(utf8.constData(), size_t(utf8.size())));
        break;
    }
    case QJsonValue::Array:
    case QJsonValue::Object: {
        const QByteArray json = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                                : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
        addText(column, ColumnType::Json, std::string_view(json.constData(), size_t(json.size())));
        break;
    }
    }
}

void RecordBatch::append(const QJsonObject &record)
{
    for (auto it = record.begin(); it != record.end(); ++it) {
        const QByteArray key = it.key().toUtf8();
        addJsonValue(columnFor(std::string_view(key.constData(), size_t(key.size()))), it.value());
    }
    endRow();
}

void RecordBatch::append(const QJsonValue &record)
{
    if (record.isObject()) {
        append(record.toObject());
        return;
    }
    addJsonValue(columnFor(ScalarColumn), record);
    endRow();
}

bool RecordBatch::appendJson(const QByteArray &json, const QStringList &path, QString *error)
{
    JsonBody body;
    if (!body.parse(json, error))
        return false;
    body.appendRecords(*this, path);
    return true;
}

} // namespace Backfill
