// The fixture of the `backfill` runner suites: backfill-demo-api on 127.0.0.1, a temporary directory with a copy
// of the analytics example and its secrets file, and `backfill` run as a process with no secret in its environment
// and its default workspace under the temporary directory.
#pragma once

#include "tests/support/demoapiprocess.h"

#include <QObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>

inline const Backfill::DemoApiProcess::Headers kBearer{{"Authorization", "Bearer demo-token"}};
inline const Backfill::DemoApiProcess::Headers kApiKey{{"X-API-Key", "demo-key"}};

// What one run of `backfill` gave: its exit code, stdout and stderr.
struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
    QStringList outLines() const { return outText().split(u'\n', Qt::SkipEmptyParts); }
    // For QVERIFY2 messages.
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
};

// The bytes of a file, or nothing when it cannot be read.
QByteArray readFile(const QString &path);
bool writeFile(const QString &path, const QByteArray &bytes);

// The suites derive from it: QTest runs its initTestCase() and cleanupTestCase() for them.
class BackfillCliFixture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

protected:
    Result backfill(const QStringList &arguments, const QByteArray &input = {}, const QProcessEnvironment &extra = {});
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString exampleCopy(const QString &example, const QString &name, const QUrl &base);
    qint64 eventsOn(const QString &date);
    qint64 count(const QString &db, const QString &sql);
    void verifyNoSecretIn(const QString &db, const QList<Result> &results);

    QTemporaryDir m_dir;
    Backfill::DemoApiProcess m_api;
    QProcessEnvironment m_environment;
    QString m_analytics;
    QString m_secrets;
};
