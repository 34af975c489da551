// The engine's requests: each page's request built (with the OAuth2 token when there is one)
// and sent within the endpoint's request slots and rate limit, a 429 pausing the whole
// endpoint; the QNetworkAccessManagers they go through; a page's retry; and the pages requested
// ahead of their turn (Prefetch), used when the partition gets there with the same request.

#include "network/engine/backfillengine.h"

#include "model/core/crashpoint.h"
#include "model/core/translation.h"
#include "network/engine/enginetasks.h"
#include "network/engine/pageprocessor.h"
#include "network/engine/requestbuilder.h"
#include "network/engine/retrywait.h"
#include "network/http/backoff.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
QString seconds(qint64 ms)
{
    return ms < 1000 ? tr("%1 ms").arg(ms) : tr("%1 s").arg(ms / 1000.0, 0, 'f', ms < 10000 ? 1 : 0);
}

bool sameRequest(const HttpRequest &a, const HttpRequest &b)
{
    return a.method == b.method && a.url == b.url && a.headers == b.headers && a.body == b.body &&
           a.timeoutMs == b.timeoutMs;
}
} // namespace

void BackfillEngine::sendPage(quint64 taskId)
{
    const auto found = m_tasks.find(taskId);
    if (found == m_tasks.end())
        return;
    Task &task = **found;
    task.response.clear();
    if (m_cancelled) {
        failPartition(task, 0, tr("cancelled; the partition resumes from its last committed page"));
        return;
    }
    if (m_paused || m_pendingBytes >= m_options.maxPendingBytes) {
        m_parked.append(taskId);
        return;
    }
    Endpoint &endpoint = *task.endpoint;
    if (endpoint.token) {
        endpoint.token->get([this, taskId](const QString &token, const QString &error) {
            const auto it = m_tasks.find(taskId);
            if (it == m_tasks.end())
                return;
            Task &t = **it;
            if (!error.isEmpty()) {
                failPartition(t, 0, error);
                return;
            }
            ExpressionScope scope;
            scope.roots = t.endpoint->roots;
            scope.roots.insert(u"state"_s, t.state);
            scope.now = m_options.clock;
            QString buildError;
            const auto request = buildRequest(*t.endpoint->program, scope, token, &buildError);
            if (!request) {
                failPartition(t, 0, buildError);
                return;
            }
            t.request = *request;
            sendOrUseAhead(taskId);
        });
        return;
    }
    ExpressionScope scope;
    scope.roots = endpoint.roots;
    scope.roots.insert(u"state"_s, task.state);
    scope.now = m_options.clock;
    QString error;
    const auto request = buildRequest(*endpoint.program, scope, {}, &error);
    if (!request) {
        failPartition(task, 0, error);
        return;
    }
    task.request = *request;
    sendOrUseAhead(taskId);
}

void BackfillEngine::sendOrUseAhead(quint64 taskId)
{
    const auto found = m_tasks.find(taskId);
    if (found == m_tasks.end())
        return;
    Task &task = **found;
    const auto ahead = task.ahead.constFind(task.page);
    if (ahead == task.ahead.cend()) {
        dispatch(taskId);
        return;
    }
    const quint64 id = *ahead;
    task.ahead.erase(ahead);
    const auto prefetch = m_prefetches.value(id);
    if (!prefetch || !prefetch->built || !sameRequest(prefetch->request, task.request)) {
        // The partition went elsewhere than announced: nothing requested ahead is of use.
        if (prefetch && prefetch->built)
            dropAhead(task);
        forgetAhead(id);
        dispatch(taskId);
        return;
    }
    if (!prefetch->done) {
        prefetch->wanted = true;
        return;
    }
    m_prefetches.remove(id);
    task.requestTimer = prefetch->timer;
    onResponse(taskId, prefetch->result, prefetch->answeredAt);
}

void BackfillEngine::dispatch(quint64 id)
{
    const auto found = m_tasks.find(id);
    if (found == m_tasks.end()) {
        dispatchAhead(id);
        return;
    }
    const quint64 taskId = id;
    Task &task = **found;
    Endpoint &endpoint = *task.endpoint;
    if (m_cancelled) {
        failPartition(task, 0, tr("cancelled; the partition resumes from its last committed page"));
        return;
    }
    if (m_paused) {
        m_parked.append(taskId);
        return;
    }
    if (endpoint.inFlight >= endpoint.requestConcurrency) {
        endpoint.waitingSlot.append(taskId);
        return;
    }
    if (const qint64 wait = endpoint.limiter->wait(); wait > 0) {
        const qint64 deadline = endpoint.limiter->pausedUntil();
        if (deadline > endpoint.limiter->now() && task.announcedPause != deadline) {
            // Another partition of this endpoint got a 429: everyone waits for its deadline.
            task.announcedPause = deadline;
            EngineEvent event;
            event.kind = EngineEvent::Kind::Wait;
            event.endpoint = endpoint.program->name;
            event.partition = task.plan.key;
            event.page = task.page;
            event.waitMs = deadline - endpoint.limiter->now();
            event.message = tr("page %1 waits %2: the server answered 429 for this endpoint")
                                .arg(task.page)
                                .arg(seconds(event.waitMs));
            emitEvent(event);
        }
        QTimer::singleShot(wait, this, [this, taskId] { dispatch(taskId); });
        return;
    }
    task.requestTimer.start();
    task.job = send(endpoint, task.request);
    connect(task.job, &HttpJob::finished, this,
            [this, taskId](const HttpResult &result) { onResponse(taskId, result, now()); });
    task.job->start();
    crashPoint("request.sent");
}

HttpJob *BackfillEngine::send(Endpoint &endpoint, const HttpRequest &request)
{
    const quint64 ticket = endpoint.limiter->recordSend();
    ++endpoint.inFlight;
    ++m_summary.requests;
    const int manager = pickManager();
    ++m_managerLoad[manager];
    auto *job = new HttpJob(m_managers.at(manager), request, this);
    // Connected first, so the slot is free before the caller's handler runs.
    connect(job, &HttpJob::finished, this, [this, job, manager, endpoint = &endpoint, ticket] {
        --m_managerLoad[manager];
        endpoint->limiter->recordAnswer(ticket);
        job->deleteLater();
        releaseSlot(*endpoint);
    });
    return job;
}

int BackfillEngine::pickManager()
{
    // One QNetworkAccessManager opens at most 6 connections per host and queues the rest
    // unseen (they would then leave in bursts, past the rate limiter). Past 6 requests in
    // flight, a sibling manager opens 6 more.
    int best = 0;
    for (int i = 1; i < m_managers.size(); ++i) {
        if (m_managerLoad.at(i) < m_managerLoad.at(best))
            best = i;
    }
    if (m_managerLoad.at(best) < MaxConnectionsPerHost)
        return best;
    auto *sibling = new QNetworkAccessManager(this);
    sibling->setProxy(m_managers.first()->proxy());
    sibling->setRedirectPolicy(m_managers.first()->redirectPolicy());
    m_managers.append(sibling);
    m_managerLoad.append(0);
    return int(m_managers.size() - 1);
}

void BackfillEngine::releaseSlot(Endpoint &endpoint)
{
    --endpoint.inFlight;
    if (!endpoint.waitingSlot.isEmpty())
        dispatch(endpoint.waitingSlot.takeFirst());
}

void BackfillEngine::retry(Task &task, const PageOutput &output, int status, const QByteArray &retryAfter,
                           const QByteArray &rateLimitReset, const QDateTime &answeredAt)
{
    const int maxAttempts = output.rule ? output.rule->maxAttempts : 4;
    const QString url = task.request.url.toDisplayString(QUrl::RemoveUserInfo);
    if (task.attempt >= maxAttempts) {
        failPartition(task, status, tr("%1 (after %2 attempts)").arg(output.message).arg(task.attempt));
        return;
    }
    const double random = m_options.random ? m_options.random() : QRandomGenerator::global()->generateDouble();
    const RetryWait wait =
        RetryWait::decide(output.rule, task.attempt, status, retryAfter, rateLimitReset, answeredAt, random);
    // A page fetched ahead is looked at well after its answer: the time since counts toward
    // the server's wait, which is not served twice.
    const qint64 delay = wait.remainingMs(answeredAt, now());
    if (status == 429) {
        task.endpoint->limiter->pauseUntil(task.endpoint->limiter->now() + delay);
        task.announcedPause = task.endpoint->limiter->pausedUntil(); // its own Retry event says why
        ++m_summary.rateLimited;
    }
    ++m_summary.retries;

    LoadOp error;
    error.kind = LoadOp::Kind::Error;
    error.endpointId = task.endpoint->id;
    error.partition = task.plan.key;
    error.httpStatus = status;
    error.message = m_secrets.mask(output.message);
    submit(std::move(error));

    EngineEvent event;
    event.kind = EngineEvent::Kind::Retry;
    event.endpoint = task.endpoint->program->name;
    event.partition = task.plan.key;
    event.page = task.page;
    event.attempt = task.attempt;
    event.httpStatus = status;
    event.waitMs = delay;
    event.url = url;
    // One arg() call: a URL's own %2B or %3A must not be taken for the placeholders after it.
    event.message = tr("page %1 (%2): %3; retrying in %4 (%5, attempt %6 of %7)")
                        .arg(QString::number(task.page), url, output.message, seconds(delay),
                             wait.fromServer ? tr("as the server asked")
                                             : BackoffPolicy::kindToString(wait.backoff) + tr(" backoff"),
                             QString::number(task.attempt + 1), QString::number(maxAttempts));
    emitEvent(event);
    ++task.attempt;
    QTimer::singleShot(delay, this, [this, id = task.id] { sendPage(id); });
}

void BackfillEngine::fetchAhead(quint64 taskId)
{
    const auto found = m_tasks.find(taskId);
    if (found == m_tasks.end())
        return;
    Task &task = **found;
    if (task.planned.isEmpty() || m_paused || m_cancelled || m_pendingBytes >= m_options.maxPendingBytes)
        return;
    // A window of pages past the one due; the endpoint's slots and rate limit decide when
    // each goes out, first come first served with the other partitions' pages.
    const int last = task.plannedFrom + int(task.planned.size()) - 1;
    const int window = std::max(1, task.endpoint->requestConcurrency);
    for (int page = std::max(task.page + 1, task.plannedFrom); page <= std::min(last, task.page + window); ++page) {
        if (task.ahead.contains(page))
            continue;
        auto prefetch = std::make_shared<Prefetch>();
        prefetch->id = m_nextTaskId++;
        prefetch->taskId = taskId;
        prefetch->endpoint = task.endpoint;
        prefetch->page = page;
        task.ahead.insert(page, prefetch->id);
        m_prefetches.insert(prefetch->id, prefetch);
        buildAhead(prefetch->id, task.planned.at(page - task.plannedFrom));
    }
}

void BackfillEngine::buildAhead(quint64 id, const QJsonObject &state)
{
    const auto build = [this, id, state](const QString &token) {
        const auto found = m_prefetches.find(id);
        if (found == m_prefetches.end())
            return;
        Prefetch &prefetch = **found;
        ExpressionScope scope;
        scope.roots = prefetch.endpoint->roots;
        scope.roots.insert(u"state"_s, state);
        scope.now = m_options.clock;
        QString error;
        const auto request = buildRequest(*prefetch.endpoint->program, scope, token, &error);
        if (!request) {
            forgetAhead(id); // the partition meets the error itself when it gets there
            return;
        }
        prefetch.request = *request;
        prefetch.built = true;
        dispatch(id);
    };
    const auto found = m_prefetches.find(id);
    if (found == m_prefetches.end())
        return;
    if (OAuth2Token *token = (*found)->endpoint->token.get()) {
        token->get([this, id, build](const QString &value, const QString &error) {
            if (error.isEmpty())
                build(value);
            else
                forgetAhead(id);
        });
        return;
    }
    build({});
}

void BackfillEngine::dispatchAhead(quint64 id)
{
    const auto found = m_prefetches.find(id);
    if (found == m_prefetches.end())
        return;
    Prefetch &prefetch = **found;
    Endpoint &endpoint = *prefetch.endpoint;
    if (m_cancelled || m_paused || m_pendingBytes >= m_options.maxPendingBytes) {
        forgetAhead(id); // not now: the partition requests the page itself when it is due
        return;
    }
    if (endpoint.inFlight >= endpoint.requestConcurrency) {
        endpoint.waitingSlot.append(id);
        return;
    }
    if (const qint64 wait = endpoint.limiter->wait(); wait > 0) {
        QTimer::singleShot(wait, this, [this, id] { dispatch(id); });
        return;
    }
    prefetch.timer.start();
    prefetch.job = send(endpoint, prefetch.request);
    connect(prefetch.job, &HttpJob::finished, this,
            [this, id](const HttpResult &result) { onAheadResponse(id, result); });
    prefetch.job->start();
    crashPoint("request.sent");
}

void BackfillEngine::onAheadResponse(quint64 id, const HttpResult &result)
{
    const auto found = m_prefetches.find(id);
    if (found == m_prefetches.end())
        return;
    const std::shared_ptr<Prefetch> prefetch = *found;
    const QDateTime answeredAt = now();
    if (result.status == 429) {
        // Every worker of the endpoint waits from now, not from when the partition reaches
        // this page; the partition still retries it by its rules then.
        const auto delay =
            serverRetryDelayMs(result.header("retry-after"), result.header("ratelimit-reset"), answeredAt);
        RateLimiter &limiter = *prefetch->endpoint->limiter;
        limiter.pauseUntil(limiter.now() + std::max<qint64>(delay.value_or(0), 100));
    }
    if (!prefetch->wanted) {
        prefetch->done = true;
        prefetch->result = result;
        prefetch->answeredAt = answeredAt;
        return;
    }
    m_prefetches.erase(found);
    if (const auto task = m_tasks.find(prefetch->taskId); task != m_tasks.end())
        (*task)->requestTimer = prefetch->timer;
    onResponse(prefetch->taskId, result, answeredAt);
}

void BackfillEngine::forgetAhead(quint64 id)
{
    const std::shared_ptr<Prefetch> prefetch = m_prefetches.take(id);
    if (!prefetch)
        return;
    if (const auto task = m_tasks.find(prefetch->taskId); task != m_tasks.end())
        (*task)->ahead.remove(prefetch->page);
    prefetch->endpoint->waitingSlot.removeAll(id);
    if (prefetch->job)
        prefetch->job->abort();
    if (prefetch->wanted)
        dispatch(prefetch->taskId); // the partition waits for this page: it asks for it itself
}

void BackfillEngine::dropAhead(Task &task)
{
    task.planned.clear();
    const QList<quint64> ids = task.ahead.values();
    task.ahead.clear();
    // Out of the books first: an abort answers at once, and a freed slot must not go to one
    // of these.
    QList<QPointer<HttpJob>> jobs;
    for (quint64 id : ids) {
        if (const std::shared_ptr<Prefetch> prefetch = m_prefetches.take(id)) {
            prefetch->endpoint->waitingSlot.removeAll(id);
            jobs.append(prefetch->job);
        }
    }
    for (const QPointer<HttpJob> &job : std::as_const(jobs)) {
        if (job)
            job->abort();
    }
}

} // namespace Backfill
