#pragma once

#include <QList>
#include <QString>

namespace Backfill {

// A place in a spec file, 1-based; line 0 means "unknown" (a spec built in the forms).
struct SourcePosition
{
    int line = 0;
    int column = 0;

    bool isValid() const { return line > 0; }
    bool operator==(const SourcePosition &) const = default;
};

// One thing wrong with a spec or replication file, pointing at the character that causes it.
struct SpecProblem
{
    enum Severity { Error, Warning };

    QString file;
    int line = 0;
    int column = 0;
    QString message;
    Severity severity = Error;

    // "FILE:LINE:COL: message" (warnings say so), the form compilers and editors understand.
    QString toString() const;
};

using SpecProblems = QList<SpecProblem>;

bool hasErrors(const SpecProblems &problems);

} // namespace Backfill
