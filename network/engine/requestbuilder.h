#pragma once

#include "network/http/httprequest.h"
#include "network/planning/endpointprogram.h"

#include <optional>

namespace Backfill {

// Renders the HTTP request of one page: URL, query parameters, headers, JSON payload and
// authentication, from the endpoint's compiled templates and the partition's state (in
// `scope`). `bearerToken` is the OAuth2 access token when the spec uses that flow.
std::optional<HttpRequest> buildRequest(const EndpointProgram &program, const ExpressionScope &scope,
                                        const QString &bearerToken, QString *error);

} // namespace Backfill
