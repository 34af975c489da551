#include "app/runner/replicationstreams.h"

#include "app/runner/commandsupport.h"
#include "app/runner/console.h"
#include "model/spec/replication.h"

#include <QDir>
#include <QFileInfo>

namespace Backfill {

using CommandSupport::tr;

namespace {
// The replication's `source` names the spec file, relative to the replication file.
QString specPathFor(const Replication &replication, const QString &replicationPath)
{
    const QString source = replication.source;
    if (QFileInfo(source).isAbsolute())
        return source;
    return QFileInfo(replicationPath).absoluteDir().filePath(source);
}

std::optional<ReplicationStreams> loadReplicationStreams(const QString &path, const QStringList &onlyEndpoints,
                                                         const QString &range, Console &console)
{
    if (!QFileInfo::exists(path)) {
        console.err(tr("%1: no such file").arg(path));
        return std::nullopt;
    }
    const ReplicationLoadResult loaded = ReplicationFile::loadFile(path);
    for (const SpecProblem &problem : loaded.problems)
        console.err(problem.toString());
    if (loaded.hasErrors())
        return std::nullopt;
    const Replication &replication = loaded.replication;
    if (replication.source.isEmpty()) {
        console.err(tr("%1: `source` must name the spec file").arg(path));
        return std::nullopt;
    }
    ReplicationStreams result;
    result.specPath = specPathFor(replication, path);
    auto spec = CommandSupport::loadSpec(result.specPath, console);
    if (!spec)
        return std::nullopt;
    result.spec = *spec;
    for (const ReplicationStream &declared : replication.streams) {
        const auto stream = replication.resolvedStream(declared.name);
        if (!stream || stream->disabled.value_or(false) ||
            (!onlyEndpoints.isEmpty() && !onlyEndpoints.contains(stream->name)))
            continue;
        if (!result.spec.endpoint(stream->name)) {
            console.err(tr("%1: stream \"%2\" is not an endpoint of %3").arg(path, stream->name, result.specPath));
            return std::nullopt;
        }
        result.requests.append({stream->name, stream->object, range.isEmpty() ? stream->range : range, stream->mode});
    }
    result.target = replication.target;
    return result;
}

std::optional<ReplicationStreams> loadSpecStreams(const QString &specPath, const QStringList &onlyEndpoints,
                                                  const QString &range, Console &console)
{
    ReplicationStreams result;
    result.specPath = specPath;
    auto spec = CommandSupport::loadSpec(specPath, console);
    if (!spec)
        return std::nullopt;
    result.spec = *spec;
    const auto names = CommandSupport::endpointNames(result.spec, onlyEndpoints, console);
    if (!names)
        return std::nullopt;
    for (const QString &name : *names)
        result.requests.append({name, {}, range, {}});
    return result;
}

} // namespace

std::optional<ReplicationStreams> loadStreams(const QString &replicationPath, const QString &specPath,
                                              const QStringList &onlyEndpoints, const QString &range, Console &console)
{
    return replicationPath.isEmpty() ? loadSpecStreams(specPath, onlyEndpoints, range, console)
                                     : loadReplicationStreams(replicationPath, onlyEndpoints, range, console);
}

} // namespace Backfill
