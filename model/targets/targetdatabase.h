#pragma once

#include "model/targets/target.h"
#include "model/targets/targeturl.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace Backfill {

// A target with a database of its own (another SQLite file, or PostgreSQL): owns the
// QtSql connection, on the thread that opens it, makes the target that writes through it,
// and brackets each batch in that database's own transaction. LoadWriter commits it before
// the workspace's transaction, but removes a full refresh's old rows after (see
// LoadWriter::flush()).
class TargetDatabase final
{
public:
    // Opens `url` (not the workspace); nullptr with `error` when it cannot connect.
    static std::unique_ptr<TargetDatabase> open(const TargetUrl &url, QString *error);
    ~TargetDatabase();
    TargetDatabase(const TargetDatabase &) = delete;
    TargetDatabase &operator=(const TargetDatabase &) = delete;

    // The writer over this connection; it must go before this object does.
    std::unique_ptr<Target> createTarget() const;
    QSqlDatabase database() const { return m_database; }

    bool begin(QString *error);
    bool commit(QString *error);
    void rollback();

private:
    TargetDatabase() = default;

    QString m_connection;
    QSqlDatabase m_database;
    bool m_active = false;
};

} // namespace Backfill
