// The engine's pages: one answer's pipeline, from the response through the page processor (on
// the parsing pool, or inline for a small page) to its records, counts and events, the sync
// values it reached, and its hand-off to the writer with the checkpoint for the ledger; then
// the partition's next page.

#include "network/engine/backfillengine.h"

#include "model/partitions/partitionperiod.h"

#include "model/core/crashpoint.h"
#include "network/engine/enginetasks.h"
#include "network/engine/pageprocessor.h"

#include <QFutureWatcher>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
constexpr qint64 InlinePageBytes = 32 * 1024; // see EngineOptions::processSmallPagesInline
} // namespace

void BackfillEngine::onResponse(quint64 taskId, const HttpResult &result, const QDateTime &answeredAt)
{
    const auto found = m_tasks.find(taskId);
    if (found == m_tasks.end())
        return;
    Task &task = **found;
    crashPoint("response.received");
    if (m_cancelled) {
        failPartition(task, result.status, tr("cancelled; the partition resumes from its last committed page"));
        return;
    }
    task.response = result.body.left(EngineEvent::ResponseExcerptBytes);
    if (result.status == 401 && task.endpoint->token && task.attempt == 1) {
        // The token may have been revoked early: fetch a new one and try once more.
        task.endpoint->token->invalidate();
        ++task.attempt;
        sendPage(taskId);
        return;
    }

    PageInput input;
    input.program = task.endpoint->program;
    input.request = task.request;
    input.response = result;
    input.state = task.state;
    input.roots = task.endpoint->roots;
    input.recordsBefore = task.counts.rows;
    input.page = task.page;
    input.planAhead = task.endpoint->plannable && !task.planAsked;
    input.requireKey = true;
    const qint64 bytes = result.body.size();
    const int status = result.status;
    const auto processed = [this, taskId, bytes, status, retryAfter = result.header("retry-after"),
                            rateLimitReset = result.header("ratelimit-reset"), answeredAt](PageOutput output) {
        crashPoint("page.parsed");
        const auto it = m_tasks.find(taskId);
        if (it != m_tasks.end() && output.verdict == PageOutput::Verdict::Use)
            judgeEmptyPage(**it, output);
        if (output.verdict == PageOutput::Verdict::Retry) {
            if (it != m_tasks.end())
                retry(**it, output, status, retryAfter, rateLimitReset, answeredAt);
            return;
        }
        onProcessed(taskId, bytes, status, std::move(output));
    };
    if (m_options.processSmallPagesInline && bytes <= InlinePageBytes) {
        processed(processPage(input));
        return;
    }
    auto *watcher = new QFutureWatcher<PageOutput>(this);
    connect(watcher, &QFutureWatcher<PageOutput>::finished, this, [watcher, processed] {
        watcher->deleteLater();
        processed(watcher->future().takeResult()); // moved out: a page's records are large
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [input = std::move(input)] { return processPage(input); }));
}

void BackfillEngine::judgeEmptyPage(const Task &task, PageOutput &output) const
{
    // A page without records between pages with records, where the first response announced
    // more pages after it: a server's hiccup (a replica behind, a cache), not the data. It is
    // retried like a broken answer, and the partition fails, named, if it stays empty.
    const EndpointProgram &program = *task.endpoint->program;
    const int last = task.plannedFrom + int(task.planned.size()) - 1;
    if (!program.recordsFastPath || output.recordCount > 0 || output.stop || task.planned.isEmpty() ||
        task.page >= last || task.counts.rows == 0)
        return; // a filtering JMESPath may empty a page on purpose
    output.verdict = PageOutput::Verdict::Retry;
    output.rule = &program.rules.at(program.transportRule);
    output.message = tr("page %1 of %2 has no records, though the pages before it had").arg(task.page).arg(last);
}

void BackfillEngine::onProcessed(quint64 taskId, qint64 bytes, int status, PageOutput output)
{
    const auto found = m_tasks.find(taskId);
    if (found == m_tasks.end())
        return;
    Task &task = **found;
    if (output.verdict == PageOutput::Verdict::Fail) {
        onPageFailed(task, status, output);
        return;
    }
    countPage(task, bytes, output.recordCount);
    reportPage(task, bytes, status, output);
    noteSyncReached(*task.endpoint, output.state);
    writePage(task, status, output);
    if (output.stop) {
        partitionSucceeded(task);
        return;
    }
    nextPage(task, output);
}

void BackfillEngine::onPageFailed(Task &task, int status, const PageOutput &output)
{
    // A cursor that expired while the partition was being read (410 Gone, or a 4xx that says
    // "expired"): the pages after it cannot be had, so the partition starts over, once.
    const bool expired =
        task.page > 1 && !task.restartedAsExpired && output.rule && output.rule->builtIn &&
        (status == 410 || ((status == 400 || status == 404 || status == 422) &&
                           QByteArrayView(task.response).toByteArray().toLower().contains("expired"))); // not 401/403
    if ((task.firstAfterResume && status >= 400 && status < 500) || expired) {
        // The saved cursor no longer works (expired, data changed): start over.
        EngineEvent event;
        event.kind = EngineEvent::Kind::Warning;
        event.endpoint = task.endpoint->program->name;
        event.partition = task.plan.key;
        event.httpStatus = status;
        event.message =
            task.firstAfterResume
                ? tr("partition %1: the saved position no longer works (%2); restarting from its first page")
                      .arg(task.plan.key, output.message)
                : tr("partition %1: page %2's position expired (%3); restarting from its first page, whose rows "
                     "replace what this run wrote")
                      .arg(task.plan.key)
                      .arg(task.page)
                      .arg(output.message);
        emitEvent(event);
        task.restartedAsExpired = task.restartedAsExpired || expired;
        QString error;
        task.firstAfterResume = false;
        task.attempt = 1;
        if (!initialState(task, &error)) {
            failPartition(task, 0, error);
            return;
        }
        sendPage(task.id);
        return;
    }
    failPartition(task, status, output.message);
}

void BackfillEngine::countPage(Task &task, qint64 bytes, qint64 records)
{
    task.firstAfterResume = false;
    task.attempt = 1;
    task.planAsked = task.planAsked || task.endpoint->plannable;
    ++task.counts.pages;
    task.counts.rows += records;
    task.counts.bytes += bytes;
}

void BackfillEngine::reportPage(const Task &task, qint64 bytes, int status, const PageOutput &output)
{
    EngineEvent fetched;
    fetched.kind = EngineEvent::Kind::PageFetched;
    fetched.endpoint = task.endpoint->program->name;
    fetched.partition = task.plan.key;
    fetched.page = task.page;
    fetched.httpStatus = status;
    fetched.rows = output.recordCount;
    fetched.bytes = bytes;
    fetched.durationMs = task.requestTimer.elapsed();
    fetched.url = task.request.url.toDisplayString(QUrl::RemoveUserInfo);
    emitEvent(fetched);
    if (output.notAdvancing) {
        EngineEvent warning = fetched;
        warning.kind = EngineEvent::Kind::Warning;
        warning.message = tr("partition %1: pagination.next_state gave the same state again; stopped after page %2")
                              .arg(task.plan.key)
                              .arg(task.page);
        emitEvent(warning);
    }
}

// What the run reached for the endpoint's `sync` keys, saved only if the run completes.
void BackfillEngine::noteSyncReached(Endpoint &endpoint, const QJsonObject &state)
{
    const EndpointProgram &program = *endpoint.program;
    for (const QString &key : program.sync) {
        if (!state.contains(key))
            continue;
        const QJsonValue value = state.value(key);
        const QJsonValue reached = endpoint.syncReached.value(key);
        bool newer = reached.isUndefined() || reached.isNull();
        for (const auto &processor : program.processors) {
            if (processor.toState && processor.name == key && !newer) {
                if (processor.aggregation == EndpointProgram::Aggregation::Maximum)
                    newer = value.isDouble() ? value.toDouble() > reached.toDouble()
                                             : Expression::toText(value) > Expression::toText(reached);
                else if (processor.aggregation == EndpointProgram::Aggregation::Minimum)
                    newer = value.isDouble() ? value.toDouble() < reached.toDouble()
                                             : Expression::toText(value) < Expression::toText(reached);
                else
                    newer = true;
            }
        }
        if (newer)
            endpoint.syncReached.insert(key, value);
    }
}

// The page's records go to the writer (moved out of `output`), with the checkpoint the ledger
// keeps for them.
void BackfillEngine::writePage(Task &task, int status, PageOutput &output)
{
    const Endpoint &endpoint = *task.endpoint;
    LoadOp page;
    page.kind = LoadOp::Kind::Page;
    page.endpointId = endpoint.id;
    page.partition = task.plan.key;
    page.table = endpoint.table;
    page.primaryKey = endpoint.program->primaryKey;
    page.updateKey = endpoint.program->updateKey;
    page.records = std::move(output.records);
    page.counts = task.counts;
    page.httpStatus = status;
    page.restart = task.restart;
    page.last = output.stop;
    if (page.last) {
        // A period that has not ended and settled (today, this hour) is Open, not done: pulled again.
        // The period as planned (a "7d" step from a Wednesday ends the next Wednesday), else as the key says.
        const std::optional<qint64> end =
            task.plan.endMs > 0 ? std::optional(task.plan.endMs) : partitionEndMs(task.plan.key);
        if (end)
            page.openUntil = QDateTime::fromMSecsSinceEpoch(*end + endpoint.program->settleMs, QTimeZone::utc());
        task.openUntil = page.openUntil;
    }
    page.checkpoint = QJsonObject{{u"state"_s, output.nextState},
                                  {u"page"_s, task.page + 1},
                                  {u"pages"_s, task.counts.pages},
                                  {u"rows"_s, task.counts.rows},
                                  {u"bytes"_s, task.counts.bytes}};
    m_pendingBytes += page.records.byteSize();
    task.restart = false;
    submit(std::move(page));
    crashPoint("page.submitted");
}

void BackfillEngine::nextPage(Task &task, PageOutput &output)
{
    const quint64 taskId = task.id; // sendPage() may end the task
    task.state = output.nextState;
    ++task.page;
    if (!output.plannedStates.isEmpty()) {
        task.planned = std::move(output.plannedStates);
        task.plannedFrom = task.page;
    }
    sendPage(taskId);
    fetchAhead(taskId);
}

} // namespace Backfill
