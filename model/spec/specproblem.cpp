#include "model/spec/specproblem.h"

#include <QCoreApplication>

#include <algorithm>

namespace Backfill {

QString SpecProblem::toString() const
{
    const QString where = QStringLiteral("%1:%2:%3: ").arg(file).arg(line).arg(column);
    if (severity == Warning)
        return where % QCoreApplication::translate("Backfill", "warning: %1").arg(message);
    return where % message;
}

bool hasErrors(const SpecProblems &problems)
{
    return std::any_of(problems.cbegin(), problems.cend(),
                       [](const SpecProblem &problem) { return problem.severity == SpecProblem::Error; });
}

} // namespace Backfill
