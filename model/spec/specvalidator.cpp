#include "model/spec/specvalidator.h"

#include "model/core/durationtext.h"

#include "model/expression/expression.h"
#include "model/jmespath/jmespath.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

static QString tr(const char *text)
{
    return QCoreApplication::translate("Backfill", text);
}

const QStringList &SpecValidator::ruleActions()
{
    static const QStringList list{u"retry"_s, u"continue"_s, u"stop"_s, u"break"_s, u"skip"_s, u"fail"_s};
    return list;
}

const QStringList &SpecValidator::backoffKinds()
{
    static const QStringList list{u"none"_s, u"constant"_s, u"linear"_s, u"exponential"_s, u"jitter"_s};
    return list;
}

const QStringList &SpecValidator::aggregations()
{
    static const QStringList list{u"none"_s, u"maximum"_s, u"minimum"_s, u"collect"_s, u"first"_s, u"last"_s};
    return list;
}

const QStringList &SpecValidator::modes()
{
    static const QStringList list{u"full-refresh"_s, u"incremental"_s, u"truncate"_s, u"snapshot"_s, u"backfill"_s};
    return list;
}

const QStringList &SpecValidator::methods()
{
    static const QStringList list{u"GET"_s, u"POST"_s, u"PUT"_s, u"PATCH"_s, u"DELETE"_s, u"HEAD"_s, u"OPTIONS"_s};
    return list;
}

const QStringList &SpecValidator::scopes()
{
    static const QStringList list{u"state"_s, u"sync"_s,    u"context"_s,  u"secrets"_s, u"inputs"_s,
                                  u"env"_s,   u"request"_s, u"response"_s, u"record"_s};
    return list;
}

namespace {

// A variable an expression reads, and where.
struct Reference
{
    QString path; // "state.base_url"
    SourcePosition start;
    QString text; // the scalar the reference sits in
    int offset = 0;
};

bool expressionsAvailable()
{
    static const bool available = Expression::parse(u"1"_s).isValid();
    return available;
}

bool jmespathAvailable()
{
    static const bool available = JmesPath::compile(u"a"_s).isValid();
    return available;
}

// Without the expression engine, references are still found: dotted paths under a known root,
// outside string literals.
QStringList scanReferences(const QString &expression)
{
    QString blanked = expression;
    QChar quote;
    for (qsizetype i = 0; i < blanked.size(); ++i) {
        const QChar c = blanked.at(i);
        if (!quote.isNull()) {
            if (c == u'\\' && i + 1 < blanked.size()) {
                blanked[i] = u' ';
                blanked[++i] = u' ';
            } else if (c == quote) {
                quote = QChar();
            } else {
                blanked[i] = u' ';
            }
        } else if (c == u'"' || c == u'\'') {
            quote = c;
        }
    }
    static const QRegularExpression pattern(
        u"(?<![\\w.])(?:state|sync|context|secrets|env|request|response|record)(?:\\.[A-Za-z_][A-Za-z0-9_]*)+"_s);
    QStringList references;
    for (auto it = pattern.globalMatch(blanked); it.hasNext();)
        references.append(it.next().captured());
    return references;
}

class Validator final
{
public:
    Validator(const ApiSpec &spec, const SpecValidator::PositionMapper &mapper)
        : m_spec(spec)
        , m_mapper(mapper)
    {}

    SpecProblems run()
    {
        if (m_spec.name.trimmed().isEmpty() && m_spec.source.at(u"name"_s).isValid())
            error(m_spec.source.at(u"name"_s), tr("\"name\" must not be empty"));
        if (m_spec.endpoints.isEmpty() && m_spec.source.at(u"endpoints"_s).isValid())
            error(m_spec.source.at(u"endpoints"_s), tr("a spec needs at least one endpoint"));
        checkAuthentication(m_spec.authentication);
        for (const Endpoint &endpoint : m_spec.endpoints)
            checkEndpoint(resolveEndpoint(m_spec.defaults, endpoint));
        // Values inherited from defaults are checked once per endpoint; report them once.
        SpecProblems unique;
        for (const SpecProblem &problem : std::as_const(m_problems)) {
            const bool seen = std::any_of(unique.cbegin(), unique.cend(), [&](const SpecProblem &other) {
                return other.line == problem.line && other.column == problem.column && other.message == problem.message;
            });
            if (!seen)
                unique.append(problem);
        }
        return unique;
    }

private:
    void report(SourcePosition position, const QString &message, SpecProblem::Severity severity)
    {
        m_problems.append({m_spec.fileName, position.line, position.column, message, severity});
    }
    void error(SourcePosition position, const QString &message) { report(position, message, SpecProblem::Error); }
    void warning(SourcePosition position, const QString &message) { report(position, message, SpecProblem::Warning); }

    SourcePosition at(SourcePosition start, const QString &text, int offset) const
    {
        if (offset <= 0 || !start.isValid())
            return start;
        if (m_mapper)
            return m_mapper(start, text, offset);
        return {start.line, start.column + offset};
    }

    // x-backfill.checks: positive ratios, thin below swollen, and enough neighbours for a median.
    void checkThresholds(const BackfillKeys &keys)
    {
        std::optional<double> low;
        std::optional<double> high;
        const auto ratio = [&](const QString &text, const QString &key, std::optional<double> &parsed) {
            if (text.isNull())
                return;
            parsed = BackfillKeys::parseRatio(text);
            if (!parsed)
                error(keys.source.at(u"checks."_s + key),
                      tr("\"%1\" expects a share of the neighbours' median such as 20% or 0.2, not \"%2\"")
                          .arg(key, text));
        };
        ratio(keys.thinBelow, u"thin_below"_s, low);
        ratio(keys.swollenAbove, u"swollen_above"_s, high);
        if (low && high && *low >= *high)
            error(keys.source.at(u"checks.swollen_above"_s),
                  tr("\"swollen_above\" (%1) must be more than \"thin_below\" (%2)")
                      .arg(keys.swollenAbove, keys.thinBelow));
        if (!keys.neighbours.isNull()) {
            bool ok = false;
            const int neighbours = keys.neighbours.toInt(&ok);
            if (!ok || neighbours < BackfillKeys::MinNeighbours)
                error(keys.source.at(u"checks.neighbours"_s),
                      tr("\"neighbours\" expects a whole number of at least %1, not \"%2\"")
                          .arg(BackfillKeys::MinNeighbours)
                          .arg(keys.neighbours));
        }
    }

    void checkChoice(const QString &value, const QStringList &choices, SourcePosition position, const QString &what,
                     Qt::CaseSensitivity sensitivity = Qt::CaseSensitive)
    {
        if (value.isNull() || choices.contains(value, sensitivity))
            return;
        error(position, tr("unknown %1 \"%2\" (expected one of: %3)").arg(what, value, choices.join(u", "_s)));
    }

    void addReferences(const QStringList &paths, SourcePosition start, const QString &text)
    {
        for (const QString &path : paths) {
            const qsizetype offset = text.indexOf(path);
            m_references.append({path, start, text, int(std::max<qsizetype>(offset, 0))});
        }
    }

    void checkExpression(const QString &text, SourcePosition position)
    {
        if (text.isNull())
            return;
        if (!expressionsAvailable()) {
            addReferences(scanReferences(text), position, text);
            return;
        }
        const Expression expression = Expression::parse(text);
        if (!expression.isValid()) {
            error(at(position, text, expression.error().position),
                  tr("invalid expression: %1").arg(expression.error().message));
            return;
        }
        addReferences(expression.references(), position, text);
    }

    void checkTemplate(const QString &text, SourcePosition position)
    {
        if (text.isNull())
            return;
        if (!expressionsAvailable()) {
            static const QRegularExpression braces(u"\\{([^{}]*)\\}"_s);
            for (auto it = braces.globalMatch(text); it.hasNext();)
                addReferences(scanReferences(it.next().captured(1)), position, text);
            return;
        }
        const Template parsed = Template::parse(text);
        if (!parsed.isValid()) {
            error(at(position, text, parsed.error().position),
                  tr("invalid expression: %1").arg(parsed.error().message));
            return;
        }
        addReferences(parsed.references(), position, text);
    }

    void checkJsonTemplates(const QJsonValue &value, SourcePosition position)
    {
        if (value.isString()) {
            checkTemplate(value.toString(), position);
        } else if (value.isArray()) {
            for (const QJsonValue &item : value.toArray())
                checkJsonTemplates(item, position);
        } else if (value.isObject()) {
            const QJsonObject object = value.toObject();
            for (auto it = object.begin(); it != object.end(); ++it)
                checkJsonTemplates(it.value(), position);
        }
    }

    void checkTemplates(const KeyValueList &values, const SourceMap &source, const QString &prefix)
    {
        for (const KeyValue &entry : values)
            checkJsonTemplates(entry.value, source.at(prefix % u'.' % entry.key));
    }

    void checkSecret(const QString &value, SourcePosition position, const QString &key)
    {
        if (!value.isEmpty() && !value.contains(u'{'))
            warning(position, tr("\"%1\" is written into the spec; reference it as {secrets.NAME} instead").arg(key));
    }

    void checkAuthentication(const Authentication &auth)
    {
        const SourceMap &source = auth.source;
        const SourcePosition where = source.at({});
        switch (auth.type) {
        case Authentication::Type::None:
            return;
        case Authentication::Type::Static:
            if (auth.headers.isEmpty())
                error(where, tr("static authentication needs \"headers\""));
            checkTemplates(auth.headers, source, u"headers"_s);
            break;
        case Authentication::Type::Basic:
            if (auth.username.isNull())
                error(where, tr("basic authentication needs \"username\""));
            checkTemplate(auth.username, source.at(u"username"_s));
            checkTemplate(auth.password, source.at(u"password"_s));
            checkSecret(auth.password, source.at(u"password"_s), u"password"_s);
            break;
        case Authentication::Type::OAuth2:
            if (!auth.flow.isNull() && auth.flow != "client_credentials"_L1)
                error(source.at(u"flow"_s),
                      tr("unsupported OAuth2 flow \"%1\" (expected: client_credentials)").arg(auth.flow));
            if (auth.clientId.isNull())
                error(where, tr("OAuth2 authentication needs \"client_id\""));
            if (auth.clientSecret.isNull())
                error(where, tr("OAuth2 authentication needs \"client_secret\""));
            if (auth.authenticationUrl.isNull())
                error(where, tr("OAuth2 authentication needs \"authentication_url\" (the token URL)"));
            checkTemplate(auth.clientId, source.at(u"client_id"_s));
            checkTemplate(auth.clientSecret, source.at(u"client_secret"_s));
            checkTemplate(auth.authenticationUrl, source.at(u"authentication_url"_s));
            checkSecret(auth.clientSecret, source.at(u"client_secret"_s), u"client_secret"_s);
            break;
        }
        // Authentication may read secrets and env only: there is no state yet.
        for (const Reference &reference : std::as_const(m_references)) {
            const QString root = reference.path.section(u'.', 0, 0);
            if (root != "secrets"_L1 && root != "env"_L1)
                error(at(reference.start, reference.text, reference.offset),
                      tr("authentication can only use secrets and env, not \"%1\"").arg(reference.path));
        }
        m_references.clear();
    }

    void checkEndpoint(const Endpoint &endpoint)
    {
        m_references.clear();
        const SourceMap &source = endpoint.source;
        const SourcePosition where = source.at({});

        checkTemplates(endpoint.state, source, u"state"_s);

        const Iterate &iterate = endpoint.iterate;
        static const QRegularExpression stateTarget(u"^state\\.[A-Za-z_][A-Za-z0-9_]*$"_s);
        static const QRegularExpression outputTarget(
            u"^(state|record)\\.[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"_s);
        checkExpression(iterate.over, iterate.source.at(u"over"_s));
        if (!iterate.over.isNull() && iterate.into.isNull())
            error(iterate.source.at({}), tr("\"iterate\" needs \"into\" to name the state variable it sets"));
        if (iterate.over.isNull() && !iterate.into.isNull())
            error(iterate.source.at({}), tr("\"iterate\" needs \"over\""));
        if (!iterate.into.isNull() && !stateTarget.match(iterate.into).hasMatch())
            error(iterate.source.at(u"into"_s),
                  tr("\"into\" must name a state variable, like state.current_date, not \"%1\"").arg(iterate.into));

        const Request &request = endpoint.request;
        if (request.url.isEmpty())
            error(where, tr("endpoint \"%1\" has no request.url").arg(endpoint.name));
        checkTemplate(request.url, request.source.at(u"url"_s));
        checkChoice(request.method, SpecValidator::methods(), request.source.at(u"method"_s), tr("HTTP method"),
                    Qt::CaseInsensitive);
        checkTemplates(request.headers, request.source, u"headers"_s);
        checkTemplates(request.parameters, request.source, u"parameters"_s);
        checkJsonTemplates(request.payload, request.source.at(u"payload"_s));

        checkTemplates(endpoint.pagination.nextState, endpoint.pagination.source, u"next_state"_s);
        checkExpression(endpoint.pagination.stopCondition, endpoint.pagination.source.at(u"stop_condition"_s));

        const Records &records = endpoint.response.records;
        if (!records.jmespath.isNull() && jmespathAvailable()) {
            const JmesPath path = JmesPath::compile(records.jmespath);
            if (!path.isValid())
                error(at(records.source.at(u"jmespath"_s), records.jmespath, path.error().position),
                      tr("invalid JMESPath: %1").arg(path.error().message));
        }

        QSet<QString> written; // state variables processors write
        const QList<Processor> processors = endpoint.response.processors.resolve({});
        for (const Processor &processor : processors) {
            if (processor.expression.isNull())
                error(processor.source.at({}), tr("a processor needs an \"expression\""));
            if (processor.output.isNull())
                error(processor.source.at({}), tr("a processor needs an \"output\""));
            checkExpression(processor.expression, processor.source.at(u"expression"_s));
            if (!processor.output.isNull() && !outputTarget.match(processor.output).hasMatch())
                error(processor.source.at(u"output"_s),
                      tr("\"output\" must be state.NAME or record.NAME, not \"%1\"").arg(processor.output));
            else if (processor.output.startsWith("state."_L1))
                written.insert(processor.output.mid(6));
            checkChoice(processor.aggregation, SpecValidator::aggregations(), processor.source.at(u"aggregation"_s),
                        tr("aggregation"));
        }

        for (const Rule &rule : endpoint.response.rules.resolve({})) {
            if (rule.action.isNull())
                error(rule.source.at({}), tr("a rule needs an \"action\""));
            if (rule.condition.isNull())
                error(rule.source.at({}), tr("a rule needs a \"condition\""));
            checkExpression(rule.condition, rule.source.at(u"condition"_s));
            checkChoice(rule.action, SpecValidator::ruleActions(), rule.source.at(u"action"_s), tr("rule action"));
            checkChoice(rule.backoff, SpecValidator::backoffKinds(), rule.source.at(u"backoff"_s), tr("backoff"));
            checkTemplate(rule.message, rule.source.at(u"message"_s));
        }

        checkChoice(endpoint.overrides.mode, SpecValidator::modes(), endpoint.overrides.source.at(u"mode"_s),
                    tr("mode"));
        if (!endpoint.backfill.settle.isNull() && !parseDuration(endpoint.backfill.settle))
            error(endpoint.backfill.source.at(u"settle"_s),
                  tr("\"settle\" expects a duration such as 2h, 30m or 1d, not \"%1\"").arg(endpoint.backfill.settle));
        checkThresholds(endpoint.backfill);

        // Which state variables something sets.
        QSet<QString> defined = written;
        for (const KeyValue &entry : endpoint.state)
            defined.insert(entry.key);
        for (const KeyValue &entry : endpoint.pagination.nextState)
            defined.insert(entry.key);
        if (stateTarget.match(iterate.into).hasMatch())
            defined.insert(iterate.into.mid(6));
        const QStringList sync = endpoint.sync.value_or(QStringList());

        for (const Reference &reference : std::as_const(m_references)) {
            const QStringList parts = reference.path.split(u'.');
            const QString &root = parts.first();
            const QString name = parts.value(1);
            const SourcePosition position = at(reference.start, reference.text, reference.offset);
            if (!SpecValidator::scopes().contains(root)) {
                error(position, tr("unknown variable \"%1\" (expected one of: %2)")
                                    .arg(reference.path, SpecValidator::scopes().join(u", "_s)));
            } else if (root == "state"_L1 && !name.isEmpty() && !defined.contains(name)) {
                error(position, tr("\"state.%1\" is never set (set it in state, iterate.into, pagination.next_state "
                                   "or a processor output)")
                                    .arg(name));
            } else if (root == "sync"_L1 && !name.isEmpty() && !sync.contains(name)) {
                error(position, tr("\"sync.%1\" is not listed in sync").arg(name));
            }
        }

        for (qsizetype i = 0; i < sync.size(); ++i) {
            if (!written.contains(sync.at(i)))
                error(source.at(u"sync[%1]"_s.arg(i)),
                      tr("sync key \"%1\" is not written by any processor (output: state.%1)").arg(sync.at(i)));
        }
    }

    const ApiSpec &m_spec;
    const SpecValidator::PositionMapper &m_mapper;
    SpecProblems m_problems;
    QList<Reference> m_references;
};

} // namespace

SpecProblems SpecValidator::validate(const ApiSpec &spec, const PositionMapper &mapper)
{
    return Validator(spec, mapper).run();
}

} // namespace Backfill
