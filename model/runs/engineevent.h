#pragma once

#include "model/runs/eventlevel.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Backfill {

// One step of a backfill, as the engine reports it: the single stream of progress that
// the GUI charts, the headless runner prints (and emits as JSON lines), and the workspace
// keeps as the run's log. URLs and messages are already masked of secrets.
struct EngineEvent
{
    enum class Kind {
        RunStarted,
        PartitionStarted,
        PageFetched,
        RowsWritten,
        Retry,
        Wait,
        PartitionSucceeded,
        PartitionFailed,
        PartitionChanged, // pulled again: rows new, changed or gone since the partition's last pull
        Warning,
        Finishing, // nothing more to fetch (all done, or cancelled): the last rows, then indexes
        RunFinished,
    };

    Kind kind = Kind::Warning;
    QDateTime time;
    QString endpoint;
    QString partition;
    int page = 0;          // 1-based page number within the partition; 0 when not about a page
    int attempt = 0;       // 1-based attempt of the request
    int httpStatus = 0;    // 0 when no response arrived
    qint64 rows = 0;       // records on the page, or rows written
    qint64 bytes = 0;      // response bytes
    qint64 durationMs = 0; // request time, or partition time
    qint64 waitMs = 0;     // for Retry and Wait: how long until the next attempt
    QString url;           // masked
    QString message;       // for people: what happened and what happens next
    bool open = false;     // PartitionSucceeded: recorded Open, its period not ended and settled
    // PartitionChanged: rows new, changed and gone against the partition's last pull.
    qint64 added = 0;
    qint64 changed = 0;
    qint64 removed = 0;
    // For PartitionFailed: the request that failed and the start of its response, so that the
    // run history can show them. Masked like the URL; credentials headers are masked whole.
    QString method;
    QString requestHeaders; // "Name: value" lines
    QString response;       // at most ResponseExcerptBytes of the body, as text

    static constexpr int ResponseExcerptBytes = 4096;

    EventLevel level() const;
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    QJsonObject toJson() const;
};

} // namespace Backfill
