#include "tests/support/engineharness.h"

#include "model/spec/specloader.h"
#include "network/planning/endpointprogram.h"
#include "network/planning/partitionplanner.h"

#include <QDebug>
#include <QSignalSpy>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Backfill {

bool EngineHarness::start(const QStringList &arguments)
{
    m_secrets.insert(u"api_key"_s, u"demo-token"_s);
    return m_dir.isValid() && m_api.start(arguments);
}

bool EngineHarness::next()
{
    static int n = 0;
    m_reader.reset();
    m_workspace = m_dir.filePath(u"workspace-%1.sqlite"_s.arg(++n));
    m_events.clear();
    return m_api.resetStats();
}

ApiSpec EngineHarness::loadSpec(const QString &file) const
{
    SpecLoadResult loaded = SpecLoader::loadFile(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/") + file);
    for (const SpecProblem &problem : std::as_const(loaded.problems))
        qWarning() << problem.toString();
    setValue(loaded.spec.defaults.state, u"base_url"_s, m_api.url().toString());
    return loaded.spec;
}

std::optional<RunSummary> EngineHarness::run(const ApiSpec &spec, const QString &endpoint, const QJsonObject &context,
                                             const EngineOptions &options)
{
    QString error;
    const auto program = EndpointProgram::compile(spec, endpoint, &error);
    if (!program) {
        qWarning() << error;
        return std::nullopt;
    }
    const auto plans = planPartitions(*program, context, {}, &error);
    if (!plans) {
        qWarning() << error;
        return std::nullopt;
    }
    BackfillEngine engine(&m_network);
    QObject::connect(&engine, &BackfillEngine::event, &engine,
                     [this](const EngineEvent &event) { m_events.append(event); });
    QSignalSpy finished(&engine, &BackfillEngine::finished);
    if (!engine.start(spec, {{endpoint, {}, plans->partitions, context}}, m_secrets, m_workspace, options, &error)) {
        qWarning() << error;
        return std::nullopt;
    }
    if (!finished.wait(120000))
        return std::nullopt;
    return finished.at(0).at(0).value<RunSummary>();
}

Workspace *EngineHarness::reader()
{
    if (!m_reader) {
        m_reader = std::make_unique<Workspace>();
        if (!m_reader->open(m_workspace)) {
            m_reader.reset();
            return nullptr;
        }
    }
    return m_reader.get();
}

qint64 EngineHarness::count(const QString &sql)
{
    Workspace *workspace = reader();
    if (!workspace)
        return -1;
    QSqlQuery query(workspace->database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

QList<EngineEvent> EngineHarness::events(EngineEvent::Kind kind) const
{
    QList<EngineEvent> result;
    for (const EngineEvent &event : m_events) {
        if (event.kind == kind)
            result.append(event);
    }
    return result;
}

void addFastRetry(ApiSpec &spec, const QString &condition, int attempts)
{
    Rule rule;
    rule.condition = condition;
    rule.action = u"retry"_s;
    rule.maxAttempts = attempts;
    rule.backoff = u"constant"_s;
    rule.backoffBase = 0.02;
    spec.endpoints.first().response.rules.prepend.prepend(rule);
}

void addParameter(ApiSpec &spec, const QString &name, const QString &value)
{
    setValue(spec.endpoints.first().request.parameters, name, value);
}

} // namespace Backfill
