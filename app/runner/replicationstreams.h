#pragma once

#include "model/spec/spec.h"
#include "network/planning/streamselection.h"

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

// With `replicationPath`: that replication file and the spec its `source` names, one request
// per enabled stream, each with its own range unless `range` is given. Otherwise the spec at
// `specPath`, one request per endpoint, each with `range`. Only the endpoints named in
// `onlyEndpoints` (all enabled ones when empty). Prints each problem to the console and
// returns nullopt on any error.
std::optional<ReplicationStreams> loadStreams(const QString &replicationPath, const QString &specPath,
                                              const QStringList &onlyEndpoints, const QString &range, Console &console);

} // namespace Backfill
