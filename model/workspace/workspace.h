#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Backfill {

// Owns the one named QSqlDatabase connection to a workspace file (specs, partition ledger, runs,
// events, sync state) and keeps its schema current. Every other class reaches the database
// through database() and must not outlive the Workspace: the connection is removed in the
// destructor. A connection belongs to the thread that opened it; another thread opens its own
// Workspace on the same file (WAL lets readers and one writer work side by side).
class Workspace final
{
public:
    // Version 1: specs, endpoints, partitions, runs, events.
    // Version 2: partition bytes and checkpoint, run bytes, per-endpoint sync state.
    // Version 3: the open status. Version 4: what a pull found and changed (partition columns,
    // partition_changes, partition_fingerprints).
    static constexpr int CurrentSchemaVersion = 6;
    static constexpr int BusyTimeoutMs = 5000;
    // The page size of a new file (set before its first table; an existing file keeps its
    // own). Loaded rows are a few hundred bytes: 16 KB pages, against SQLite's default 4 KB,
    // mean a quarter of the B-tree pages, WAL frames and page reads for the same rows
    // (measured: about 10% more rows per second for a bulk load, see tests/bench/README.md).
    static constexpr int NewFilePageSize = 16384;

    Workspace();
    ~Workspace();
    Q_DISABLE_COPY_MOVE(Workspace)

    // Opens (creating if needed) the workspace at `path` and upgrades its schema step by step.
    // On failure the workspace stays closed and `error` says why, naming the file.
    bool open(const QString &path, QString *error = nullptr);
    void close();

    bool isOpen() const;
    QString path() const;
    QString connectionName() const;

    // The version stored in the file (PRAGMA user_version); -1 when closed.
    int schemaVersion() const;

    QSqlDatabase database() const;

private:
    friend class WorkspaceTransaction;

    bool openConnection(const QString &path, QString *error);
    bool configureConnection(QString *error);
    bool checkIsWorkspace(int version, QString *error);
    bool migrate(int fromVersion, QString *error);

    QString m_connectionName;
    QString m_path;
    int m_transactionDepth = 0; // WorkspaceTransaction nesting, to choose BEGIN or SAVEPOINT
};

} // namespace Backfill
