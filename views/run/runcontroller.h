#pragma once

#include "model/core/secrets.h"
#include "model/runs/engineevent.h"
#include "model/spec/spec.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/partitionrecord.h"
#include "network/engine/backfillengine.h"
#include "network/planning/partitionplanner.h"
#include "network/planning/streamselection.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>

#include <QPointer>
#include <QStringList>
#include <functional>

class QNetworkAccessManager;

namespace Backfill {

// Runs backfills for the studio: one BackfillEngine per run, started for one endpoint of a
// spec with the partitions to fetch (from the calendar, or a typed range), in the chosen
// order; pause, resume, cancel, and "retry failed" that runs the last run's failed partitions
// again. Re-emits the engine's signals, so views connect once and outlive every run.
//
// Wiring: construct with the application's QNetworkAccessManager, then setWorkspace() with
// the open workspace's file and ledger; the calendar calls start() and listens to
// partitionChanged() to colour its days.
class RunController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunController)

public:
    explicit RunController(QNetworkAccessManager *manager, QObject *parent = nullptr);
    ~RunController() override;

    // Where runs write. The ledger (the GUI's connection to the same file, may be null) orders
    // the partitions (failed first needs their status) and tells what a range still needs.
    void setWorkspace(const QString &path, PartitionLedger *ledger);
    QString workspacePath() const { return m_workspacePath; }
    // Secret values for `{secrets.*}`; BACKFILL_SECRET_<NAME> variables work without this.
    void setSecrets(const Secrets &secrets) { m_secrets = secrets; }
    // Asked at every start (retries too), so a secret fixed after a 401 is used at once;
    // replaces setSecrets() when set.
    void setSecretsProvider(std::function<Secrets()> provider) { m_secretsProvider = std::move(provider); }
    // Concurrency, rate, clock... for the next runs; startedBy and rangeText are set per run.
    void setOptions(const EngineOptions &options) { m_options = options; }
    // The order of the next start(): oldest first (as selected), newest first, failed first.
    void setOrder(PartitionLedger::Order order) { m_order = order; }
    PartitionLedger::Order order() const { return m_order; }

    // Runs `partitions` of `endpoint` (a name in `spec`) in order(). `context` is what the
    // requests see as context.* (range_start, range_end, mode). False with `error` when it cannot start (a run is
    // already going, nothing to run, spec or workspace errors).
    // `rangeText` is what the run's record shows (empty: the first and last key); a full
    // refresh replaces the table's other rows once every partition succeeded.
    bool start(const ApiSpec &spec, const QString &endpoint, const QList<PartitionPlan> &partitions,
               QString *error = nullptr, const QJsonObject &context = {}, const QString &rangeText = {},
               bool fullRefresh = false);
    // Selects the partitions by a typed range as `backfill run --range` does (empty: the spec's
    // default range), keeps those `filter` asks for (Resume: failed, unfinished and missing),
    // and runs them.
    bool startRange(const ApiSpec &spec, const QString &endpoint, const QString &range, RunFilter filter,
                    QString *error = nullptr);
    // Runs the partitions that failed (or were cancelled) in the last run again: same spec,
    // endpoint and context; each continues from its last committed page when it can.
    bool retryFailed(QString *error = nullptr);

    void pause();
    void resume();
    void cancel();

    bool isRunning() const;
    bool isPaused() const;
    int partitionCount() const { return m_partitionCount; }   // of the current or last run
    QStringList failedPartitions() const { return m_failed; } // of the last run, failed or cancelled
    RunSummary lastSummary() const { return m_summary; }

signals:
    void started(const QString &endpoint, int partitions);
    void event(const Backfill::EngineEvent &event);
    void partitionChanged(const QString &endpoint, const Backfill::PartitionRecord &record);
    void pausedChanged(bool paused);
    void finished(const Backfill::RunSummary &summary);

private:
    QList<PartitionPlan> ordered(const ApiSpec &spec, const QString &endpoint,
                                 const QList<PartitionPlan> &partitions) const;
    void onEvent(const EngineEvent &event);
    void onPartitionChanged(const QString &endpoint, const PartitionRecord &record);
    void onFinished(const RunSummary &summary);

    QNetworkAccessManager *m_manager;
    QPointer<BackfillEngine> m_engine;
    QString m_workspacePath;
    PartitionLedger *m_ledger = nullptr;
    Secrets m_secrets;
    std::function<Secrets()> m_secretsProvider;
    EngineOptions m_options;
    PartitionLedger::Order m_order = PartitionLedger::Order::Oldest;

    // The last run, for retryFailed().
    ApiSpec m_spec;
    QString m_endpoint;
    QJsonObject m_context;
    QHash<QString, PartitionPlan> m_plans; // by key
    QStringList m_failed;
    int m_partitionCount = 0;
    RunSummary m_summary;
};

} // namespace Backfill
