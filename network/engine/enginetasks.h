#pragma once

// The engine's bookkeeping, shared by the files of BackfillEngine (and private to them): an
// endpoint's part of the run, a partition's task, and a page requested ahead of its turn.

#include "network/engine/backfillengine.h"
#include "network/http/httpjob.h"
#include "network/http/httprequest.h"
#include "network/http/oauth2token.h"
#include "network/http/ratelimiter.h"
#include "network/planning/endpointprogram.h"

#include <QElapsedTimer>
#include <QMap>
#include <QPointer>

#include <memory>

namespace Backfill {

inline constexpr int MaxConnectionsPerHost = 6; // Qt 6.4's QNetworkAccessManager

struct BackfillEngine::Endpoint
{
    std::shared_ptr<const EndpointProgram> program;
    QString table;
    qint64 id = -1;
    std::unique_ptr<RateLimiter> limiter;
    std::unique_ptr<OAuth2Token> token;
    QList<PartitionPlan> queue;
    qsizetype next = 0;
    int running = 0;
    int concurrency = 1;
    int inFlight = 0;
    int requestConcurrency = MaxConnectionsPerHost;
    QList<quint64> waitingSlot;
    QHash<QString, QJsonValue> roots; // context, sync, secrets
    bool plannable = false;           // see pagesPlannable()
    QJsonObject sync;                 // as stored when the run started
    QJsonObject syncReached;          // what the run's finished partitions reached
    bool anyFailed = false;
    bool fullRefresh = false;
    QDateTime refreshSince; // rows loaded before this are not from this run
};

struct BackfillEngine::Task
{
    quint64 id = 0;
    Endpoint *endpoint = nullptr;
    PartitionPlan plan;
    QJsonObject state;
    int page = 1;
    int attempt = 1;
    PartitionCounts counts;
    bool restart = true; // the next page written starts the partition afresh
    bool firstAfterResume = false;
    bool restartedAsExpired = false; // a page's position expired mid-run once: restarted
    QDateTime openUntil;             // its last page's: before this it is recorded Open
    qint64 announcedPause = 0;       // the endpoint's 429 deadline this task has said it waits for
    HttpRequest request;
    QPointer<HttpJob> job;
    QByteArray response; // the start of the last response's body, for a failure's record
    QElapsedTimer started;
    QElapsedTimer requestTimer;
    // Parallel pages: the states of the pages from `plannedFrom` on, as the first response of
    // this run of the partition announced them, and the requests already made for them.
    bool planAsked = false;
    QList<QJsonObject> planned;
    int plannedFrom = 0;
    QMap<int, quint64> ahead; // page -> Prefetch id
};

// A page requested before its turn. The partition takes its answer only if, when the page
// is due, the request it would send is exactly this one.
struct BackfillEngine::Prefetch
{
    quint64 id = 0;
    quint64 taskId = 0;
    Endpoint *endpoint = nullptr;
    int page = 0;
    bool built = false;
    bool done = false;
    bool wanted = false; // the partition reached this page and waits for the answer
    HttpRequest request;
    HttpResult result;
    QDateTime answeredAt; // a Retry-After in `result` counts from here
    QPointer<HttpJob> job;
    QElapsedTimer timer;
};

} // namespace Backfill
