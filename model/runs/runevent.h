#pragma once

#include "model/runs/eventlevel.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Backfill {

// One line of a run's log as kept in the workspace (the ledger keeps only the newest ones per run).
struct RunEvent
{
    qint64 id = -1; // increases with insertion order
    qint64 runId = -1;
    QDateTime at; // UTC
    EventLevel level = EventLevel::Info;
    QString partitionKey; // empty for events of the whole run
    QString message;
    QJsonObject data;

    friend bool operator==(const RunEvent &, const RunEvent &) = default;
};

} // namespace Backfill
