// The fixture of the engine suites: backfill-demo-api on 127.0.0.1 (cursors expire after 2 s), a new workspace
// file for each test, the example specs pointed at the API, a run that waits for its summary, and the rows counted
// through a reader of its own.
#pragma once

#include "tests/support/demoapiprocess.h"

#include "model/workspace/workspace.h"
#include "network/engine/backfillengine.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTemporaryDir>

#include <memory>
#include <optional>

// Puts a rule first: retry `condition` quickly, so fault tests do not wait for real backoff.
void addFastRetry(Backfill::ApiSpec &spec, const QString &condition, int attempts);
// Sets a query parameter of the spec's first endpoint.
void addParameter(Backfill::ApiSpec &spec, const QString &name, const QString &value);

// The suites derive from it: QTest runs its initTestCase(), init() and cleanup() for them.
class EngineFixture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

protected:
    Backfill::ApiSpec loadSpec(const QString &file);
    std::optional<Backfill::RunSummary> run(const Backfill::ApiSpec &spec, const QString &endpoint,
                                            const QJsonObject &context = {},
                                            const Backfill::EngineOptions &options = {},
                                            Backfill::BackfillEngine **started = nullptr);
    qint64 count(const QString &sql);

    Backfill::DemoApiProcess m_api;
    QTemporaryDir m_dir;
    QString m_workspace;
    Backfill::Secrets m_secrets;
    QNetworkAccessManager m_network;
    QList<Backfill::EngineEvent> m_events;
    std::unique_ptr<Backfill::Workspace> m_reader;
};
