#include "model/workspace/walcheckpointer.h"

#include "model/core/crashpoint.h"
#include "model/core/logging.h"

#include <QString>

#include <sqlite3.h>

namespace Backfill {

WalCheckpointer::WalCheckpointer(sqlite3 *writer, const QString &path, Limits limits)
    : m_writer(writer)
    , m_path(path.toUtf8())
    , m_limits(limits)
{
    sqlite3_wal_hook(m_writer, &WalCheckpointer::onCommit, this);
    m_thread = std::thread([this] { run(); });
}

WalCheckpointer::WalCheckpointer(sqlite3 *writer, const QString &path)
    : WalCheckpointer(writer, path, Limits{})
{}

WalCheckpointer::~WalCheckpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
    sqlite3_wal_autocheckpoint(m_writer, m_limits.blocking); // replaces the hook
}

bool WalCheckpointer::canAttach(sqlite3 *writer)
{
    // The same library: its source id, as the connection's own SQL function reports it.
    sqlite3_stmt *stmt = nullptr;
    bool same = false;
    if (sqlite3_prepare_v2(writer, "SELECT sqlite_source_id()", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        same = qstrcmp(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)), sqlite3_sourceid()) == 0;
    sqlite3_finalize(stmt);
    stmt = nullptr;
    bool wal = false;
    if (same && sqlite3_prepare_v2(writer, "PRAGMA journal_mode", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        wal = qstricmp(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)), "wal") == 0;
    sqlite3_finalize(stmt);
    return same && wal;
}

int WalCheckpointer::passes() const
{
    std::lock_guard lock(m_mutex);
    return m_passes;
}

int WalCheckpointer::blockingCheckpoints() const
{
    std::lock_guard lock(m_mutex);
    return m_blocking;
}

int WalCheckpointer::onCommit(void *self, sqlite3 *db, const char *name, int frames)
{
    // Called by SQLite on the writer's thread after each commit, with the log's frame count
    // and the write lock released, so checkpointing from here is allowed.
    auto *checkpointer = static_cast<WalCheckpointer *>(self);
    std::unique_lock lock(checkpointer->m_mutex);
    if (frames >= checkpointer->m_limits.blocking) {
        // Copied here once no pass runs (none starts while this holds the lock): a pass has
        // just copied most of the log, and the log starts over at the next commit. A pass in
        // progress is waited for only when the log has grown to twice the limit meanwhile.
        // Meanwhile no new pass starts.
        checkpointer->m_hold = true;
        if (checkpointer->m_running && frames < 2 * checkpointer->m_limits.blocking)
            return SQLITE_OK;
        checkpointer->m_idle.wait(lock, [checkpointer] { return !checkpointer->m_running; });
        crashPoint("checkpointer.blocking");
        if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) == SQLITE_OK)
            ++checkpointer->m_blocking;
        checkpointer->m_hold = false;
        checkpointer->m_wanted = false; // nothing left to copy
        return SQLITE_OK;
    }
    if (frames < checkpointer->m_requestedAt)
        checkpointer->m_requestedAt = 0; // the log started over
    if (frames - checkpointer->m_requestedAt >= checkpointer->m_limits.background) {
        checkpointer->m_requestedAt = frames;
        checkpointer->m_wanted = true;
        lock.unlock();
        checkpointer->m_wake.notify_one();
    }
    return SQLITE_OK;
}

void WalCheckpointer::run()
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(m_path.constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
        sqlite3_busy_timeout(db, 5000) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr) != SQLITE_OK) {
        // The writer checkpoints at the blocking limit: nothing is lost but the overlap.
        qCWarning(lcModel) << "cannot open" << m_path << "to checkpoint it:" << sqlite3_errmsg(db);
        sqlite3_close(db);
        db = nullptr;
    }
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return (m_wanted && !m_hold) || m_stop; });
        if (m_stop)
            break;
        m_wanted = false;
        if (!db)
            continue;
        m_running = true;
        lock.unlock();
        crashPoint("checkpointer.background");
        const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        crashPoint("checkpointer.passed");
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            qCWarning(lcModel) << "checkpoint of" << m_path << "failed:" << sqlite3_errmsg(db);
        lock.lock();
        m_running = false;
        if (rc == SQLITE_OK)
            ++m_passes;
        m_idle.notify_all();
    }
    lock.unlock();
    sqlite3_close(db); // not the last connection: the log stays with the writer
}

} // namespace Backfill
