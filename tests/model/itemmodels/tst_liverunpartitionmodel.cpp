// LiveRunPartitionModel: the run's partitions from events and committed records, under the model tester.
#include "model/itemmodels/liverunpartitionmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
EngineEvent makeEvent(EngineEvent::Kind kind, const QString &partition, int page = 0, qint64 rows = 0)
{
    EngineEvent e;
    e.kind = kind;
    e.endpoint = u"daily"_s;
    e.partition = partition;
    e.page = page;
    e.rows = rows;
    e.httpStatus = 200;
    return e;
}
} // namespace

class TestLiveRunPartitionModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void partitionsAppearAsTheyStart();
    void committedRecordsGiveRowsAndErrors();
    void oneBatchChangesOnce();
    void clearEmptiesTheTable();

private:
    QString cell(int row, int column) const { return m_model->index(row, column).data().toString(); }

    std::unique_ptr<LiveRunPartitionModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestLiveRunPartitionModel::init()
{
    m_model = std::make_unique<LiveRunPartitionModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestLiveRunPartitionModel::partitionsAppearAsTheyStart()
{
    using Kind = EngineEvent::Kind;
    m_model->applyEvents({makeEvent(Kind::RunStarted, {}), makeEvent(Kind::PartitionStarted, u"2024-01-02"_s),
                          makeEvent(Kind::PartitionStarted, u"2024-01-01"_s)});
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(cell(0, LiveRunPartitionModel::PartitionColumn), u"2024-01-02"_s); // in the order they started
    QCOMPARE(cell(0, LiveRunPartitionModel::EndpointColumn), u"daily"_s);
    QCOMPARE(cell(0, LiveRunPartitionModel::StatusColumn), u"Running"_s);
    QCOMPARE(cell(0, LiveRunPartitionModel::AttemptsColumn), u"1"_s);

    m_model->applyEvents({makeEvent(Kind::PageFetched, u"2024-01-02"_s, 1, 500),
                          makeEvent(Kind::PageFetched, u"2024-01-02"_s, 2, 500),
                          makeEvent(Kind::PartitionSucceeded, u"2024-01-02"_s, 2, 1000)});
    QCOMPARE(cell(0, LiveRunPartitionModel::StatusColumn), u"Succeeded"_s);
    QCOMPARE(cell(0, LiveRunPartitionModel::PagesColumn), u"2"_s);
    QCOMPARE(cell(0, LiveRunPartitionModel::RowsColumn), u"1000"_s);
    QCOMPARE(m_model->countWithStatus(PartitionStatus::Running), 1);
}

void TestLiveRunPartitionModel::committedRecordsGiveRowsAndErrors()
{
    m_model->applyEvents({makeEvent(EngineEvent::Kind::PartitionStarted, u"7"_s)});
    EngineEvent failed = makeEvent(EngineEvent::Kind::PartitionFailed, u"7"_s, 3);
    failed.httpStatus = 500;
    failed.message = u"partition 7 failed at page 3"_s;
    m_model->applyEvents({failed});
    QCOMPARE(cell(0, LiveRunPartitionModel::StatusColumn), u"Failed"_s);
    QCOMPARE(cell(0, LiveRunPartitionModel::HttpStatusColumn), u"500"_s);

    PartitionRecord record;
    record.key = u"7"_s;
    record.status = PartitionStatus::Failed;
    record.attempts = 2;
    record.counts = {2, 1000, 340000};
    record.httpStatus = 500;
    record.lastError = u"HTTP 500 Internal Server Error (after 1 attempts)"_s;
    m_model->applyRecords({{u"daily"_s, record}});
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(cell(0, LiveRunPartitionModel::RowsColumn), u"1000"_s);
    QCOMPARE(cell(0, LiveRunPartitionModel::AttemptsColumn), u"2"_s);
    QCOMPARE(cell(0, LiveRunPartitionModel::ErrorColumn), record.lastError);
    QCOMPARE(m_model->index(0, 0).data(LiveRunPartitionModel::StatusRole).value<PartitionStatus>(),
             PartitionStatus::Failed);

    // A record of another endpoint with the same key is another row.
    m_model->applyRecords({{u"hourly"_s, record}});
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->rowOf(u"hourly"_s, u"7"_s), 1);
}

void TestLiveRunPartitionModel::oneBatchChangesOnce()
{
    using Kind = EngineEvent::Kind;
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QList<EngineEvent> batch;
    for (int i = 1; i <= 50; ++i) {
        batch << makeEvent(Kind::PartitionStarted, QString::number(i))
              << makeEvent(Kind::PageFetched, QString::number(i), 1, 10);
    }
    m_model->applyEvents(batch);
    QCOMPARE(m_model->rowCount(), 50);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(changed.count(), 1);
}

void TestLiveRunPartitionModel::clearEmptiesTheTable()
{
    m_model->applyEvents({makeEvent(EngineEvent::Kind::PartitionStarted, u"1"_s)});
    m_model->clear();
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->rowOf(u"daily"_s, u"1"_s), -1);
    m_model->applyEvents({makeEvent(EngineEvent::Kind::PartitionStarted, u"1"_s)});
    QCOMPARE(m_model->rowOf(u"daily"_s, u"1"_s), 0);
}

QTEST_GUILESS_MAIN(TestLiveRunPartitionModel)
#include "tst_liverunpartitionmodel.moc"
