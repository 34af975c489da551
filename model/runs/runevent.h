#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Backfill {

enum class EventLevel { Debug, Info, Warning, Error };

inline QString eventLevelName(EventLevel level)
{
    switch (level) {
    case EventLevel::Debug:
        return QStringLiteral("debug");
    case EventLevel::Info:
        return QStringLiteral("info");
    case EventLevel::Warning:
        return QStringLiteral("warning");
    case EventLevel::Error:
        return QStringLiteral("error");
    }
    return {};
}

inline std::optional<EventLevel> eventLevelFromName(const QString &text)
{
    for (const EventLevel level : {EventLevel::Debug, EventLevel::Info, EventLevel::Warning, EventLevel::Error}) {
        if (eventLevelName(level) == text)
            return level;
    }
    return std::nullopt;
}

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
