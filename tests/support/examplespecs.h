#pragma once

// The example specs of resources/examples/, loaded for tests.
#include "model/spec/specloader.h"

#include <QString>
#include <QtGlobal>

namespace Backfill {

// The first endpoint of resources/examples/<file>; a broken example stops the test run.
inline Endpoint exampleEndpoint(const QString &file)
{
    const SpecLoadResult loaded =
        SpecLoader::loadFile(QStringLiteral(BACKFILL_SOURCE_DIR) + QStringLiteral("/resources/examples/") + file);
    if (loaded.hasErrors() || loaded.spec.endpoints.isEmpty())
        qFatal("cannot load %s", qPrintable(file));
    return loaded.spec.endpoints.constFirst();
}

// The whole spec of resources/examples/<file>, pointed at `baseUrl` (the demo API a test started)
// through its `defaults.state.base_url`; a broken example stops the test run.
inline ApiSpec exampleSpec(const QString &file, const QString &baseUrl)
{
    SpecLoadResult loaded =
        SpecLoader::loadFile(QStringLiteral(BACKFILL_SOURCE_DIR) + QStringLiteral("/resources/examples/") + file);
    if (loaded.hasErrors())
        qFatal("cannot load %s", qPrintable(file));
    setValue(loaded.spec.defaults.state, QStringLiteral("base_url"), baseUrl);
    return loaded.spec;
}

} // namespace Backfill
