#include "model/spec/spec.h"

#include <QJsonObject>

#include <cmath>

namespace Backfill {

void SourceMap::inherit(const SourceMap &other)
{
    for (auto it = other.positions.cbegin(); it != other.positions.cend(); ++it) {
        if (!positions.contains(it.key()))
            positions.insert(it.key(), it.value());
    }
}

void setValue(KeyValueList &list, const QString &key, const QJsonValue &value)
{
    for (KeyValue &entry : list) {
        if (entry.key == key) {
            entry.value = value;
            return;
        }
    }
    list.append({key, value});
}

const KeyValue *findValue(const KeyValueList &list, const QString &key)
{
    for (const KeyValue &entry : list) {
        if (entry.key == key)
            return &entry;
    }
    return nullptr;
}

const Endpoint *ApiSpec::endpoint(const QString &endpointName) const
{
    for (const Endpoint &candidate : endpoints) {
        if (candidate.name == endpointName)
            return &candidate;
    }
    return nullptr;
}

std::optional<Endpoint> ApiSpec::resolvedEndpoint(const QString &endpointName) const
{
    const Endpoint *found = endpoint(endpointName);
    if (!found)
        return std::nullopt;
    return resolveEndpoint(defaults, *found);
}

namespace {

void mergeString(QString &target, const QString &base)
{
    if (target.isNull())
        target = base;
}

template <typename T> void mergeOptional(std::optional<T> &target, const std::optional<T> &base)
{
    if (!target)
        target = base;
}

KeyValueList mergeMaps(const KeyValueList &base, const KeyValueList &overriding)
{
    KeyValueList merged = base;
    for (const KeyValue &entry : overriding)
        setValue(merged, entry.key, entry.value);
    return merged;
}

// JSON payloads are maps too: objects merge key by key, anything else overrides.
QJsonValue mergePayload(const QJsonValue &base, const QJsonValue &overriding)
{
    if (overriding.isUndefined())
        return base;
    if (!base.isObject() || !overriding.isObject())
        return overriding;
    QJsonObject merged = base.toObject();
    const QJsonObject top = overriding.toObject();
    for (auto it = top.begin(); it != top.end(); ++it)
        merged.insert(it.key(), mergePayload(merged.value(it.key()), it.value()));
    return merged;
}

template <typename T> InheritableList<T> mergeList(const InheritableList<T> &base, const InheritableList<T> &overriding)
{
    InheritableList<T> merged;
    merged.items = overriding.resolve(base.resolve({}));
    return merged;
}

} // namespace

Endpoint resolveEndpoint(const Endpoint &defaults, const Endpoint &endpoint)
{
    Endpoint resolved = endpoint;
    mergeString(resolved.description, defaults.description);
    mergeString(resolved.docs, defaults.docs);
    mergeOptional(resolved.disabled, defaults.disabled);
    resolved.state = mergeMaps(defaults.state, endpoint.state);
    mergeOptional(resolved.sync, defaults.sync);
    resolved.source.inherit(defaults.source);

    mergeString(resolved.iterate.over, defaults.iterate.over);
    mergeString(resolved.iterate.into, defaults.iterate.into);
    mergeOptional(resolved.iterate.concurrency, defaults.iterate.concurrency);
    resolved.iterate.source.inherit(defaults.iterate.source);

    Request &request = resolved.request;
    mergeString(request.url, defaults.request.url);
    mergeString(request.method, defaults.request.method);
    request.headers = mergeMaps(defaults.request.headers, endpoint.request.headers);
    request.parameters = mergeMaps(defaults.request.parameters, endpoint.request.parameters);
    request.payload = mergePayload(defaults.request.payload, endpoint.request.payload);
    mergeOptional(request.timeout, defaults.request.timeout);
    mergeOptional(request.rate, defaults.request.rate);
    mergeOptional(request.concurrency, defaults.request.concurrency);
    request.source.inherit(defaults.request.source);

    resolved.pagination.nextState = mergeMaps(defaults.pagination.nextState, endpoint.pagination.nextState);
    mergeString(resolved.pagination.stopCondition, defaults.pagination.stopCondition);
    resolved.pagination.source.inherit(defaults.pagination.source);

    Records &records = resolved.response.records;
    mergeString(records.jmespath, defaults.response.records.jmespath);
    if (records.primaryKey.isEmpty())
        records.primaryKey = defaults.response.records.primaryKey;
    mergeString(records.updateKey, defaults.response.records.updateKey);
    mergeOptional(records.limit, defaults.response.records.limit);
    records.source.inherit(defaults.response.records.source);
    resolved.response.processors = mergeList(defaults.response.processors, endpoint.response.processors);
    resolved.response.rules = mergeList(defaults.response.rules, endpoint.response.rules);
    resolved.response.source.inherit(defaults.response.source);

    mergeString(resolved.overrides.mode, defaults.overrides.mode);
    resolved.overrides.source.inherit(defaults.overrides.source);
    mergeString(resolved.backfill.settle, defaults.backfill.settle);
    mergeString(resolved.backfill.thinBelow, defaults.backfill.thinBelow);
    mergeString(resolved.backfill.swollenAbove, defaults.backfill.swollenAbove);
    mergeString(resolved.backfill.neighbours, defaults.backfill.neighbours);
    resolved.backfill.source.inherit(defaults.backfill.source);
    return resolved;
}

std::optional<double> BackfillKeys::parseRatio(const QString &text)
{
    QStringView number = QStringView(text).trimmed();
    const bool percent = number.endsWith(u'%');
    if (percent)
        number.chop(1);
    bool ok = false;
    const double value = number.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value) || value <= 0)
        return std::nullopt;
    return percent ? value / 100 : value;
}

} // namespace Backfill
