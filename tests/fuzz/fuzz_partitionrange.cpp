// Parses arbitrary text as a partition range against a daily, an hourly, a numeric and a
// huge numeric scheme. Errors must point inside the text, selections must stay bounded,
// and a selection turned into canonical text must parse back to the same keys.
#include "model/partitions/partitionrange.h"

#include <cstdint>
#include <cstdlib>

using namespace Backfill;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const PartitionScheme schemes[] = {
        PartitionScheme::fromString(QStringLiteral("daily:2023-01-01..2024-12-31@Europe/Berlin")),
        PartitionScheme::fromString(QStringLiteral("hourly:2024-10-01..2024-12-31@America/New_York")),
        PartitionScheme::fromString(QStringLiteral("numeric:1..999999/1000")),
        PartitionScheme::fromString(QStringLiteral("numeric:1..1000000000000/1")),
    };
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const PartitionScheme &scheme : schemes) {
        if (!scheme.isValid())
            abort();
        const PartitionRange range = PartitionRange::parse(text, scheme);
        if (!range.isValid()) {
            if (range.error().message.isEmpty() || range.error().position < 0 || range.error().position > text.size())
                abort();
            continue;
        }
        if (range.count() < 0 || range.count() > PartitionRange::MaxKeys)
            abort();
        if (range.count() > 2000)
            continue; // keep each run fast; the bound itself is checked above
        const QStringList keys = range.keys();
        if (keys.size() != range.count())
            abort();
        for (const QString &key : keys) {
            if (!range.contains(key))
                abort();
        }
        const PartitionRange again = PartitionRange::parse(PartitionRange::toString(keys, scheme), scheme);
        if (!again.isValid() || again.keys() != keys)
            abort();
    }
    return 0;
}
