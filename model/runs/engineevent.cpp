#include "model/runs/engineevent.h"

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
constexpr std::pair<EngineEvent::Kind, const char *> kindNames[] = {
    {EngineEvent::Kind::RunStarted, "run_started"},
    {EngineEvent::Kind::PartitionStarted, "partition_started"},
    {EngineEvent::Kind::PageFetched, "page_fetched"},
    {EngineEvent::Kind::RowsWritten, "rows_written"},
    {EngineEvent::Kind::Retry, "retry"},
    {EngineEvent::Kind::Wait, "wait"},
    {EngineEvent::Kind::PartitionSucceeded, "partition_succeeded"},
    {EngineEvent::Kind::PartitionFailed, "partition_failed"},
    {EngineEvent::Kind::PartitionChanged, "partition_changed"},
    {EngineEvent::Kind::Warning, "warning"},
    {EngineEvent::Kind::Finishing, "finishing"},
    {EngineEvent::Kind::RunFinished, "run_finished"},
};
} // namespace

EventLevel EngineEvent::level() const
{
    switch (kind) {
    case Kind::PartitionFailed:
        return EventLevel::Error;
    case Kind::Retry:
    case Kind::Wait:
    case Kind::Warning:
        return EventLevel::Warning;
    default:
        return EventLevel::Info;
    }
}

QString EngineEvent::kindName(Kind kind)
{
    for (const auto &[k, name] : kindNames) {
        if (k == kind)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<EngineEvent::Kind> EngineEvent::kindFromName(const QString &name)
{
    for (const auto &[k, n] : kindNames) {
        if (name == QLatin1StringView(n))
            return k;
    }
    return std::nullopt;
}

QJsonObject EngineEvent::toJson() const
{
    QJsonObject json{{u"event"_s, kindName(kind)}, {u"time"_s, time.toUTC().toString(Qt::ISODateWithMs)}};
    const auto put = [&json](const QString &key, auto value, bool present) {
        if (present)
            json.insert(key, value);
    };
    put(u"endpoint"_s, endpoint, !endpoint.isEmpty());
    put(u"partition"_s, partition, !partition.isEmpty());
    put(u"page"_s, page, page > 0);
    put(u"attempt"_s, attempt, attempt > 0);
    put(u"status"_s, httpStatus, httpStatus > 0);
    put(u"rows"_s, rows, rows > 0 || kind == Kind::RowsWritten || kind == Kind::PageFetched);
    put(u"bytes"_s, bytes, bytes > 0);
    put(u"duration_ms"_s, durationMs, durationMs > 0);
    put(u"wait_ms"_s, waitMs, waitMs > 0 || kind == Kind::Wait || kind == Kind::Retry);
    put(u"url"_s, url, !url.isEmpty());
    put(u"message"_s, message, !message.isEmpty());
    put(u"method"_s, method, !method.isEmpty());
    put(u"request_headers"_s, requestHeaders, !requestHeaders.isEmpty());
    put(u"response"_s, response, !response.isEmpty());
    put(u"open"_s, open, open);
    const bool changes = kind == Kind::PartitionChanged;
    put(u"added"_s, added, changes);
    put(u"changed"_s, changed, changes);
    put(u"removed"_s, removed, changes);
    return json;
}

} // namespace Backfill
