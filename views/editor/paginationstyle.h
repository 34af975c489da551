#pragma once

#include "views/editor/paginationsettings.h"

#include <QFlags>
#include <QList>

#include <optional>

namespace Backfill {

// The endpoint a pagination is read back from: its single next_state entry `key` = `next` and
// its stop condition, both stripped of whitespace (strippedExpression()).
struct PaginationEvidence
{
    const Endpoint &endpoint;
    QString key;
    QString next;
    QString stop;
};

// One pagination style of the endpoint form, as data (as dlt keeps its paginators in a map):
// its choice in the form and the fields it shows, its usual names, the spec it generates,
// how it is recognized in a spec, and whether its pages can be planned from the first
// response (then the engine fetches the remaining pages in parallel). A new style is one more
// entry in PaginationStyle::all(); PaginationSettings and PaginationEditor only read the table.
struct PaginationStyle
{
    using Kind = PaginationSettings::Kind;
    enum Field {
        Parameter = 0x1, // the state variable sent as a query parameter (page, offset, cursor, ...)
        FirstPage = 0x2,
        PageSize = 0x4, // the size parameter and its value
        PageStop = 0x8,
        PageField = 0x10,
        TotalField = 0x20,
        Path = 0x40, // the response field (or record field) the next state comes from
        HasMoreField = 0x80,
        FirstUrl = 0x100,
    };
    Q_DECLARE_FLAGS(Fields, Field)

    // The state variable of the URL styles, and the request URL they set.
    static constexpr QStringView UrlVariable = u"url";
    static constexpr QStringView UrlReference = u"{state.url}";

    Kind kind;
    const char *label;          // the choice in the form, translated in the PaginationEditor context
    const char *parameterLabel; // the label of the Parameter field, when shown
    const char *pathLabel;      // the label of the Path field, when shown
    bool usesUrlState;          // the request URL is `{state.url}`, the next page's URL
    Fields (*fields)(const PaginationSettings &);
    void (*defaults)(PaginationSettings &);
    KeyValueList (*state)(const PaginationSettings &);
    KeyValueList (*parameters)(const PaginationSettings &);
    KeyValueList (*nextState)(const PaginationSettings &);
    QString (*stopCondition)(const PaginationSettings &);
    // The settings of this style that generate `evidence`'s next_state (before the exact check of
    // PaginationSettings::recognize()); nullopt when the next_state is not this style's.
    std::optional<PaginationSettings> (*recognize)(const PaginationEvidence &evidence);
    // The response field whose value tells how many pages (or records) there are, when these
    // settings make the pages plannable; empty when they do not.
    QString (*plannedFrom)(const PaginationSettings &);

    // Every style in the order the form offers them; None first, Custom last.
    static const QList<PaginationStyle> &all();
    static const PaginationStyle &of(Kind kind);
};

Q_DECLARE_OPERATORS_FOR_FLAGS(PaginationStyle::Fields)

} // namespace Backfill
