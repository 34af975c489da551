#pragma once

#include <QDateTime>
#include <QString>

namespace Backfill {

// An API spec as the workspace keeps it: the YAML text exactly as saved, under its name.
struct SpecRecord
{
    QString name;
    QString yaml;
    QDateTime updatedAt; // UTC

    friend bool operator==(const SpecRecord &, const SpecRecord &) = default;
};

} // namespace Backfill
