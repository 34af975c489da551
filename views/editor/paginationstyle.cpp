#include "views/editor/paginationstyle.h"

#include "views/forms/expressiontext.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

using Kind = PaginationSettings::Kind;
using PageStop = PaginationSettings::PageStop;
using Settings = PaginationSettings;
using Style = PaginationStyle;

// A Link header's rel="next" URL, as demo_pagination_link.yaml writes it.
const QString LinkNext = u"{\n"
                         u"  if(\n"
                         u"    contains(response.headers.link, \"rel=\\\"next\\\"\"),\n"
                         u"    trim(split_part(split(response.headers.link, \",\")[0], \";\", 0), \"<>\"),\n"
                         u"    null\n"
                         u"  )\n"
                         u"}\n"_s;
const QString LinkStop = u"!contains(response.headers.link, \"rel=\\\"next\\\"\")"_s;

QString reference(const QString &variable)
{
    return u"{state."_s + variable + u'}';
}

QString shortPageStop(const Settings &s)
{
    return u"length(response.records) < state.%1"_s.arg(s.sizeParameter);
}

// The numeric value of state variable `variable`, or `fallback`.
int numberIn(const Endpoint &endpoint, const QString &variable, int fallback)
{
    const KeyValue *entry = findValue(endpoint.state, variable);
    return entry && entry->value.isDouble() ? entry->value.toInt() : fallback;
}

// The size parameter: another parameter carrying a numeric state variable of its own name.
QString sizeParameterBesides(const Endpoint &endpoint, const QString &parameter)
{
    for (const KeyValue &entry : endpoint.request.parameters) {
        const KeyValue *state = findValue(endpoint.state, entry.key);
        if (entry.key != parameter && state && state->value.isDouble() &&
            strippedExpression(entry.value.toString()) == reference(entry.key))
            return entry.key;
    }
    return QString();
}

// The state of the parameter styles: the parameter's first value, then the page size.
KeyValueList parameterState(const Settings &s, const QJsonValue &first)
{
    KeyValueList state;
    if (!first.isUndefined())
        state.append({s.parameter, first});
    if (!s.sizeParameter.isEmpty())
        state.append({s.sizeParameter, s.pageSize});
    return state;
}

KeyValueList urlState(const Settings &s)
{
    return {{Style::UrlVariable.toString(), s.firstUrl}};
}

// Query parameters carry the state variable of the same name; `sizeFirst` keeps the order the
// example specs write.
KeyValueList parameterReferences(const Settings &s, bool sizeFirst)
{
    KeyValueList parameters;
    if (!sizeFirst)
        parameters.append({s.parameter, reference(s.parameter)});
    if (!s.sizeParameter.isEmpty())
        parameters.append({s.sizeParameter, reference(s.sizeParameter)});
    if (sizeFirst)
        parameters.append({s.parameter, reference(s.parameter)});
    return parameters;
}

KeyValueList nothing(const Settings &)
{
    return {};
}

QString none(const Settings &)
{
    return {};
}

const Style::Fields ParameterFields = Style::Parameter | Style::PageSize;

const QList<PaginationStyle> Styles = {
    {Kind::None, QT_TRANSLATE_NOOP("PaginationEditor", "None (one request)"), nullptr, nullptr, false,
     [](const Settings &) { return Style::Fields(); }, [](Settings &) {}, nothing, nothing, nothing, none,
     [](const PaginationEvidence &) { return std::optional<Settings>(); }, none},
    {Kind::PageNumber, QT_TRANSLATE_NOOP("PaginationEditor", "Page number"),
     QT_TRANSLATE_NOOP("PaginationEditor", "Page para&meter:"), nullptr, false,
     [](const Settings &s) {
         Style::Fields fields = ParameterFields | Style::FirstPage | Style::PageStop;
         if (s.pageStop == PageStop::TotalPages)
             fields |= Style::PageField | Style::TotalField;
         return fields;
     },
     [](Settings &s) {
         s.parameter = u"page"_s;
         s.sizeParameter = u"per_page"_s;
     },
     [](const Settings &s) { return parameterState(s, s.firstPage); },
     [](const Settings &s) { return parameterReferences(s, false); },
     [](const Settings &s) {
         return KeyValueList{{s.parameter, u"{state.%1 + 1}"_s.arg(s.parameter)}};
     },
     [](const Settings &s) {
         return s.pageStop == PageStop::TotalPages
                    ? u"response.json.%1 >= response.json.%2"_s.arg(s.pageField, s.totalField)
                    : shortPageStop(s);
     },
     [](const PaginationEvidence &e) -> std::optional<Settings> {
         if (e.next != u"{state.%1+1}"_s.arg(e.key))
             return std::nullopt;
         Settings s = Settings::defaults(Kind::PageNumber);
         s.parameter = e.key;
         s.firstPage = numberIn(e.endpoint, e.key, 1);
         static const QRegularExpression total(u"^response\\.json\\.([\\w.]+)>=response\\.json\\.([\\w.]+)$"_s);
         static const QRegularExpression shortPage(u"^length\\(response\\.records\\)<state\\.(\\w+)$"_s);
         QRegularExpressionMatch match;
         if ((match = total.match(e.stop)).hasMatch()) {
             s.pageStop = PageStop::TotalPages;
             s.pageField = match.captured(1);
             s.totalField = match.captured(2);
             s.sizeParameter = sizeParameterBesides(e.endpoint, e.key);
         } else if ((match = shortPage.match(e.stop)).hasMatch()) {
             s.pageStop = PageStop::ShortPage;
             s.sizeParameter = match.captured(1);
         }
         return s;
     },
     [](const Settings &s) { return s.pageStop == PageStop::TotalPages ? s.totalField : QString(); }},
    {Kind::OffsetLimit, QT_TRANSLATE_NOOP("PaginationEditor", "Offset and limit"),
     QT_TRANSLATE_NOOP("PaginationEditor", "Offset para&meter:"), nullptr, false,
     [](const Settings &) { return ParameterFields | Style::TotalField; },
     [](Settings &s) {
         s.parameter = u"offset"_s;
         s.sizeParameter = u"limit"_s;
         s.totalField = u"total"_s;
     },
     [](const Settings &s) { return parameterState(s, 0); },
     [](const Settings &s) { return parameterReferences(s, false); },
     [](const Settings &s) {
         return KeyValueList{{s.parameter, u"{state.%1 + state.%2}"_s.arg(s.parameter, s.sizeParameter)}};
     },
     [](const Settings &s) {
         return s.totalField.isEmpty()
                    ? shortPageStop(s)
                    : u"state.%1 + state.%2 >= response.json.%3 || length(response.records) == 0"_s.arg(
                          s.parameter, s.sizeParameter, s.totalField);
     },
     [](const PaginationEvidence &e) -> std::optional<Settings> {
         const auto match = QRegularExpression(u"^\\{state\\.%1\\+state\\.(\\w+)\\}$"_s.arg(e.key)).match(e.next);
         if (!match.hasMatch())
             return std::nullopt;
         Settings s = Settings::defaults(Kind::OffsetLimit);
         s.parameter = e.key;
         s.sizeParameter = match.captured(1);
         static const QRegularExpression total(u"response\\.json\\.([\\w.]+)\\|\\|"_s);
         const auto totalMatch = total.match(e.stop);
         s.totalField = totalMatch.hasMatch() ? totalMatch.captured(1) : QString();
         return s;
     },
     [](const Settings &s) { return s.totalField; }},
    {Kind::Cursor, QT_TRANSLATE_NOOP("PaginationEditor", "Cursor from the body"),
     QT_TRANSLATE_NOOP("PaginationEditor", "Cursor para&meter:"),
     QT_TRANSLATE_NOOP("PaginationEditor", "Next cursor fi&eld:"), false,
     [](const Settings &) { return ParameterFields | Style::Path; },
     [](Settings &s) {
         s.parameter = u"cursor"_s;
         s.sizeParameter = u"limit"_s;
         s.path = u"next_cursor"_s;
     },
     [](const Settings &s) { return parameterState(s, QJsonValue::Undefined); },
     [](const Settings &s) { return parameterReferences(s, true); },
     [](const Settings &s) {
         return KeyValueList{{s.parameter, u"{response.json.%1}"_s.arg(s.path)}};
     },
     [](const Settings &s) { return u"is_null(response.json.%1)"_s.arg(s.path); },
     [](const PaginationEvidence &e) -> std::optional<Settings> {
         static const QRegularExpression field(u"^\\{response\\.json\\.([\\w.]+)\\}$"_s);
         const auto match = field.match(e.next);
         if (!match.hasMatch() || (e.key == Style::UrlVariable && e.endpoint.request.url == Style::UrlReference))
             return std::nullopt;
         Settings s = Settings::defaults(Kind::Cursor);
         s.path = match.captured(1);
         s.parameter = e.key;
         s.sizeParameter = sizeParameterBesides(e.endpoint, e.key);
         return s;
     },
     none},
    {Kind::NextUrl, QT_TRANSLATE_NOOP("PaginationEditor", "Next URL from the body"), nullptr,
     QT_TRANSLATE_NOOP("PaginationEditor", "Next URL fi&eld:"), true,
     [](const Settings &) { return Style::Path | Style::FirstUrl; }, [](Settings &s) { s.path = u"next"_s; }, urlState,
     nothing,
     [](const Settings &s) {
         return KeyValueList{{Style::UrlVariable.toString(), u"{response.json.%1}"_s.arg(s.path)}};
     },
     [](const Settings &s) { return u"is_null(response.json.%1)"_s.arg(s.path); },
     [](const PaginationEvidence &e) -> std::optional<Settings> {
         static const QRegularExpression field(u"^\\{response\\.json\\.([\\w.]+)\\}$"_s);
         const auto match = field.match(e.next);
         if (!match.hasMatch() || e.key != Style::UrlVariable || e.endpoint.request.url != Style::UrlReference)
             return std::nullopt;
         Settings s = Settings::defaults(Kind::NextUrl);
         s.path = match.captured(1);
         return s;
     },
     none},
    {Kind::LinkHeader, QT_TRANSLATE_NOOP("PaginationEditor", "Link header"), nullptr, nullptr, true,
     [](const Settings &) { return Style::Fields(Style::FirstUrl); }, [](Settings &) {}, urlState, nothing,
     [](const Settings &) {
         return KeyValueList{{Style::UrlVariable.toString(), LinkNext}};
     },
     [](const Settings &) { return LinkStop; },
     [](const PaginationEvidence &e) -> std::optional<Settings> {
         if (e.key != Style::UrlVariable || e.next != strippedExpression(LinkNext))
             return std::nullopt;
         return Settings::defaults(Kind::LinkHeader);
     },
     none},
    {Kind::HasMore, QT_TRANSLATE_NOOP("PaginationEditor", "has_more and last id"),
     QT_TRANSLATE_NOOP("PaginationEditor", "Last id para&meter:"),
     QT_TRANSLATE_NOOP("PaginationEditor", "Record id fi&eld:"), false,
     [](const Settings &) { return ParameterFields | Style::Path | Style::HasMoreField; },
     [](Settings &s) {
         s.parameter = u"starting_after"_s;
         s.sizeParameter = u"limit"_s;
         s.path = u"id"_s;
     },
     [](const Settings &s) { return parameterState(s, QJsonValue::Undefined); },
     [](const Settings &s) { return parameterReferences(s, true); },
     [](const Settings &s) {
         return KeyValueList{{s.parameter, u"{response.records[-1].%1}"_s.arg(s.path)}};
     },
     [](const Settings &s) {
         return u"response.json.%1 == false || length(response.records) == 0"_s.arg(s.hasMoreField);
     },
     [](const PaginationEvidence &e) -> std::optional<Settings> {
         static const QRegularExpression lastRecord(u"^\\{response\\.records\\[-1\\]\\.([\\w.]+)\\}$"_s);
         const auto match = lastRecord.match(e.next);
         if (!match.hasMatch())
             return std::nullopt;
         Settings s = Settings::defaults(Kind::HasMore);
         s.parameter = e.key;
         s.path = match.captured(1);
         s.sizeParameter = sizeParameterBesides(e.endpoint, e.key);
         static const QRegularExpression hasMore(u"^response\\.json\\.([\\w.]+)==false"_s);
         const auto hasMoreMatch = hasMore.match(e.stop);
         if (hasMoreMatch.hasMatch())
             s.hasMoreField = hasMoreMatch.captured(1);
         return s;
     },
     none},
    {Kind::Custom, QT_TRANSLATE_NOOP("PaginationEditor", "Custom (see Advanced)"), nullptr, nullptr, false,
     [](const Settings &) { return Style::Fields(); }, [](Settings &) {}, nothing, nothing, nothing, none,
     [](const PaginationEvidence &) { return std::optional<Settings>(); }, none},
};

} // namespace

const QList<PaginationStyle> &PaginationStyle::all()
{
    return Styles;
}

const PaginationStyle &PaginationStyle::of(Kind kind)
{
    for (const PaginationStyle &style : Styles) {
        if (style.kind == kind)
            return style;
    }
    return Styles.constLast(); // Custom
}

} // namespace Backfill
