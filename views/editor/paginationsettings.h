#pragma once

#include "model/spec/spec.h"

#include <QString>

namespace Backfill {

// The pagination choices of the endpoint form and the spec they generate: the state, query
// parameters, next_state and stop_condition of resources/examples/demo_pagination_*.yaml.
// recognize() reads the choices back from an endpoint; what they cannot say is Custom.
// Query parameters carry the state variable of the same name (`page: "{state.page}"`). What
// each kind generates and recognizes is its PaginationStyle.
struct PaginationSettings
{
    enum class Kind { None, PageNumber, OffsetLimit, Cursor, NextUrl, LinkHeader, HasMore, Custom };
    enum class PageStop { TotalPages, ShortPage };

    Kind kind = Kind::None;
    QString parameter;     // page, offset, cursor or starting_after
    int firstPage = 1;     // page numbers
    QString sizeParameter; // per_page / limit; empty: none sent
    int pageSize = 25;
    PageStop pageStop = PageStop::TotalPages;
    QString pageField = QStringLiteral("page");         // page numbers: the response's current page
    QString totalField = QStringLiteral("total_pages"); // total pages, or the total for offsets
    QString path;                                       // cursor field, next URL field, or the records' id field
    QString hasMoreField = QStringLiteral("has_more");
    QString firstUrl; // next URL and Link header: the first page's URL

    bool operator==(const PaginationSettings &) const = default;

    // The defaults of a kind (names as the demo API uses them).
    static PaginationSettings defaults(Kind kind, const QString &firstUrl = {});

    KeyValueList state() const;
    KeyValueList parameters() const;
    KeyValueList nextState() const;
    QString stopCondition() const;
    bool usesUrlState() const;
    // The response field that tells how many pages (or records) there are when these settings
    // make the pages plannable (fetched in parallel after the first); empty when they do not.
    QString plannedFrom() const;

    // Replaces what `previous` generated in `endpoint` with what these settings generate.
    void apply(Endpoint &endpoint, const PaginationSettings &previous) const;
    static PaginationSettings recognize(const Endpoint &endpoint);
};

} // namespace Backfill
