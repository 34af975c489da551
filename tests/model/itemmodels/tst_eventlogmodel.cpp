// EventLogModel and EventLogFilter: the run log, its capacity, and the level / partition / text filters.
#include "model/itemmodels/eventlogfilter.h"
#include "model/itemmodels/eventlogmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
EngineEvent makeEvent(EngineEvent::Kind kind, const QString &partition, const QString &message = {})
{
    EngineEvent e;
    e.kind = kind;
    e.time = QDateTime(QDate(2024, 1, 5), QTime(10, 0, 1, 250), Qt::UTC);
    e.endpoint = u"daily_events"_s;
    e.partition = partition;
    e.message = message;
    return e;
}

QList<EngineEvent> sampleLog()
{
    using Kind = EngineEvent::Kind;
    EngineEvent page = makeEvent(Kind::PageFetched, u"2024-01-01"_s);
    page.page = 2;
    page.rows = 500;
    page.httpStatus = 200;
    page.durationMs = 12;
    return {makeEvent(Kind::PartitionStarted, u"2024-01-01"_s, u"partition 2024-01-01 started"_s), page,
            makeEvent(Kind::Retry, u"2024-01-02"_s, u"HTTP 429 Too Many Requests; retrying page 1 in 1.0 s"_s),
            makeEvent(Kind::PartitionFailed, u"2024-02-01"_s, u"partition 2024-02-01 failed at page 1"_s),
            makeEvent(Kind::Warning, {}, u"resumed"_s)};
}
} // namespace

class TestEventLogModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void showsEventsAsLines();
    void keepsTheNewestUpToCapacity();
    void filters_data();
    void filters();
    void copiesShownLines();

private:
    std::unique_ptr<EventLogModel> m_model;
    std::unique_ptr<EventLogFilter> m_filter;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_filterTester;
};

void TestEventLogModel::init()
{
    m_model = std::make_unique<EventLogModel>();
    m_filter = std::make_unique<EventLogFilter>();
    m_filter->setSourceModel(m_model.get());
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_filterTester = std::make_unique<QAbstractItemModelTester>(m_filter.get(),
                                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestEventLogModel::showsEventsAsLines()
{
    m_model->append(sampleLog());
    QCOMPARE(m_model->rowCount(), 5);
    QCOMPARE(m_model->index(1, EventLogModel::MessageColumn).data().toString(),
             u"page 2: 500 records, HTTP 200, 12 ms"_s);
    QCOMPARE(m_model->index(2, EventLogModel::LevelColumn).data().toString(), u"Warning"_s);
    QCOMPARE(m_model->index(3, EventLogModel::LevelColumn).data().toString(), u"Error"_s);
    QCOMPARE(m_model->index(3, EventLogModel::PartitionColumn).data().toString(), u"2024-02-01"_s);
    const QString local = sampleLog().constFirst().time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
    QCOMPARE(m_model->index(3, 0).data(EventLogModel::LineRole).toString(),
             local + u"  error  daily_events  2024-02-01  partition 2024-02-01 failed at page 1"_s);
}

void TestEventLogModel::keepsTheNewestUpToCapacity()
{
    m_model->setCapacity(3);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    m_model->append(sampleLog().mid(0, 2));
    m_model->append(sampleLog().mid(2));
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_model->event(0).kind, EngineEvent::Kind::Retry);
    QCOMPARE(m_model->event(2).message, u"resumed"_s);
    m_model->append(sampleLog()); // a batch larger than the capacity keeps its newest
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->event(0).kind, EngineEvent::Kind::Retry);
}

void TestEventLogModel::filters_data()
{
    QTest::addColumn<int>("level");
    QTest::addColumn<QString>("partition");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("partitions"); // of the rows shown
    const QString none;
    QTest::addRow("everything") << int(EventLevel::Info) << none << none
                                << QStringList{u"2024-01-01"_s, u"2024-01-01"_s, u"2024-01-02"_s, u"2024-02-01"_s,
                                               none};
    QTest::addRow("warnings") << int(EventLevel::Warning) << none << none
                              << QStringList{u"2024-01-02"_s, u"2024-02-01"_s, none};
    QTest::addRow("errors") << int(EventLevel::Error) << none << none << QStringList{u"2024-02-01"_s};
    QTest::addRow("partition prefix") << int(EventLevel::Info) << u"2024-01"_s << none
                                      << QStringList{u"2024-01-01"_s, u"2024-01-01"_s, u"2024-01-02"_s};
    QTest::addRow("partition exact") << int(EventLevel::Info) << u"2024-01-02"_s << none
                                     << QStringList{u"2024-01-02"_s};
    QTest::addRow("text, any case") << int(EventLevel::Info) << none << u"TOO MANY"_s << QStringList{u"2024-01-02"_s};
    QTest::addRow("text in the page line")
        << int(EventLevel::Info) << none << u"500 records"_s << QStringList{u"2024-01-01"_s};
    QTest::addRow("all three") << int(EventLevel::Warning) << u"2024"_s << u"failed"_s << QStringList{u"2024-02-01"_s};
    QTest::addRow("nothing matches") << int(EventLevel::Info) << none << u"timeout"_s << QStringList{};
}

void TestEventLogModel::filters()
{
    QFETCH(int, level);
    QFETCH(QString, partition);
    QFETCH(QString, text);
    QFETCH(QStringList, partitions);
    m_model->append(sampleLog());
    m_filter->setMinimumLevel(EventLevel(level));
    m_filter->setPartition(partition);
    m_filter->setText(text);
    QStringList shown;
    for (int row = 0; row < m_filter->rowCount(); ++row)
        shown << m_filter->index(row, EventLogModel::PartitionColumn).data().toString();
    QCOMPARE(shown, partitions);
}

void TestEventLogModel::copiesShownLines()
{
    m_model->append(sampleLog());
    m_filter->setMinimumLevel(EventLevel::Warning);
    const QStringList all = m_filter->linesText().split(u'\n');
    QCOMPARE(all.size(), 3);
    QVERIFY(all.at(0).endsWith(u"daily_events  2024-01-02  HTTP 429 Too Many Requests; retrying page 1 in 1.0 s"_s));
    QVERIFY(all.at(2).endsWith(u"warning  daily_events  resumed"_s));
    QCOMPARE(m_filter->linesText({1}), all.at(1));
}

QTEST_GUILESS_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
