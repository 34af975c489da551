#pragma once

#include "model/core/secrets.h"
#include "model/runs/engineevent.h"
#include "model/runs/runrecord.h"
#include "model/spec/spec.h"
#include "model/targets/loadwriter.h"
#include "model/workspace/partitionrecord.h"
#include "network/planning/partitionplanner.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <vector>

class QNetworkAccessManager;

namespace Backfill {

class PartitionLedger;
class Workspace;
class HttpJob;
struct HttpRequest;
struct HttpResult;
struct PageOutput;

struct EngineOptions
{
    int concurrency = 0; // partitions in parallel per endpoint; 0: the spec's iterate.concurrency
    double rate = -1;    // requests per second per endpoint; < 0: the spec's request.rate
    QString startedBy = QStringLiteral("gui");
    QString rangeText; // for the run's record
    // Stop fetching while this much waits to be written: four of the writer's commits. More
    // only lets fetching run ahead of the writer, taking the CPU it needs and leaving it a
    // long tail at the end (on 2 cores, 64 MB was slower and took 1.5x the memory; the
    // figures are in tests/bench/README.md).
    qint64 maxPendingBytes = 16LL * 1024 * 1024;
    LoadWriter::Limits writerLimits;
    TargetUrl target; // where rows go; by default the workspace file itself
    // When a partition's first response tells how many pages it has, fetch the rest in
    // parallel (within request.concurrency and the rate limit); pages still commit in order.
    bool parallelPages = true;
    // Process pages up to 32 KB on the engine's own thread instead of the parsing pool: the
    // round trip costs two thread wake-ups per page, more than parsing a small page (a cursor
    // pagination at 50 ms per request: 53.3 -> 51.8 ms a page). Off by default, because the
    // studio's engine lives on the GUI thread, which parses nothing; the headless runner
    // turns it on.
    bool processSmallPagesInline = false;
    std::function<QDateTime()> clock; // now() in expressions; empty: the system clock
    std::function<double()> random;   // [0, 1) for jittered backoff; empty: a real one
    // Values a spec reads as inputs.NAME (Sling's connection inputs: an owner, an account id),
    // not secret; given to `backfill run --input NAME=VALUE`.
    QJsonObject inputs;
};

// One endpoint's part of a run: which partitions, in which order, into which table.
struct EndpointRun
{
    QString endpoint;
    QString table; // empty: the endpoint's name
    QList<PartitionPlan> partitions;
    QJsonObject context; // range_start, range_end, mode, limit
    // Full refresh: the table ends up holding exactly this run's partitions. Each runs from
    // its first page, and once all of them succeeded, rows that the run did not write go
    // and the ledger forgets the endpoint's other partitions: in one transaction in the
    // workspace; with a target database of its own, the ledger first (see LoadWriter::flush()).
    bool fullRefresh = false;
};

struct RunSummary
{
    qint64 runId = -1;
    RunCounts counts;
    RunOutcome outcome = RunOutcome::Succeeded;
    int requests = 0;
    int retries = 0;
    int rateLimited = 0; // 429 answers
    qint64 wallMs = 0;
    QList<QPair<QString, QString>> failed; // "endpoint partition", last error
    // Partitions pulled again (compared with their last pull), those of them that changed, and
    // their rows new, changed and gone.
    int comparedPartitions = 0;
    int changedPartitions = 0;
    PartitionPull changedRows; // summed over the partitions pulled again
    QString error;             // what stopped the run, if something did
};

// The backfill engine: runs the partitions of one or more endpoints concurrently, each
// paginated in order (its pages fetched in parallel when the first response tells how many
// there are, but committed in order), through one rate limiter per endpoint, applying the spec's rules
// (retry with backoff, Retry-After honoured, a 429 pauses every worker of the endpoint),
// and hands every page to a LoadWriter on its own thread, which commits rows, ledger and
// checkpoints together. Pages are parsed on a thread pool; nothing heavy runs on the
// thread that owns the engine. Progress is one stream of EngineEvents. Its parts are in the
// files named by its private section, in the order of a run (see backfillengine.cpp).
class BackfillEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackfillEngine)

public:
    explicit BackfillEngine(QNetworkAccessManager *manager, QObject *parent = nullptr);
    ~BackfillEngine() override;

    // Starts a run; false with `error` when it cannot (spec errors, missing secrets, the
    // workspace). The run reports finished() once, also after cancel().
    bool start(const ApiSpec &spec, const QList<EndpointRun> &runs, const Secrets &secrets,
               const QString &workspacePath, const EngineOptions &options, QString *error);

    // In-flight requests finish; nothing new starts until resume().
    void pause();
    void resume();
    // Stops: in-flight requests are abandoned, what was fetched is committed, and unfinished
    // partitions stay resumable from their checkpoints.
    void cancel();

    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_paused; }
    qint64 runId() const { return m_summary.runId; }

signals:
    void event(const Backfill::EngineEvent &event);
    void partitionChanged(const QString &endpoint, const Backfill::PartitionRecord &record);
    void finished(const Backfill::RunSummary &summary);

private:
    struct Endpoint; // these three in enginetasks.h
    struct Task;
    struct Prefetch;

    // backfillengine.cpp: the run as a whole; start()'s steps
    void resetRun(const EngineOptions &options, const Secrets &secrets);
    bool openWorkspace(const QString &workspacePath, QString *error);
    bool recordRunStart(const ApiSpec &spec, const QStringList &endpointNames, QString *error);
    QDateTime now() const;

    // enginesetup.cpp: the spec's endpoints set up for the run
    bool setUpEndpoint(const ApiSpec &spec, const EndpointRun &run, QString *error);

    // enginepartitions.cpp: which partitions run, where each starts, how each ends
    void startMore();
    void startPartition(Endpoint &endpoint, const PartitionPlan &plan);
    bool initialState(Task &task, QString *error);
    void partitionSucceeded(Task &task);
    void failPartition(Task &task, int status, const QString &message);
    void finishTask(quint64 taskId);
    void unpark();

    // enginerequests.cpp: each page's request, its retries, the pages requested ahead
    void sendPage(quint64 taskId);
    void sendOrUseAhead(quint64 taskId);
    void dispatch(quint64 id);
    HttpJob *send(Endpoint &endpoint, const HttpRequest &request);
    int pickManager();
    void releaseSlot(Endpoint &endpoint);
    void retry(Task &task, const PageOutput &output, int status, const QByteArray &retryAfter,
               const QByteArray &rateLimitReset, const QDateTime &answeredAt);
    void fetchAhead(quint64 taskId);
    void buildAhead(quint64 id, const QJsonObject &state);
    void dispatchAhead(quint64 id);
    void onAheadResponse(quint64 id, const HttpResult &result);
    void forgetAhead(quint64 id);
    void dropAhead(Task &task);

    // enginepages.cpp: one page's pipeline, from its answer to the writer
    // `answeredAt`: when the answer arrived, earlier than now for a page fetched ahead.
    void onResponse(quint64 taskId, const HttpResult &result, const QDateTime &answeredAt);
    void judgeEmptyPage(const Task &task, PageOutput &output) const;
    void onProcessed(quint64 taskId, qint64 bytes, int status, PageOutput output);
    void onPageFailed(Task &task, int status, const PageOutput &output);
    void countPage(Task &task, qint64 bytes, qint64 records);
    void reportPage(const Task &task, qint64 bytes, int status, const PageOutput &output);
    void noteSyncReached(Endpoint &endpoint, const QJsonObject &state);
    void writePage(Task &task, int status, PageOutput &output);
    void nextPage(Task &task, PageOutput &output);

    // enginewriter.cpp: the writer and the ledger, and the run's end
    void startWriter(const QString &workspacePath);
    void submit(LoadOp op);
    void reportPull(const QString &endpoint, const PartitionRecord &record);
    void emitEvent(EngineEvent event);
    void maybeFinish();
    void finishRun();

    QNetworkAccessManager *m_manager;
    QList<QNetworkAccessManager *> m_managers; // the injected one first, then siblings it needs
    QList<int> m_managerLoad;                  // requests in flight on each
    EngineOptions m_options;
    Secrets m_secrets;
    std::unique_ptr<Workspace> m_workspace; // this thread's connection: run records, checkpoints
    std::unique_ptr<PartitionLedger> m_ledger;
    QThread m_writerThread;
    LoadWriter *m_writer = nullptr;
    QThreadPool m_pool;

    std::vector<std::unique_ptr<Endpoint>> m_endpoints;
    QHash<quint64, std::shared_ptr<Task>> m_tasks;
    QHash<quint64, std::shared_ptr<Prefetch>> m_prefetches; // pages requested ahead of their turn
    quint64 m_nextTaskId = 1;
    QList<quint64> m_parked; // tasks waiting for resume() or for the writer to catch up
    qint64 m_pendingBytes = 0;

    bool m_running = false;
    bool m_paused = false;
    bool m_cancelled = false;
    bool m_finishing = false;
    RunSummary m_summary;
    QElapsedTimer m_wall;
};

} // namespace Backfill
