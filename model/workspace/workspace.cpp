#include "model/workspace/workspace.h"

#include "model/core/logging.h"
#include "model/core/sqlerrortext.h"
#include "model/core/translation.h"
#include "model/workspace/workspacetransaction.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <atomic>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// One step of the schema: run in one transaction, it takes a workspace at `fromVersion` to
// `fromVersion + 1`. Steps are only ever appended; a released step is never edited, because
// files out there were made by it (tests/data/make-workspace-v1.sql mirrors step 0).
struct MigrationStep
{
    int fromVersion;
    QStringList statements;
};

QList<MigrationStep> migrationSteps()
{
    return {
        {0,
         {
             u"CREATE TABLE specs ("
             "  name TEXT PRIMARY KEY NOT NULL,"
             "  yaml TEXT NOT NULL,"
             "  updated_at INTEGER NOT NULL)"_s,
             u"CREATE TABLE endpoints ("
             "  id INTEGER PRIMARY KEY,"
             "  spec_name TEXT NOT NULL,"
             "  name TEXT NOT NULL,"
             "  UNIQUE (spec_name, name))"_s,
             u"CREATE TABLE partitions ("
             "  endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,"
             "  partition_key TEXT NOT NULL,"
             "  status TEXT NOT NULL DEFAULT 'missing'"
             "    CHECK (status IN ('missing', 'queued', 'running', 'succeeded', 'failed', 'empty')),"
             "  attempts INTEGER NOT NULL DEFAULT 0,"
             "  page_count INTEGER NOT NULL DEFAULT 0,"
             "  row_count INTEGER NOT NULL DEFAULT 0,"
             "  http_status INTEGER NOT NULL DEFAULT 0,"
             "  last_error TEXT NOT NULL DEFAULT '',"
             "  started_at INTEGER,"
             "  finished_at INTEGER,"
             "  PRIMARY KEY (endpoint_id, partition_key)) WITHOUT ROWID"_s,
             u"CREATE INDEX partitions_by_status ON partitions (endpoint_id, status)"_s,
             u"CREATE TABLE runs ("
             "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
             "  started_by TEXT NOT NULL,"
             "  spec_name TEXT NOT NULL DEFAULT '',"
             "  endpoints TEXT NOT NULL DEFAULT '[]',"
             "  range_text TEXT NOT NULL DEFAULT '',"
             "  options TEXT NOT NULL DEFAULT '{}',"
             "  started_at INTEGER NOT NULL,"
             "  finished_at INTEGER,"
             "  partitions_total INTEGER NOT NULL DEFAULT 0,"
             "  partitions_succeeded INTEGER NOT NULL DEFAULT 0,"
             "  partitions_empty INTEGER NOT NULL DEFAULT 0,"
             "  partitions_failed INTEGER NOT NULL DEFAULT 0,"
             "  row_count INTEGER NOT NULL DEFAULT 0,"
             "  outcome TEXT NOT NULL DEFAULT 'running')"_s,
             u"CREATE TABLE events ("
             "  id INTEGER PRIMARY KEY,"
             "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
             "  at INTEGER NOT NULL,"
             "  level TEXT NOT NULL,"
             "  partition_key TEXT NOT NULL DEFAULT '',"
             "  message TEXT NOT NULL,"
             "  data TEXT NOT NULL DEFAULT '{}')"_s,
             u"CREATE INDEX events_by_run ON events (run_id, id)"_s,
         }},
        // Resumable partitions (checkpoint), byte counts, and incremental `sync` values kept between runs.
        {1,
         {
             u"ALTER TABLE partitions ADD COLUMN byte_count INTEGER NOT NULL DEFAULT 0"_s,
             u"ALTER TABLE partitions ADD COLUMN checkpoint TEXT"_s,
             u"ALTER TABLE runs ADD COLUMN byte_count INTEGER NOT NULL DEFAULT 0"_s,
             u"CREATE TABLE sync_state ("
             "  endpoint_id INTEGER PRIMARY KEY REFERENCES endpoints(id) ON DELETE CASCADE,"
             "  state TEXT NOT NULL,"
             "  updated_at INTEGER NOT NULL)"_s,
         }},
        // Open partitions: pulled before their period ended and settled. SQLite changes a CHECK
        // only by copying the table.
        {2,
         {
             u"CREATE TABLE partitions_v3 ("
             "  endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,"
             "  partition_key TEXT NOT NULL,"
             "  status TEXT NOT NULL DEFAULT 'missing'"
             "    CHECK (status IN ('missing', 'queued', 'running', 'succeeded', 'failed', 'empty', 'open')),"
             "  attempts INTEGER NOT NULL DEFAULT 0,"
             "  page_count INTEGER NOT NULL DEFAULT 0,"
             "  row_count INTEGER NOT NULL DEFAULT 0,"
             "  http_status INTEGER NOT NULL DEFAULT 0,"
             "  last_error TEXT NOT NULL DEFAULT '',"
             "  started_at INTEGER,"
             "  finished_at INTEGER,"
             "  byte_count INTEGER NOT NULL DEFAULT 0,"
             "  checkpoint TEXT,"
             "  PRIMARY KEY (endpoint_id, partition_key)) WITHOUT ROWID"_s,
             u"INSERT INTO partitions_v3 (endpoint_id, partition_key, status, attempts, page_count, row_count, "
             "http_status, last_error, started_at, finished_at, byte_count, checkpoint) "
             "SELECT endpoint_id, partition_key, status, attempts, page_count, row_count, http_status, last_error, "
             "started_at, finished_at, byte_count, checkpoint FROM partitions"_s,
             u"DROP TABLE partitions"_s,
             u"ALTER TABLE partitions_v3 RENAME TO partitions"_s,
             u"CREATE INDEX partitions_by_status ON partitions (endpoint_id, status)"_s,
         }},
        // What a pull found in its rows (duplicates, missing update keys, columns) and what changed
        // against the pull before: counts on the partition, up to 20 examples per kind, and the
        // fingerprint of the rows (key and content hashes) that the next pull compares with.
        {3,
         {
             u"ALTER TABLE partitions ADD COLUMN duplicate_keys INTEGER NOT NULL DEFAULT 0"_s,
             u"ALTER TABLE partitions ADD COLUMN missing_update_key INTEGER NOT NULL DEFAULT 0"_s,
             u"ALTER TABLE partitions ADD COLUMN columns_seen TEXT NOT NULL DEFAULT ''"_s,
             u"ALTER TABLE partitions ADD COLUMN compared INTEGER NOT NULL DEFAULT 0"_s,
             u"ALTER TABLE partitions ADD COLUMN rows_added INTEGER NOT NULL DEFAULT 0"_s,
             u"ALTER TABLE partitions ADD COLUMN rows_changed INTEGER NOT NULL DEFAULT 0"_s,
             u"ALTER TABLE partitions ADD COLUMN rows_removed INTEGER NOT NULL DEFAULT 0"_s,
             u"CREATE TABLE partition_changes ("
             "  endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,"
             "  partition_key TEXT NOT NULL,"
             "  kind TEXT NOT NULL CHECK (kind IN ('added', 'changed', 'removed', 'duplicate')),"
             "  row_key TEXT NOT NULL,"
             "  before_row TEXT,"
             "  after_row TEXT)"_s,
             u"CREATE INDEX partition_changes_by_partition ON partition_changes (endpoint_id, partition_key)"_s,
             u"CREATE TABLE partition_fingerprints ("
             "  endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,"
             "  partition_key TEXT NOT NULL,"
             "  fingerprint BLOB NOT NULL,"
             "  PRIMARY KEY (endpoint_id, partition_key))"_s,
         }},
        // The thresholds of the endpoint's completeness checks (its spec's x-backfill.checks) as
        // its last run had them, for `status` and `check`, which read no spec: JSON, '' for none.
        {4,
         {
             u"ALTER TABLE endpoints ADD COLUMN checks TEXT NOT NULL DEFAULT ''"_s,
         }},
        // A fingerprint in chunks of up to 4096 entries (64 KiB), so that neither writing nor
        // reading one holds a large partition's whole in memory; one kept whole becomes chunk 0.
        {5,
         {
             u"CREATE TABLE partition_fingerprints_v6 ("
             "  endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,"
             "  partition_key TEXT NOT NULL,"
             "  chunk INTEGER NOT NULL,"
             "  fingerprint BLOB NOT NULL,"
             "  PRIMARY KEY (endpoint_id, partition_key, chunk))"_s,
             u"INSERT INTO partition_fingerprints_v6 (endpoint_id, partition_key, chunk, fingerprint) "
             "SELECT endpoint_id, partition_key, 0, fingerprint FROM partition_fingerprints"_s,
             u"DROP TABLE partition_fingerprints"_s,
             u"ALTER TABLE partition_fingerprints_v6 RENAME TO partition_fingerprints"_s,
         }},
    };
}

QString nextConnectionName()
{
    static std::atomic<int> counter = 0;
    return u"backfill-workspace-%1"_s.arg(++counter);
}

} // namespace

Workspace::Workspace() = default;

Workspace::~Workspace()
{
    close();
}

bool Workspace::open(const QString &path, QString *error)
{
    close();
    QString message;
    if (openConnection(path, &message)) {
        qCDebug(lcModel) << "Opened workspace" << path << "schema" << CurrentSchemaVersion;
        return true;
    }
    // Only here, with every QSqlDatabase and QSqlQuery of openConnection() gone, can the
    // connection be removed without Qt warning that it is still in use.
    qCWarning(lcModel) << "Cannot open workspace" << path << message;
    close();
    if (error)
        *error = message;
    return false;
}

bool Workspace::openConnection(const QString &path, QString *error)
{
    if (path.isEmpty()) {
        *error = tr("No workspace file was given.");
        return false;
    }
    m_connectionName = nextConnectionName();
    m_path = path;
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    if (!db.isValid()) {
        *error = tr("The Qt SQLite driver (QSQLITE) is not available.");
        return false;
    }
    db.setDatabaseName(path);
    if (!db.open()) {
        *error = tr("Cannot open the workspace '%1': %2").arg(path, sqlErrorText(db.lastError()));
        return false;
    }

    // user_version is the first read of the file, so it is what tells a non-database file apart.
    int version = -1;
    {
        QSqlQuery query(db);
        if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
            *error = tr("'%1' is not a workspace database: %2").arg(path, sqlErrorText(query.lastError()));
            return false;
        }
        version = query.value(0).toInt();
    }
    return checkIsWorkspace(version, error) && configureConnection(error) && migrate(version, error);
}

void Workspace::close()
{
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
    m_path.clear();
    m_transactionDepth = 0;
}

bool Workspace::isOpen() const
{
    return !m_connectionName.isEmpty() && database().isOpen();
}

QString Workspace::path() const
{
    return m_path;
}

QString Workspace::connectionName() const
{
    return m_connectionName;
}

int Workspace::schemaVersion() const
{
    if (!isOpen())
        return -1;
    QSqlQuery query(database());
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

QSqlDatabase Workspace::database() const
{
    if (m_connectionName.isEmpty())
        return {};
    return QSqlDatabase::database(m_connectionName, false);
}

bool Workspace::checkIsWorkspace(int version, QString *error)
{
    if (version > CurrentSchemaVersion) {
        *error = tr("The workspace '%1' was made by a newer version of Backfill Studio "
                    "(schema %2; this version reads up to schema %3).")
                     .arg(m_path)
                     .arg(version)
                     .arg(CurrentSchemaVersion);
        return false;
    }
    if (version > 0)
        return true;
    // Version 0 with tables in it: some other application's SQLite file. Refuse rather than add
    // our tables beside theirs.
    QSqlQuery query(database());
    if (!query.exec(u"SELECT count(*) FROM sqlite_master"_s) || !query.next()) {
        *error = tr("'%1' is not a workspace database: %2").arg(m_path, sqlErrorText(query.lastError()));
        return false;
    }
    if (query.value(0).toInt() > 0) {
        *error = tr("'%1' is an SQLite database but not a Backfill Studio workspace.").arg(m_path);
        return false;
    }
    return true;
}

bool Workspace::configureConnection(QString *error)
{
    // foreign_keys and busy_timeout hold per connection; journal_mode=WAL is stored in the file.
    // synchronous=NORMAL is durable in WAL mode except for the last commits on power loss.
    const QStringList pragmas = {
        u"PRAGMA page_size = %1"_s.arg(NewFilePageSize),
        u"PRAGMA foreign_keys = ON"_s,
        u"PRAGMA busy_timeout = %1"_s.arg(BusyTimeoutMs),
        u"PRAGMA journal_mode = WAL"_s,
        u"PRAGMA synchronous = NORMAL"_s,
        // Room for a ledger of ten years of hourly partitions (~20 MB with its index; SQLite's
        // default is 2 MB): past it, every read of the endpoint's partitions went back to the file
        // page by page and cost twice as much per partition. Taken only as pages are read.
        u"PRAGMA cache_size = -32768"_s,
    };
    QSqlDatabase db = database();
    for (const QString &pragma : pragmas) {
        QSqlQuery query(db);
        if (!query.exec(pragma)) {
            *error =
                tr("Cannot set up the workspace '%1' (%2): %3").arg(m_path, pragma, sqlErrorText(query.lastError()));
            return false;
        }
        if (pragma.contains(u"journal_mode"_s) && query.next() &&
            query.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
            // Some file systems (network shares) cannot do WAL; SQLite then keeps the old mode.
            qCWarning(lcModel) << "Workspace" << m_path << "is not in WAL mode:" << query.value(0).toString();
        }
    }
    return true;
}

bool Workspace::migrate(int fromVersion, QString *error)
{
    const QList<MigrationStep> steps = migrationSteps();
    Q_ASSERT(steps.size() == CurrentSchemaVersion);
    for (const MigrationStep &step : steps) {
        if (step.fromVersion < fromVersion)
            continue;
        const int toVersion = step.fromVersion + 1;
        const auto stepFailed = [&](const QString &reason) {
            *error = tr("Cannot upgrade the workspace '%1' from schema %2 to %3: %4")
                         .arg(m_path)
                         .arg(step.fromVersion)
                         .arg(toVersion)
                         .arg(reason);
            return false;
        };
        WorkspaceTransaction transaction(*this);
        if (!transaction.isActive())
            return stepFailed(transaction.errorText());
        QSqlDatabase db = database();
        for (const QString &statement : step.statements) {
            QSqlQuery query(db);
            if (!query.exec(statement))
                return stepFailed(sqlErrorText(query.lastError()));
        }
        // PRAGMA takes no bound values; the version is our own integer. user_version is written
        // inside the transaction, so a step and its version number commit together.
        QSqlQuery setVersion(db);
        if (!setVersion.exec(u"PRAGMA user_version = %1"_s.arg(toVersion)))
            return stepFailed(sqlErrorText(setVersion.lastError()));
        if (!transaction.commit())
            return stepFailed(transaction.errorText());
        qCInfo(lcModel) << "Upgraded workspace" << m_path << "to schema" << toVersion;
    }
    return true;
}

} // namespace Backfill
