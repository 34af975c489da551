#pragma once

#include "app/runner/streamselection.h"
#include "model/spec.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Backfill {

class Console;

// What `run` and `plan` take: the spec, one request per endpoint, and (from a replication
// file) the target.
struct ReplicationStreams
{
    QString specPath;
    ApiSpec spec;
    QList<StreamRequest> requests;
    QString target;
};

// Loads `path` and its spec, keeping the streams named in `onlyEndpoints` (all when empty);
// `range`, when not empty, replaces every stream's own range. Prints each problem to the
// console and returns nullopt on any error.
std::optional<ReplicationStreams> loadReplicationStreams(const QString &path, const QStringList &onlyEndpoints,
                                                         const QString &range, Console &console);

// The endpoints `onlyEndpoints` (all enabled ones when empty) of the spec at `specPath`, each
// with `range`; prints each problem and returns nullopt on any error.
std::optional<ReplicationStreams> loadSpecStreams(const QString &specPath, const QStringList &onlyEndpoints,
                                                  const QString &range, Console &console);

} // namespace Backfill
