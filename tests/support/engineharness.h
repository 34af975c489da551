#pragma once

#include "tests/support/demoapiprocess.h"

#include "model/core/secrets.h"
#include "model/runs/engineevent.h"
#include "model/spec/spec.h"
#include "model/workspace/workspace.h"
#include "network/engine/backfillengine.h"

#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace Backfill {

// What the engine's integration tests share: the demo API, a fresh workspace file per test,
// the example specs pointed at the running API, a run that waits for the summary, and the
// rows of the workspace counted through a reader connection of its own.
class EngineHarness final
{
public:
    EngineHarness() = default;
    Q_DISABLE_COPY_MOVE(EngineHarness)

    // Starts the demo API with `arguments`; the secret api_key is the demo API's token.
    bool start(const QStringList &arguments = {});
    // A fresh workspace file and cleared statistics and events.
    bool next();

    // resources/examples/`file`, with base_url pointed at the running demo API.
    ApiSpec loadSpec(const QString &file) const;
    // Plans and runs every partition of `endpoint` and waits for the summary.
    std::optional<RunSummary> run(const ApiSpec &spec, const QString &endpoint, const QJsonObject &context = {},
                                  const EngineOptions &options = {});
    // The first column of the first row of `sql` on the workspace, or -1.
    qint64 count(const QString &sql);
    // Closes the reader, so that the next run starts on a file nobody else holds.
    void closeReader() { m_reader.reset(); }
    Workspace *reader();

    const QList<EngineEvent> &events() const { return m_events; }
    QList<EngineEvent> events(EngineEvent::Kind kind) const;
    DemoApiProcess &api() { return m_api; }
    QString workspacePath() const { return m_workspace; }
    Secrets &secrets() { return m_secrets; }

private:
    DemoApiProcess m_api;
    QTemporaryDir m_dir;
    QString m_workspace;
    Secrets m_secrets;
    QNetworkAccessManager m_network;
    QList<EngineEvent> m_events;
    std::unique_ptr<Workspace> m_reader;
};

// Puts a rule first: retry `condition` quickly, so fault tests do not wait for real backoff.
void addFastRetry(ApiSpec &spec, const QString &condition, int attempts);
// Sets a query parameter of the spec's first endpoint (the demo API reads its faults there).
void addParameter(ApiSpec &spec, const QString &name, const QString &value);

} // namespace Backfill
