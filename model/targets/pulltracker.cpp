#include "model/targets/pulltracker.h"

#include "model/core/logging.h"

#include <QJsonDocument>
#include <QSet>
#include <QtEndian>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

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

PullTracker::PullTracker(QStringList primaryKey, QString updateKey, const std::optional<FingerprintReader> &previous,
                         bool complete, size_t memoryBudget)
    : m_primaryKey(std::move(primaryKey))
    , m_updateKey(std::move(updateKey))
    , m_compare(complete && previous.has_value())
    , m_complete(complete)
    , m_budget(std::max<size_t>(memoryBudget, 2))
    , m_runs(std::make_unique<FingerprintStore>(m_budget))
{
    if (!m_compare)
        return;
    // A copy of the previous fingerprint of our own, read once: the ledger's is replaced when
    // this pull is recorded. Its entries come in key order, so the sampled slice (the lowest
    // keys) is a prefix of it.
    m_old = std::make_unique<FingerprintStore>(m_budget);
    const bool read = (*previous)([this](const QByteArray &chunk) {
        const qsizetype count = chunk.size() / 16;
        std::vector<FingerprintEntry> entries(static_cast<size_t>(count));
        reserveSlots(std::min(m_budget, m_used + size_t(count))); // a pull brings about as many keys again
        for (qsizetype i = 0; i < count; ++i) {
            FingerprintEntry &entry = entries[size_t(i)];
            entry.key = qFromLittleEndian<quint64>(chunk.constData() + i * 16);
            entry.content = qFromLittleEndian<quint64>(chunk.constData() + i * 16 + 8);
            if (entry.key <= m_sampleLimit) {
                bool inserted = false;
                Slot *slot = findOrInsert(entry.key, &inserted);
                slot->old = entry.content;
                slot->hasOld = true;
                if (m_used > m_budget)
                    narrowSample();
            }
        }
        if (!m_old->append(entries.data(), entries.size())) {
            fail(m_old->errorString());
            return false;
        }
        return true;
    });
    if (!read) {
        // Nothing to compare with, as for a partition never pulled: this pull leaves a fingerprint.
        qCWarning(lcModel) << "Not comparing a pull:"
                           << (m_error.isEmpty() ? u"its previous fingerprint cannot be read"_s : m_error);
        m_error.clear();
        m_compare = false;
        m_old.reset();
        m_slots.clear();
        m_used = 0;
        m_sampleLimit = ~quint64(0);
    }
}

PullTracker::~PullTracker() = default;

void PullTracker::fail(const QString &error)
{
    if (m_error.isEmpty())
        m_error = error;
    m_compare = false;
}

void PullTracker::reserveSlots(size_t keys)
{
    size_t size = 64;
    while (size < keys * 2)
        size *= 2;
    if (size <= m_slots.size())
        return;
    std::vector<Slot> grown(size);
    for (const Slot &slot : m_slots) {
        if (slot.key == 0)
            continue;
        size_t at = slot.key & (grown.size() - 1);
        while (grown[at].key != 0)
            at = (at + 1) & (grown.size() - 1);
        grown[at] = slot;
    }
    m_slots = std::move(grown);
}

PullTracker::Slot *PullTracker::findOrInsert(quint64 key, bool *inserted)
{
    if ((m_used + 1) * 2 > m_slots.size())
        reserveSlots(std::max<size_t>(32, m_slots.size()));
    const size_t mask = m_slots.size() - 1;
    for (size_t at = key & mask;; at = (at + 1) & mask) {
        Slot &slot = m_slots[at];
        if (slot.key == key) {
            *inserted = false;
            return &slot;
        }
        if (slot.key == 0) {
            slot.key = key;
            ++m_used;
            *inserted = true;
            return &slot;
        }
    }
}

void PullTracker::narrowSample()
{
    while (m_used > m_budget) {
        m_sampleLimit >>= 1;
        std::vector<Slot> kept;
        for (const Slot &slot : m_slots) {
            if (slot.key != 0 && slot.key <= m_sampleLimit)
                kept.push_back(slot);
        }
        m_slots.assign(m_slots.size(), Slot());
        m_used = 0;
        for (const Slot &slot : kept) {
            bool inserted = false;
            *findOrInsert(slot.key, &inserted) = slot;
        }
    }
}

bool PullTracker::spillRun()
{
    std::stable_sort(m_buffer.begin(), m_buffer.end(),
                     [](const FingerprintEntry &a, const FingerprintEntry &b) { return a.key < b.key; });
    const bool written = m_runs->append(m_buffer.data(), m_buffer.size());
    m_buffer.clear();
    if (!written) {
        fail(m_runs->errorString());
        return false;
    }
    m_runEnds.push_back(m_runs->size());
    return true;
}

void PullTracker::example(PartitionChange::Kind kind, quint64 keyHash, const QJsonArray &key, QJsonObject before,
                          QJsonObject after)
{
    ++m_exampleCount[int(kind)];
    m_examples.append({kind, QString::fromUtf8(QJsonDocument(key).toJson(QJsonDocument::Compact)), std::move(before),
                       std::move(after)});
    m_exampleKeys.append(keyHash);
}

qsizetype PullTracker::exampleOf(PartitionChange::Kind kind, quint64 keyHash) const
{
    for (qsizetype i = 0; i < m_examples.size(); ++i) {
        if (m_exampleKeys.at(i) == keyHash && m_examples.at(i).kind == kind)
            return i;
    }
    return -1;
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
        if (!m_error.isEmpty())
            continue; // a temporary file failed: only the missing update keys are still counted
        m_buffer.push_back({key, content});
        if (m_buffer.size() >= m_budget && !spillRun())
            continue;
        if (key > m_sampleLimit)
            continue; // outside the sampled slice: counted at the end, no example

        const auto keyJson = [&] {
            QJsonArray array;
            for (const RecordBatch::Cell *cell : keyCells)
                array.append(cell ? cellValue(records, *cell) : QJsonValue());
            return array;
        };
        // Twice as many changes as are kept: a later duplicate of a key may take its change back.
        const auto wants = [this](PartitionChange::Kind kind) {
            return m_exampleCount[int(kind)] < (kind == PartitionChange::Kind::Changed ? 2 : 1) * MaxExamples;
        };
        const auto changedExample = [&] {
            QVariantList values;
            for (const RecordBatch::Cell *cell : keyCells)
                values.append(cell ? cellValue(records, *cell).toVariant() : QVariant());
            example(PartitionChange::Kind::Changed, key, keyJson(), oldRow ? oldRow(values) : QJsonObject(),
                    rowObject(records, r));
        };
        bool inserted = false;
        Slot *slot = findOrInsert(key, &inserted);
        const bool lastWasOld = slot->lastWasOld;
        slot->lastWasOld = slot->hasOld && content == slot->old;
        if (inserted) {
            slot->seen = true;
            if (m_compare && wants(PartitionChange::Kind::Added))
                example(PartitionChange::Kind::Added, key, keyed ? keyJson() : QJsonArray(), {}, rowObject(records, r));
            if (m_used > m_budget)
                narrowSample();
        } else if (slot->seen) {
            if (keyed && wants(PartitionChange::Kind::Duplicate))
                example(PartitionChange::Kind::Duplicate, key, keyJson(), {}, rowObject(records, r));
            if (!slot->hasOld)
                continue;
            // The last of duplicates is what the table keeps: it decides whether the key changed.
            const qsizetype at = exampleOf(PartitionChange::Kind::Changed, key);
            if (content == slot->old && at >= 0) {
                m_examples.removeAt(at);
                m_exampleKeys.removeAt(at);
                --m_exampleCount[int(PartitionChange::Kind::Changed)];
            } else if (content != slot->old && at >= 0) {
                m_examples[at].after = rowObject(records, r);
            } else if (content != slot->old && lastWasOld && wants(PartitionChange::Kind::Changed)) {
                changedExample();
            }
        } else {
            slot->seen = true;
            if (slot->old != content && wants(PartitionChange::Kind::Changed))
                changedExample();
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
    m_slots.clear();
    m_slots.shrink_to_fit();

    // The pull's runs merged in key order (within a key, in the order the rows came), against the
    // previous fingerprint in the same order.
    auto merged = std::make_shared<FingerprintStore>(m_budget);
    QSet<quint64> changedExamples; // the keys of the examples of changes ...
    for (qsizetype i = 0; i < m_examples.size(); ++i) {
        if (m_examples.at(i).kind == PartitionChange::Kind::Changed)
            changedExamples.insert(m_exampleKeys.at(i));
    }
    QSet<quint64> unchanged; // ... whose key came again with its old content at the end
    QSet<quint64> gone;      // the first rows gone, to find in the table for their examples
    // Never spilled, the pull's one run is the buffer: sorted where it is, read from there.
    const bool single = m_runEnds.empty();
    if (single)
        std::stable_sort(m_buffer.begin(), m_buffer.end(),
                         [](const FingerprintEntry &a, const FingerprintEntry &b) { return a.key < b.key; });
    if (m_error.isEmpty() && (single || spillRun())) {
        std::vector<FingerprintStore::Cursor> runs;
        for (size_t i = 0; !single && i < m_runEnds.size(); ++i)
            runs.emplace_back(*m_runs, i == 0 ? 0 : m_runEnds[i - 1], m_runEnds[i]);
        using Head = std::pair<FingerprintEntry, size_t>; // an entry and its run
        const auto later = [](const Head &a, const Head &b) {
            return a.first.key != b.first.key ? a.first.key > b.first.key : a.second > b.second;
        };
        std::vector<Head> heads;
        for (size_t i = 0; i < runs.size(); ++i) {
            if (FingerprintEntry entry; runs[i].next(&entry))
                heads.emplace_back(entry, i);
        }
        std::make_heap(heads.begin(), heads.end(), later);
        size_t inBuffer = 0;
        // The next entry of the pull in key order (within a key, in the order the rows came).
        const auto nextEntry = [&](FingerprintEntry *entry) {
            if (single) {
                if (inBuffer == m_buffer.size())
                    return false;
                *entry = m_buffer[inBuffer++];
                return true;
            }
            if (heads.empty())
                return false;
            std::pop_heap(heads.begin(), heads.end(), later);
            const size_t run = heads.back().second;
            *entry = heads.back().first;
            heads.pop_back();
            if (FingerprintEntry next; runs[run].next(&next)) {
                heads.emplace_back(next, run);
                std::push_heap(heads.begin(), heads.end(), later);
            }
            return true;
        };

        std::optional<FingerprintStore::Cursor> old;
        if (m_compare)
            old.emplace(*m_old, 0, m_old->size());
        FingerprintEntry oldEntry;
        bool hasOld = old && old->next(&oldEntry);
        const auto removed = [&] {
            ++m_pull.removed;
            if (gone.size() < MaxExamples)
                gone.insert(oldEntry.key);
            hasOld = old->next(&oldEntry);
        };
        std::optional<FingerprintEntry> group; // the key being merged, with its last content so far
        const auto close = [&] {
            if (m_compare) {
                while (hasOld && oldEntry.key < group->key)
                    removed();
                if (hasOld && oldEntry.key == group->key) {
                    if (oldEntry.content != group->content)
                        ++m_pull.changed;
                    else if (changedExamples.contains(group->key))
                        unchanged.insert(group->key);
                    hasOld = old->next(&oldEntry);
                } else {
                    ++m_pull.added;
                }
            }
            if (m_complete && !merged->append(*group))
                fail(merged->errorString());
        };
        const bool keyed = !m_primaryKey.isEmpty();
        for (FingerprintEntry entry; nextEntry(&entry);) {
            if (group && group->key == entry.key) {
                if (keyed)
                    ++m_pull.duplicateKeys;
                group->content = entry.content; // the last of duplicates is what the table keeps
                continue;
            }
            if (group)
                close();
            group = entry;
        }
        if (group)
            close();
        while (m_compare && hasOld)
            removed();
        if (!m_runs->errorString().isEmpty() || (m_old && !m_old->errorString().isEmpty()))
            fail(m_runs->errorString().isEmpty() ? m_old->errorString() : m_runs->errorString());
    }
    m_runs.reset();
    m_old.reset();

    if (!m_error.isEmpty()) {
        // Counts half-made are no counts: the pull compared nothing and leaves no fingerprint,
        // so the next one compares nothing either.
        result.error = m_error;
        result.pull.missingUpdateKey = m_pull.missingUpdateKey;
        result.pull.columns = m_pull.columns;
        return result;
    }
    m_pull.compared = m_compare;
    // An example of a change whose key came again with its old content is no change (add() sees
    // that, unless the key left the sampled slice in between).
    int changes = 0;
    for (qsizetype i = 0; i < m_examples.size();) {
        if (m_examples.at(i).kind == PartitionChange::Kind::Changed &&
            (unchanged.contains(m_exampleKeys.at(i)) || ++changes > MaxExamples)) {
            m_examples.removeAt(i);
            m_exampleKeys.removeAt(i);
        } else {
            ++i;
        }
    }
    if (!gone.isEmpty() && !m_primaryKey.isEmpty() && oldRows) {
        oldRows([&](const QVariantList &key, const QJsonObject &row) {
            if (gone.remove(keyHash(key)))
                m_examples.append({PartitionChange::Kind::Removed,
                                   QString::fromUtf8(QJsonDocument(keyArray(key)).toJson(QJsonDocument::Compact)),
                                   row,
                                   {}});
            return !gone.isEmpty();
        });
    }
    if (m_complete)
        result.fingerprint = FingerprintStore::reader(std::move(merged));
    result.pull = m_pull;
    result.examples = std::move(m_examples);
    std::stable_sort(result.examples.begin(), result.examples.end(),
                     [](const PartitionChange &a, const PartitionChange &b) { return a.kind < b.kind; });
    return result;
}

} // namespace Backfill
