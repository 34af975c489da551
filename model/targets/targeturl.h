#pragma once

#include <QString>

#include <optional>

namespace Backfill {

// Where a run's rows go, as `--target` or a replication's `target` names it: the workspace
// file itself (the default), another SQLite file (`sqlite:PATH`), or a PostgreSQL database
// (`postgresql://user[:password]@host[:port]/db[?option=value&...]`; without a password in
// the URL, libpq takes it from PGPASSWORD or ~/.pgpass).
struct TargetUrl
{
    enum class Kind { Workspace, Sqlite, Postgres };

    Kind kind = Kind::Workspace;
    QString path; // Sqlite: the file
    QString host;
    int port = -1; // -1: PostgreSQL's default
    QString user;
    QString password;
    QString database;
    QString options; // QPSQL connect options: "sslmode=require;connect_timeout=5"

    bool isWorkspace() const { return kind == Kind::Workspace; }
    // The URL for messages and logs: never the password.
    QString displayText() const;

    // Parses `text` against the workspace at `workspacePath`: empty, or a sqlite: URL naming
    // the workspace file, is the workspace. A bare name (a Sling connection name such as
    // MY_TARGET_DB) stands for the workspace when `connectionNames` is set. Otherwise
    // nullopt with a message naming what is wrong.
    static std::optional<TargetUrl> parse(const QString &text, const QString &workspacePath, bool connectionNames,
                                          QString *error);
};

} // namespace Backfill
