// The `backfill` runner suites' fixture: see backfillclifixture.h.
#include "tests/integration/backfillclifixture.h"

#include <QJsonArray>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

void BackfillCliFixture::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_api.start(), qPrintable(m_api.errorString()));

    // The runner's default workspace goes under the temporary directory, and no secret
    // comes from the environment unless a test puts it there.
    m_environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : m_environment.keys()) {
        if (name.startsWith("BACKFILL_SECRET_"_L1))
            m_environment.remove(name);
    }
    m_environment.insert(u"XDG_DATA_HOME"_s, path(u"xdg"_s));
    m_environment.insert(u"QT_LOGGING_RULES"_s, u"backfill.*.debug=false"_s);

    m_analytics = exampleCopy(u"demo_analytics_api.yaml"_s, u"analytics.yaml"_s, m_api.url());
    QVERIFY(!m_analytics.isEmpty());
    m_secrets = path(u"secrets.yaml"_s);
    QVERIFY(writeFile(m_secrets, "# the demo API's bearer token\napi_key: demo-token\n"));
}

void BackfillCliFixture::cleanupTestCase()
{
    m_api.stop();
}

Result BackfillCliFixture::backfill(const QStringList &arguments, const QByteArray &input,
                                    const QProcessEnvironment &extra)
{
    QProcess process;
    QProcessEnvironment environment = m_environment;
    for (const QString &name : extra.keys())
        environment.insert(name, extra.value(name));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(BACKFILL_BIN_DIR "/backfill"), arguments);
    Result result;
    if (!process.waitForStarted(10000))
        return result;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// A copy of an example spec whose base_url is the test server's.
QString BackfillCliFixture::exampleCopy(const QString &example, const QString &name, const QUrl &base)
{
    QByteArray yaml = readFile(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/") + example);
    if (yaml.isEmpty() || !yaml.contains("http://127.0.0.1:8765"))
        return {};
    yaml.replace("http://127.0.0.1:8765", base.toString().toUtf8());
    return writeFile(path(name), yaml) ? path(name) : QString();
}

qint64 BackfillCliFixture::eventsOn(const QString &date)
{
    const auto response = m_api.get(u"/events/daily/"_s + date, kBearer);
    return response.status == 200 ? response.json().value(u"data"_s).toObject().value(u"events"_s).toArray().size()
                                  : -1;
}

qint64 BackfillCliFixture::count(const QString &db, const QString &sql)
{
    qint64 value = -1;
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        database.setDatabaseName(db);
        if (database.open()) {
            QSqlQuery query(database);
            if (query.exec(sql) && query.next())
                value = query.value(0).toLongLong();
            else
                qWarning() << sql << query.lastError().text();
        }
        database.close();
    }
    QSqlDatabase::removeDatabase(u"check"_s);
    return value;
}

void BackfillCliFixture::verifyNoSecretIn(const QString &db, const QList<Result> &results)
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        if (db.isEmpty())
            break;
        const QByteArray bytes = readFile(db + suffix);
        QVERIFY2(!bytes.contains("demo-token") && !bytes.contains("demo-key"), qPrintable(db + suffix));
    }
    for (const Result &result : results) {
        QVERIFY2(!result.out.contains("demo-token") && !result.err.contains("demo-token"), result.describe());
        QVERIFY2(!result.out.contains("demo-key") && !result.err.contains("demo-key"), result.describe());
    }
}
