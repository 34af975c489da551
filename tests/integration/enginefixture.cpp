// The engine suites' fixture: see enginefixture.h.
#include "tests/integration/enginefixture.h"

#include "tests/support/examplespecs.h"

#include "network/planning/endpointprogram.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

void addFastRetry(ApiSpec &spec, const QString &condition, int attempts)
{
    Rule rule;
    rule.condition = condition;
    rule.action = u"retry"_s;
    rule.maxAttempts = attempts;
    rule.backoff = u"constant"_s;
    rule.backoffBase = 0.02;
    Endpoint &endpoint = spec.endpoints.first();
    endpoint.response.rules.prepend.prepend(rule);
}

void addParameter(ApiSpec &spec, const QString &name, const QString &value)
{
    setValue(spec.endpoints.first().request.parameters, name, value);
}

void EngineFixture::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_api.start({u"--cursor-ttl"_s, u"2000"_s}), qPrintable(m_api.errorString()));
    m_secrets.insert(u"api_key"_s, u"demo-token"_s);
}

void EngineFixture::init()
{
    static int n = 0;
    m_workspace = m_dir.filePath(u"workspace-%1.sqlite"_s.arg(++n));
    m_events.clear();
    QVERIFY(m_api.resetStats());
}

void EngineFixture::cleanup()
{
    m_reader.reset();
}

ApiSpec EngineFixture::loadSpec(const QString &file)
{
    return exampleSpec(file, m_api.url().toString());
}

std::optional<RunSummary> EngineFixture::run(const ApiSpec &spec, const QString &endpoint, const QJsonObject &context,
                                             const EngineOptions &options, BackfillEngine **started)
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
    auto *engine = new BackfillEngine(&m_network, this);
    connect(engine, &BackfillEngine::event, this, [this](const EngineEvent &event) { m_events.append(event); });
    QSignalSpy finished(engine, &BackfillEngine::finished);
    if (!engine->start(spec, {{endpoint, {}, plans->partitions, context}}, m_secrets, m_workspace, options, &error)) {
        qWarning() << error;
        delete engine;
        return std::nullopt;
    }
    if (started)
        *started = engine;
    if (!finished.wait(120000))
        return std::nullopt;
    const auto summary = finished.at(0).at(0).value<RunSummary>();
    engine->deleteLater();
    return summary;
}

qint64 EngineFixture::count(const QString &sql)
{
    if (!m_reader) {
        m_reader = std::make_unique<Workspace>();
        if (!m_reader->open(m_workspace))
            return -1;
    }
    QSqlQuery query(m_reader->database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}
