#include "model/targets/fingerprintstore.h"

#include "model/core/translation.h"

#include <QTemporaryFile>
#include <QtEndian>

#include <algorithm>

namespace Backfill {

namespace {
constexpr size_t WriteBuffer = 4096; // entries gathered before a write, once the store is in a file
constexpr size_t ReadBuffer = 1024;  // entries a cursor reads at a time
} // namespace

FingerprintStore::FingerprintStore(size_t memoryBudget)
    : m_budget(std::max<size_t>(memoryBudget, 1))
{}

FingerprintStore::~FingerprintStore() = default;

bool FingerprintStore::append(const FingerprintEntry *entries, size_t count)
{
    if (!m_file && m_memory.size() + count > m_budget) {
        auto file = std::make_unique<QTemporaryFile>();
        if (!file->open()) {
            m_error = tr("Cannot create a temporary file for a fingerprint: %1").arg(file->errorString());
            return false;
        }
        m_file = std::move(file);
    }
    m_memory.insert(m_memory.end(), entries, entries + count);
    m_size += qint64(count);
    return !m_file || m_memory.size() < WriteBuffer || writeOut();
}

bool FingerprintStore::writeOut()
{
    const qint64 bytes = qint64(m_memory.size() * sizeof(FingerprintEntry));
    if (!m_file->seek(m_written * qint64(sizeof(FingerprintEntry))) ||
        m_file->write(reinterpret_cast<const char *>(m_memory.data()), bytes) != bytes) {
        m_error = tr("Cannot write a fingerprint to %1: %2").arg(m_file->fileName(), m_file->errorString());
        m_size = m_written;
        m_memory.clear();
        return false;
    }
    m_written += qint64(m_memory.size());
    m_memory.clear();
    return true;
}

bool FingerprintStore::readAt(qint64 position, FingerprintEntry *entries, qint64 count) const
{
    // The entries in the file come first, those still in memory after them.
    const qint64 fromFile = std::clamp<qint64>(m_written - position, 0, count);
    if (fromFile > 0) {
        const qint64 bytes = fromFile * qint64(sizeof(FingerprintEntry));
        if (!m_file->seek(position * qint64(sizeof(FingerprintEntry))) ||
            m_file->read(reinterpret_cast<char *>(entries), bytes) != bytes) {
            m_error = tr("Cannot read a fingerprint from %1: %2").arg(m_file->fileName(), m_file->errorString());
            return false;
        }
    }
    const qint64 inMemory = position + fromFile - m_written;
    std::copy_n(m_memory.begin() + inMemory, count - fromFile, entries + fromFile);
    return true;
}

FingerprintStore::Cursor::Cursor(const FingerprintStore &store, qint64 from, qint64 to)
    : m_store(&store)
    , m_position(from)
    , m_end(std::min(to, store.size()))
{}

bool FingerprintStore::Cursor::fill()
{
    const qint64 count = std::min<qint64>(qint64(ReadBuffer), m_end - m_position);
    if (count <= 0)
        return false;
    m_buffer.resize(size_t(count));
    if (!m_store->readAt(m_position, m_buffer.data(), count)) {
        m_end = m_position;
        return false;
    }
    m_position += count;
    m_at = 0;
    return true;
}

bool FingerprintStore::Cursor::next(FingerprintEntry *entry)
{
    if (m_at == m_buffer.size() && !fill())
        return false;
    *entry = m_buffer[m_at++];
    return true;
}

FingerprintReader FingerprintStore::reader(std::shared_ptr<const FingerprintStore> store)
{
    return [store = std::move(store)](const std::function<bool(const QByteArray &)> &chunk) {
        Cursor cursor(*store, 0, store->size());
        QByteArray bytes;
        FingerprintEntry entry;
        qint64 left = store->size();
        do {
            const qint64 count = std::min<qint64>(left, ChunkEntries);
            bytes.resize(count * 16);
            for (qint64 i = 0; i < count; ++i) {
                if (!cursor.next(&entry))
                    return false;
                qToLittleEndian(entry.key, bytes.data() + i * 16);
                qToLittleEndian(entry.content, bytes.data() + i * 16 + 8);
            }
            left -= count;
            if (!chunk(bytes))
                return true;
        } while (left > 0);
        return true;
    };
}

} // namespace Backfill
