#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "model/workspace/workspacetransaction.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

namespace {

// Runs statements on `path` through a connection of its own, as another program would.
void runOnFile(const QString &path, const QStringList &statements)
{
    const QString name = u"tst_workspace-raw"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        for (const QString &statement : statements) {
            QSqlQuery query(db);
            QVERIFY2(query.exec(statement), qPrintable(statement + u": "_s + query.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QVariant queryValue(const Workspace &workspace, const QString &sql)
{
    QSqlQuery query(workspace.database());
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

QStringList columnsOf(const Workspace &workspace, const QString &table)
{
    QStringList columns;
    QSqlQuery query(workspace.database());
    query.exec(u"PRAGMA table_info("_s + table + u")"_s);
    while (query.next())
        columns.append(query.value(1).toString());
    return columns;
}

// The schema as SQLite stores it, to compare a migrated file with a new one.
QStringList schemaOf(const Workspace &workspace)
{
    QStringList schema;
    QSqlQuery query(workspace.database());
    query.exec(u"SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY name"_s);
    while (query.next())
        schema.append(query.value(0).toString());
    return schema;
}

QDateTime utc(qint64 msecs)
{
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

} // namespace

class TestWorkspace final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void createsNewWorkspace();
    void setsPragmas();
    void enforcesForeignKeys();
    void reopensWithoutMigrating();
    void migratesVersion1File();
    void migratedSchemaMatchesNewWorkspace();
    void failedMigrationLeavesFileUntouched();
    void rejectsNonDatabaseFile();
    void rejectsOtherSqliteDatabase();
    void rejectsNewerSchema();
    void aFingerprintKeptWholeReadsAsItsFirstChunk();
    void rejectsUnreachablePath();
    void twoWorkspacesDoNotInterfere();
    void closeRemovesConnection();
    void nestedTransactionCommitsWithOuter();
    void innerRollbackKeepsOuterWork();

private:
    QString copyOfVersion1(const QTemporaryDir &dir);
};

void TestWorkspace::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

QString TestWorkspace::copyOfVersion1(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(u"old.sqlite"_s);
    if (!QFile::copy(QStringLiteral(BACKFILL_TEST_DATA "/workspace-v1.sqlite"), path))
        return {};
    // Copies of read-only checkouts are read-only too; the upgrade must be able to write.
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

void TestWorkspace::createsNewWorkspace()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"new.sqlite"_s);
    Workspace workspace;
    QCOMPARE(workspace.schemaVersion(), -1);
    QString error;
    QVERIFY2(workspace.open(path, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QVERIFY(workspace.isOpen());
    QCOMPARE(workspace.path(), path);
    QVERIFY(QFile::exists(path));
    QCOMPARE(workspace.schemaVersion(), Workspace::CurrentSchemaVersion);
    QCOMPARE(Workspace::CurrentSchemaVersion, 6);
    const QStringList tables = workspace.database().tables();
    for (const QString &table : {u"specs"_s, u"endpoints"_s, u"partitions"_s, u"runs"_s, u"events"_s, u"sync_state"_s,
                                 u"partition_changes"_s, u"partition_fingerprints"_s})
        QVERIFY2(tables.contains(table), qPrintable(table));
}

void TestWorkspace::setsPragmas()
{
    QTemporaryDir dir;
    Workspace workspace;
    QVERIFY(workspace.open(dir.filePath(u"w.sqlite"_s)));
    QCOMPARE(queryValue(workspace, u"PRAGMA foreign_keys"_s).toInt(), 1);
    QCOMPARE(queryValue(workspace, u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(queryValue(workspace, u"PRAGMA busy_timeout"_s).toInt(), 5000);
    QCOMPARE(queryValue(workspace, u"PRAGMA synchronous"_s).toInt(), 1); // NORMAL
}

void TestWorkspace::enforcesForeignKeys()
{
    QTemporaryDir dir;
    Workspace workspace;
    QVERIFY(workspace.open(dir.filePath(u"w.sqlite"_s)));
    QSqlQuery query(workspace.database());
    query.prepare(u"INSERT INTO partitions (endpoint_id, partition_key) VALUES (:endpoint, :key)"_s);
    query.bindValue(u":endpoint"_s, 999);
    query.bindValue(u":key"_s, u"2024-01-01"_s);
    QVERIFY(!query.exec());
    QVERIFY2(query.lastError().text().contains(u"FOREIGN KEY"_s), qPrintable(query.lastError().text()));

    PartitionLedger ledger(workspace);
    QVERIFY(!ledger.markQueued(999, {u"2024-01-01"_s}));
    QVERIFY2(ledger.lastError().contains(u"FOREIGN KEY"_s), qPrintable(ledger.lastError()));
}

void TestWorkspace::reopensWithoutMigrating()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"w.sqlite"_s);
    {
        Workspace workspace;
        QVERIFY(workspace.open(path));
        PartitionLedger ledger(workspace);
        QVERIFY(ledger.saveSpec(u"analytics"_s, u"name: analytics\n"_s));
    }
    Workspace workspace;
    QString error;
    QVERIFY2(workspace.open(path, &error), qPrintable(error));
    QCOMPARE(workspace.schemaVersion(), Workspace::CurrentSchemaVersion);
    PartitionLedger ledger(workspace);
    QCOMPARE(ledger.specs().size(), 1);
    QCOMPARE(ledger.spec(u"analytics"_s)->yaml, u"name: analytics\n"_s);
}

void TestWorkspace::migratesVersion1File()
{
    QTemporaryDir dir;
    const QString path = copyOfVersion1(dir);
    QVERIFY(!path.isEmpty());

    Workspace workspace;
    QString error;
    QVERIFY2(workspace.open(path, &error), qPrintable(error));
    QCOMPARE(workspace.schemaVersion(), 6);
    QVERIFY(columnsOf(workspace, u"partitions"_s).contains(u"rows_changed"_s));
    QVERIFY(columnsOf(workspace, u"endpoints"_s).contains(u"checks"_s));
    QVERIFY(columnsOf(workspace, u"partitions"_s).contains(u"byte_count"_s));
    QVERIFY(columnsOf(workspace, u"partitions"_s).contains(u"checkpoint"_s));
    QVERIFY(columnsOf(workspace, u"runs"_s).contains(u"byte_count"_s));
    QVERIFY(workspace.database().tables().contains(u"sync_state"_s));

    PartitionLedger ledger(workspace);
    const std::optional<SpecRecord> spec = ledger.spec(u"analytics"_s);
    QVERIFY(spec);
    QVERIFY(spec->yaml.startsWith(u"name: analytics\nendpoints:\n  daily_events:\n"_s));
    QCOMPARE(spec->updatedAt, utc(1704067200000));

    const qint64 endpoint = ledger.endpointId(u"analytics"_s, u"daily_events"_s);
    QCOMPARE(endpoint, 1);

    const std::optional<PartitionRecord> failed = ledger.partition(endpoint, u"2024-01-02"_s);
    QVERIFY(failed);
    QCOMPARE(failed->status, PartitionStatus::Failed);
    QCOMPARE(failed->attempts, 2);
    QCOMPARE(failed->counts.pages, 1);
    QCOMPARE(failed->counts.rows, 100);
    QCOMPARE(failed->counts.bytes, 0); // new column, defaulted
    QCOMPARE(failed->httpStatus, 503);
    QCOMPARE(failed->lastError, u"Service Unavailable"_s);
    QCOMPARE(failed->startedAt, utc(1704103210000));
    QCOMPARE(failed->finishedAt, utc(1704103212500));
    QCOMPARE(failed->hasCheckpoint, false); // new column, NULL
    QCOMPARE(ledger.checkpoint(endpoint, u"2024-01-02"_s), QJsonObject());

    const QList<PartitionRecord> all = ledger.partitions(endpoint);
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).status, PartitionStatus::Succeeded);
    QCOMPARE(all.at(0).counts.rows, 250);
    QCOMPARE(all.at(2).status, PartitionStatus::Empty);
    QCOMPARE(ledger.syncState(endpoint), QJsonObject());

    const std::optional<RunRecord> run = ledger.run(1);
    QVERIFY(run);
    QCOMPARE(run->info.startedBy, u"gui"_s);
    QCOMPARE(run->info.endpoints, QStringList{u"daily_events"_s});
    QCOMPARE(run->info.range, u"[2024-01-01...2024-01-03]"_s);
    QCOMPARE(run->info.options.value(u"onlyFailedAndMissing"_s), QJsonValue(false));
    QCOMPARE(run->outcome, RunOutcome::Failed);
    QCOMPARE(run->counts, (RunCounts{3, 1, 1, 1, 350, 0}));

    const QList<RunEvent> events = ledger.events(1);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(1).level, EventLevel::Error);
    QCOMPARE(events.at(1).partitionKey, u"2024-01-02"_s);
    QCOMPARE(events.at(1).data.value(u"status"_s).toInt(), 503);

    // The upgraded file takes new-schema writes.
    QVERIFY(ledger.markSucceeded(endpoint, u"2024-01-02"_s, {2, 180, 4096}));
    QCOMPARE(ledger.partition(endpoint, u"2024-01-02"_s)->counts.bytes, 4096);
    QVERIFY(ledger.saveSyncState(endpoint, {{u"last_date"_s, u"2024-01-03"_s}}));
    // Schema 3: a partition pulled before its period settled is kept as open.
    QVERIFY(ledger.markRunning(endpoint, u"2024-01-09"_s));
    QVERIFY2(
        ledger.markSucceeded(endpoint, u"2024-01-09"_s, {1, 5, 50}, 200, QDateTime::currentDateTimeUtc().addDays(1)),
        qPrintable(ledger.lastError()));
    QCOMPARE(ledger.partition(endpoint, u"2024-01-09"_s)->status, PartitionStatus::Open);
}

void TestWorkspace::migratedSchemaMatchesNewWorkspace()
{
    QTemporaryDir dir;
    const QString oldPath = copyOfVersion1(dir);
    QVERIFY(!oldPath.isEmpty());
    Workspace migrated;
    QVERIFY(migrated.open(oldPath));
    Workspace created;
    QVERIFY(created.open(dir.filePath(u"new.sqlite"_s)));
    // Catches a drift between the checked-in generator and migration step 0 -> 1.
    QCOMPARE(schemaOf(migrated), schemaOf(created));
    QVERIFY(schemaOf(created).size() >= 8);
}

void TestWorkspace::failedMigrationLeavesFileUntouched()
{
    QTemporaryDir dir;
    const QString path = copyOfVersion1(dir);
    QVERIFY(!path.isEmpty());
    // A table that step 1 -> 2 wants to create is already there, so the step fails halfway.
    runOnFile(path, {u"CREATE TABLE sync_state (x INTEGER)"_s});

    Workspace workspace;
    QString error;
    QVERIFY(!workspace.open(path, &error));
    QVERIFY(!workspace.isOpen());
    QVERIFY2(error.contains(u"Cannot upgrade the workspace '"_s + path + u"' from schema 1 to 2"_s), qPrintable(error));
    QVERIFY2(error.contains(u"sync_state"_s), qPrintable(error));

    runOnFile(path, {});
    const QString name = u"tst_workspace-check"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"PRAGMA user_version"_s) && query.next());
        QCOMPARE(query.value(0).toInt(), 1);
        QVERIFY(query.exec(u"PRAGMA table_info(partitions)"_s));
        while (query.next())
            QVERIFY(query.value(1).toString() != u"byte_count"_s); // the ALTER TABLE was rolled back
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void TestWorkspace::rejectsNonDatabaseFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"notes.txt"_s);
    const QByteArray content = QByteArray("These are my notes, not a database.\n").repeated(200);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    Workspace workspace;
    QString error;
    QVERIFY(!workspace.open(path, &error));
    QVERIFY(!workspace.isOpen());
    QCOMPARE(workspace.schemaVersion(), -1);
    QCOMPARE(error, u"'"_s + path + u"' is not a workspace database: file is not a database"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), content);
}

void TestWorkspace::rejectsOtherSqliteDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"shop.sqlite"_s);
    runOnFile(path, {u"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)"_s});
    Workspace workspace;
    QString error;
    QVERIFY(!workspace.open(path, &error));
    QCOMPARE(error, u"'"_s + path + u"' is an SQLite database but not a Backfill Studio workspace."_s);
}

void TestWorkspace::rejectsNewerSchema()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"future.sqlite"_s);
    {
        Workspace workspace;
        QVERIFY(workspace.open(path));
    }
    runOnFile(path, {u"PRAGMA user_version = 7"_s});
    Workspace workspace;
    QString error;
    QVERIFY(!workspace.open(path, &error));
    QCOMPARE(error, u"The workspace '"_s + path +
                        u"' was made by a newer version of Backfill Studio (schema 7; this version reads up to "
                        u"schema 6)."_s);
}

void TestWorkspace::aFingerprintKeptWholeReadsAsItsFirstChunk()
{
    // Schema 5 kept a partition's fingerprint as one blob; schema 6 keeps chunks. A file of
    // schema 5 is made here from a new one (the table as it was, one blob in it).
    QTemporaryDir dir;
    const QString path = dir.filePath(u"w.sqlite"_s);
    {
        Workspace workspace;
        QVERIFY(workspace.open(path));
        PartitionLedger ledger(workspace);
        QVERIFY(ledger.saveSpec(u"analytics"_s, u"name: analytics\n"_s));
        QVERIFY(ledger.ensureEndpoint(u"analytics"_s, u"events"_s) > 0);
    }
    runOnFile(path, {u"DROP TABLE partition_fingerprints"_s,
                     u"CREATE TABLE partition_fingerprints (endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) "
                     "ON DELETE CASCADE, partition_key TEXT NOT NULL, fingerprint BLOB NOT NULL, "
                     "PRIMARY KEY (endpoint_id, partition_key))"_s,
                     u"INSERT INTO partition_fingerprints SELECT id, '2024-01-01', "
                     "x'0100000000000000020000000000000003000000000000000400000000000000' FROM endpoints"_s,
                     u"PRAGMA user_version = 5"_s});
    Workspace workspace;
    QString error;
    QVERIFY2(workspace.open(path, &error), qPrintable(error));
    QCOMPARE(workspace.schemaVersion(), 6);
    PartitionLedger ledger(workspace);
    const qint64 endpoint = ledger.ensureEndpoint(u"analytics"_s, u"events"_s);
    QVERIFY(!ledger.fingerprint(endpoint, u"2024-01-02"_s));
    const std::optional<FingerprintReader> kept = ledger.fingerprint(endpoint, u"2024-01-01"_s);
    QVERIFY(kept);
    QByteArray bytes;
    QVERIFY((*kept)([&bytes](const QByteArray &chunk) {
        bytes += chunk;
        return true;
    }));
    QCOMPARE(bytes.toHex(), QByteArray("0100000000000000020000000000000003000000000000000400000000000000"));
}

void TestWorkspace::rejectsUnreachablePath()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"no/such/folder/w.sqlite"_s);
    Workspace workspace;
    QString error;
    QVERIFY(!workspace.open(path, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(!workspace.open(QString(), &error));
    QCOMPARE(error, u"No workspace file was given."_s);
}

void TestWorkspace::twoWorkspacesDoNotInterfere()
{
    QTemporaryDir dir;
    auto first = std::make_unique<Workspace>();
    Workspace second;
    QVERIFY(first->open(dir.filePath(u"a.sqlite"_s)));
    QVERIFY(second.open(dir.filePath(u"b.sqlite"_s)));
    QVERIFY(first->connectionName() != second.connectionName());
    {
        PartitionLedger a(*first);
        PartitionLedger b(second);
        QVERIFY(a.saveSpec(u"alpha"_s, u"name: alpha\n"_s));
        QVERIFY(b.saveSpec(u"beta"_s, u"name: beta\n"_s));
        QCOMPARE(a.specs().size(), 1);
        QCOMPARE(a.specs().first().name, u"alpha"_s);
        QCOMPARE(b.specs().size(), 1);
        QCOMPARE(b.specs().first().name, u"beta"_s);
    }
    const QString firstName = first->connectionName();
    first.reset();
    QVERIFY(!QSqlDatabase::contains(firstName));
    QVERIFY(second.isOpen());
    PartitionLedger b(second);
    QCOMPARE(b.specs().size(), 1);
}

void TestWorkspace::closeRemovesConnection()
{
    QTemporaryDir dir;
    Workspace workspace;
    QVERIFY(workspace.open(dir.filePath(u"w.sqlite"_s)));
    const QString name = workspace.connectionName();
    QVERIFY(QSqlDatabase::contains(name));
    workspace.close();
    QVERIFY(!QSqlDatabase::contains(name));
    QVERIFY(!workspace.isOpen());
    QCOMPARE(workspace.schemaVersion(), -1);
    WorkspaceTransaction onClosed(workspace);
    QVERIFY(!onClosed.isActive());
    QCOMPARE(onClosed.errorText(), u"The workspace is not open."_s);

    // Reopening takes a fresh connection.
    QVERIFY(workspace.open(dir.filePath(u"w.sqlite"_s)));
    QVERIFY(workspace.connectionName() != name);

    // Closing under an open transaction drops its work; the next transaction starts afresh.
    PartitionLedger ledger(workspace);
    {
        WorkspaceTransaction interrupted(workspace);
        QVERIFY(interrupted.isActive());
        QVERIFY(ledger.saveSpec(u"lost"_s, u"name: lost\n"_s));
        workspace.close();
    }
    QVERIFY(workspace.open(dir.filePath(u"w.sqlite"_s)));
    WorkspaceTransaction next(workspace);
    QVERIFY2(next.isActive(), qPrintable(next.errorText()));
    QVERIFY(ledger.saveSpec(u"kept"_s, u"name: kept\n"_s));
    QVERIFY(next.commit());
    QCOMPARE(ledger.specs().size(), 1);
    QCOMPARE(ledger.specs().first().name, u"kept"_s);
}

void TestWorkspace::nestedTransactionCommitsWithOuter()
{
    QTemporaryDir dir;
    Workspace workspace;
    QVERIFY(workspace.open(dir.filePath(u"w.sqlite"_s)));
    PartitionLedger ledger(workspace);
    {
        WorkspaceTransaction outer(workspace);
        QVERIFY2(outer.isActive(), qPrintable(outer.errorText()));
        const qint64 endpoint = ledger.ensureEndpoint(u"s"_s, u"e"_s);
        // markQueued opens its own transaction: nested, it must become a savepoint.
        QVERIFY2(ledger.markQueued(endpoint, {u"2024-01-01"_s, u"2024-01-02"_s}), qPrintable(ledger.lastError()));
        outer.rollback();
    }
    QCOMPARE(ledger.endpointId(u"s"_s, u"e"_s), -1);
    // The depth is back to zero: a new outermost transaction begins and commits.
    WorkspaceTransaction again(workspace);
    QVERIFY(again.isActive());
    QVERIFY(ledger.saveSpec(u"s"_s, u"name: s\n"_s));
    QVERIFY(again.commit());
    QCOMPARE(ledger.specs().size(), 1);
}

void TestWorkspace::innerRollbackKeepsOuterWork()
{
    QTemporaryDir dir;
    Workspace workspace;
    QVERIFY(workspace.open(dir.filePath(u"w.sqlite"_s)));
    PartitionLedger ledger(workspace);
    {
        WorkspaceTransaction outer(workspace);
        QVERIFY(ledger.saveSpec(u"kept"_s, u"name: kept\n"_s));
        {
            WorkspaceTransaction inner(workspace);
            QVERIFY(inner.isActive());
            QVERIFY(ledger.saveSpec(u"dropped"_s, u"name: dropped\n"_s));
        } // destroyed uncommitted: rolled back to its savepoint
        QVERIFY(outer.commit());
    }
    const QList<SpecRecord> specs = ledger.specs();
    QCOMPARE(specs.size(), 1);
    QCOMPARE(specs.first().name, u"kept"_s);
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
