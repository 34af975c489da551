#include "model/workspace/runlog.h"

#include "model/core/sqlerrortext.h"
#include "model/core/translation.h"
#include "model/workspace/workspace.h"
#include "model/workspace/workspacetransaction.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

constexpr auto RunColumns = "id, started_by, spec_name, endpoints, range_text, options, started_at, finished_at, "
                            "partitions_total, partitions_succeeded, partitions_empty, partitions_failed, "
                            "row_count, byte_count, outcome"_L1;

RunRecord runFromQuery(const QSqlQuery &query)
{
    RunRecord run;
    run.id = query.value(0).toLongLong();
    run.info.startedBy = query.value(1).toString();
    run.info.specName = query.value(2).toString();
    const QJsonArray endpoints = QJsonDocument::fromJson(query.value(3).toString().toUtf8()).array();
    for (const QJsonValue &endpoint : endpoints)
        run.info.endpoints.append(endpoint.toString());
    run.info.range = query.value(4).toString();
    run.info.options = jsonFromDb(query.value(5));
    run.startedAt = timeFromDb(query.value(6));
    run.finishedAt = timeFromDb(query.value(7));
    run.counts.partitions = query.value(8).toInt();
    run.counts.succeeded = query.value(9).toInt();
    run.counts.empty = query.value(10).toInt();
    run.counts.failed = query.value(11).toInt();
    run.counts.rows = query.value(12).toLongLong();
    run.counts.bytes = query.value(13).toLongLong();
    run.outcome = runOutcomeFromName(query.value(14).toString()).value_or(RunOutcome::Interrupted);
    return run;
}

} // namespace

RunLog::RunLog(Workspace &workspace, std::function<QDateTime()> clock)
    : LedgerStore(workspace, std::move(clock))
{}

qint64 RunLog::startRun(const RunInfo &info)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"INSERT INTO runs (started_by, spec_name, endpoints, range_text, options, started_at, outcome) "
                  "VALUES (:by, :spec, :endpoints, :range, :options, :now, :outcome)"_s);
    query.bindValue(u":by"_s, textToDb(info.startedBy));
    query.bindValue(u":spec"_s, textToDb(info.specName));
    query.bindValue(
        u":endpoints"_s,
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(info.endpoints)).toJson(QJsonDocument::Compact)));
    query.bindValue(u":range"_s, textToDb(info.range));
    query.bindValue(u":options"_s, jsonToDb(info.options));
    query.bindValue(u":now"_s, timeToDb(now()));
    query.bindValue(u":outcome"_s, runOutcomeName(RunOutcome::Running));
    if (!query.exec()) {
        fail(tr("Cannot record the start of a run"), sqlErrorText(query.lastError()));
        return -1;
    }
    return query.lastInsertId().toLongLong();
}

bool RunLog::updateRunCounts(qint64 runId, const RunCounts &counts)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"UPDATE runs SET partitions_total = :total, partitions_succeeded = :succeeded, "
                  "partitions_empty = :empty, partitions_failed = :failed, row_count = :rows, byte_count = :bytes "
                  "WHERE id = :id"_s);
    query.bindValue(u":total"_s, counts.partitions);
    query.bindValue(u":succeeded"_s, counts.succeeded);
    query.bindValue(u":empty"_s, counts.empty);
    query.bindValue(u":failed"_s, counts.failed);
    query.bindValue(u":rows"_s, counts.rows);
    query.bindValue(u":bytes"_s, counts.bytes);
    query.bindValue(u":id"_s, runId);
    const QString what = tr("Cannot update run %1").arg(runId);
    if (!query.exec())
        return fail(what, sqlErrorText(query.lastError()));
    if (query.numRowsAffected() == 0)
        return fail(what, tr("no such run"));
    return true;
}

bool RunLog::finishRun(qint64 runId, const RunCounts &counts, RunOutcome outcome)
{
    const QString what = tr("Cannot record the end of run %1").arg(runId);
    WorkspaceTransaction transaction(m_workspace);
    if (!transaction.isActive())
        return fail(what, transaction.errorText());
    if (!updateRunCounts(runId, counts))
        return false;
    {
        QSqlQuery query(m_workspace.database());
        query.prepare(u"UPDATE runs SET outcome = :outcome, finished_at = :now WHERE id = :id"_s);
        query.bindValue(u":outcome"_s, runOutcomeName(outcome));
        query.bindValue(u":now"_s, timeToDb(now()));
        query.bindValue(u":id"_s, runId);
        if (!query.exec())
            return fail(what, sqlErrorText(query.lastError()));
    }
    if (!trimEvents(runId))
        return false;
    if (!transaction.commit())
        return fail(what, transaction.errorText());
    m_eventsSinceTrim.remove(runId);
    return true;
}

std::optional<RunRecord> RunLog::run(qint64 runId) const
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"SELECT "_s + RunColumns + u" FROM runs WHERE id = :id"_s);
    query.bindValue(u":id"_s, runId);
    if (!query.exec()) {
        fail(tr("Cannot read run %1").arg(runId), sqlErrorText(query.lastError()));
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return runFromQuery(query);
}

QList<RunRecord> RunLog::listRuns(int limit) const
{
    QList<RunRecord> result;
    QSqlQuery query(m_workspace.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + RunColumns + u" FROM runs ORDER BY id DESC LIMIT :limit"_s);
    query.bindValue(u":limit"_s, limit < 0 ? -1 : limit);
    if (!query.exec()) {
        fail(tr("Cannot read the runs"), sqlErrorText(query.lastError()));
        return result;
    }
    while (query.next())
        result.append(runFromQuery(query));
    return result;
}

bool RunLog::appendEvent(qint64 runId, EventLevel level, const QString &partitionKey, const QString &message,
                         const QJsonObject &data)
{
    QSqlQuery query(m_workspace.database());
    query.prepare(u"INSERT INTO events (run_id, at, level, partition_key, message, data) "
                  "VALUES (:run, :now, :level, :key, :message, :data)"_s);
    query.bindValue(u":run"_s, runId);
    query.bindValue(u":now"_s, timeToDb(now()));
    query.bindValue(u":level"_s, eventLevelName(level));
    query.bindValue(u":key"_s, textToDb(partitionKey));
    query.bindValue(u":message"_s, textToDb(message));
    query.bindValue(u":data"_s, jsonToDb(data));
    if (!query.exec())
        return fail(tr("Cannot log an event of run %1").arg(runId), sqlErrorText(query.lastError()));
    // Trimming on every insert would double the writes of a chatty run; every N inserts keeps
    // the log bounded for the price of one indexed DELETE.
    int &sinceTrim = m_eventsSinceTrim[runId];
    if (++sinceTrim >= m_eventTrimInterval) {
        sinceTrim = 0;
        return trimEvents(runId);
    }
    return true;
}

bool RunLog::trimEvents(qint64 runId)
{
    QSqlQuery query(m_workspace.database());
    // The id of the newest event beyond the kept ones; NULL (nothing deleted) when there are fewer.
    query.prepare(u"DELETE FROM events WHERE run_id = :run AND id <= "
                  "(SELECT id FROM events WHERE run_id = :run2 ORDER BY id DESC LIMIT 1 OFFSET :kept)"_s);
    query.bindValue(u":run"_s, runId);
    query.bindValue(u":run2"_s, runId);
    query.bindValue(u":kept"_s, m_eventsKept);
    if (!query.exec())
        return fail(tr("Cannot trim the log of run %1").arg(runId), sqlErrorText(query.lastError()));
    return true;
}

QList<RunEvent> RunLog::events(qint64 runId, qint64 afterId, int limit) const
{
    QList<RunEvent> result;
    QSqlQuery query(m_workspace.database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT id, run_id, at, level, partition_key, message, data FROM events "
                  "WHERE run_id = :run AND id > :after ORDER BY id LIMIT :limit"_s);
    query.bindValue(u":run"_s, runId);
    query.bindValue(u":after"_s, afterId);
    query.bindValue(u":limit"_s, limit < 0 ? -1 : limit);
    if (!query.exec()) {
        fail(tr("Cannot read the log of run %1").arg(runId), sqlErrorText(query.lastError()));
        return result;
    }
    while (query.next()) {
        RunEvent event;
        event.id = query.value(0).toLongLong();
        event.runId = query.value(1).toLongLong();
        event.at = timeFromDb(query.value(2));
        event.level = eventLevelFromName(query.value(3).toString()).value_or(EventLevel::Info);
        event.partitionKey = query.value(4).toString();
        event.message = query.value(5).toString();
        event.data = jsonFromDb(query.value(6));
        result.append(event);
    }
    return result;
}

void RunLog::setEventRetention(int eventsKept, int trimInterval)
{
    m_eventsKept = std::max(1, eventsKept);
    m_eventTrimInterval = std::max(1, trimInterval);
}

int RunLog::eventsKept() const
{
    return m_eventsKept;
}

} // namespace Backfill
