#include "network/planning/runmode.h"

using namespace Qt::StringLiterals;

namespace Backfill {

std::optional<RunMode> runModeFromName(const QString &name)
{
    const QString mode = name.trimmed().toLower();
    if (mode.isEmpty())
        return RunMode::Default;
    if (mode == "full-refresh"_L1 || mode == "truncate"_L1)
        return RunMode::FullRefresh;
    if (mode == "incremental"_L1)
        return RunMode::Incremental;
    if (mode == "backfill"_L1)
        return RunMode::Backfill;
    return std::nullopt;
}

QString runModeName(RunMode mode)
{
    switch (mode) {
    case RunMode::Default:
        break;
    case RunMode::FullRefresh:
        return u"full-refresh"_s;
    case RunMode::Incremental:
        return u"incremental"_s;
    case RunMode::Backfill:
        return u"backfill"_s;
    }
    return {};
}

RunMode effectiveRunMode(RunMode mode, bool rangeGiven)
{
    return mode == RunMode::Incremental && rangeGiven ? RunMode::Backfill : mode;
}

QStringList partitionsForMode(RunMode mode, const QStringList &keys, const QHash<QString, PartitionStatus> &statuses,
                              int lookback, bool everything)
{
    if (everything || mode == RunMode::FullRefresh)
        return keys;
    const auto status = [&](const QString &key) { return statuses.value(key, PartitionStatus::Missing); };
    QStringList taken;
    if (mode != RunMode::Incremental) {
        for (const QString &key : keys) {
            if (!isDone(status(key)))
                taken << key;
        }
        return taken;
    }
    qsizetype lastDone = -1;
    for (qsizetype i = keys.size() - 1; i >= 0 && lastDone < 0; --i) {
        if (isDone(status(keys[i])))
            lastDone = i;
    }
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const PartitionStatus s = status(keys[i]);
        const bool after = i > lastDone;
        const bool lookedBack = i <= lastDone && i > lastDone - lookback;
        const bool unfinished = s != PartitionStatus::Missing && !isDone(s); // failed, queued, running
        if (after || lookedBack || unfinished)
            taken << keys[i];
    }
    return taken;
}

} // namespace Backfill
