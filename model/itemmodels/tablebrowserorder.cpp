// The data browser's sorting and filtering: the rows that pass, in the shown order, worked out
// in the call for a small table and on a thread of the model's own for a large one.
#include "model/itemmodels/tablebrowsermodel.h"

#include "model/core/sqlerrortext.h"
#include "model/targets/target.h"

#include <QFutureWatcher>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <sqlite3.h>

#include <atomic>
#include <mutex>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// The row identities `sql` selects, in its order; stops early (false) once `cancelled`.
bool readOrder(const QSqlDatabase &database, const QString &sql, const QVariantList &values, std::vector<qint64> *rows,
               QString *error, const std::atomic_bool &cancelled)
{
    QSqlQuery query(database);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        *error = sqlErrorText(query.lastError());
        return false;
    }
    while (query.next()) {
        if (cancelled.load(std::memory_order_relaxed))
            return false;
        rows->push_back(query.value(0).toLongLong());
    }
    if (query.lastError().isValid()) {
        *error = sqlErrorText(query.lastError());
        return false;
    }
    return true;
}

sqlite3 *sqliteHandle(const QSqlDatabase &database)
{
    const QVariant handle = database.driver() ? database.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

// A SQLite file that another connection sees as this one does: not in memory, and not in the
// middle of a transaction of this connection.
bool sharesItsFile(const QSqlDatabase &database)
{
    const QString name = database.databaseName();
    sqlite3 *handle = sqliteHandle(database);
    return handle && sqlite3_get_autocommit(handle) != 0 && !name.isEmpty() && name != u":memory:"_s &&
           !database.connectOptions().contains(u"QSQLITE_OPEN_URI"_s);
}

} // namespace

// A sort or filter on its thread: the criteria it follows and what the thread found. Cancelled
// from the model's thread, which interrupts SQLite in the middle of its sort.
struct TableBrowserModel::OrderJob
{
    Criteria criteria;
    std::atomic_bool cancelled = false;
    std::mutex mutex; // guards `connection` against the thread closing it
    sqlite3 *connection = nullptr;

    struct Found
    {
        qint64 totalRows = 0;
        std::vector<qint64> rows;
        QString error; // empty: found (unless cancelled)
    };

    void cancel()
    {
        const std::lock_guard lock(mutex);
        cancelled = true;
        if (connection)
            sqlite3_interrupt(connection);
    }
    void attach(sqlite3 *handle)
    {
        const std::lock_guard lock(mutex);
        connection = handle;
        if (cancelled && connection)
            sqlite3_interrupt(connection);
    }
};

void TableBrowserModel::apply()
{
    cancelJob();
    if (m_columns.isEmpty())
        return;
    m_lastError.clear();
    if (m_seekable && m_asked.any() && m_totalRows > m_backgroundRows && sharesItsFile(m_database)) {
        startJob();
        return;
    }
    beginResetModel();
    m_shown = m_asked;
    m_windows.clear();
    if (!recount())
        m_filteredRows = 0;
    endResetModel();
    emit countsChanged();
}

void TableBrowserModel::startJob()
{
    auto job = std::make_shared<OrderJob>();
    job->criteria = m_asked;
    const QString countSql = u"SELECT COUNT(*) FROM "_s + m_target->tableName(m_table);
    const QString orderQuery =
        u"SELECT "_s + m_rowid + u" FROM "_s + m_target->tableName(m_table) + whereSql(m_asked, {}) + orderSql(m_asked);
    const QVariantList values = whereValues(m_asked);
    const QString path = m_database.databaseName();
    // The watcher is the model's (its thread's): the job's thread holds only the job.
    auto *watcher = new QFutureWatcher<OrderJob::Found>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, job, watcher] {
        watcher->deleteLater();
        if (job != m_job)
            return; // cancelled: a newer one runs, or none is wanted
        m_job.reset();
        OrderJob::Found found = watcher->result();
        beginResetModel();
        m_windows.clear();
        if (found.error.isEmpty()) {
            m_shown = job->criteria;
            m_totalRows = found.totalRows;
            m_filteredRows = qint64(found.rows.size());
            m_order = std::move(found.rows);
        } else {
            m_shown = job->criteria;
            m_order.reset();
            m_filteredRows = 0;
            fail(tr("cannot sort %1: %2").arg(m_table, found.error));
        }
        endResetModel();
        emit countsChanged();
        emit busyChanged(false);
    });
    watcher->setFuture(QtConcurrent::run(m_pool.get(), [job, path, countSql, orderQuery, values] {
        static std::atomic_int serial = 0;
        const QString name = u"backfill-browse-%1"_s.arg(++serial);
        OrderJob::Found found;
        {
            QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            database.setDatabaseName(path);
            database.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
            if (!database.open()) {
                found.error = sqlErrorText(database.lastError());
            } else {
                job->attach(sqliteHandle(database));
                QSqlQuery count(database);
                if (!count.exec(countSql) || !count.next())
                    found.error = sqlErrorText(count.lastError());
                else
                    found.totalRows = count.value(0).toLongLong();
                count.finish();
                if (found.error.isEmpty())
                    readOrder(database, orderQuery, values, &found.rows, &found.error, job->cancelled);
                job->attach(nullptr);
                database.close();
            }
        }
        QSqlDatabase::removeDatabase(name);
        return found;
    }));
    m_job = std::move(job);
    emit busyChanged(true);
}

void TableBrowserModel::cancelJob()
{
    if (!m_job)
        return;
    m_job->cancel();
    m_job.reset(); // its thread finishes on its own; what it found is dropped
    emit busyChanged(false);
}

// Counts the rows, and those that pass m_shown's filters in its order, in the call.
bool TableBrowserModel::recount()
{
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT COUNT(*) FROM "_s + m_target->tableName(m_table)) || !query.next())
        return fail(tr("cannot count the rows of %1: %2").arg(m_table, sqlErrorText(query.lastError())));
    m_totalRows = query.value(0).toLongLong();
    query.finish();
    m_order.reset();
    if (!m_shown.any()) {
        m_filteredRows = m_totalRows;
        return true;
    }
    if (!m_seekable) { // no integer row identity (PostgreSQL, or every rowid name taken): LIMIT/OFFSET
        query.prepare(u"SELECT COUNT(*) FROM "_s + m_target->tableName(m_table) + whereSql(m_shown, {}));
        for (const QVariant &value : whereValues(m_shown))
            query.addBindValue(value);
        if (!query.exec() || !query.next())
            return fail(tr("cannot count the rows of %1: %2").arg(m_table, sqlErrorText(query.lastError())));
        m_filteredRows = query.value(0).toLongLong();
        return true;
    }
    std::vector<qint64> rows;
    QString error;
    if (!readOrder(m_database, selectSql(m_rowid), whereValues(m_shown), &rows, &error, std::atomic_bool(false)))
        return fail(tr("cannot sort %1: %2").arg(m_table, error));
    m_filteredRows = qint64(rows.size());
    m_order = std::move(rows);
    return true;
}

} // namespace Backfill
