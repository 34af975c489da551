// What both partition scheme suites use: a scheme read from its storage string, warning when it is invalid.
#pragma once

#include "model/partitions/partitionscheme.h"

#include <QDebug>

inline Backfill::PartitionScheme scheme(const QString &text)
{
    const Backfill::PartitionScheme parsed = Backfill::PartitionScheme::fromString(text);
    if (!parsed.isValid())
        qWarning("%s: %s", qPrintable(text), qPrintable(parsed.errorString()));
    return parsed;
}
