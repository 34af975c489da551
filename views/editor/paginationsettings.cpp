#include "views/editor/paginationsettings.h"

#include "views/editor/paginationstyle.h"
#include "views/forms/expressiontext.h"

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

bool sameText(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isString() && b.isString())
        return strippedExpression(a.toString()) == strippedExpression(b.toString());
    return a == b;
}

// Every entry of `part` is in `whole` with the same value.
bool contains(const KeyValueList &whole, const KeyValueList &part)
{
    for (const KeyValue &entry : part) {
        const KeyValue *found = findValue(whole, entry.key);
        if (!found || !sameText(found->value, entry.value))
            return false;
    }
    return true;
}

void removeKeys(KeyValueList &list, const KeyValueList &generated)
{
    for (const KeyValue &entry : generated)
        list.removeIf([&entry](const KeyValue &existing) { return existing.key == entry.key; });
}

} // namespace

PaginationSettings PaginationSettings::defaults(Kind kind, const QString &firstUrl)
{
    PaginationSettings settings;
    settings.kind = kind;
    settings.firstUrl = firstUrl;
    PaginationStyle::of(kind).defaults(settings);
    return settings;
}

KeyValueList PaginationSettings::state() const
{
    return PaginationStyle::of(kind).state(*this);
}

KeyValueList PaginationSettings::parameters() const
{
    return PaginationStyle::of(kind).parameters(*this);
}

KeyValueList PaginationSettings::nextState() const
{
    return PaginationStyle::of(kind).nextState(*this);
}

QString PaginationSettings::stopCondition() const
{
    return PaginationStyle::of(kind).stopCondition(*this);
}

bool PaginationSettings::usesUrlState() const
{
    return PaginationStyle::of(kind).usesUrlState;
}

QString PaginationSettings::plannedFrom() const
{
    return PaginationStyle::of(kind).plannedFrom(*this);
}

void PaginationSettings::apply(Endpoint &endpoint, const PaginationSettings &previous) const
{
    if (kind == Kind::Custom)
        return;
    const QString urlReference = PaginationStyle::UrlReference.toString();
    if (previous.kind != Kind::Custom) {
        removeKeys(endpoint.state, previous.state());
        removeKeys(endpoint.request.parameters, previous.parameters());
        endpoint.pagination.nextState.clear();
        endpoint.pagination.stopCondition = QString();
        if (previous.usesUrlState() && endpoint.request.url == urlReference)
            endpoint.request.url = previous.firstUrl;
    }
    for (const KeyValue &entry : state())
        setValue(endpoint.state, entry.key, entry.value);
    for (const KeyValue &entry : parameters())
        setValue(endpoint.request.parameters, entry.key, entry.value);
    endpoint.pagination.nextState = nextState();
    endpoint.pagination.stopCondition = stopCondition();
    if (usesUrlState())
        endpoint.request.url = urlReference;
}

PaginationSettings PaginationSettings::recognize(const Endpoint &endpoint)
{
    const Pagination &pagination = endpoint.pagination;
    if (pagination.isEmpty())
        return {};
    PaginationSettings custom;
    custom.kind = Kind::Custom;
    if (pagination.nextState.size() != 1)
        return custom;
    const PaginationEvidence evidence{endpoint, pagination.nextState.constFirst().key,
                                      strippedExpression(pagination.nextState.constFirst().value.toString()),
                                      strippedExpression(pagination.stopCondition)};
    std::optional<PaginationSettings> found;
    for (const PaginationStyle &style : PaginationStyle::all()) {
        if ((found = style.recognize(evidence)))
            break;
    }
    if (!found)
        return custom;
    PaginationSettings settings = *found;
    if (settings.usesUrlState()) {
        const KeyValue *url = findValue(endpoint.state, PaginationStyle::UrlVariable.toString());
        settings.firstUrl = url ? url->value.toString() : QString();
    }
    if (!settings.sizeParameter.isEmpty()) {
        const KeyValue *size = findValue(endpoint.state, settings.sizeParameter);
        if (size && size->value.isDouble())
            settings.pageSize = size->value.toInt();
    }
    // Only what the choices generate exactly (up to whitespace) counts as recognized.
    if (strippedExpression(settings.stopCondition()) != evidence.stop || !contains(endpoint.state, settings.state()) ||
        !contains(endpoint.request.parameters, settings.parameters()) ||
        (settings.usesUrlState() && endpoint.request.url != PaginationStyle::UrlReference))
        return custom;
    return settings;
}

} // namespace Backfill
