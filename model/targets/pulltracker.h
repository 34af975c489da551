#pragma once

#include "model/targets/fingerprintstore.h"
#include "model/targets/recordbatch.h"
#include "model/workspace/partitionrecord.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace Backfill {

// What the writer learns from one partition's rows while it writes them, on its thread: the
// records whose primary key came earlier in the same pull, those without the update key, the
// columns that had values, and what changed against the partition's previous complete pull.
//
// The previous pull is known by its fingerprint: for every row a 64-bit hash of its key and
// one of its content, sorted by key hash (16 bytes a row, kept in the ledger in chunks). Without
// a primary key a row's content is its key: rows are new or gone, never changed. Memory stays
// flat whatever the partition's size: the pull's entries go into sorted runs (in a temporary
// file beyond `memoryBudget` entries), merged at the last page with the previous fingerprint,
// read as a stream, into the counts and the new fingerprint. The examples are taken as the rows
// go by, from a slice of the key hashes small enough to hold the previous fingerprint's part of
// it in memory: every key for a partition of up to `memoryBudget` rows, a 1/2^n sample of them
// for a larger one (the counts are exact either way). The hashes are computed here (not by Qt's
// qHash, which changes with the CPU), so a workspace compares the same on every machine.
class PullTracker final
{
public:
    static constexpr int MaxExamples = 20;                         // per kind of change
    static constexpr size_t DefaultMemoryBudget = size_t(1) << 16; // entries, 16 bytes each

    // What the table held for a key (values in primary-key order); empty when nothing.
    using RowReader = std::function<QJsonObject(const QVariantList &key)>;
    // Calls `visit(key, row)` for each row the table holds for the partition until it returns false.
    using PartitionVisitor =
        std::function<void(const std::function<bool(const QVariantList &key, const QJsonObject &row)> &visit)>;

    // `previous` reads the fingerprint of the partition's last complete pull (nullopt: none, so
    // nothing is compared); it is read once, here. `complete` is false for a pull resumed
    // half-way, whose first pages this tracker never sees: it compares nothing and leaves no
    // fingerprint.
    PullTracker(QStringList primaryKey, QString updateKey, const std::optional<FingerprintReader> &previous,
                bool complete, size_t memoryBudget = DefaultMemoryBudget);
    ~PullTracker();

    // A page's records, before they are written (`oldRow` reads the rows they replace, for
    // the examples of changes).
    void add(const RecordBatch &records, const RowReader &oldRow);

    struct Result
    {
        PartitionPull pull;
        QList<PartitionChange> examples;
        std::optional<FingerprintReader> fingerprint; // nullopt for an incomplete pull
        QString error; // a temporary file that failed: nothing was compared, no fingerprint is left
    };
    // The partition's last page was added: the findings, with the rows gone read by `oldRows`.
    Result finish(const PartitionVisitor &oldRows);

    // -- The hashes, public for tests and the benchmark --
    static quint64 hashBytes(const char *data, size_t size, quint64 seed);
    // The key of a row as the table gives it back (integers, reals, text), hashed as add() hashes it.
    static quint64 keyHash(const QVariantList &key);

private:
    // A key in the sampled slice: its previous content (when the previous pull had it) and
    // whether this pull brought it yet. An open-addressing table keyed by the hash (0 = free).
    struct Slot
    {
        quint64 key = 0;
        quint64 old = 0;
        bool hasOld = false;
        bool seen = false;
        bool lastWasOld = false; // the content this pull brought last for the key was `old`
    };

    Slot *findOrInsert(quint64 key, bool *inserted);
    void reserveSlots(size_t keys); // room for `keys` keys without growing the table
    void narrowSample();            // halves the slice of keys sampled, keeping what it held of the rest
    bool spillRun();
    void fail(const QString &error);
    void example(PartitionChange::Kind kind, quint64 keyHash, const QJsonArray &key, QJsonObject before,
                 QJsonObject after);
    qsizetype exampleOf(PartitionChange::Kind kind, quint64 keyHash) const; // -1: none

    QStringList m_primaryKey;
    QString m_updateKey;
    bool m_compare = false;
    bool m_complete = true;
    size_t m_budget;
    QString m_error;

    std::unique_ptr<FingerprintStore> m_old;  // the previous fingerprint, by key
    std::unique_ptr<FingerprintStore> m_runs; // this pull's entries, in runs sorted by key
    std::vector<qint64> m_runEnds;            // where each run in m_runs ends
    std::vector<FingerprintEntry> m_buffer;   // the run being gathered, in pull order

    quint64 m_sampleLimit = ~quint64(0); // the slice sampled: key hashes up to this
    std::vector<Slot> m_slots;
    size_t m_used = 0;

    PartitionPull m_pull;
    QList<PartitionChange> m_examples;
    QList<quint64> m_exampleKeys;         // parallel to m_examples: the key hash
    int m_exampleCount[4] = {};           // by kind
    QHash<QString, ColumnType> m_columns; // columns with a value, widened over the pages
};

} // namespace Backfill
