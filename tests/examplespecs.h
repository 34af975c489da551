#pragma once

// The example specs of resources/examples/, loaded for tests.
#include "model/specloader.h"

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

} // namespace Backfill
