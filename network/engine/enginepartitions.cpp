// The engine's partitions: which start next (within each endpoint's concurrency and while the
// writer keeps up), where each starts (its checkpoint or its initial state), the tasks parked
// until resume() or the writer catches up, and how a partition ends: succeeded or failed.

#include "network/engine/backfillengine.h"

#include "model/workspace/partitionledger.h"
#include "network/engine/enginetasks.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
// The request's headers for the run history: a header that carries credentials shows only its
// scheme ("Bearer ****"), since tokens and base64 user:password pairs are not secret values
// that Secrets::mask() knows.
QString headerLines(const HttpHeaders &headers)
{
    static const QByteArrayView credentialWords[] = {"auth",   "cookie",   "token",    "key",
                                                     "secret", "password", "signature"};
    QStringList lines;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        const bool credential = std::any_of(std::begin(credentialWords), std::end(credentialWords),
                                            [&](QByteArrayView word) { return lower.contains(word); });
        QString shown = QString::fromUtf8(value);
        if (credential) {
            const qsizetype space = shown.indexOf(u' ');
            shown = (space > 0 ? shown.left(space + 1) : QString()) + u"****"_s;
        }
        lines << QString::fromLatin1(name) + u": "_s + shown;
    }
    return lines.join(u'\n');
}
} // namespace

void BackfillEngine::startMore()
{
    if (m_cancelled)
        maybeFinish(); // the last task of a cancelled run ended after cancel() looked
    if (!m_running || m_paused || m_cancelled)
        return;
    for (const auto &endpoint : m_endpoints) {
        while (endpoint->running < endpoint->concurrency && endpoint->next < endpoint->queue.size() &&
               m_pendingBytes < m_options.maxPendingBytes && !m_cancelled) {
            const PartitionPlan plan = endpoint->queue.at(endpoint->next++);
            startPartition(*endpoint, plan);
        }
    }
    maybeFinish();
}

void BackfillEngine::startPartition(Endpoint &endpoint, const PartitionPlan &plan)
{
    auto task = std::make_shared<Task>();
    task->id = m_nextTaskId++;
    task->endpoint = &endpoint;
    task->plan = plan;
    task->started.start();
    m_tasks.insert(task->id, task);
    ++endpoint.running;

    LoadOp running;
    running.kind = LoadOp::Kind::Running;
    running.endpointId = endpoint.id;
    running.partition = plan.key;
    submit(std::move(running));

    // Resume from the checkpoint of an earlier attempt when there is one.
    const QJsonObject checkpoint = m_ledger->checkpoint(endpoint.id, plan.key);
    QString error;
    EngineEvent started;
    started.kind = EngineEvent::Kind::PartitionStarted;
    started.endpoint = endpoint.program->name;
    started.partition = plan.key;
    // Not from the checkpoint: in a full refresh (the earlier pages' rows are older than this
    // run and would go at its end), nor without a primary key into another database, where
    // staged rows may be ahead of the ledger's checkpoint (see LoadWriter::flush()).
    const bool resumable = endpoint.program->paginated && !endpoint.fullRefresh &&
                           (m_options.target.isWorkspace() || !endpoint.program->primaryKey.isEmpty());
    if (checkpoint.contains(u"state"_s) && resumable) {
        task->state = checkpoint.value(u"state"_s).toObject();
        task->page = checkpoint.value(u"page"_s).toInt(1);
        task->counts.pages = checkpoint.value(u"pages"_s).toInteger();
        task->counts.rows = checkpoint.value(u"rows"_s).toInteger();
        task->counts.bytes = checkpoint.value(u"bytes"_s).toInteger();
        task->firstAfterResume = true;
        task->restart = false;
        started.page = task->page;
        started.message = tr("partition %1 resumes at page %2").arg(plan.key).arg(task->page);
    } else if (!initialState(*task, &error)) {
        emitEvent(started);
        failPartition(*task, 0, error);
        return;
    } else {
        started.message = tr("partition %1 started").arg(plan.key);
    }
    emitEvent(started);
    sendPage(task->id);
}

bool BackfillEngine::initialState(Task &task, QString *error)
{
    const EndpointProgram &program = *task.endpoint->program;
    QJsonObject state;
    if (!program.iterateInto.isEmpty())
        state.insert(program.iterateInto, task.plan.value);
    ExpressionScope scope;
    scope.roots = task.endpoint->roots;
    scope.now = m_options.clock;
    for (const auto &entry : program.state) {
        scope.roots.insert(u"state"_s, state);
        ExpressionError failure;
        const QJsonValue value = entry.evaluate(scope, &failure);
        if (!failure.message.isEmpty()) {
            *error = tr("state.%1: %2").arg(entry.key, failure.message);
            return false;
        }
        state.insert(entry.key, value);
    }
    task.state = state;
    task.page = 1;
    task.counts = {};
    task.restart = true;
    task.planAsked = false;
    dropAhead(task);
    return true;
}

void BackfillEngine::partitionSucceeded(Task &task)
{
    if (task.counts.rows > 0)
        ++m_summary.counts.succeeded;
    else
        ++m_summary.counts.empty;
    m_summary.counts.rows += task.counts.rows;
    m_summary.counts.bytes += task.counts.bytes;
    EngineEvent done;
    done.kind = EngineEvent::Kind::PartitionSucceeded;
    done.endpoint = task.endpoint->program->name;
    done.partition = task.plan.key;
    done.page = task.page;
    done.rows = task.counts.rows;
    done.bytes = task.counts.bytes;
    done.durationMs = task.started.elapsed();
    // As the ledger decides it (on the system clock): a period not ended and settled stays open.
    done.open = task.openUntil.isValid() && QDateTime::currentDateTimeUtc() < task.openUntil;
    done.message =
        tr("partition %1: %2 rows in %3 pages").arg(task.plan.key).arg(task.counts.rows).arg(task.counts.pages);
    if (done.open)
        done.message += tr("; open until %1: the next run pulls it again")
                            .arg(task.openUntil.toString(u"yyyy-MM-dd HH:mm 'UTC'"_s));
    emitEvent(done);
    finishTask(task.id);
}

void BackfillEngine::failPartition(Task &task, int status, const QString &message)
{
    Endpoint &endpoint = *task.endpoint;
    endpoint.anyFailed = true;
    const QString masked = m_secrets.mask(message);
    LoadOp failed;
    failed.kind = LoadOp::Kind::Failed;
    failed.endpointId = endpoint.id;
    failed.partition = task.plan.key;
    failed.httpStatus = status;
    failed.message = masked;
    submit(std::move(failed));

    ++m_summary.counts.failed;
    m_summary.counts.rows += task.counts.rows;
    m_summary.counts.bytes += task.counts.bytes;
    m_summary.failed.append({endpoint.program->name + u' ' + task.plan.key, masked});

    EngineEvent event;
    event.kind = EngineEvent::Kind::PartitionFailed;
    event.endpoint = endpoint.program->name;
    event.partition = task.plan.key;
    event.page = task.page;
    event.httpStatus = status;
    event.url = task.request.url.toDisplayString(QUrl::RemoveUserInfo);
    if (!event.url.isEmpty()) {
        event.method = QString::fromLatin1(task.request.method);
        event.requestHeaders = headerLines(task.request.headers);
    }
    event.response = QString::fromUtf8(task.response);
    event.durationMs = task.started.elapsed();
    event.message = tr("partition %1 failed at page %2 (%3): %4. Its committed pages are kept; "
                       "retry the failed partitions to continue it.")
                        .arg(task.plan.key)
                        .arg(task.page)
                        .arg(event.url.isEmpty() ? tr("no request sent") : event.url, masked);
    emitEvent(event);
    finishTask(task.id);
}

void BackfillEngine::finishTask(quint64 taskId)
{
    const auto found = m_tasks.find(taskId);
    if (found == m_tasks.end())
        return;
    --(*found)->endpoint->running;
    dropAhead(**found);
    m_tasks.erase(found);
    m_parked.removeAll(taskId);
    QMetaObject::invokeMethod(this, &BackfillEngine::startMore, Qt::QueuedConnection);
}

void BackfillEngine::unpark()
{
    if (m_paused && !m_cancelled)
        return;
    const QList<quint64> parked = std::exchange(m_parked, {});
    for (quint64 id : parked)
        sendPage(id);
}

} // namespace Backfill
