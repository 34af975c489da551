#include "tests/support/postgresserver.h"

#include <QCollator>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>

#include <algorithm>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
// The newest installed server's bin folder; empty when there is none.
QString serverBinaries()
{
    QStringList versions = QDir(u"/usr/lib/postgresql"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCollator collator;
    collator.setNumericMode(true);
    std::sort(versions.begin(), versions.end(), collator);
    for (auto it = versions.crbegin(); it != versions.crend(); ++it) {
        const QString bin = u"/usr/lib/postgresql/"_s + *it + u"/bin"_s;
        if (QFileInfo(bin + u"/initdb"_s).isExecutable() && QFileInfo(bin + u"/pg_ctl"_s).isExecutable())
            return bin;
    }
    return {};
}

int freePort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}
} // namespace

PostgresServer::PostgresServer() = default;

PostgresServer::~PostgresServer()
{
    stop();
}

QString PostgresServer::url(const QString &database) const
{
    return u"postgresql://%1@127.0.0.1:%2/%3"_s.arg(QString::fromLatin1(User)).arg(m_port).arg(database);
}

bool PostgresServer::run(const QString &program, const QStringList &arguments, QString *output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (m_asPostgres) {
        process.setProgram(u"runuser"_s);
        process.setArguments(QStringList{u"-u"_s, u"postgres"_s, u"--"_s, program} + arguments);
    } else {
        process.setProgram(program);
        process.setArguments(arguments);
    }
    process.setWorkingDirectory(m_dir->path());
    process.start();
    const bool finished = process.waitForStarted(10000) && process.waitForFinished(120000);
    if (output)
        *output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (!finished && output)
        *output = process.errorString() + u": "_s + *output;
    return finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

bool PostgresServer::start()
{
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s)) {
        m_error = u"the Qt PostgreSQL driver is not installed (apt install libqt6sql6-psql)"_s;
        return false;
    }
    m_bin = serverBinaries();
    if (m_bin.isEmpty()) {
        m_error = u"no PostgreSQL server in /usr/lib/postgresql/*/bin (apt install postgresql)"_s;
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/backfill-pg-XXXXXX"_s);
    if (!m_dir->isValid()) {
        m_error = u"cannot create a temporary folder: "_s + m_dir->errorString();
        return false;
    }
    // The server refuses to run as root: run it as `postgres`, in a folder that user owns.
    m_asPostgres = ::geteuid() == 0;
    if (m_asPostgres) {
        const passwd *postgres = ::getpwnam("postgres");
        if (!postgres) {
            m_error = u"running as root, and there is no postgres user to run the server as"_s;
            return false;
        }
        if (::chown(QFile::encodeName(m_dir->path()).constData(), postgres->pw_uid, postgres->pw_gid) != 0) {
            m_error = u"cannot give the temporary folder to the postgres user"_s;
            return false;
        }
    }
    m_data = m_dir->filePath(u"data"_s);
    QString output;
    if (!run(m_bin + u"/initdb"_s,
             {u"-D"_s, m_data, u"-U"_s, QString::fromLatin1(User), u"-A"_s, u"trust"_s, u"-E"_s, u"UTF8"_s,
              u"--no-locale"_s, u"--no-sync"_s},
             &output)) {
        m_error = u"initdb failed: "_s + output;
        return false;
    }
    for (int attempt = 0; attempt < 3 && !m_running; ++attempt) {
        m_port = freePort();
        const QString options =
            u"-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off"_s.arg(m_port).arg(m_dir->path());
        m_running = run(m_bin + u"/pg_ctl"_s,
                        {u"-D"_s, m_data, u"-l"_s, m_dir->filePath(u"server.log"_s), u"-w"_s, u"-t"_s, u"60"_s, u"-o"_s,
                         options, u"start"_s},
                        &output);
    }
    if (!m_running) {
        QFile log(m_dir->filePath(u"server.log"_s));
        m_error = u"pg_ctl start failed: "_s + output +
                  (log.open(QIODevice::ReadOnly) ? u"\n"_s + QString::fromLocal8Bit(log.readAll()) : QString());
    }
    return m_running;
}

void PostgresServer::stop()
{
    if (!m_running)
        return;
    m_running = false;
    QString output;
    run(m_bin + u"/pg_ctl"_s, {u"-D"_s, m_data, u"-m"_s, u"immediate"_s, u"-w"_s, u"stop"_s}, &output);
}

bool PostgresServer::createDatabase(const QString &name)
{
    const QString connection = u"postgresserver-admin"_s;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connection);
        db.setHostName(u"127.0.0.1"_s);
        db.setPort(m_port);
        db.setUserName(QString::fromLatin1(User));
        db.setDatabaseName(u"postgres"_s);
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(u"CREATE DATABASE \"%1\""_s.arg(name));
            if (!ok)
                m_error = query.lastError().text();
        } else {
            m_error = db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

} // namespace Backfill
