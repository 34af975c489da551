#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace Backfill {

// How much an event of a run matters: one scale for the engine's live events, the log the
// workspace keeps and every view of them. Ordered, so "at least Warning" is a comparison.
enum class EventLevel { Debug, Info, Warning, Error };

// The level as stored in the workspace and written in copied log lines and JSON: "warning".
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

// The level as the log tables show it, translated: "Warning".
inline QString eventLevelText(EventLevel level)
{
    switch (level) {
    case EventLevel::Debug:
        return QCoreApplication::translate("Backfill", "Debug");
    case EventLevel::Info:
        return QCoreApplication::translate("Backfill", "Info");
    case EventLevel::Warning:
        return QCoreApplication::translate("Backfill", "Warning");
    case EventLevel::Error:
        return QCoreApplication::translate("Backfill", "Error");
    }
    return {};
}

} // namespace Backfill
