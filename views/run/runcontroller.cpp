#include "views/run/runcontroller.h"

#include "model/core/logging.h"

#include <QNetworkAccessManager>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

RunController::RunController(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
{}

RunController::~RunController()
{
    // The engine commits what was fetched when it goes; nothing may outlive the manager.
    if (m_engine && m_engine->isRunning())
        m_engine->cancel();
    delete m_engine.data();
}

void RunController::setWorkspace(const QString &path, PartitionLedger *ledger)
{
    m_workspacePath = path;
    m_ledger = ledger;
}

bool RunController::isRunning() const
{
    return m_engine && m_engine->isRunning();
}

bool RunController::isPaused() const
{
    return m_engine && m_engine->isRunning() && m_engine->isPaused();
}

QList<PartitionPlan> RunController::ordered(const ApiSpec &spec, const QString &endpoint,
                                            const QList<PartitionPlan> &partitions) const
{
    QList<PartitionPlan> result = partitions;
    const qint64 endpointId = m_ledger ? m_ledger->endpointId(spec.name, endpoint) : -1;
    if (endpointId < 0) {
        // Never run: every partition is missing, so failed-first keeps the selection's order.
        if (m_order == PartitionLedger::Order::Newest)
            std::reverse(result.begin(), result.end());
        return result;
    }
    QStringList keys;
    QHash<QString, PartitionPlan> byKey;
    for (const PartitionPlan &plan : partitions) {
        keys << plan.key;
        byKey.insert(plan.key, plan);
    }
    // Partitions chosen by hand run even when done; running ones (another run) never twice.
    result.clear();
    for (const QString &key : m_ledger->nextToRun(endpointId, keys, m_order, -1, true))
        result.append(byKey.value(key));
    return result;
}

bool RunController::start(const ApiSpec &spec, const QString &endpoint, const QList<PartitionPlan> &partitions,
                          QString *error, const QJsonObject &context, const QString &rangeText, bool fullRefresh)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (isRunning())
        return fail(tr("A run is going: pause or cancel it first."));
    if (m_workspacePath.isEmpty())
        return fail(tr("Open a workspace first: runs write into it."));
    const QList<PartitionPlan> plans = ordered(spec, endpoint, partitions);
    if (plans.isEmpty())
        return fail(tr("Nothing to run: no partition of %1 is selected.").arg(endpoint));

    if (m_engine)
        m_engine->deleteLater(); // the last run's, finished; maybe still inside its finished()
    m_engine = new BackfillEngine(m_manager, this);
    connect(m_engine, &BackfillEngine::event, this, &RunController::onEvent);
    connect(m_engine, &BackfillEngine::partitionChanged, this, &RunController::onPartitionChanged);
    connect(m_engine, &BackfillEngine::finished, this, &RunController::onFinished);

    m_spec = spec;
    m_endpoint = endpoint;
    m_context = context;
    m_plans.clear();
    for (const PartitionPlan &plan : plans)
        m_plans.insert(plan.key, plan);
    m_failed.clear();
    m_summary = {};
    m_partitionCount = int(plans.size());

    EngineOptions options = m_options;
    options.startedBy = u"gui"_s;
    options.rangeText = !rangeText.isEmpty() ? rangeText
                        : plans.size() == 1  ? plans.constFirst().key
                                             : plans.constFirst().key + u"..."_s + plans.constLast().key;
    EndpointRun run{endpoint, {}, plans, context};
    run.fullRefresh = fullRefresh;
    const Secrets secrets = m_secretsProvider ? m_secretsProvider() : m_secrets;
    QString reason;
    if (!m_engine->start(spec, {run}, secrets, m_workspacePath, options, &reason)) {
        m_engine->deleteLater();
        m_engine = nullptr;
        m_partitionCount = 0;
        return fail(reason);
    }
    qCDebug(lcViews) << "run started:" << endpoint << plans.size() << "partitions";
    emit started(endpoint, m_partitionCount);
    return true;
}

bool RunController::startRange(const ApiSpec &spec, const QString &endpoint, const QString &range, RunFilter filter,
                               QString *error)
{
    const auto streams = selectStreams(spec, {{endpoint, {}, range, {}}}, m_ledger, false, filter, m_order, error);
    if (!streams)
        return false;
    const SelectedStream &stream = streams->constFirst();
    if (stream.toRun.isEmpty()) {
        if (error)
            *error = tr("Nothing to run: every selected partition of %1 is done.").arg(endpoint);
        return false;
    }
    return start(spec, endpoint, stream.toRun, error, stream.context, range, stream.mode == RunMode::FullRefresh);
}

bool RunController::retryFailed(QString *error)
{
    if (m_failed.isEmpty()) {
        if (error)
            *error = tr("No partition of the last run failed.");
        return false;
    }
    QList<PartitionPlan> plans;
    for (const QString &key : std::as_const(m_failed))
        plans.append(m_plans.value(key));
    const ApiSpec spec = m_spec;
    const QString endpoint = m_endpoint;
    const QJsonObject context = m_context;
    return start(spec, endpoint, plans, error, context);
}

void RunController::pause()
{
    if (!isRunning() || isPaused())
        return;
    m_engine->pause();
    emit pausedChanged(true);
}

void RunController::resume()
{
    if (!isPaused())
        return;
    m_engine->resume();
    emit pausedChanged(false);
}

void RunController::cancel()
{
    if (!isRunning())
        return;
    m_engine->cancel(); // parked partitions end too, paused or not
}

void RunController::onEvent(const EngineEvent &event)
{
    if (event.kind == EngineEvent::Kind::PartitionFailed && !m_failed.contains(event.partition))
        m_failed.append(event.partition);
    else if (event.kind == EngineEvent::Kind::PartitionSucceeded)
        m_failed.removeOne(event.partition);
    emit this->event(event);
}

void RunController::onPartitionChanged(const QString &endpoint, const PartitionRecord &record)
{
    // A cancelled partition is failed in the ledger without a failure event: it retries too.
    if (record.status == PartitionStatus::Failed && !m_failed.contains(record.key))
        m_failed.append(record.key);
    else if (isDone(record.status))
        m_failed.removeOne(record.key);
    emit partitionChanged(endpoint, record);
}

void RunController::onFinished(const RunSummary &summary)
{
    m_summary = summary;
    emit finished(summary);
}

} // namespace Backfill
