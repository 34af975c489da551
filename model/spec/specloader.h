#pragma once

#include "model/spec/spec.h"
#include "model/spec/specproblem.h"

#include <QByteArray>
#include <QString>

namespace Backfill {

struct SpecLoadResult
{
    ApiSpec spec;
    SpecProblems problems; // structure and validation problems, in file order

    bool hasErrors() const { return Backfill::hasErrors(problems); }
};

// Reads a Sling API spec from YAML: every key it does not know, every value of the wrong type
// and every problem SpecValidator finds comes back with its line and column.
class SpecLoader final
{
public:
    static SpecLoadResult load(const QByteArray &yaml, const QString &fileName = {});
    static SpecLoadResult loadFile(const QString &path);
};

} // namespace Backfill
