#pragma once

#include "model/spec/spec.h"
#include "network/http/httprequest.h"
#include "views/editor/paginationsettings.h"

#include <QJsonValue>
#include <QStringList>
#include <QUrl>

namespace Backfill {

// What the first answer of a URL says about the endpoint behind it, for "start from a URL":
// where the records are (the largest list of objects), which field keys them (an `id`-like
// field whose values are all there and all different), and how the next page is asked for
// (a Link header, a next URL or a cursor in the body, has_more, page numbers, offsets). Each
// guess is said in findings, so the user knows what to check.
struct EndpointGuess
{
    QString recordsPath; // JMESPath; empty when the answer is one record
    QStringList primaryKey;
    PaginationSettings pagination;
    qsizetype records = 0;
    QStringList findings; // one line per guess, for people

    // Reads the answer to `url`: its headers as received and its body parsed.
    static EndpointGuess fromResponse(const QUrl &url, const HttpHeaders &headers, const QJsonValue &body);

    // Fills `endpoint` (as specForUrl() made it for `url`) with the guesses: records, key and
    // pagination, the query items the pagination takes over moved into its state.
    void apply(Endpoint &endpoint, const QUrl &url) const;
};

// A new connection for `url`: its scheme, host and port as `defaults.state.base_url`, one GET
// endpoint named after the last path segment, its query items as parameters.
ApiSpec specForUrl(const QUrl &url);

} // namespace Backfill
