// WalCheckpointer on a real SQLite file: the log is copied on the other thread, stays bounded
// however much is written, loses nothing, and the writer gets its automatic checkpoint back.
#include "model/workspace/walcheckpointer.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
constexpr int PageSize = 4096;

struct Connection
{
    sqlite3 *db = nullptr;
    explicit Connection(const QString &path)
    {
        sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    }
    ~Connection() { sqlite3_close(db); }
    Q_DISABLE_COPY_MOVE(Connection)

    bool exec(const char *sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
    qint64 single(const char *sql)
    {
        sqlite3_stmt *stmt = nullptr;
        qint64 value = -1;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
            value = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        return value;
    }
    QByteArray text(const char *sql)
    {
        sqlite3_stmt *stmt = nullptr;
        QByteArray value;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
            value = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
        sqlite3_finalize(stmt);
        return value;
    }
};

// `commits` transactions of `rows` rows of about 1 KB each (a quarter of a page).
bool writeRows(Connection &writer, int commits, int rows, int &next)
{
    sqlite3_stmt *insert = nullptr;
    if (sqlite3_prepare_v2(writer.db, "INSERT INTO t (id, body) VALUES (?, ?)", -1, &insert, nullptr) != SQLITE_OK)
        return false;
    const QByteArray body(1000, 'x');
    bool ok = true;
    for (int c = 0; ok && c < commits; ++c) {
        ok = writer.exec("BEGIN");
        for (int r = 0; ok && r < rows; ++r) {
            sqlite3_bind_int64(insert, 1, next++);
            sqlite3_bind_text(insert, 2, body.constData(), int(body.size()), SQLITE_STATIC);
            ok = sqlite3_step(insert) == SQLITE_DONE;
            sqlite3_reset(insert);
        }
        ok = ok && writer.exec("COMMIT");
    }
    sqlite3_finalize(insert);
    return ok;
}

qint64 walFrames(const QString &path)
{
    return (QFileInfo(path + u"-wal"_s).size() - 32) / (PageSize + 24); // header 32 bytes, frame header 24
}
} // namespace

class TestWalCheckpointer : public QObject
{
    Q_OBJECT

private slots:
    void copiesTheLogOnItsOwnThreadAndKeepsItBounded();
    void copiesIntoTheDatabaseFileWithoutTheWriter();
    void attachesOnlyToWalConnectionsOfThisLibrary();
    void givesTheAutomaticCheckpointBack();

private:
    QTemporaryDir m_dir;
};

void TestWalCheckpointer::copiesTheLogOnItsOwnThreadAndKeepsItBounded()
{
    const QString path = m_dir.filePath(u"bounded.sqlite"_s);
    Connection writer(path);
    QVERIFY(writer.exec("PRAGMA page_size = 4096") && writer.exec("PRAGMA journal_mode = WAL") &&
            writer.exec("PRAGMA synchronous = NORMAL") &&
            writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"));
    Connection reader(path); // another connection, as the studio's views are
    QCOMPARE(reader.single("SELECT count(*) FROM t"), 0);

    int next = 0;
    int passes = 0;
    int blocking = 0;
    qint64 largestLog = 0;
    {
        WalCheckpointer checkpointer(writer.db, path, {64, 512});
        // About 20 MB in 400 commits: ten times what the log may hold.
        for (int round = 0; round < 40; ++round) {
            QVERIFY(writeRows(writer, 10, 50, next));
            largestLog = std::max(largestLog, walFrames(path));
        }
        passes = checkpointer.passes();
        blocking = checkpointer.blockingCheckpoints();
    }
    QVERIFY2(passes > 0, "no checkpoint ran on the checkpointer's thread");
    // The log passes twice the blocking limit by one commit at most (50 rows: about 13 pages).
    QVERIFY2(largestLog <= 2 * 512 + 32, qPrintable(u"the log grew to %1 frames"_s.arg(largestLog)));
    qInfo("%d passes in the background, %d checkpoints by the writer, log at most %lld frames", passes, blocking,
          largestLog);

    // Everything committed is there, once, for another connection.
    QCOMPARE(reader.single("SELECT count(*) FROM t"), next);
    QCOMPARE(reader.single("SELECT count(DISTINCT id) FROM t"), next);
    QCOMPARE(reader.text("PRAGMA integrity_check"), QByteArray("ok"));
}

void TestWalCheckpointer::copiesIntoTheDatabaseFileWithoutTheWriter()
{
    // The writer never checkpoints here (its limit is out of reach): whatever reaches the
    // database file was copied by the passes.
    const QString path = m_dir.filePath(u"passes.sqlite"_s);
    Connection writer(path);
    QVERIFY(writer.exec("PRAGMA page_size = 4096") && writer.exec("PRAGMA journal_mode = WAL") &&
            writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"));
    const qint64 before = QFileInfo(path).size();
    int next = 0;
    WalCheckpointer checkpointer(writer.db, path, {64, 1000000});
    QVERIFY(writeRows(writer, 100, 50, next)); // about 5 MB
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(path).size() - before > 4 * 1024 * 1024, 10000);
    QVERIFY(checkpointer.passes() > 0);
    QCOMPARE(checkpointer.blockingCheckpoints(), 0);
    // Passes come once per 64 new frames, not once per commit (each adds about 13).
    QVERIFY2(checkpointer.passes() <= 1300 / 64 + 2, qPrintable(QString::number(checkpointer.passes())));
}

void TestWalCheckpointer::attachesOnlyToWalConnectionsOfThisLibrary()
{
    Connection wal(m_dir.filePath(u"wal.sqlite"_s));
    QVERIFY(wal.exec("PRAGMA journal_mode = WAL"));
    QVERIFY(WalCheckpointer::canAttach(wal.db));
    Connection rollback(m_dir.filePath(u"rollback.sqlite"_s));
    QVERIFY(rollback.exec("PRAGMA journal_mode = DELETE"));
    QVERIFY(!WalCheckpointer::canAttach(rollback.db));
}

void TestWalCheckpointer::givesTheAutomaticCheckpointBack()
{
    const QString path = m_dir.filePath(u"handback.sqlite"_s);
    Connection writer(path);
    QVERIFY(writer.exec("PRAGMA page_size = 4096") && writer.exec("PRAGMA journal_mode = WAL") &&
            writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"));
    int next = 0;
    {
        WalCheckpointer checkpointer(writer.db, path, {1000000, 64});
    } // gone again at once
    // With the automatic checkpoint at 64 frames, the log starts over and stays small.
    QVERIFY(writeRows(writer, 100, 20, next));
    QVERIFY2(walFrames(path) < 64 + 20, qPrintable(u"the log grew to %1 frames"_s.arg(walFrames(path))));
}

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "tst_walcheckpointer.moc"
