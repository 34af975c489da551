#pragma once

#include "model/spec/spec.h"
#include "model/spec/specproblem.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace Backfill {

// What a replication says about one endpoint (a Sling "stream"), or its `defaults`.
struct ReplicationStream
{
    QString name;   // the endpoint; empty for defaults
    QString object; // target table, e.g. analytics.events
    QString mode;   // full-refresh, incremental, truncate, snapshot, backfill
    QStringList primaryKey;
    QString updateKey;
    QString range; // source_options.range: "2024-01-01,2024-01-31", "10000,50000", "2024-01-01,"
    std::optional<bool> disabled;
    SourceMap source;

    bool operator==(const ReplicationStream &) const = default;
};

// A Sling replication file: which endpoints of the `source` connection go to which tables of
// the `target`, over which ranges; what the headless runner executes.
struct Replication
{
    QString fileName; // for diagnostics only
    QString source;
    QString target;
    ReplicationStream defaults;
    QList<ReplicationStream> streams;
    KeyValueList env;
    SourceMap sourceMap;

    // The stream with `defaults` filled in; empty when the replication has no such stream.
    std::optional<ReplicationStream> resolvedStream(const QString &name) const;

    bool operator==(const Replication &other) const
    {
        return source == other.source && target == other.target && defaults == other.defaults &&
               streams == other.streams && env == other.env;
    }
};

struct ReplicationLoadResult
{
    Replication replication;
    SpecProblems problems;

    bool hasErrors() const { return Backfill::hasErrors(problems); }
};

// Loads (with the same limits and position-exact problems as SpecLoader) and writes
// replication files.
class ReplicationFile final
{
public:
    static ReplicationLoadResult load(const QByteArray &yaml, const QString &fileName = {});
    static ReplicationLoadResult loadFile(const QString &path);
    static QByteArray write(const Replication &replication);
};

} // namespace Backfill
