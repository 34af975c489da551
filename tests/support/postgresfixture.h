#pragma once

#include "model/targets/recordbatch.h"
#include "model/targets/targetdatabase.h"
#include "tests/support/demoapiprocess.h"
#include "tests/support/postgresserver.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariant>

#include <memory>

namespace Backfill {

// What the PostgreSQL integration suites share: a server of their own (the suite is skipped,
// saying why, where none can start), the demo API with the demo spec pointed at it, a database
// of its own for each test (m_db), reading rows back as comparable text, and running the built
// `backfill`. A suite derives from it; its test functions are its own private slots (a suite
// that declares its own initTestCase() and the like replaces these, and may call them).
class PostgresSuite : public QObject
{
    Q_OBJECT

protected slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

protected:
    QList<QVariantList> rows(const QString &sql);
    QString dataType(const QString &table, const QString &column);
    int backfill(const QStringList &arguments, QByteArray *output = nullptr);
    // Every data column of `table`, ordered by `orderBy`, as comparable text.
    QStringList tableRows(QSqlDatabase db, const QString &table, const QString &orderBy);
    QStringList sqliteRows(const QString &path, const QString &table, const QString &orderBy);

    PostgresServer m_server;
    DemoApiProcess m_api;
    QTemporaryDir m_dir;
    QString m_spec;
    QString m_secrets;
    std::unique_ptr<TargetDatabase> m_target;
    QSqlDatabase m_db;
    int m_databases = 0;
};

RecordBatch batch(const char *json);
QByteArray readFile(const QString &path);
bool writeFile(const QString &path, const QByteArray &bytes);
// A value as text that reads the same from SQLite and PostgreSQL (jsonb reorders keys).
QString comparable(const QVariant &value);

} // namespace Backfill
