#pragma once

#include "model/spec/spec.h"
#include "model/spec/specproblem.h"

#include <functional>

namespace Backfill {

// Checks what the YAML structure cannot: expression syntax, known rule actions, backoff kinds,
// aggregations and modes, state variables that something sets, and `sync` keys a processor
// writes. Used by SpecLoader on files and by the editor forms on specs built in memory.
class SpecValidator final
{
public:
    // Maps a character offset inside a scalar value to its place in the file; without one,
    // offsets count from the scalar's own position.
    using PositionMapper = std::function<SourcePosition(SourcePosition scalarStart, const QString &value, int offset)>;

    static SpecProblems validate(const ApiSpec &spec, const PositionMapper &mapper = {});

    static const QStringList &ruleActions();
    static const QStringList &backoffKinds();
    static const QStringList &aggregations();
    static const QStringList &modes();
    static const QStringList &methods();
    static const QStringList &scopes(); // roots an expression may read: state, sync, context...
};

} // namespace Backfill
