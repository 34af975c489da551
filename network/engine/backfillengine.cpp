// The backfill engine's run as a whole: start() in its steps, pause(), resume() and cancel().
// A run's path through the engine's other files, in order:
//   enginesetup.cpp       the spec's endpoints set up for the run
//   enginepartitions.cpp  which partitions run, where each starts, how each ends
//   enginerequests.cpp    each page's request, its retries, the pages requested ahead
//   enginepages.cpp       one page's pipeline: its records (pageprocessor.cpp) to the writer
//   enginewriter.cpp      the writer and the ledger, and the run's end

#include "network/engine/backfillengine.h"

#include "model/core/crashpoint.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "network/engine/enginetasks.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

BackfillEngine::BackfillEngine(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_managers{manager}
    , m_managerLoad{0}
{
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
}

BackfillEngine::~BackfillEngine()
{
    if (m_writer) {
        m_writerThread.quit();
        m_writerThread.wait();
    }
    m_pool.waitForDone();
}

QDateTime BackfillEngine::now() const
{
    return m_options.clock ? m_options.clock() : QDateTime::currentDateTimeUtc();
}

bool BackfillEngine::start(const ApiSpec &spec, const QList<EndpointRun> &runs, const Secrets &secrets,
                           const QString &workspacePath, const EngineOptions &options, QString *error)
{
    if (m_running) {
        if (error)
            *error = tr("a run is already in progress");
        return false;
    }
    resetRun(options, secrets);
    if (!openWorkspace(workspacePath, error))
        return false;
    QStringList endpointNames;
    for (const EndpointRun &run : runs) {
        if (!setUpEndpoint(spec, run, error))
            return false;
        endpointNames << run.endpoint;
    }
    if (!recordRunStart(spec, endpointNames, error))
        return false;
    startWriter(workspacePath);

    m_running = true;
    m_wall.start();
    EngineEvent started;
    started.kind = EngineEvent::Kind::RunStarted;
    started.rows = m_summary.counts.partitions;
    started.message = tr("run %1 started: %2 partitions of %3")
                          .arg(m_summary.runId)
                          .arg(m_summary.counts.partitions)
                          .arg(endpointNames.join(u", "_s));
    emitEvent(started);
    QMetaObject::invokeMethod(this, &BackfillEngine::startMore, Qt::QueuedConnection);
    return true;
}

void BackfillEngine::resetRun(const EngineOptions &options, const Secrets &secrets)
{
    m_options = options;
    m_secrets = secrets;
    m_endpoints.clear();
    m_tasks.clear();
    m_prefetches.clear();
    m_parked.clear();
    m_pendingBytes = 0;
    m_paused = m_cancelled = m_finishing = false;
    m_summary = {};
}

bool BackfillEngine::openWorkspace(const QString &workspacePath, QString *error)
{
    m_workspace = std::make_unique<Workspace>();
    if (!m_workspace->open(workspacePath, error))
        return false;
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace);
    return true;
}

bool BackfillEngine::recordRunStart(const ApiSpec &spec, const QStringList &endpointNames, QString *error)
{
    RunInfo info;
    info.startedBy = m_options.startedBy;
    info.specName = spec.name;
    info.endpoints = endpointNames;
    info.range = m_options.rangeText;
    m_summary.runId = m_ledger->startRun(info);
    crashPoint("run.started");
    if (m_summary.runId < 0) {
        if (error)
            *error = m_ledger->lastError();
        return false;
    }
    return true;
}

void BackfillEngine::pause()
{
    if (!m_running || m_paused)
        return;
    m_paused = true;
    EngineEvent paused;
    paused.kind = EngineEvent::Kind::Wait;
    paused.message = tr("paused: requests in flight finish, nothing new starts");
    emitEvent(paused);
}

void BackfillEngine::resume()
{
    if (!m_running || !m_paused)
        return;
    m_paused = false;
    EngineEvent resumed;
    resumed.kind = EngineEvent::Kind::Warning;
    resumed.message = tr("resumed");
    emitEvent(resumed);
    unpark();
    startMore();
}

void BackfillEngine::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    // Aborting answers at once, and the answers end tasks: collect the jobs first.
    QList<QPointer<HttpJob>> jobs;
    for (const auto &task : std::as_const(m_tasks))
        jobs.append(task->job);
    for (const auto &prefetch : std::as_const(m_prefetches))
        jobs.append(prefetch->job);
    for (const QPointer<HttpJob> &job : std::as_const(jobs)) {
        if (job)
            job->abort();
    }
    unpark(); // parked tasks see the cancellation and end
    maybeFinish();
}

} // namespace Backfill
