// Kills `backfill run` with SIGKILL at many points of a backfill, then runs it again until
// it completes: no committed row may be lost, none duplicated, and the ledger must agree.
#include "tests/support/demoapiprocess.h"

#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"

#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestCrashResume : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void resumesAfterSigkill_data();
    void resumesAfterSigkill();

private:
    QString writeSpec(bool primaryKey);
    qint64 count(const QString &db, const QString &sql);

    QTemporaryDir m_dir;
    DemoApiProcess m_api;
};

void TestCrashResume::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // Some latency, so that a run lasts long enough to be killed in the middle.
    QVERIFY2(m_api.start({u"--latency"_s, u"15"_s}), qPrintable(m_api.errorString()));
}

QString TestCrashResume::writeSpec(bool primaryKey)
{
    QFile example(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/demo_bulk_benchmark.yaml"));
    if (!example.open(QIODevice::ReadOnly))
        return {};
    QByteArray text = example.readAll();
    text.replace("http://127.0.0.1:8765", m_api.url().toString().toUtf8());
    text.replace("size: 500", "size: 100");
    text.replace("concurrency: 8", "concurrency: 4");
    if (!primaryKey)
        text.replace("        primary_key: [\"id\"]\n", "");
    const QString path = m_dir.filePath(primaryKey ? u"bulk-pk.yaml"_s : u"bulk-nopk.yaml"_s);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(text) != text.size())
        return {};
    return path;
}

qint64 TestCrashResume::count(const QString &db, const QString &sql)
{
    Workspace workspace;
    if (!workspace.open(db))
        return -1;
    QSqlQuery query(workspace.database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

void TestCrashResume::resumesAfterSigkill_data()
{
    QTest::addColumn<bool>("primaryKey");
    QTest::addRow("upsert by primary key") << true;
    QTest::addRow("partition replace without a key") << false;
}

void TestCrashResume::resumesAfterSigkill()
{
    QFETCH(bool, primaryKey);
    const QString spec = writeSpec(primaryKey);
    QVERIFY(!spec.isEmpty());
    const QString db = m_dir.filePath(primaryKey ? u"pk.sqlite"_s : u"nopk.sqlite"_s);
    const QStringList arguments{u"run"_s, spec, u"--db"_s, db, u"--range"_s, u"1,12"_s, u"--quiet"_s};
    const QString program = QStringLiteral(BACKFILL_BIN_DIR "/backfill");

    // 12 partitions x 25 pages x 100 records; kill the run at growing instants.
    int killed = 0;
    for (int delayMs : {150, 300, 450, 600, 800, 1000, 1300, 1700}) {
        QProcess run;
        run.start(program, arguments);
        QVERIFY(run.waitForStarted());
        if (run.waitForFinished(delayMs))
            break; // it completed before this instant: nothing left to kill
        ::kill(pid_t(run.processId()), SIGKILL);
        QVERIFY(run.waitForFinished(5000));
        ++killed;
        // Whatever the instant, the database holds no duplicated row.
        const qint64 dup = count(db, u"SELECT count(*) - count(DISTINCT id) FROM records"_s);
        QVERIFY2(dup <= 0, qPrintable(u"%1 duplicated rows after a kill at %2 ms"_s.arg(dup).arg(delayMs)));
    }
    QVERIFY2(killed >= 2, "the run finished before it could be killed twice; make it slower");

    // Run again until it completes (a resumed run finishes what the killed ones left).
    int exitCode = -1;
    for (int attempt = 0; attempt < 3 && exitCode != 0; ++attempt) {
        QProcess run;
        run.start(program, arguments);
        QVERIFY(run.waitForFinished(120000));
        exitCode = run.exitCode();
    }
    QCOMPARE(exitCode, 0);
    QCOMPARE(count(db, u"SELECT count(*) FROM records"_s), 12 * 2500);
    QCOMPARE(count(db, u"SELECT count(DISTINCT id) FROM records"_s), 12 * 2500);
    QCOMPARE(count(db, u"SELECT count(*) FROM (SELECT _backfill_partition FROM records GROUP BY 1 "
                       "HAVING count(*) = 2500)"_s),
             12);
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE status = 'succeeded' AND row_count = 2500 "
                       "AND page_count = 25"_s),
             12);
}

QTEST_GUILESS_MAIN(TestCrashResume)
#include "tst_crashresume.moc"
