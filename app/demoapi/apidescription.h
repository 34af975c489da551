#pragma once

#include "app/demoapi/options.h"

#include <QByteArray>

namespace Backfill::DemoApi {

// The JSON answer of GET /: every endpoint, its parameters, the fault scheme and the
// options in force, so a person or a test can discover the demo API from itself.
QByteArray describeApi(const Options &options, const QByteArray &baseUrl, int generation);

} // namespace Backfill::DemoApi
