#pragma once

#include "model/runs/runevent.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace Backfill {

// Why one partition of a run failed, as the engine recorded it in the run's log: the request
// that failed (URL and headers masked of secrets), the HTTP status, the start of the response
// and the error, for the failure's detail in the run history.
struct PartitionFailure
{
    QString endpoint;
    QString partition;
    QDateTime at; // UTC
    int page = 0;
    int httpStatus = 0; // 0 when no response arrived
    QString method;     // empty when no request was sent
    QString url;
    QString requestHeaders; // "Name: value" lines
    QString response;       // the start of the body
    QString message;

    // The failure recorded by a `partition_failed` event; nullopt for any other event.
    static std::optional<PartitionFailure> fromEvent(const RunEvent &event);
    // What the user can do about it, in a sentence or two.
    QString advice() const;

    friend bool operator==(const PartitionFailure &, const PartitionFailure &) = default;
};

} // namespace Backfill
