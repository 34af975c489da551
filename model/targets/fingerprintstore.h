#pragma once

#include "model/workspace/partitionrecord.h"

#include <QString>
#include <QtGlobal>

#include <memory>
#include <vector>

class QTemporaryFile;

namespace Backfill {

// One row of a pull's fingerprint: a 64-bit hash of the row's key and one of its content.
struct FingerprintEntry
{
    quint64 key = 0;
    quint64 content = 0;
};

// Entries appended in order, held in memory up to a budget and in a temporary file beyond it,
// so that a fingerprint (or the sorted runs of one) costs the same memory whatever the number of
// rows. Several cursors can read it at once, as a merge of runs does.
class FingerprintStore final
{
public:
    explicit FingerprintStore(size_t memoryBudget);
    ~FingerprintStore();
    FingerprintStore(const FingerprintStore &) = delete;
    FingerprintStore &operator=(const FingerprintStore &) = delete;

    // False when the temporary file cannot be written (errorString() says why); the entries
    // appended before are kept.
    bool append(const FingerprintEntry *entries, size_t count);
    bool append(FingerprintEntry entry) { return append(&entry, 1); }
    qint64 size() const { return m_size; }
    bool spilled() const { return m_file != nullptr; }
    QString errorString() const { return m_error; }

    // Entries [from, to) in order, a buffer at a time.
    class Cursor
    {
    public:
        Cursor(const FingerprintStore &store, qint64 from, qint64 to);
        // False at the end, or when the file cannot be read (the store's errorString()).
        bool next(FingerprintEntry *entry);

    private:
        bool fill();
        const FingerprintStore *m_store;
        qint64 m_position;
        qint64 m_end;
        std::vector<FingerprintEntry> m_buffer;
        size_t m_at = 0;
    };

    // As the ledger keeps it: little-endian chunks of up to ChunkEntries entries; an empty store
    // reads as one empty chunk. The reader keeps the store alive.
    static FingerprintReader reader(std::shared_ptr<const FingerprintStore> store);
    static constexpr int ChunkEntries = 4096;

private:
    bool readAt(qint64 position, FingerprintEntry *entries, qint64 count) const;
    bool writeOut();

    size_t m_budget;
    qint64 m_size = 0;
    qint64 m_written = 0;                   // entries in the file
    std::vector<FingerprintEntry> m_memory; // every entry while not spilled; after, those not yet written
    std::unique_ptr<QTemporaryFile> m_file;
    mutable QString m_error;
};

} // namespace Backfill
