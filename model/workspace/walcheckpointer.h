#pragma once

#include <QByteArray>

#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace Backfill {

// Copies a database's write-ahead log into the database file on a thread of its own, so that
// the connection writing a load does not wait for the disk.
//
// SQLite checkpoints in the connection that commits: it syncs the log to disk, copies it into
// the database file and syncs that. On this machine's disk (about 330 MB/s) that is a stall of
// about 0.4 s per 128 MB of log, during which the writer commits nothing and fetching stops
// behind it. Attached to the writer's connection, this takes over: each time commits have
// added `Limits::background` frames to the log, a PASSIVE checkpoint runs on the other thread
// (it never blocks the writer or readers), so the disk is synced once per that many frames.
// The log starts over from its beginning at the first commit after a pass has copied all of
// it. When the writer outruns the passes and the log reaches `Limits::blocking` frames, the
// writer checkpoints the rest itself, as SQLite would have, at the first commit after the pass
// in progress (no other starts meanwhile): little is left to copy by then. It waits for that
// pass only if the log has grown to twice the limit, so the log never grows past that by
// more than one commit.
//
// What a checkpoint does to durability is unchanged: the log is synced before it is copied,
// the database file after. Readers that keep an old snapshot hold the log back, as they do
// SQLite's own checkpoint. The passes' connection uses the sqlite3 library this program links;
// `canAttach` says whether the writer's connection (from Qt's driver) uses the same one and is
// in WAL mode: two copies of SQLite in one process would drop each other's file locks.
class WalCheckpointer final
{
public:
    struct Limits
    {
        int background = 1024; // frames (pages) in the log before a pass starts
        int blocking = 8192;   // frames at which the writer checkpoints itself
    };

    static bool canAttach(sqlite3 *writer);

    // `writer` is the writing connection (its automatic checkpoint is replaced while this
    // lives); `path` the database file, opened again for the passes.
    WalCheckpointer(sqlite3 *writer, const QString &path, Limits limits);
    WalCheckpointer(sqlite3 *writer, const QString &path);
    // Waits for a pass in progress, then gives the writer its automatic checkpoint back.
    ~WalCheckpointer();
    Q_DISABLE_COPY_MOVE(WalCheckpointer)

    // Passes completed, and checkpoints the writer ran itself (for tests and benchmarks).
    int passes() const;
    int blockingCheckpoints() const;

private:
    static int onCommit(void *self, sqlite3 *db, const char *name, int frames);
    void run();

    sqlite3 *m_writer;
    QByteArray m_path;
    Limits m_limits;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake; // a pass is wanted, or the end
    std::condition_variable m_idle; // a pass ended
    bool m_wanted = false;
    bool m_running = false;
    bool m_hold = false; // the writer checkpoints next: no pass starts
    bool m_stop = false;
    int m_requestedAt = 0; // the log's frames when the last pass was asked for
    int m_passes = 0;
    int m_blocking = 0;
    std::thread m_thread;
};

} // namespace Backfill
