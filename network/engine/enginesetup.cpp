// The engine's setup of each endpoint of a run, from the spec: its program compiled, its secrets
// checked and resolved, its ledger id and sync values, its concurrency and rate limiter, its
// OAuth2 token, and whether its pages can be requested ahead of their turn.

#include "network/engine/backfillengine.h"

#include "model/checks/partitionchecks.h"
#include "model/workspace/partitionledger.h"
#include "network/engine/enginetasks.h"

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
// Whether the state of every page follows from the state of the page before alone, so that
// later pages can be requested before earlier ones are answered: pagination.next_state reads
// neither the response nor records, no processor writes to the state, no record limit, and
// the requests are GETs (sending one twice does no harm).
bool pagesPlannable(const EndpointProgram &program)
{
    if (!program.paginated || program.method != "GET" || program.limit > 0)
        return false;
    for (const auto &processor : program.processors) {
        if (processor.toState)
            return false;
    }
    for (const auto &entry : program.nextState) {
        for (const QString &reference : entry.value.references()) {
            if (reference.startsWith(u"response") || reference.startsWith(u"record") ||
                reference.startsWith(u"request"))
                return false;
        }
    }
    return true;
}
} // namespace

bool BackfillEngine::setUpEndpoint(const ApiSpec &spec, const EndpointRun &run, QString *error)
{
    auto endpoint = std::make_unique<Endpoint>();
    endpoint->program = EndpointProgram::compile(spec, run.endpoint, error);
    if (!endpoint->program)
        return false;
    const EndpointProgram &program = *endpoint->program;
    const QStringList missing = m_secrets.missing(program.secretNames);
    if (!missing.isEmpty()) {
        if (error)
            *error = tr("%1 needs the secret \"%2\": put it in the secrets file or set BACKFILL_SECRET_%3")
                         .arg(run.endpoint, missing.first(), missing.first().toUpper());
        return false;
    }
    endpoint->table = run.table.isEmpty() ? run.endpoint : run.table;
    endpoint->id = m_ledger->ensureEndpoint(spec.name, run.endpoint);
    // The thresholds its checks are judged by, for `status` and `check`, which read no spec.
    const std::optional<Backfill::Endpoint> ownKeys = spec.resolvedEndpoint(run.endpoint);
    const QJsonObject checks = ownKeys && ownKeys->backfill.hasChecks()
                                   ? PartitionChecks::forEndpoint(ownKeys->backfill).toJson()
                                   : QJsonObject();
    if (endpoint->id < 0 || !m_ledger->saveEndpointChecks(endpoint->id, checks)) {
        if (error)
            *error = m_ledger->lastError();
        return false;
    }
    endpoint->queue = run.partitions;
    endpoint->fullRefresh = run.fullRefresh;
    // The targets stamp rows with the system clock, never the injected one.
    endpoint->refreshSince = QDateTime::currentDateTimeUtc();
    endpoint->concurrency = m_options.concurrency > 0 ? m_options.concurrency : program.iterateConcurrency;
    endpoint->limiter = std::make_unique<RateLimiter>(m_options.rate >= 0 ? m_options.rate : program.rate);
    endpoint->requestConcurrency = program.requestConcurrency > 0 ? program.requestConcurrency : endpoint->concurrency;
    endpoint->sync = m_ledger->syncState(endpoint->id);
    endpoint->plannable = m_options.parallelPages && pagesPlannable(program);
    QJsonObject secretValues;
    const auto resolved = m_secrets.resolve(program.secretNames);
    for (auto it = resolved.begin(); it != resolved.end(); ++it)
        secretValues.insert(it.key(), it.value());
    endpoint->roots.insert(u"context"_s, run.context);
    endpoint->roots.insert(u"sync"_s, endpoint->sync);
    endpoint->roots.insert(u"secrets"_s, secretValues);
    endpoint->roots.insert(u"inputs"_s, m_options.inputs);
    if (program.authType == Authentication::Type::OAuth2) {
        ExpressionScope scope;
        scope.roots = endpoint->roots;
        OAuth2Token::Config config{QUrl(program.authTokenUrl.render(scope)), program.authClientId.render(scope),
                                   program.authClientSecret.render(scope), program.authScopes, program.timeoutMs};
        endpoint->token = std::make_unique<OAuth2Token>(m_manager, config);
    }
    m_summary.counts.partitions += int(run.partitions.size());
    m_endpoints.push_back(std::move(endpoint));
    return true;
}

} // namespace Backfill
