// A past run's partitions and log, pieced together from the events the engine keeps, and what a
// failed partition's record says and advises.
#include "model/itemmodels/eventlogfilter.h"
#include "model/itemmodels/pastrunpartitionmodel.h"
#include "model/itemmodels/runeventmodel.h"
#include "model/runs/engineevent.h"
#include "model/runs/partitionfailure.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {

RunEvent logged(qint64 id, EngineEvent event)
{
    event.time = QDateTime(QDate(2024, 6, 1), QTime(10, 0, int(id)), Qt::UTC);
    RunEvent kept;
    kept.id = id;
    kept.runId = 1;
    kept.at = event.time;
    kept.level = event.level();
    kept.partitionKey = event.partition;
    kept.message = event.message;
    kept.data = event.toJson();
    return kept;
}

EngineEvent engineEvent(EngineEvent::Kind kind, const QString &endpoint, const QString &partition)
{
    EngineEvent event;
    event.kind = kind;
    event.endpoint = endpoint;
    event.partition = partition;
    event.message = EngineEvent::kindName(kind) + u' ' + partition;
    return event;
}

QList<RunEvent> runLog()
{
    QList<RunEvent> log;
    qint64 id = 0;
    EngineEvent started = engineEvent(EngineEvent::Kind::RunStarted, {}, {});
    log << logged(++id, started);
    for (const QString &day : {u"2024-01-01"_s, u"2024-01-02"_s})
        log << logged(++id, engineEvent(EngineEvent::Kind::PartitionStarted, u"daily"_s, day));
    log << logged(++id, engineEvent(EngineEvent::Kind::PartitionStarted, u"monthly"_s, u"2024-01-01"_s));
    EngineEvent done = engineEvent(EngineEvent::Kind::PartitionSucceeded, u"daily"_s, u"2024-01-01"_s);
    done.rows = 250;
    done.page = 3;
    done.durationMs = 65'000;
    log << logged(++id, done);
    EngineEvent retry = engineEvent(EngineEvent::Kind::Retry, u"daily"_s, u"2024-01-02"_s);
    retry.httpStatus = 503;
    log << logged(++id, retry);
    log << logged(++id, retry);
    EngineEvent failed = engineEvent(EngineEvent::Kind::PartitionFailed, u"daily"_s, u"2024-01-02"_s);
    failed.httpStatus = 503;
    failed.page = 4;
    failed.method = u"GET"_s;
    failed.url = u"http://127.0.0.1/daily?day=2024-01-02"_s;
    failed.requestHeaders = u"Authorization: Bearer ****"_s;
    failed.response = u"upstream unavailable"_s;
    failed.durationMs = 800;
    log << logged(++id, failed);
    done = engineEvent(EngineEvent::Kind::PartitionSucceeded, u"monthly"_s, u"2024-01-01"_s);
    done.page = 1;
    log << logged(++id, done);
    return log;
}

} // namespace

class TestPastRunPartitionModel : public QObject
{
    Q_OBJECT

private slots:
    void partitionsComeFromTheLog();
    void aRestartedPartitionForgetsItsFailure();
    void logIsFilteredLikeTheLiveLog();
    void failureReadsTheFailedEvent();
    void adviceFitsTheFailure_data();
    void adviceFitsTheFailure();
};

void TestPastRunPartitionModel::partitionsComeFromTheLog()
{
    PastRunPartitionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setEvents(runLog());
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 3); // the same day of two endpoints is two partitions
    QCOMPARE(model.failedCount(), 1);

    const auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(text(0, PastRunPartitionModel::EndpointColumn), u"daily"_s);
    QCOMPARE(text(0, PastRunPartitionModel::StatusColumn), u"Succeeded"_s);
    QCOMPARE(text(0, PastRunPartitionModel::RowsColumn), u"250"_s);
    QCOMPARE(text(0, PastRunPartitionModel::PagesColumn), u"3"_s);
    QCOMPARE(text(0, PastRunPartitionModel::DurationColumn), u"1 min 05 s"_s);
    QCOMPARE(text(1, PastRunPartitionModel::PartitionColumn), u"2024-01-02"_s);
    QCOMPARE(text(1, PastRunPartitionModel::StatusColumn), u"Failed"_s);
    QCOMPARE(text(1, PastRunPartitionModel::PagesColumn), u"3"_s); // pages before the failed one
    QCOMPARE(text(1, PastRunPartitionModel::RetriesColumn), u"2"_s);
    QCOMPARE(text(1, PastRunPartitionModel::HttpStatusColumn), u"503"_s);
    QCOMPARE(text(1, PastRunPartitionModel::DurationColumn), u"800 ms"_s);
    QCOMPARE(text(1, PastRunPartitionModel::MessageColumn), u"partition_failed 2024-01-02"_s);
    QCOMPARE(text(2, PastRunPartitionModel::EndpointColumn), u"monthly"_s);
    QCOMPARE(text(2, PastRunPartitionModel::StatusColumn), u"Empty"_s);
    QCOMPARE(text(2, PastRunPartitionModel::HttpStatusColumn), QString());
    QCOMPARE(model.index(1, 0).data(PastRunPartitionModel::StatusNameRole).toString(), u"failed"_s);
    QCOMPARE(model.index(1, PastRunPartitionModel::DurationColumn).data(PastRunPartitionModel::SortRole).toLongLong(),
             800);
    QCOMPARE(model.rowOf(u"monthly"_s, u"2024-01-01"_s), 2);
    QCOMPARE(model.rowOf(u"monthly"_s, u"2024-01-02"_s), -1);

    const RunPartition failed = model.partition(1);
    QVERIFY(failed.failure);
    QCOMPARE(failed.failure->response, u"upstream unavailable"_s);
    QVERIFY(!model.partition(0).failure);

    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestPastRunPartitionModel::aRestartedPartitionForgetsItsFailure()
{
    // A partition that failed and ran again within the run (a later attempt) shows how it ended.
    QList<RunEvent> log = runLog();
    log << logged(100, engineEvent(EngineEvent::Kind::PartitionStarted, u"daily"_s, u"2024-01-02"_s));
    PastRunPartitionModel model;
    model.setEvents(log);
    QCOMPARE(model.partition(1).status, PartitionStatus::Running);
    QVERIFY(!model.partition(1).failure);
    QCOMPARE(model.failedCount(), 0);
}

void TestPastRunPartitionModel::logIsFilteredLikeTheLiveLog()
{
    RunEventModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEvents(runLog());
    QCOMPARE(model.rowCount(), 9);
    QCOMPARE(model.index(7, RunEventModel::LevelColumn).data().toString(), u"Error"_s);
    QCOMPARE(model.index(5, RunEventModel::LevelColumn).data().toString(), u"Warning"_s);
    QCOMPARE(model.index(7, RunEventModel::MessageColumn).data().toString(), u"partition_failed 2024-01-02"_s);
    QCOMPARE(model.index(7, 0).data(RunEventModel::KindRole).toString(), u"partition_failed"_s);
    QCOMPARE(EventLevel(model.index(7, 0).data(RunEventModel::LevelRole).toInt()), EventLevel::Error);
    QCOMPARE(model.index(7, RunEventModel::EndpointColumn).data().toString(), u"daily"_s);

    // The stored log is filtered by the same filter as the live one.
    EventLogFilter filter;
    filter.setSourceModel(&model);
    filter.setPartition(u"2024-01-02"_s);
    QCOMPARE(filter.rowCount(), 4); // started, two retries, failed
    QCOMPARE(filter.index(0, RunEventModel::MessageColumn).data().toString(), u"partition_started 2024-01-02"_s);
    filter.setMinimumLevel(EventLevel::Error);
    QCOMPARE(filter.rowCount(), 1);
    QVERIFY(filter.linesText().contains(u"  error  daily  2024-01-02  partition_failed 2024-01-02"_s));
    filter.setPartition({});
    filter.setMinimumLevel(EventLevel::Info);
    QCOMPARE(filter.rowCount(), 9);
}

void TestPastRunPartitionModel::failureReadsTheFailedEvent()
{
    const QList<RunEvent> log = runLog();
    QVERIFY(!PartitionFailure::fromEvent(log.at(1)));
    const auto failure = PartitionFailure::fromEvent(log.at(7));
    QVERIFY(failure);
    QCOMPARE(failure->endpoint, u"daily"_s);
    QCOMPARE(failure->partition, u"2024-01-02"_s);
    QCOMPARE(failure->page, 4);
    QCOMPARE(failure->httpStatus, 503);
    QCOMPARE(failure->method, u"GET"_s);
    QCOMPARE(failure->url, u"http://127.0.0.1/daily?day=2024-01-02"_s);
    QCOMPARE(failure->requestHeaders, u"Authorization: Bearer ****"_s);
    QCOMPARE(failure->response, u"upstream unavailable"_s);
    QCOMPARE(failure->message, u"partition_failed 2024-01-02"_s);
    QCOMPARE(failure->at, log.at(7).at);
}

void TestPastRunPartitionModel::adviceFitsTheFailure_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("advice");
    QTest::addRow("401") << 401 << u"GET"_s << u"HTTP 401"_s << u"The API refused the credentials."_s;
    QTest::addRow("403") << 403 << u"GET"_s << u"HTTP 403"_s << u"The API refused the credentials."_s;
    QTest::addRow("404") << 404 << u"GET"_s << u"HTTP 404"_s << u"The API rejected the request."_s;
    QTest::addRow("429") << 429 << u"GET"_s << u"HTTP 429"_s << u"The API kept limiting requests"_s;
    QTest::addRow("503") << 503 << u"GET"_s << u"HTTP 503"_s << u"The server failed after every retry."_s;
    QTest::addRow("no answer") << 0 << u"GET"_s << u"Connection refused"_s << u"No response arrived"_s;
    QTest::addRow("unreadable") << 200 << u"GET"_s << u"not JSON"_s << u"The response arrived but"_s;
    QTest::addRow("cancelled") << 0 << u"GET"_s << u"cancelled; the partition resumes"_s << u"The run was cancelled."_s;
    QTest::addRow("never sent") << 0 << QString() << u"state.start: bad date"_s << u"Check the spec"_s;
}

void TestPastRunPartitionModel::adviceFitsTheFailure()
{
    QFETCH(int, status);
    QFETCH(QString, method);
    QFETCH(QString, message);
    QFETCH(QString, advice);
    PartitionFailure failure;
    failure.httpStatus = status;
    failure.method = method;
    failure.message = message;
    QVERIFY2(failure.advice().startsWith(advice), qPrintable(failure.advice()));
}

QTEST_GUILESS_MAIN(TestPastRunPartitionModel)
#include "tst_pastrunpartitionmodel.moc"
