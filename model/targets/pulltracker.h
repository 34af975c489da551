#pragma once

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
#include <optional>
#include <vector>

namespace Backfill {

// What the writer learns from one partition's rows while it writes them, on its thread: the
// records whose primary key came earlier in the same pull, those without the update key, the
// columns that had values, and what changed against the partition's previous complete pull.
//
// The previous pull is known by its fingerprint: for every row a 64-bit hash of its key and
// one of its content, sorted by key hash (16 bytes a row, kept in the ledger). Without a
// primary key a row's content is its key: rows are new or gone, never changed. While a pull
// runs, the tracker holds that fingerprint with an index and the keys new to it: about 32
// bytes a row of the partition, whatever the rows' width, and nothing of a row but its hashes.
// The hashes are computed here (not by Qt's qHash, which changes with the CPU), so a
// workspace compares the same on every machine.
class PullTracker final
{
public:
    static constexpr int MaxExamples = 20; // per kind of change

    // What the table held for a key (values in primary-key order); empty when nothing.
    using RowReader = std::function<QJsonObject(const QVariantList &key)>;
    // Calls `visit(key, row)` for each row the table holds for the partition until it returns false.
    using PartitionVisitor =
        std::function<void(const std::function<bool(const QVariantList &key, const QJsonObject &row)> &visit)>;

    // `previous` is the fingerprint of the partition's last complete pull (nullopt: none, so
    // nothing is compared). `complete` is false for a pull resumed half-way, whose first pages
    // this tracker never sees: it compares nothing and leaves no fingerprint.
    PullTracker(QStringList primaryKey, QString updateKey, std::optional<QByteArray> previous, bool complete);

    // A page's records, before they are written (`oldRow` reads the rows they replace, for
    // the examples of changes).
    void add(const RecordBatch &records, const RowReader &oldRow);

    struct Result
    {
        PartitionPull pull;
        QList<PartitionChange> examples;
        std::optional<QByteArray> fingerprint; // nullopt for an incomplete pull
    };
    // The partition's last page was added: the findings, with the rows gone read by `oldRows`.
    Result finish(const PartitionVisitor &oldRows);

    // -- The hashes, public for tests and the benchmark --
    static quint64 hashBytes(const char *data, size_t size, quint64 seed);
    // The key of a row as the table gives it back (integers, reals, text), hashed as add() hashes it.
    static quint64 keyHash(const QVariantList &key);

private:
    struct Entry
    {
        quint64 key = 0;
        quint64 content = 0;
    };
    // An open-addressing index of key hashes (0 marks a free slot) to positions in a vector.
    struct Index
    {
        std::vector<quint32> positions; // per slot: a position + 1; 0 = free
        quint64 mask = 0;
        void reset(size_t capacity);
    };

    qsizetype findOld(quint64 key) const;   // the position in m_old, or -1
    qsizetype findAdded(quint64 key) const; // the position in m_added, or -1
    void insertAdded(Entry entry);
    void example(PartitionChange::Kind kind, const QJsonArray &key, QJsonObject before, QJsonObject after);
    int examplesOf(PartitionChange::Kind kind) const;

    QStringList m_primaryKey;
    QString m_updateKey;
    bool m_compare = false;
    bool m_complete = true;

    std::vector<Entry> m_old;   // the previous fingerprint, by key
    std::vector<bool> m_seen;   // parallel to m_old: the key came in this pull
    std::vector<quint64> m_now; // parallel to m_old: the content it came with (the last of duplicates)
    Index m_oldIndex;
    std::vector<Entry> m_added; // keys the previous pull did not have
    Index m_addedIndex;

    PartitionPull m_pull;
    QList<PartitionChange> m_examples;
    QHash<QString, ColumnType> m_columns; // columns with a value, widened over the pages
};

} // namespace Backfill
