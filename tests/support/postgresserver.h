#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace Backfill {

// A throwaway PostgreSQL server for one test: `initdb` into a temporary folder and `pg_ctl`
// on a free port of 127.0.0.1 (as the `postgres` user when the tests run as root, since the
// server refuses root), trusted local logins, stopped and deleted at the end. The binaries
// come from /usr/lib/postgresql/<version>/bin (Debian's `postgresql`).
class PostgresServer final
{
public:
    static constexpr auto User = "backfill";

    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    // False with errorString() saying why no server could start (for QSKIP).
    bool start();
    void stop();
    QString errorString() const { return m_error; }

    int port() const { return m_port; }
    // postgresql://backfill@127.0.0.1:PORT/DATABASE
    QString url(const QString &database = QStringLiteral("postgres")) const;
    // CREATE DATABASE through a short-lived connection; false with errorString().
    bool createDatabase(const QString &name);

private:
    bool run(const QString &program, const QStringList &arguments, QString *output);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_bin;
    QString m_data;
    int m_port = 0;
    bool m_asPostgres = false;
    bool m_running = false;
    QString m_error;
};

} // namespace Backfill
