#include "model/targets/targetdatabase.h"

#include "model/core/sqlerrortext.h"
#include "model/core/translation.h"
#include "model/workspace/workspace.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
QString nextConnectionName()
{
    static QAtomicInteger<quint32> counter;
    return u"backfill-target-%1"_s.arg(++counter);
}
} // namespace

std::unique_ptr<TargetDatabase> TargetDatabase::open(const TargetUrl &url, QString *error)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return nullptr;
    };
    std::unique_ptr<TargetDatabase> opened(new TargetDatabase);
    opened->m_connection = nextConnectionName();
    switch (url.kind) {
    case TargetUrl::Kind::Workspace:
        return fail(tr("the workspace is not a target database of its own"));
    case TargetUrl::Kind::Sqlite: {
        QDir().mkpath(QFileInfo(url.path).absolutePath());
        opened->m_database = QSqlDatabase::addDatabase(u"QSQLITE"_s, opened->m_connection);
        opened->m_database.setDatabaseName(url.path);
        opened->m_database.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        break;
    }
    case TargetUrl::Kind::Postgres:
        if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
            return fail(tr("target %1: the Qt PostgreSQL driver (QPSQL) is not installed "
                           "(Debian: apt install libqt6sql6-psql)")
                            .arg(url.displayText()));
        opened->m_database = QSqlDatabase::addDatabase(u"QPSQL"_s, opened->m_connection);
        opened->m_database.setHostName(url.host);
        if (url.port > 0)
            opened->m_database.setPort(url.port);
        opened->m_database.setUserName(url.user);
        opened->m_database.setPassword(url.password);
        opened->m_database.setDatabaseName(url.database);
        opened->m_database.setConnectOptions(url.options);
        break;
    }
    if (!opened->m_database.open())
        return fail(tr("cannot open the target %1: %2")
                        .arg(url.displayText(), sqlErrorText(opened->m_database.lastError()).trimmed()));
    if (url.kind == TargetUrl::Kind::Sqlite) {
        QSqlQuery pragma(opened->m_database);
        pragma.exec(u"PRAGMA page_size = %1"_s.arg(Workspace::NewFilePageSize)); // a new file only
        if (!pragma.exec(u"PRAGMA journal_mode = WAL"_s))
            return fail(tr("cannot open the target %1: %2").arg(url.displayText(), sqlErrorText(pragma.lastError())));
    } else {
        // Quiet the server's notices (CREATE ... IF NOT EXISTS "already exists, skipping").
        QSqlQuery(opened->m_database).exec(u"SET client_min_messages = warning"_s);
    }
    return opened;
}

std::unique_ptr<Target> TargetDatabase::createTarget() const
{
    return Target::create(m_database);
}

TargetDatabase::~TargetDatabase()
{
    if (m_active)
        rollback();
    m_database.close();
    m_database = QSqlDatabase();
    if (!m_connection.isEmpty())
        QSqlDatabase::removeDatabase(m_connection);
}

bool TargetDatabase::begin(QString *error)
{
    if (m_database.transaction()) {
        m_active = true;
        return true;
    }
    if (error)
        *error = tr("cannot start a transaction in the target: %1").arg(sqlErrorText(m_database.lastError()));
    return false;
}

bool TargetDatabase::commit(QString *error)
{
    m_active = false;
    if (m_database.commit())
        return true;
    if (error)
        *error = tr("cannot commit to the target: %1").arg(sqlErrorText(m_database.lastError()));
    m_database.rollback();
    return false;
}

void TargetDatabase::rollback()
{
    m_active = false;
    m_database.rollback();
}

} // namespace Backfill
