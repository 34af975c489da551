#pragma once

#include "model/partitions/partitionstatus.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace Backfill {

// Sling's `mode` (context.mode), as a run applies it to the partitions a range or the
// spec's default selects. Shared by the headless runner and the studio's run panel.
enum class RunMode {
    Default,     // no mode: the selected partitions that are not done yet
    FullRefresh, // every selected partition again; the table ends up holding just them
    Incremental, // what follows the last done partition, the last N done ones again (the
                 // lookback), and failed or unfinished ones before it; never old gaps
    Backfill,    // exactly the range given, the partitions of it not done yet
};

// "" (Default), "full-refresh", "incremental", "backfill"; Sling's "truncate" loads like a
// full refresh. nullopt for anything else.
std::optional<RunMode> runModeFromName(const QString &name);
QString runModeName(RunMode mode);

// The mode a run really has: a range given makes an incremental run a backfill of that
// range, as in Sling, where source_options.range is how a backfill is asked for.
RunMode effectiveRunMode(RunMode mode, bool rangeGiven);

// Which of `keys` (the selected partitions, oldest first) a run in `mode` takes, in the
// same order, given the ledger's status of each (absent: missing). `everything` (a forced
// run) takes every key in any mode.
QStringList partitionsForMode(RunMode mode, const QStringList &keys, const QHash<QString, PartitionStatus> &statuses,
                              int lookback, bool everything = false);

} // namespace Backfill
