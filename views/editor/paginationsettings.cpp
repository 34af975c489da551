#include "views/editor/paginationsettings.h"

#include "views/editor/expressiontext.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

const QString UrlVariable = u"url"_s;
const QString UrlReference = u"{state.url}"_s;

// A Link header's rel="next" URL, as demo_pagination_link.yaml writes it.
const QString LinkNext = u"{\n"
                         u"  if(\n"
                         u"    contains(response.headers.link, \"rel=\\\"next\\\"\"),\n"
                         u"    trim(split_part(split(response.headers.link, \",\")[0], \";\", 0), \"<>\"),\n"
                         u"    null\n"
                         u"  )\n"
                         u"}\n"_s;
const QString LinkStop = u"!contains(response.headers.link, \"rel=\\\"next\\\"\")"_s;

bool sameText(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isString() && b.isString())
        return strippedExpression(a.toString()) == strippedExpression(b.toString());
    return a == b;
}

QString reference(const QString &variable)
{
    return u"{state."_s + variable + u'}';
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
    switch (kind) {
    case Kind::PageNumber:
        settings.parameter = u"page"_s;
        settings.sizeParameter = u"per_page"_s;
        break;
    case Kind::OffsetLimit:
        settings.parameter = u"offset"_s;
        settings.sizeParameter = u"limit"_s;
        settings.totalField = u"total"_s;
        break;
    case Kind::Cursor:
        settings.parameter = u"cursor"_s;
        settings.sizeParameter = u"limit"_s;
        settings.path = u"next_cursor"_s;
        break;
    case Kind::NextUrl:
        settings.path = u"next"_s;
        break;
    case Kind::HasMore:
        settings.parameter = u"starting_after"_s;
        settings.sizeParameter = u"limit"_s;
        settings.path = u"id"_s;
        break;
    default:
        break;
    }
    return settings;
}

KeyValueList PaginationSettings::state() const
{
    KeyValueList state;
    switch (kind) {
    case Kind::PageNumber:
        state.append({parameter, firstPage});
        break;
    case Kind::OffsetLimit:
        state.append({parameter, 0});
        break;
    case Kind::NextUrl:
    case Kind::LinkHeader:
        state.append({UrlVariable, firstUrl});
        return state;
    case Kind::None:
    case Kind::Custom:
        return state;
    default:
        break;
    }
    if (!sizeParameter.isEmpty())
        state.append({sizeParameter, pageSize});
    return state;
}

KeyValueList PaginationSettings::parameters() const
{
    KeyValueList parameters;
    switch (kind) {
    case Kind::PageNumber:
    case Kind::OffsetLimit:
        parameters.append({parameter, reference(parameter)});
        if (!sizeParameter.isEmpty())
            parameters.append({sizeParameter, reference(sizeParameter)});
        break;
    case Kind::Cursor:
    case Kind::HasMore:
        if (!sizeParameter.isEmpty())
            parameters.append({sizeParameter, reference(sizeParameter)});
        parameters.append({parameter, reference(parameter)});
        break;
    default:
        break;
    }
    return parameters;
}

KeyValueList PaginationSettings::nextState() const
{
    switch (kind) {
    case Kind::PageNumber:
        return {{parameter, u"{state.%1 + 1}"_s.arg(parameter)}};
    case Kind::OffsetLimit:
        return {{parameter, u"{state.%1 + state.%2}"_s.arg(parameter, sizeParameter)}};
    case Kind::Cursor:
        return {{parameter, u"{response.json.%1}"_s.arg(path)}};
    case Kind::NextUrl:
        return {{UrlVariable, u"{response.json.%1}"_s.arg(path)}};
    case Kind::LinkHeader:
        return {{UrlVariable, LinkNext}};
    case Kind::HasMore:
        return {{parameter, u"{response.records[-1].%1}"_s.arg(path)}};
    default:
        return {};
    }
}

QString PaginationSettings::stopCondition() const
{
    switch (kind) {
    case Kind::PageNumber:
        return pageStop == PageStop::TotalPages ? u"response.json.%1 >= response.json.%2"_s.arg(pageField, totalField)
                                                : u"length(response.records) < state.%1"_s.arg(sizeParameter);
    case Kind::OffsetLimit:
        return totalField.isEmpty() ? u"length(response.records) < state.%1"_s.arg(sizeParameter)
                                    : u"state.%1 + state.%2 >= response.json.%3 || length(response.records) == 0"_s.arg(
                                          parameter, sizeParameter, totalField);
    case Kind::Cursor:
    case Kind::NextUrl:
        return u"is_null(response.json.%1)"_s.arg(path);
    case Kind::LinkHeader:
        return LinkStop;
    case Kind::HasMore:
        return u"response.json.%1 == false || length(response.records) == 0"_s.arg(hasMoreField);
    default:
        return {};
    }
}

void PaginationSettings::apply(Endpoint &endpoint, const PaginationSettings &previous) const
{
    if (kind == Kind::Custom)
        return;
    if (previous.kind != Kind::Custom) {
        removeKeys(endpoint.state, previous.state());
        removeKeys(endpoint.request.parameters, previous.parameters());
        endpoint.pagination.nextState.clear();
        endpoint.pagination.stopCondition = QString();
        if (previous.usesUrlState() && endpoint.request.url == UrlReference)
            endpoint.request.url = previous.firstUrl;
    }
    for (const KeyValue &entry : state())
        setValue(endpoint.state, entry.key, entry.value);
    for (const KeyValue &entry : parameters())
        setValue(endpoint.request.parameters, entry.key, entry.value);
    endpoint.pagination.nextState = nextState();
    endpoint.pagination.stopCondition = kind == Kind::None ? QString() : stopCondition();
    if (usesUrlState())
        endpoint.request.url = UrlReference;
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
    const QString key = pagination.nextState.constFirst().key;
    const QString next = strippedExpression(pagination.nextState.constFirst().value.toString());
    const QString stop = strippedExpression(pagination.stopCondition);

    auto numberIn = [&endpoint](const QString &variable, int fallback) {
        const KeyValue *entry = findValue(endpoint.state, variable);
        return entry && entry->value.isDouble() ? entry->value.toInt() : fallback;
    };
    // The size parameter: another parameter carrying a numeric state variable of its own name.
    auto sizeParameterBesides = [&endpoint](const QString &parameter) {
        for (const KeyValue &entry : endpoint.request.parameters) {
            const KeyValue *state = findValue(endpoint.state, entry.key);
            if (entry.key != parameter && state && state->value.isDouble() &&
                strippedExpression(entry.value.toString()) == reference(entry.key))
                return entry.key;
        }
        return QString();
    };

    PaginationSettings settings;
    QRegularExpressionMatch match;
    if (next == u"{state.%1+1}"_s.arg(key)) {
        settings = defaults(Kind::PageNumber);
        settings.parameter = key;
        settings.firstPage = numberIn(key, 1);
        static const QRegularExpression total(u"^response\\.json\\.([\\w.]+)>=response\\.json\\.([\\w.]+)$"_s);
        static const QRegularExpression shortPage(u"^length\\(response\\.records\\)<state\\.(\\w+)$"_s);
        if ((match = total.match(stop)).hasMatch()) {
            settings.pageStop = PageStop::TotalPages;
            settings.pageField = match.captured(1);
            settings.totalField = match.captured(2);
            settings.sizeParameter = sizeParameterBesides(key);
        } else if ((match = shortPage.match(stop)).hasMatch()) {
            settings.pageStop = PageStop::ShortPage;
            settings.sizeParameter = match.captured(1);
        }
    } else if ((match = QRegularExpression(u"^\\{state\\.%1\\+state\\.(\\w+)\\}$"_s.arg(key)).match(next)).hasMatch()) {
        settings = defaults(Kind::OffsetLimit);
        settings.parameter = key;
        settings.sizeParameter = match.captured(1);
        static const QRegularExpression total(u"response\\.json\\.([\\w.]+)\\|\\|"_s);
        const auto totalMatch = total.match(stop);
        settings.totalField = totalMatch.hasMatch() ? totalMatch.captured(1) : QString();
    } else if ((match = QRegularExpression(u"^\\{response\\.json\\.([\\w.]+)\\}$"_s).match(next)).hasMatch()) {
        const bool isUrl = key == UrlVariable && endpoint.request.url == UrlReference;
        settings = defaults(isUrl ? Kind::NextUrl : Kind::Cursor);
        settings.path = match.captured(1);
        if (!isUrl) {
            settings.parameter = key;
            settings.sizeParameter = sizeParameterBesides(key);
        }
    } else if ((match = QRegularExpression(u"^\\{response\\.records\\[-1\\]\\.([\\w.]+)\\}$"_s).match(next))
                   .hasMatch()) {
        settings = defaults(Kind::HasMore);
        settings.parameter = key;
        settings.path = match.captured(1);
        settings.sizeParameter = sizeParameterBesides(key);
        static const QRegularExpression hasMore(u"^response\\.json\\.([\\w.]+)==false"_s);
        const auto hasMoreMatch = hasMore.match(stop);
        if (hasMoreMatch.hasMatch())
            settings.hasMoreField = hasMoreMatch.captured(1);
    } else if (key == UrlVariable && next == strippedExpression(LinkNext)) {
        settings = defaults(Kind::LinkHeader);
    } else {
        return custom;
    }
    if (settings.usesUrlState()) {
        const KeyValue *url = findValue(endpoint.state, UrlVariable);
        settings.firstUrl = url ? url->value.toString() : QString();
    }
    if (!settings.sizeParameter.isEmpty())
        settings.pageSize = numberIn(settings.sizeParameter, settings.pageSize);
    // Only what the choices generate exactly (up to whitespace) counts as recognized.
    if (strippedExpression(settings.stopCondition()) != stop || !contains(endpoint.state, settings.state()) ||
        !contains(endpoint.request.parameters, settings.parameters()) ||
        (settings.usesUrlState() && endpoint.request.url != UrlReference))
        return custom;
    return settings;
}

} // namespace Backfill
