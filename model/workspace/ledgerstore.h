#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QVariant>

#include <functional>

namespace Backfill {

class Workspace;

// What the stores over the workspace's ledger tables share (RunLog, PartitionLedger): the
// workspace, the clock that stamps their rows, and the reason the last call failed. Calls
// that fail return false / -1 / empty and leave the reason in lastError().
class LedgerStore
{
public:
    QString lastError() const { return m_lastError; }

protected:
    // `clock` gives "now" in UTC for timestamps; empty means the system clock.
    LedgerStore(Workspace &workspace, std::function<QDateTime()> clock);
    ~LedgerStore() = default;
    LedgerStore(const LedgerStore &) = delete;
    LedgerStore &operator=(const LedgerStore &) = delete;

    QDateTime now() const;
    // Keeps "what: reason" as lastError(), logs it, and returns false.
    bool fail(const QString &what, const QString &reason) const;

    Workspace &m_workspace;

private:
    std::function<QDateTime()> m_clock;
    mutable QString m_lastError;
};

// How the ledger tables store values: times as
// milliseconds since the epoch in UTC (NULL when unset), JSON as compact text, and text
// columns NOT NULL with '' for "none".
QVariant timeToDb(const QDateTime &time);
QDateTime timeFromDb(const QVariant &value);
QString jsonToDb(const QJsonObject &object);
QJsonObject jsonFromDb(const QVariant &value);
QString textToDb(const QString &value);

} // namespace Backfill
