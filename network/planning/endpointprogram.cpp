#include "network/planning/endpointprogram.h"

#include "model/core/durationtext.h"
#include "model/core/translation.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
// Collects what every expression of the endpoint reads, and the first compile error.
class Compiler
{
public:
    explicit Compiler(QString endpoint)
        : m_endpoint(std::move(endpoint))
    {}

    Template compileTemplate(const QString &where, const QString &text)
    {
        Template compiled = Template::parse(text);
        note(where, text, compiled.isValid(), compiled.error(), compiled.references());
        return compiled;
    }

    Expression compileExpression(const QString &where, const QString &text)
    {
        if (text.trimmed().isEmpty())
            return {};
        Expression compiled = Expression::parse(text);
        note(where, text, compiled.isValid(), compiled.error(), compiled.references());
        return compiled;
    }

    QList<EndpointProgram::Entry> compileEntries(const QString &where, const KeyValueList &values)
    {
        QList<EndpointProgram::Entry> entries;
        for (const KeyValue &value : values) {
            EndpointProgram::Entry entry;
            entry.key = value.key;
            entry.literal = value.value;
            if (value.value.isString())
                entry.value = compileTemplate(where + u'.' + value.key, value.value.toString());
            entries.append(entry);
        }
        return entries;
    }

    const QSet<QString> &references() const { return m_references; }
    const QString &error() const { return m_error; }

private:
    void note(const QString &where, const QString &text, bool valid, const ExpressionError &error,
              const QStringList &references)
    {
        if (!valid && m_error.isEmpty()) {
            m_error = tr("%1: %2 in `%3` (at character %4): %5")
                          .arg(m_endpoint, where, text)
                          .arg(error.position + 1)
                          .arg(error.message);
        }
        for (const QString &reference : references)
            m_references.insert(reference);
    }

    QString m_endpoint;
    QSet<QString> m_references;
    QString m_error;
};

// Templates and expressions only read these through the response for rules and pagination.
bool reads(const QSet<QString> &references, const QString &prefix)
{
    for (const QString &reference : references) {
        if (reference == prefix || reference.startsWith(prefix + u'.') || reference.startsWith(prefix + u'['))
            return true;
    }
    return false;
}

EndpointProgram::Aggregation aggregationFrom(const QString &name)
{
    using A = EndpointProgram::Aggregation;
    static const QHash<QString, A> names{{u"maximum"_s, A::Maximum},
                                         {u"minimum"_s, A::Minimum},
                                         {u"first"_s, A::First},
                                         {u"last"_s, A::Last},
                                         {u"collect"_s, A::Collect}};
    return names.value(name.trimmed().toLower(), A::None);
}

EndpointProgram::Action actionFrom(const QString &name)
{
    using A = EndpointProgram::Action;
    static const QHash<QString, A> names{{u"retry"_s, A::Retry}, {u"continue"_s, A::Continue}, {u"stop"_s, A::Stop},
                                         {u"break"_s, A::Break}, {u"skip"_s, A::Skip},         {u"fail"_s, A::Fail}};
    return names.value(name.trimmed().toLower(), A::Fail);
}

// Sling's defaults, after the spec's own rules: retry 429 with backoff (honouring
// Retry-After), fail on any other status >= 400. A broken exchange (status 0: refused,
// reset, cut off, timed out) and 5xx are retried first, as a robust extractor must; a broken
// exchange waits as the spec's first retry rule says, since the spec knows its API's pace.
QList<EndpointProgram::Rule> builtInRules(const QList<EndpointProgram::Rule> &specRules)
{
    QList<EndpointProgram::Rule> rules;
    const auto add = [&rules](const char *condition, EndpointProgram::Action action, int attempts,
                              BackoffPolicy::Kind kind) -> EndpointProgram::Rule & {
        EndpointProgram::Rule rule;
        rule.condition = Expression::parse(QString::fromLatin1(condition));
        rule.action = action;
        rule.maxAttempts = attempts;
        rule.backoff.kind = kind;
        rule.backoff.baseSeconds = 1;
        rule.builtIn = true;
        rules.append(rule);
        return rules.last();
    };
    add("response.status == 429", EndpointProgram::Action::Retry, 6, BackoffPolicy::Kind::Exponential);
    EndpointProgram::Rule &transport =
        add("response.status == 0", EndpointProgram::Action::Retry, 4, BackoffPolicy::Kind::Exponential);
    const auto firstRetry = std::find_if(specRules.cbegin(), specRules.cend(), [](const EndpointProgram::Rule &r) {
        return r.action == EndpointProgram::Action::Retry;
    });
    if (firstRetry != specRules.cend()) {
        transport.maxAttempts = firstRetry->maxAttempts;
        if (firstRetry->backoff.kind != BackoffPolicy::Kind::None)
            transport.backoff = firstRetry->backoff;
    }
    add("response.status >= 500", EndpointProgram::Action::Retry, 4, BackoffPolicy::Kind::Exponential);
    add("response.status >= 400", EndpointProgram::Action::Fail, 1, BackoffPolicy::Kind::None);
    return rules;
}

void collectStrings(const QJsonValue &value, QStringList &out)
{
    if (value.isString()) {
        out.append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectStrings(item, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectStrings(it.value(), out);
    }
}

QString stripState(const QString &name)
{
    return name.startsWith("state."_L1) ? name.mid(6) : name;
}
} // namespace

QJsonValue EndpointProgram::Entry::evaluate(const ExpressionScope &scope, ExpressionError *error) const
{
    if (!literal.isString())
        return literal;
    return value.evaluate(scope, error);
}

std::shared_ptr<const EndpointProgram> EndpointProgram::compile(const ApiSpec &spec, const QString &endpointName,
                                                                QString *error)
{
    const std::optional<Endpoint> resolved = spec.resolvedEndpoint(endpointName);
    if (!resolved) {
        if (error)
            *error = tr("the spec has no endpoint \"%1\"").arg(endpointName);
        return nullptr;
    }
    auto program = std::make_shared<EndpointProgram>();
    program->specName = spec.name;
    program->name = endpointName;
    program->endpoint = *resolved;
    const Endpoint &e = program->endpoint;
    Compiler c(endpointName);

    program->state = c.compileEntries(u"state"_s, e.state);
    program->iterateOver = c.compileExpression(u"iterate.over"_s, e.iterate.over);
    program->iterateInto = stripState(e.iterate.into);
    program->iterateConcurrency = std::max(1, e.iterate.concurrency.value_or(4));

    program->url = c.compileTemplate(u"request.url"_s, e.request.url);
    if (!e.request.method.isEmpty())
        program->method = e.request.method.toUpper().toLatin1();
    program->headers = c.compileEntries(u"request.headers"_s, e.request.headers);
    program->parameters = c.compileEntries(u"request.parameters"_s, e.request.parameters);
    program->payload = e.request.payload;
    QStringList payloadStrings;
    collectStrings(program->payload, payloadStrings);
    for (const QString &text : payloadStrings)
        program->payloadTemplates.insert(text, c.compileTemplate(u"request.payload"_s, text));
    program->timeoutMs = int(std::clamp(e.request.timeout.value_or(30.0), 0.1, 3600.0) * 1000);
    program->rate = std::max(0.0, e.request.rate.value_or(0.0));
    program->requestConcurrency = std::max(0, e.request.concurrency.value_or(0));

    program->nextState = c.compileEntries(u"pagination.next_state"_s, e.pagination.nextState);
    program->stopCondition = c.compileExpression(u"pagination.stop_condition"_s, e.pagination.stopCondition);
    program->paginated = !program->nextState.isEmpty();

    const QString path = e.response.records.jmespath.trimmed();
    program->records = JmesPath::compile(path.isEmpty() ? u"@"_s : path);
    if (!program->records.isValid() && error && c.error().isEmpty()) {
        *error = tr("%1: response.records.jmespath `%2`: %3").arg(endpointName, path, program->records.error().message);
        return nullptr;
    }
    static const QRegularExpression fieldPath(u"^([A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*)?(\\[\\])?$"_s);
    if (path.isEmpty() || path == "@"_L1 || fieldPath.match(path).hasMatch()) {
        QString fields = path == "@"_L1 ? QString() : path;
        program->recordsFlatten = fields.endsWith(u"[]"_s);
        fields.remove(u"[]"_s);
        program->recordsFieldPath = fields.split(u'.', Qt::SkipEmptyParts);
        program->recordsFastPath = true;
    }
    program->primaryKey = e.response.records.primaryKey;
    program->updateKey = e.response.records.updateKey;
    program->limit = std::max(0, e.response.records.limit.value_or(0));

    for (const Backfill::Processor &p : e.response.processors.resolve({})) {
        Processor processor;
        processor.expression = c.compileExpression(u"response.processors"_s, p.expression);
        processor.toState = !p.output.startsWith("record."_L1);
        processor.name = p.output.mid(p.output.indexOf(u'.') + 1);
        processor.aggregation = aggregationFrom(p.aggregation);
        const QStringList refs = processor.expression.references();
        if (!processor.toState || reads(QSet<QString>(refs.cbegin(), refs.cend()), u"record"_s))
            program->processorsReadRecords = true;
        program->processors.append(processor);
    }
    program->recordsFastPath = program->recordsFastPath && !program->processorsReadRecords;

    for (const Backfill::Rule &r : e.response.rules.resolve({})) {
        Rule rule;
        rule.condition = c.compileExpression(u"response.rules.condition"_s, r.condition);
        rule.action = actionFrom(r.action);
        rule.maxAttempts = std::max(1, r.maxAttempts.value_or(3));
        rule.backoff.kind = BackoffPolicy::kindFromString(r.backoff).value_or(BackoffPolicy::Kind::None);
        rule.backoff.baseSeconds = r.backoffBase.value_or(1.0);
        if (!r.message.isEmpty())
            rule.message = c.compileTemplate(u"response.rules.message"_s, r.message);
        program->rules.append(rule);
    }
    const QList<Rule> defaults = builtInRules(program->rules);
    program->transportRule = int(program->rules.size()) + 1; // the second default
    program->rules += defaults;
    program->sync = e.sync.value_or(QStringList());
    program->mode = e.overrides.mode;
    program->settleMs = parseDuration(e.backfill.settle).value_or(0); // the validator names a bad one

    const QSet<QString> &refs = c.references();
    program->needsResponseRecords = reads(refs, u"response.records"_s);
    program->needsResponseJson = reads(refs, u"response.json"_s);
    program->needsResponseText = reads(refs, u"response.text"_s);

    const Authentication &auth = spec.authentication;
    program->authType = auth.type;
    program->authHeaders = c.compileEntries(u"authentication.headers"_s, auth.headers);
    program->authUsername = c.compileTemplate(u"authentication.username"_s, auth.username);
    program->authPassword = c.compileTemplate(u"authentication.password"_s, auth.password);
    program->authTokenUrl = c.compileTemplate(u"authentication.authentication_url"_s, auth.authenticationUrl);
    program->authClientId = c.compileTemplate(u"authentication.client_id"_s, auth.clientId);
    program->authClientSecret = c.compileTemplate(u"authentication.client_secret"_s, auth.clientSecret);
    program->authScopes = auth.scopes;

    QSet<QString> secrets;
    for (const QString &reference : c.references()) {
        if (reference.startsWith("secrets."_L1))
            secrets.insert(reference.mid(8).section(u'.', 0, 0));
    }
    program->secretNames = QStringList(secrets.cbegin(), secrets.cend());
    program->secretNames.sort();

    if (!c.error().isEmpty()) {
        if (error)
            *error = c.error();
        return nullptr;
    }
    return program;
}

} // namespace Backfill
