#include "model/spec/specloader.h"

#include "model/spec/specvalidator.h"
#include "model/spec/yamldocument.h"
#include "model/spec/yamlreader.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

static QString tr(const char *text)
{
    return QCoreApplication::translate("Backfill", text);
}

namespace {

// `name` is accepted as Sling accepts it: the endpoint's key is its name, whatever `name` says.
const QStringList endpointKeys{u"description"_s, u"docs"_s,      u"disabled"_s, u"state"_s,
                               u"sync"_s,        u"iterate"_s,   u"request"_s,  u"pagination"_s,
                               u"response"_s,    u"overrides"_s, u"name"_s,     u"x-backfill"_s};

class SpecReader final
{
public:
    SpecReader(const YamlDocument &document, SpecProblems *problems)
        : m_reader(document, problems)
    {}

    ApiSpec read(const YamlNode &root)
    {
        ApiSpec spec;
        if (root.isNull()) {
            m_reader.error({1, 1}, tr("the spec is empty; it needs at least \"name\" and \"endpoints\""));
            return spec;
        }
        if (!m_reader.checkMap(root, tr("the spec"),
                               {u"name"_s, u"description"_s, u"authentication"_s, u"defaults"_s, u"endpoints"_s}))
            return spec;
        spec.source.set({}, root.position);
        bool hasName = false;
        bool hasEndpoints = false;
        for (const auto &[key, value] : m_reader.entries(root)) {
            const QString &name = key->scalar;
            spec.source.set(name, value->position);
            if (name == "name"_L1) {
                spec.name = m_reader.text(*value, name);
                hasName = true;
            } else if (name == "description"_L1) {
                spec.description = m_reader.text(*value, name);
            } else if (name == "authentication"_L1) {
                spec.authentication = readAuthentication(*value);
            } else if (name == "defaults"_L1) {
                spec.defaults = readEndpoint(*value, tr("defaults"));
                spec.defaults.source.set({}, key->position);
            } else if (name == "endpoints"_L1) {
                hasEndpoints = true;
                if (value->isNull() || !value->isMapping()) {
                    m_reader.error(value->position, tr("\"endpoints\" expects a map of endpoint names to endpoints"));
                    continue;
                }
                for (const auto &[endpointKey, endpointValue] : m_reader.entries(*value)) {
                    Endpoint endpoint = readEndpoint(*endpointValue, tr("endpoint \"%1\"").arg(endpointKey->scalar));
                    endpoint.name = endpointKey->scalar;
                    endpoint.source.set({}, endpointKey->position);
                    spec.endpoints.append(std::move(endpoint));
                }
            }
        }
        if (!hasName)
            m_reader.error(root.position, tr("missing \"name\""));
        if (!hasEndpoints)
            m_reader.error(root.position, tr("missing \"endpoints\""));
        return spec;
    }

private:
    Authentication readAuthentication(const YamlNode &node)
    {
        Authentication auth;
        const QStringList keys{u"type"_s,      u"headers"_s,       u"username"_s,           u"password"_s, u"flow"_s,
                               u"client_id"_s, u"client_secret"_s, u"authentication_url"_s, u"scopes"_s};
        if (!m_reader.checkMap(node, u"authentication"_s, keys))
            return auth;
        auth.source.set({}, node.position);
        QString type;
        bool hasType = false;
        for (const auto &[key, value] : m_reader.entries(node)) {
            if (key->scalar == "type"_L1) {
                hasType = true;
                type = value->isNull() ? QString() : m_reader.text(*value, u"type"_s);
                auth.source.set(u"type"_s, value->position);
            }
        }
        if (!hasType || type.isEmpty() || type == "none"_L1) {
            // Sling's shorthand: headers alone mean static authentication.
            const bool onlyHeaders = std::any_of(node.entries.cbegin(), node.entries.cend(),
                                                 [](const auto &entry) { return entry.key.scalar == "headers"_L1; });
            auth.type = onlyHeaders && !hasType ? Authentication::Type::Static : Authentication::Type::None;
        } else if (type == "static"_L1) {
            auth.type = Authentication::Type::Static;
        } else if (type == "basic"_L1) {
            auth.type = Authentication::Type::Basic;
        } else if (type == "oauth2"_L1) {
            auth.type = Authentication::Type::OAuth2;
        } else {
            m_reader.error(
                auth.source.at(u"type"_s),
                tr("unsupported authentication type \"%1\" (expected one of: none, static, basic, oauth2)").arg(type));
            return auth;
        }

        QStringList applicable{u"type"_s};
        switch (auth.type) {
        case Authentication::Type::None:
            break;
        case Authentication::Type::Static:
            applicable << u"headers"_s;
            break;
        case Authentication::Type::Basic:
            applicable << u"username"_s << u"password"_s;
            break;
        case Authentication::Type::OAuth2:
            applicable << u"flow"_s << u"client_id"_s << u"client_secret"_s << u"authentication_url"_s << u"scopes"_s;
            break;
        }
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            if (!keys.contains(name) || name == "type"_L1)
                continue;
            if (!applicable.contains(name)) {
                m_reader.error(key->position, tr("\"%1\" does not apply to authentication type \"%2\"")
                                                  .arg(name, type.isEmpty() ? u"none"_s : type));
                continue;
            }
            auth.source.set(name, value->position);
            if (name == "headers"_L1)
                auth.headers = m_reader.keyValues(*value, name, auth.source, true);
            else if (name == "username"_L1)
                auth.username = m_reader.text(*value, name);
            else if (name == "password"_L1)
                auth.password = m_reader.text(*value, name);
            else if (name == "flow"_L1)
                auth.flow = m_reader.text(*value, name);
            else if (name == "client_id"_L1)
                auth.clientId = m_reader.text(*value, name);
            else if (name == "client_secret"_L1)
                auth.clientSecret = m_reader.text(*value, name);
            else if (name == "authentication_url"_L1)
                auth.authenticationUrl = m_reader.text(*value, name);
            else if (name == "scopes"_L1)
                auth.scopes = m_reader.textList(*value, name, auth.source, true);
        }
        return auth;
    }

    Endpoint readEndpoint(const YamlNode &node, const QString &what)
    {
        Endpoint endpoint;
        if (!m_reader.checkMap(node, what, endpointKeys))
            return endpoint;
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            if (!endpointKeys.contains(name))
                continue;
            endpoint.source.set(name, value->position);
            if (name == "name"_L1) {
                m_reader.text(*value, name); // checked to be text; the key names the endpoint
            } else if (name == "description"_L1) {
                endpoint.description = m_reader.text(*value, name);
            } else if (name == "docs"_L1) {
                endpoint.docs = m_reader.text(*value, name);
            } else if (name == "disabled"_L1) {
                endpoint.disabled = m_reader.boolean(*value, name);
            } else if (name == "state"_L1) {
                endpoint.state = m_reader.keyValues(*value, name, endpoint.source, false);
            } else if (name == "sync"_L1) {
                endpoint.sync = m_reader.textList(*value, name, endpoint.source, true);
            } else if (name == "iterate"_L1) {
                endpoint.iterate = readIterate(*value);
            } else if (name == "request"_L1) {
                endpoint.request = readRequest(*value);
            } else if (name == "pagination"_L1) {
                endpoint.pagination = readPagination(*value);
            } else if (name == "response"_L1) {
                endpoint.response = readResponse(*value);
            } else if (name == "overrides"_L1) {
                if (m_reader.checkMap(*value, name, {u"mode"_s})) {
                    endpoint.overrides.source.set({}, value->position);
                    for (const auto &[overrideKey, overrideValue] : m_reader.entries(*value)) {
                        if (overrideKey->scalar == "mode"_L1) {
                            endpoint.overrides.mode = m_reader.text(*overrideValue, u"mode"_s);
                            endpoint.overrides.source.set(u"mode"_s, overrideValue->position);
                        }
                    }
                }
            } else if (name == "x-backfill"_L1) {
                if (m_reader.checkMap(*value, name, {u"settle"_s, u"checks"_s})) {
                    endpoint.backfill.source.set({}, value->position);
                    for (const auto &[ownKey, ownValue] : m_reader.entries(*value)) {
                        if (ownKey->scalar == "settle"_L1) {
                            endpoint.backfill.settle = m_reader.text(*ownValue, u"settle"_s);
                            endpoint.backfill.source.set(u"settle"_s, ownValue->position);
                        } else if (ownKey->scalar == "checks"_L1) {
                            readChecks(*ownValue, endpoint.backfill);
                        }
                    }
                }
            }
        }
        return endpoint;
    }

    void readChecks(const YamlNode &node, BackfillKeys &keys)
    {
        const QStringList allowed{u"thin_below"_s, u"swollen_above"_s, u"neighbours"_s};
        if (!m_reader.checkMap(node, u"checks"_s, allowed))
            return;
        keys.source.set(u"checks"_s, node.position);
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            QString *field = name == allowed.at(0)   ? &keys.thinBelow
                             : name == allowed.at(1) ? &keys.swollenAbove
                             : name == allowed.at(2) ? &keys.neighbours
                                                     : nullptr; // checkMap() said so
            if (!field)
                continue;
            *field = m_reader.text(*value, name);
            keys.source.set(u"checks."_s + name, value->position);
        }
    }

    Iterate readIterate(const YamlNode &node)
    {
        Iterate iterate;
        if (!m_reader.checkMap(node, u"iterate"_s, {u"over"_s, u"into"_s, u"concurrency"_s}))
            return iterate;
        iterate.source.set({}, node.position);
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            iterate.source.set(name, value->position);
            if (name == "over"_L1)
                iterate.over = m_reader.text(*value, name);
            else if (name == "into"_L1)
                iterate.into = m_reader.text(*value, name);
            else if (name == "concurrency"_L1)
                iterate.concurrency = m_reader.integer(*value, name, 1);
        }
        return iterate;
    }

    Request readRequest(const YamlNode &node)
    {
        Request request;
        const QStringList keys{u"url"_s,     u"method"_s,  u"headers"_s, u"parameters"_s,
                               u"payload"_s, u"timeout"_s, u"rate"_s,    u"concurrency"_s};
        if (!m_reader.checkMap(node, u"request"_s, keys))
            return request;
        request.source.set({}, node.position);
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            request.source.set(name, value->position);
            if (name == "url"_L1)
                request.url = m_reader.text(*value, name);
            else if (name == "method"_L1)
                request.method = m_reader.text(*value, name);
            else if (name == "headers"_L1)
                request.headers = m_reader.keyValues(*value, name, request.source, true);
            else if (name == "parameters"_L1)
                request.parameters = m_reader.keyValues(*value, name, request.source, true);
            else if (name == "payload"_L1)
                request.payload = value->toJson();
            else if (name == "timeout"_L1)
                request.timeout = m_reader.number(*value, name, 0);
            else if (name == "rate"_L1)
                request.rate = m_reader.number(*value, name, 0);
            else if (name == "concurrency"_L1)
                request.concurrency = m_reader.integer(*value, name, 1);
        }
        return request;
    }

    Pagination readPagination(const YamlNode &node)
    {
        Pagination pagination;
        if (!m_reader.checkMap(node, u"pagination"_s, {u"next_state"_s, u"stop_condition"_s}))
            return pagination;
        pagination.source.set({}, node.position);
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            pagination.source.set(name, value->position);
            if (name == "next_state"_L1)
                pagination.nextState = m_reader.keyValues(*value, name, pagination.source, false);
            else if (name == "stop_condition"_L1)
                pagination.stopCondition = m_reader.text(*value, name);
        }
        return pagination;
    }

    Response readResponse(const YamlNode &node)
    {
        Response response;
        const QStringList keys{u"records"_s, u"processors"_s, u"+processors"_s, u"processors+"_s,
                               u"rules"_s,   u"+rules"_s,     u"rules+"_s};
        if (!m_reader.checkMap(node, u"response"_s, keys))
            return response;
        response.source.set({}, node.position);
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            response.source.set(name, value->position);
            if (name == "records"_L1) {
                response.records = readRecords(*value);
            } else if (name == "processors"_L1) {
                response.processors.items = readList<Processor>(*value, name, &SpecReader::readProcessor);
            } else if (name == "+processors"_L1) {
                response.processors.prepend = readList<Processor>(*value, name, &SpecReader::readProcessor);
            } else if (name == "processors+"_L1) {
                response.processors.append = readList<Processor>(*value, name, &SpecReader::readProcessor);
            } else if (name == "rules"_L1) {
                response.rules.items = readList<Rule>(*value, name, &SpecReader::readRule);
            } else if (name == "+rules"_L1) {
                response.rules.prepend = readList<Rule>(*value, name, &SpecReader::readRule);
            } else if (name == "rules+"_L1) {
                response.rules.append = readList<Rule>(*value, name, &SpecReader::readRule);
            }
        }
        return response;
    }

    template <typename T>
    QList<T> readList(const YamlNode &node, const QString &key, T (SpecReader::*readItem)(const YamlNode &))
    {
        QList<T> list;
        if (node.isNull())
            return list;
        if (!node.isSequence()) {
            m_reader.error(node.position, tr("\"%1\" expects a list, found %2").arg(key, node.describe()));
            return list;
        }
        for (const YamlNode &item : node.items)
            list.append((this->*readItem)(item));
        return list;
    }

    Records readRecords(const YamlNode &node)
    {
        Records records;
        if (!m_reader.checkMap(node, u"records"_s, {u"jmespath"_s, u"primary_key"_s, u"update_key"_s, u"limit"_s}))
            return records;
        records.source.set({}, node.position);
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            records.source.set(name, value->position);
            if (name == "jmespath"_L1)
                records.jmespath = m_reader.text(*value, name);
            else if (name == "primary_key"_L1)
                records.primaryKey = m_reader.textList(*value, name, records.source, true);
            else if (name == "update_key"_L1)
                records.updateKey = m_reader.text(*value, name);
            else if (name == "limit"_L1)
                records.limit = m_reader.integer(*value, name, 1);
        }
        return records;
    }

    Processor readProcessor(const YamlNode &node)
    {
        Processor processor;
        if (!m_reader.checkMap(node, u"processor"_s, {u"expression"_s, u"output"_s, u"aggregation"_s}))
            return processor;
        processor.source.set({}, node.position);
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            processor.source.set(name, value->position);
            if (name == "expression"_L1)
                processor.expression = m_reader.text(*value, name);
            else if (name == "output"_L1)
                processor.output = m_reader.text(*value, name);
            else if (name == "aggregation"_L1)
                processor.aggregation = m_reader.text(*value, name);
        }
        return processor;
    }

    Rule readRule(const YamlNode &node)
    {
        Rule rule;
        const QStringList keys{u"condition"_s, u"action"_s,       u"max_attempts"_s,
                               u"backoff"_s,   u"backoff_base"_s, u"message"_s};
        if (!m_reader.checkMap(node, u"rule"_s, keys))
            return rule;
        rule.source.set({}, node.position);
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            rule.source.set(name, value->position);
            if (name == "condition"_L1)
                rule.condition = m_reader.text(*value, name);
            else if (name == "action"_L1)
                rule.action = m_reader.text(*value, name);
            else if (name == "max_attempts"_L1)
                rule.maxAttempts = m_reader.integer(*value, name, 1);
            else if (name == "backoff"_L1)
                rule.backoff = m_reader.text(*value, name);
            else if (name == "backoff_base"_L1)
                rule.backoffBase = m_reader.number(*value, name, 0);
            else if (name == "message"_L1)
                rule.message = m_reader.text(*value, name);
        }
        return rule;
    }

    YamlReader m_reader;
};

bool byPosition(const SpecProblem &a, const SpecProblem &b)
{
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
}

} // namespace

SpecLoadResult SpecLoader::load(const QByteArray &yaml, const QString &fileName)
{
    SpecLoadResult result;
    const YamlDocument document = YamlDocument::parse(yaml, fileName, &result.problems);
    if (!document.isValid())
        return result;
    SpecReader reader(document, &result.problems);
    result.spec = reader.read(document.root());
    result.spec.fileName = fileName;
    const auto mapper = [&document](SourcePosition start, const QString &value, int offset) {
        return document.positionInScalar(start, value, offset);
    };
    result.problems += SpecValidator::validate(result.spec, mapper);
    std::stable_sort(result.problems.begin(), result.problems.end(), byPosition);
    return result;
}

SpecLoadResult SpecLoader::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        SpecLoadResult result;
        result.problems.append({path, 0, 0, tr("cannot open: %1").arg(file.errorString()), SpecProblem::Error});
        return result;
    }
    if (file.size() > YamlDocument::MaxInputBytes) {
        SpecLoadResult result;
        result.problems.append(makeProblem(
            path, {1, 1}, tr("file is larger than %1 MB").arg(YamlDocument::MaxInputBytes / (1024 * 1024))));
        return result;
    }
    return load(file.readAll(), path);
}

} // namespace Backfill
