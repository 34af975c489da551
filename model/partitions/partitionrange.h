#pragma once

#include "model/partitions/partition.h"
#include "model/partitions/partitionscheme.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace Backfill {

// A selection of a scheme's partitions, as users type it (Dagster's syntax plus Sling's):
//
//   [2024-01-01...2024-01-31], 2024-03-*, 2024-04-02
//
// Items are separated by commas: a range `[a...b]` (inclusive; an empty end is open,
// `[2024-06-01...]`), a pattern with one `*` matched against the scheme's keys, or a single
// key. Items and range ends may be of another grain than the scheme: a year `2024`, month
// `2024-03`, ISO week `2024-W10`, day or hour selects every partition it overlaps, and on a
// numeric scheme `10000` or `10000-19999` selects the blocks overlapping those numbers.
//
// Sling's form: exactly two comma-separated plain items `a,b` (no brackets, no `*`) are the
// inclusive range from a to b when a starts no later than b; otherwise they are two single
// items. `a,` runs from a to the scheme's end and `,b` from its start to b. To select just
// two single partitions write `[a...a], b`, as toString() does.
//
// The selection is kept as runs of partition indexes clipped to the scheme, so it is cheap
// however large; more than MaxKeys partitions is an error rather than a huge allocation.
class PartitionRange final
{
public:
    static constexpr qint64 MaxKeys = 1'000'000;

    PartitionRange(); // invalid, selects nothing
    static PartitionRange parse(const QString &text, const PartitionScheme &scheme);
    // The compact canonical text selecting exactly `keys` (those the scheme has): consecutive
    // partitions merge into `[a...b]`; parse(toString(keys)).keys() gives them back in order.
    static QString toString(const QStringList &keys, const PartitionScheme &scheme);

    bool isValid() const;
    const PartitionError &error() const;

    // The selected keys, in scheme order, each once.
    QStringList keys() const;
    qint64 count() const;
    bool contains(QStringView key) const;
    bool containsIndex(qint64 index) const;
    // The selected indexes as sorted, disjoint, non-adjacent inclusive [first, last] runs.
    const QList<std::pair<qint64, qint64>> &runs() const;

private:
    PartitionScheme m_scheme;
    QList<std::pair<qint64, qint64>> m_runs;
    qint64 m_count = 0;
    bool m_valid = false;
    PartitionError m_error;
};

} // namespace Backfill
