#include "tests/support/postgresfixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

namespace Backfill {

RecordBatch batch(const char *json)
{
    RecordBatch records;
    const QJsonArray array = QJsonDocument::fromJson(json).array();
    for (const QJsonValue &value : array)
        records.append(value.toObject());
    return records;
}

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

QString comparable(const QVariant &value)
{
    if (value.isNull())
        return u"NULL"_s;
    const QString text = value.toString();
    if (text.startsWith(u'{') || text.startsWith(u'[')) {
        const QJsonDocument json = QJsonDocument::fromJson(text.toUtf8());
        if (!json.isNull())
            return QString::fromUtf8(json.toJson(QJsonDocument::Compact));
    }
    return text;
}

void PostgresSuite::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    if (!m_server.start())
        QSKIP(qPrintable(u"no PostgreSQL server could start: "_s + m_server.errorString()));
    QVERIFY2(m_api.start(), qPrintable(m_api.errorString()));
    QByteArray yaml = readFile(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/demo_analytics_api.yaml"));
    QVERIFY(yaml.contains("http://127.0.0.1:8765"));
    yaml.replace("http://127.0.0.1:8765", m_api.url().toString().toUtf8());
    m_spec = m_dir.filePath(u"analytics.yaml"_s);
    QVERIFY(writeFile(m_spec, yaml));
    m_secrets = m_dir.filePath(u"secrets.yaml"_s);
    QVERIFY(writeFile(m_secrets, "api_key: demo-token\n"));
}

void PostgresSuite::cleanupTestCase()
{
    m_api.stop();
    m_server.stop();
}

// Each test writes into a database of its own.
void PostgresSuite::init()
{
    const QString name = u"test%1"_s.arg(++m_databases);
    QVERIFY2(m_server.createDatabase(name), qPrintable(m_server.errorString()));
    QString error;
    const auto url = TargetUrl::parse(m_server.url(name), {}, false, &error);
    QVERIFY2(url, qPrintable(error));
    QCOMPARE(url->kind, TargetUrl::Kind::Postgres);
    m_target = TargetDatabase::open(*url, &error);
    QVERIFY2(m_target, qPrintable(error));
    m_db = m_target->database();
}

void PostgresSuite::cleanup()
{
    m_db = {};
    m_target.reset();
}

QList<QVariantList> PostgresSuite::rows(const QString &sql)
{
    QList<QVariantList> result;
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        qWarning() << query.lastError().text();
    while (query.next()) {
        QVariantList row;
        for (int i = 0; i < query.record().count(); ++i)
            row << query.value(i);
        result << row;
    }
    return result;
}

QString PostgresSuite::dataType(const QString &table, const QString &column)
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT data_type FROM information_schema.columns WHERE table_name = ? AND column_name = ?"_s);
    query.addBindValue(table);
    query.addBindValue(column);
    return query.exec() && query.next() ? query.value(0).toString() : QString();
}

int PostgresSuite::backfill(const QStringList &arguments, QByteArray *output)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"xdg"_s));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(BACKFILL_BIN_DIR "/backfill"), arguments);
    if (!process.waitForStarted(10000) || !process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (output)
        *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QStringList PostgresSuite::tableRows(QSqlDatabase db, const QString &table, const QString &orderBy)
{
    QStringList columns;
    QSqlQuery names(db);
    names.prepare(u"SELECT column_name FROM _backfill_columns WHERE table_name = ? ORDER BY position"_s);
    names.addBindValue(table);
    if (!names.exec())
        return {u"no _backfill_columns: "_s + names.lastError().text()};
    while (names.next())
        columns << u'"' + names.value(0).toString() + u'"';
    QStringList result{columns.join(u',')};
    QSqlQuery query(db);
    if (!query.exec(u"SELECT "_s + columns.join(u", "_s) + u", _backfill_partition FROM "_s + table + u" ORDER BY "_s +
                    orderBy))
        return {u"cannot read: "_s + query.lastError().text()};
    while (query.next()) {
        QStringList values;
        for (int i = 0; i <= columns.size(); ++i)
            values << comparable(query.value(i));
        result << values.join(u'|');
    }
    return result;
}

QStringList PostgresSuite::sqliteRows(const QString &path, const QString &table, const QString &orderBy)
{
    QStringList result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"reference"_s);
        db.setDatabaseName(path);
        if (db.open())
            result = tableRows(db, table, orderBy);
    }
    QSqlDatabase::removeDatabase(u"reference"_s);
    return result;
}

} // namespace Backfill
