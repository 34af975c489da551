#include "model/targets/pulltracker.h"

#include <QJsonDocument>
#include <QSet>
#include <QtEndian>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

namespace Backfill {

namespace {

constexpr quint64 Multiplier = 0x9e3779b97f4a7c15ull;

// MurmurHash3's finalizer: every input bit reaches every output bit.
quint64 mix(quint64 h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

// A key's part as text, the same from a record's cell and from the value the table gives back:
// integers in decimal, reals as the shortest text that reads back the same (an integral real
// as an integer), text as its bytes.
struct KeyText
{
    char buffer[32];
    const char *data = buffer;
    size_t size = 0;

    void integer(qint64 value) { size = size_t(std::to_chars(buffer, buffer + sizeof buffer, value).ptr - buffer); }
    void real(double value)
    {
        if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
            return integer(qint64(value));
        size = size_t(std::to_chars(buffer, buffer + sizeof buffer, value).ptr - buffer);
    }
    void text(const char *bytes, size_t length)
    {
        data = bytes;
        size = length;
    }
};

// A key part with no value: not the empty text.
constexpr char NullKeyPart[] = {'\xff', '\0'};

quint64 foldKey(quint64 key, const KeyText &part)
{
    return mix(key * Multiplier + PullTracker::hashBytes(part.data, part.size, 0x6b6579));
}

quint64 nonZero(quint64 hash)
{
    return hash == 0 ? 1 : hash;
}

QJsonValue cellValue(const RecordBatch &records, const RecordBatch::Cell &cell)
{
    switch (cell.type) {
    case ColumnType::Null:
        return QJsonValue::Null;
    case ColumnType::Boolean:
        return cell.integer != 0;
    case ColumnType::Integer:
        return cell.integer;
    case ColumnType::Real:
        return cell.real;
    case ColumnType::Timestamp:
    case ColumnType::Text:
    case ColumnType::Json: {
        const std::string_view text = records.text(cell);
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }
    }
    return QJsonValue::Null;
}

QJsonObject rowObject(const RecordBatch &records, qsizetype row)
{
    QJsonObject object;
    const auto [begin, end] = records.row(row);
    for (const RecordBatch::Cell *cell = begin; cell != end; ++cell)
        object.insert(records.columns().at(int(cell->column)), cellValue(records, *cell));
    return object;
}

QJsonArray keyArray(const QVariantList &key)
{
    QJsonArray array;
    for (const QVariant &part : key)
        array.append(QJsonValue::fromVariant(part));
    return array;
}

} // namespace

quint64 PullTracker::hashBytes(const char *data, size_t size, quint64 seed)
{
    quint64 h = mix(seed ^ (size * Multiplier));
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, data + i, 8);
        h = std::rotl(h ^ (qFromLittleEndian(word) * Multiplier), 29) * 0xbf58476d1ce4e5b9ull;
    }
    if (i < size) {
        quint64 tail = 0;
        for (size_t j = 0; i + j < size; ++j)
            tail |= quint64(quint8(data[i + j])) << (8 * j);
        h = std::rotl(h ^ (tail * Multiplier), 29) * 0xbf58476d1ce4e5b9ull;
    }
    return mix(h);
}

quint64 PullTracker::keyHash(const QVariantList &key)
{
    quint64 hash = Multiplier;
    for (const QVariant &value : key) {
        KeyText part;
        QByteArray utf8;
        if (value.isNull()) {
            part.text(NullKeyPart, sizeof NullKeyPart);
            hash = foldKey(hash, part);
            continue;
        }
        switch (value.typeId()) {
        case QMetaType::Bool:
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
            part.integer(value.toLongLong());
            break;
        case QMetaType::Double:
        case QMetaType::Float:
            part.real(value.toDouble());
            break;
        default:
            utf8 = value.toString().toUtf8();
            part.text(utf8.constData(), size_t(utf8.size()));
        }
        hash = foldKey(hash, part);
    }
    return nonZero(hash);
}

PullTracker::PullTracker(QStringList primaryKey, QString updateKey, std::optional<QByteArray> previous, bool complete)
    : m_primaryKey(std::move(primaryKey))
    , m_updateKey(std::move(updateKey))
    , m_compare(complete && previous.has_value())
    , m_complete(complete)
{
    if (m_compare) {
        const qsizetype count = previous->size() / qsizetype(sizeof(Entry));
        m_old.resize(size_t(count));
        for (qsizetype i = 0; i < count; ++i) {
            m_old[size_t(i)].key = qFromLittleEndian<quint64>(previous->constData() + i * 16);
            m_old[size_t(i)].content = qFromLittleEndian<quint64>(previous->constData() + i * 16 + 8);
        }
        m_seen.assign(m_old.size(), false);
        m_now.assign(m_old.size(), 0);
        m_oldIndex.reset(m_old.size());
        for (size_t i = 0; i < m_old.size(); ++i) {
            quint64 slot = m_old[i].key & m_oldIndex.mask;
            while (m_oldIndex.positions[slot] != 0)
                slot = (slot + 1) & m_oldIndex.mask;
            m_oldIndex.positions[slot] = quint32(i + 1);
        }
    }
    m_addedIndex.reset(0);
}

void PullTracker::Index::reset(size_t capacity)
{
    size_t size = 16;
    while (size < capacity * 2)
        size *= 2;
    positions.assign(size, 0);
    mask = size - 1;
}

qsizetype PullTracker::findOld(quint64 key) const
{
    if (m_old.empty())
        return -1;
    for (quint64 slot = key & m_oldIndex.mask;; slot = (slot + 1) & m_oldIndex.mask) {
        const quint32 at = m_oldIndex.positions[slot];
        if (at == 0)
            return -1;
        if (m_old[at - 1].key == key)
            return qsizetype(at - 1);
    }
}

qsizetype PullTracker::findAdded(quint64 key) const
{
    for (quint64 slot = key & m_addedIndex.mask;; slot = (slot + 1) & m_addedIndex.mask) {
        const quint32 at = m_addedIndex.positions[slot];
        if (at == 0)
            return -1;
        if (m_added[at - 1].key == key)
            return qsizetype(at - 1);
    }
}

void PullTracker::insertAdded(Entry entry)
{
    m_added.push_back(entry);
    if (m_added.size() * 2 > m_addedIndex.positions.size()) {
        m_addedIndex.reset(m_added.size() * 2);
        for (size_t i = 0; i < m_added.size(); ++i) {
            quint64 slot = m_added[i].key & m_addedIndex.mask;
            while (m_addedIndex.positions[slot] != 0)
                slot = (slot + 1) & m_addedIndex.mask;
            m_addedIndex.positions[slot] = quint32(i + 1);
        }
        return;
    }
    quint64 slot = entry.key & m_addedIndex.mask;
    while (m_addedIndex.positions[slot] != 0)
        slot = (slot + 1) & m_addedIndex.mask;
    m_addedIndex.positions[slot] = quint32(m_added.size());
}

int PullTracker::examplesOf(PartitionChange::Kind kind) const
{
    return int(std::count_if(m_examples.cbegin(), m_examples.cend(),
                             [kind](const PartitionChange &change) { return change.kind == kind; }));
}

void PullTracker::example(PartitionChange::Kind kind, const QJsonArray &key, QJsonObject before, QJsonObject after)
{
    m_examples.append({kind, QString::fromUtf8(QJsonDocument(key).toJson(QJsonDocument::Compact)), std::move(before),
                       std::move(after)});
}

void PullTracker::add(const RecordBatch &records, const RowReader &oldRow)
{
    const QStringList &columns = records.columns();
    std::vector<quint64> nameHashes(size_t(columns.size()));
    for (int c = 0; c < columns.size(); ++c) {
        const QByteArray name = columns.at(c).toUtf8();
        nameHashes[size_t(c)] = hashBytes(name.constData(), size_t(name.size()), 0x636f6c);
        if (const ColumnType type = records.columnTypes()[size_t(c)]; type != ColumnType::Null) {
            ColumnType &seen = m_columns[columns.at(c)];
            seen = widenColumnType(seen, type);
        }
    }
    std::vector<int> keyColumns;
    for (const QString &name : std::as_const(m_primaryKey))
        keyColumns.push_back(records.columnIndex(name));
    const int updateColumn = m_updateKey.isEmpty() ? -2 : records.columnIndex(m_updateKey);
    std::vector<const RecordBatch::Cell *> keyCells(keyColumns.size());
    const bool keyed = !keyColumns.empty();

    for (qsizetype r = 0; r < records.rowCount(); ++r) {
        const auto [begin, end] = records.row(r);
        quint64 content = 0;
        bool hasUpdateKey = false;
        std::fill(keyCells.begin(), keyCells.end(), nullptr);
        for (const RecordBatch::Cell *cell = begin; cell != end; ++cell) {
            quint64 value;
            switch (cell->type) {
            case ColumnType::Null:
                continue;
            case ColumnType::Boolean:
            case ColumnType::Integer:
                value = mix(quint64(cell->integer) ^ (quint64(cell->type) << 56));
                break;
            case ColumnType::Real:
                value = mix(std::bit_cast<quint64>(cell->real) + Multiplier);
                break;
            default: {
                const std::string_view text = records.text(*cell);
                value = hashBytes(text.data(), text.size(), quint64(cell->type));
            }
            }
            // A sum: the fields' order in the record does not matter.
            content += mix(nameHashes[cell->column] ^ value);
            if (int(cell->column) == updateColumn)
                hasUpdateKey = true;
            for (size_t k = 0; k < keyColumns.size(); ++k) {
                if (int(cell->column) == keyColumns[k])
                    keyCells[k] = cell;
            }
        }
        content = nonZero(content);
        if (updateColumn != -2 && !hasUpdateKey)
            ++m_pull.missingUpdateKey;

        quint64 key = content;
        if (keyed) {
            key = Multiplier;
            for (const RecordBatch::Cell *cell : keyCells) {
                KeyText part;
                if (!cell || cell->type == ColumnType::Null) {
                    part.text(NullKeyPart, sizeof NullKeyPart);
                } else if (cell->type == ColumnType::Boolean || cell->type == ColumnType::Integer) {
                    part.integer(cell->integer);
                } else if (cell->type == ColumnType::Real) {
                    part.real(cell->real);
                } else {
                    const std::string_view text = records.text(*cell);
                    part.text(text.data(), text.size());
                }
                key = foldKey(key, part);
            }
            key = nonZero(key);
        }
        const auto keyJson = [&] {
            QJsonArray array;
            for (const RecordBatch::Cell *cell : keyCells)
                array.append(cell ? cellValue(records, *cell) : QJsonValue());
            return array;
        };
        const auto keyValues = [&] {
            QVariantList values;
            for (const RecordBatch::Cell *cell : keyCells)
                values.append(cell ? cellValue(records, *cell).toVariant() : QVariant());
            return values;
        };
        const auto duplicate = [&] {
            ++m_pull.duplicateKeys;
            if (examplesOf(PartitionChange::Kind::Duplicate) < MaxExamples)
                example(PartitionChange::Kind::Duplicate, keyJson(), {}, rowObject(records, r));
        };

        if (const qsizetype at = findOld(key); at >= 0) {
            Entry &entry = m_old[size_t(at)];
            if (m_seen[size_t(at)]) {
                if (keyed)
                    duplicate();
            } else {
                m_seen[size_t(at)] = true;
                if (entry.content != content) {
                    if (examplesOf(PartitionChange::Kind::Changed) < MaxExamples)
                        example(PartitionChange::Kind::Changed, keyJson(), oldRow ? oldRow(keyValues()) : QJsonObject(),
                                rowObject(records, r));
                }
            }
            m_now[size_t(at)] = content; // the last of duplicates is what the table keeps
        } else if (const qsizetype added = findAdded(key); added >= 0) {
            if (keyed)
                duplicate();
            m_added[size_t(added)].content = content;
        } else {
            insertAdded({key, content});
            if (m_compare) {
                ++m_pull.added;
                if (examplesOf(PartitionChange::Kind::Added) < MaxExamples)
                    example(PartitionChange::Kind::Added, keyed ? keyJson() : QJsonArray(), {}, rowObject(records, r));
            }
        }
    }
}

PullTracker::Result PullTracker::finish(const PartitionVisitor &oldRows)
{
    Result result;
    QStringList columns;
    for (auto it = m_columns.cbegin(); it != m_columns.cend(); ++it)
        columns << it.key() + u':' + columnTypeName(it.value());
    columns.sort();
    // A pull resumed half-way saw only some of the rows: no columns to judge drift by.
    m_pull.columns = m_complete ? columns.join(u',') : QString();
    m_pull.compared = m_compare;

    std::vector<Entry> entries = std::move(m_added);
    QSet<quint64> gone; // the first rows gone, to find in the table for their examples
    for (size_t i = 0; i < m_old.size(); ++i) {
        if (m_seen[i]) {
            if (m_now[i] != m_old[i].content)
                ++m_pull.changed;
            entries.push_back({m_old[i].key, m_now[i]});
        } else {
            ++m_pull.removed;
            if (gone.size() < MaxExamples)
                gone.insert(m_old[i].key);
        }
    }
    if (!gone.isEmpty() && !m_primaryKey.isEmpty() && oldRows) {
        oldRows([&](const QVariantList &key, const QJsonObject &row) {
            if (gone.remove(keyHash(key)))
                example(PartitionChange::Kind::Removed, keyArray(key), row, {});
            return !gone.isEmpty();
        });
    }
    if (m_complete) {
        std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.key < b.key; });
        QByteArray fingerprint(qsizetype(entries.size() * sizeof(Entry)), Qt::Uninitialized);
        for (size_t i = 0; i < entries.size(); ++i) {
            qToLittleEndian(entries[i].key, fingerprint.data() + i * 16);
            qToLittleEndian(entries[i].content, fingerprint.data() + i * 16 + 8);
        }
        result.fingerprint = std::move(fingerprint);
    }
    result.pull = m_pull;
    result.examples = std::move(m_examples);
    std::stable_sort(result.examples.begin(), result.examples.end(),
                     [](const PartitionChange &a, const PartitionChange &b) { return a.kind < b.kind; });
    m_old.clear();
    m_seen.clear();
    m_now.clear();
    return result;
}

} // namespace Backfill
