// The run panel driving real runs against backfill-demo-api on 127.0.0.1: a partition failed
// by an injected fault shows failed with its error and succeeds after Retry Failed; Pause
// stops new requests (the server's /_stats counts them); the chart and the log fill; the main
// window's Run action runs the selected endpoint.
#include "tests/support/demoapiprocess.h"
#include "tests/support/examplespecs.h"

#include "model/itemmodels/eventlogfilter.h"
#include "model/itemmodels/liverunpartitionmodel.h"
#include "model/spec/specloader.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "network/planning/endpointprogram.h"
#include "views/editor/connectiontreemodel.h"
#include "views/mainwindow/mainwindow.h"
#include "views/run/logview.h"
#include "views/run/runchart.h"
#include "views/run/runcontroller.h"
#include "views/run/runpanel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestRunPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void failedPartitionSucceedsAfterRetryFailed();
    void orderDecidesWhichPartitionStartsFirst();
    void pauseStopsNewRequests();
    void cancelKeepsWhatWasFetchedAndRetryContinues();
    void runActionRunsTheSelectedEndpoint();

private:
    ApiSpec loadSpec(const QString &file);
    ApiSpec faultingBulkSpec(const QString &fault);
    QList<PartitionPlan> plans(const ApiSpec &spec, const QString &endpoint, const QJsonObject &context);
    qint64 count(const QString &sql);
    template <typename T> T *child(const QString &name) const { return m_panel->findChild<T *>(name); }
    QString cell(const QString &key, int column) const;

    DemoApiProcess m_api;
    QTemporaryDir m_dir;
    QString m_workspace;
    QNetworkAccessManager m_network;
    std::unique_ptr<Workspace> m_reader;
    std::unique_ptr<PartitionLedger> m_ledger;
    std::unique_ptr<RunController> m_controller;
    std::unique_ptr<RunPanel> m_panel;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestRunPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_api.start(), qPrintable(m_api.errorString()));
}

void TestRunPanel::init()
{
    static int n = 0;
    m_workspace = m_dir.filePath(u"workspace-%1.sqlite"_s.arg(++n));
    QVERIFY(m_api.resetStats());
    m_reader = std::make_unique<Workspace>();
    QVERIFY(m_reader->open(m_workspace));
    m_ledger = std::make_unique<PartitionLedger>(*m_reader);
    m_controller = std::make_unique<RunController>(&m_network);
    m_controller->setWorkspace(m_workspace, m_ledger.get());
    m_panel = std::make_unique<RunPanel>(m_controller.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_panel->partitionModel(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_panel->resize(1000, 700);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
}

void TestRunPanel::cleanup()
{
    m_tester.reset();
    m_panel.reset();
    m_controller.reset();
    m_ledger.reset();
    m_reader.reset();
}

ApiSpec TestRunPanel::loadSpec(const QString &file)
{
    return exampleSpec(file, m_api.url().toString());
}

// The bulk benchmark spec, failing a partition at once (one attempt) when `fault` gives "500".
ApiSpec TestRunPanel::faultingBulkSpec(const QString &fault)
{
    ApiSpec spec = loadSpec(u"demo_bulk_benchmark.yaml"_s);
    Endpoint &endpoint = spec.endpoints.first();
    Rule rule;
    rule.condition = u"response.status >= 500"_s;
    rule.action = u"fail"_s;
    endpoint.response.rules.prepend.prepend(rule);
    setValue(endpoint.request.parameters, u"fault"_s, fault);
    return spec;
}

QList<PartitionPlan> TestRunPanel::plans(const ApiSpec &spec, const QString &endpoint, const QJsonObject &context)
{
    QString error;
    const auto program = EndpointProgram::compile(spec, endpoint, &error);
    if (!program)
        return {};
    const auto planned = planPartitions(*program, context, {}, &error);
    return planned ? planned->partitions : QList<PartitionPlan>();
}

qint64 TestRunPanel::count(const QString &sql)
{
    QSqlQuery query(m_reader->database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

QString TestRunPanel::cell(const QString &key, int column) const
{
    const auto *table = child<QTableView>(u"runPartitions"_s);
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, column);
        if (index.data(LiveRunPartitionModel::KeyRole).toString() == key)
            return index.data().toString();
    }
    return u"(not shown)"_s;
}

void TestRunPanel::failedPartitionSucceedsAfterRetryFailed()
{
    // Partition 3's first page answers 500 once; the same request later succeeds.
    ApiSpec spec = faultingBulkSpec(u"{if(to_int(state.partition) == 3 && state.page == 1, \"500\", \"\")}"_s);
    setValue(spec.endpoints.first().request.parameters, u"fault_times"_s, u"1"_s);
    const QJsonObject context{{u"range_start"_s, u"1"_s}, {u"range_end"_s, u"4"_s}};
    const QList<PartitionPlan> partitions = plans(spec, u"records"_s, context);
    QCOMPARE(partitions.size(), 4);
    const QString failing = partitions.at(2).key;

    QSignalSpy finished(m_controller.get(), &RunController::finished);
    QString error;
    QVERIFY2(m_controller->start(spec, u"records"_s, partitions, &error, context), qPrintable(error));
    QVERIFY(finished.wait(60000));

    auto *retry = child<QPushButton>(u"retryFailedButton"_s);
    QCOMPARE(cell(failing, LiveRunPartitionModel::StatusColumn), u"Failed"_s);
    QVERIFY2(cell(failing, LiveRunPartitionModel::ErrorColumn).contains(u"HTTP 500"_s),
             qPrintable(cell(failing, LiveRunPartitionModel::ErrorColumn)));
    QCOMPARE(cell(failing, LiveRunPartitionModel::HttpStatusColumn), u"500"_s);
    QCOMPARE(cell(partitions.at(0).key, LiveRunPartitionModel::StatusColumn), u"Succeeded"_s);
    QCOMPARE(cell(partitions.at(0).key, LiveRunPartitionModel::RowsColumn), u"2500"_s);
    QCOMPARE(child<QProgressBar>(u"runProgress"_s)->value(), 4);
    const QString summary = child<QLabel>(u"runSummary"_s)->text();
    QVERIFY2(summary.contains(u"3 succeeded, 0 empty, 1 failed"_s), qPrintable(summary));
    QVERIFY(retry->isEnabled());
    QCOMPARE(count(u"SELECT count(*) FROM records"_s), 7500);

    // The chart got a point per second, and the log shows the failure among the errors.
    QVERIFY(child<RunChart>(u"runChart"_s)->pointCount() > 0);
    auto *level = child<QComboBox>(u"logLevel"_s);
    level->setCurrentIndex(level->findText(u"Errors"_s));
    auto *log = child<QTableView>(u"logTable"_s);
    QCOMPARE(log->model()->rowCount(), 1);
    QCOMPARE(log->model()->index(0, 3).data().toString(), failing);

    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.count(), 2);
    QCOMPARE(finished.last().at(0).value<RunSummary>().counts.partitions, 1); // only the failed one ran
    QVERIFY2(cell(failing, LiveRunPartitionModel::StatusColumn) == u"Succeeded"_s,
             qPrintable(cell(failing, LiveRunPartitionModel::ErrorColumn)));
    QCOMPARE(cell(failing, LiveRunPartitionModel::ErrorColumn), QString());
    QCOMPARE(child<QTableView>(u"runPartitions"_s)->model()->rowCount(), 1);
    QVERIFY(!retry->isEnabled());
    QCOMPARE(count(u"SELECT count(*) FROM records"_s), 10000);
    const qint64 id = m_ledger->endpointId(spec.name, u"records"_s);
    QCOMPARE(m_ledger->partition(id, failing)->status, PartitionStatus::Succeeded);
    QCOMPARE(m_ledger->partition(id, failing)->attempts, 2);
}

void TestRunPanel::orderDecidesWhichPartitionStartsFirst()
{
    ApiSpec spec = faultingBulkSpec(u"{if(to_int(state.partition) == 3, \"500\", \"\")}"_s);
    setValue(spec.endpoints.first().request.parameters, u"size"_s, u"2500"_s); // one page per partition
    const QJsonObject context{{u"range_start"_s, u"1"_s}, {u"range_end"_s, u"4"_s}};
    const QList<PartitionPlan> partitions = plans(spec, u"records"_s, context);
    QCOMPARE(partitions.size(), 4);
    EngineOptions options;
    options.concurrency = 1; // one at a time: the start order is the run order
    m_controller->setOptions(options);
    QStringList startOrder;
    connect(m_controller.get(), &RunController::event, this, [&startOrder](const EngineEvent &event) {
        if (event.kind == EngineEvent::Kind::PartitionStarted)
            startOrder << event.partition;
    });
    QSignalSpy finished(m_controller.get(), &RunController::finished);
    const auto runAll = [&](const QString &order) {
        auto *combo = child<QComboBox>(u"runOrder"_s);
        combo->setCurrentIndex(combo->findText(order));
        startOrder.clear();
        QString error;
        QVERIFY2(m_controller->start(spec, u"records"_s, partitions, &error, context), qPrintable(error));
        QVERIFY(finished.wait(60000));
    };
    const QString k1 = partitions.at(0).key, k2 = partitions.at(1).key, k3 = partitions.at(2).key,
                  k4 = partitions.at(3).key;

    runAll(u"Oldest first"_s);
    QCOMPARE(startOrder, (QStringList{k1, k2, k3, k4}));
    runAll(u"Failed first"_s); // the third partition failed: it goes first, the done ones after
    QCOMPARE(startOrder, (QStringList{k3, k1, k2, k4}));
    runAll(u"Newest first"_s);
    QCOMPARE(startOrder, (QStringList{k4, k3, k2, k1}));
}

void TestRunPanel::pauseStopsNewRequests()
{
    ApiSpec spec = loadSpec(u"demo_pagination_page.yaml"_s);
    setValue(spec.endpoints.first().request.parameters, u"latency_ms"_s, u"50"_s);
    setValue(spec.endpoints.first().request.parameters, u"per_page"_s, u"5"_s); // 48 pages
    QSignalSpy finished(m_controller.get(), &RunController::finished);
    QString error;
    QVERIFY2(m_controller->start(spec, u"items"_s, {{u"all"_s, {}}}, &error), qPrintable(error));
    auto *pause = child<QPushButton>(u"pauseButton"_s);
    auto *resume = child<QPushButton>(u"resumeButton"_s);
    QTRY_VERIFY(m_api.stats().value(u"requests_total"_s).toInt() >= 3);
    QVERIFY(pause->isEnabled());
    QVERIFY(!resume->isEnabled());
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(!pause->isEnabled());
    QVERIFY(resume->isEnabled());
    QTest::qWait(200); // the request in flight finishes
    const int before = m_api.stats().value(u"requests_total"_s).toInt();
    QVERIFY(before < 48);
    QTest::qWait(500);
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), before);
    QTRY_COMPARE(child<QLabel>(u"runEta"_s)->text(), u"paused"_s);
    QTest::mouseClick(resume, Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), 48);
    QCOMPARE(cell(u"all"_s, LiveRunPartitionModel::PagesColumn), u"48"_s);
    QCOMPARE(cell(u"all"_s, LiveRunPartitionModel::RowsColumn), u"237"_s);
    QVERIFY(!pause->isEnabled());
    QVERIFY(!resume->isEnabled());
}

void TestRunPanel::cancelKeepsWhatWasFetchedAndRetryContinues()
{
    ApiSpec spec = loadSpec(u"demo_pagination_page.yaml"_s);
    setValue(spec.endpoints.first().request.parameters, u"latency_ms"_s, u"50"_s);
    setValue(spec.endpoints.first().request.parameters, u"per_page"_s, u"5"_s); // 48 pages
    QSignalSpy finished(m_controller.get(), &RunController::finished);
    QString error;
    QVERIFY2(m_controller->start(spec, u"items"_s, {{u"all"_s, {}}}, &error), qPrintable(error));
    // Pages may be fetched ahead of their turn: wait for two committed ones, not two requests.
    QTRY_VERIFY_WITH_TIMEOUT(count(u"SELECT count(*) FROM items"_s) >= 10, 30000);
    QTest::mouseClick(child<QPushButton>(u"cancelButton"_s), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(0).value<RunSummary>().outcome, RunOutcome::Cancelled);
    const QString summary = child<QLabel>(u"runSummary"_s)->text();
    QVERIFY2(summary.contains(u"cancelled"_s), qPrintable(summary));
    QVERIFY(!child<QPushButton>(u"cancelButton"_s)->isEnabled());
    // The pages fetched before the cancel are committed, and the partition resumes from there.
    const qint64 rows = count(u"SELECT count(*) FROM items"_s);
    QVERIFY(rows >= 10 && rows < 237);
    const qint64 id = m_ledger->endpointId(spec.name, u"items"_s);
    QVERIFY(m_ledger->partition(id, u"all"_s)->hasCheckpoint);
    const int requests = m_api.stats().value(u"requests_total"_s).toInt();
    QVERIFY(requests < 48);
    QCOMPARE(cell(u"all"_s, LiveRunPartitionModel::StatusColumn), u"Failed"_s);
    QVERIFY2(cell(u"all"_s, LiveRunPartitionModel::ErrorColumn).startsWith(u"cancelled"_s),
             qPrintable(cell(u"all"_s, LiveRunPartitionModel::ErrorColumn)));

    // Retry Failed continues the cancelled partition where it stopped.
    auto *retry = child<QPushButton>(u"retryFailedButton"_s);
    QVERIFY(retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(cell(u"all"_s, LiveRunPartitionModel::StatusColumn), u"Succeeded"_s);
    QCOMPARE(count(u"SELECT count(*) FROM items"_s), 237);
    QCOMPARE(count(u"SELECT count(DISTINCT id) FROM items"_s), 237);
    QVERIFY(m_api.stats().value(u"requests_total"_s).toInt() < requests + 48);
}

void TestRunPanel::runActionRunsTheSelectedEndpoint()
{
    m_tester.reset();
    m_panel.reset();
    MainWindow window;
    QVERIFY(window.openWorkspace(m_dir.filePath(u"window.sqlite"_s)));
    window.addConnection(loadSpec(u"demo_pagination_page.yaml"_s));
    auto *tree = window.findChild<QTreeView *>(u"connectionTree"_s);
    tree->setCurrentIndex(window.connectionModel()->index(0, 0, window.connectionModel()->index(0, 0)));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy finished(window.runController(), &RunController::finished);
    QTest::keyClick(&window, Qt::Key_F5);
    auto *tabs = window.findChild<QTabWidget *>(u"editorTabs"_s);
    QCOMPARE(tabs->currentWidget()->objectName(), u"runPanel"_s);
    QVERIFY(finished.wait(60000));
    const auto summary = finished.at(0).at(0).value<RunSummary>();
    QCOMPARE(summary.counts.partitions, 1);
    QCOMPARE(summary.counts.rows, 237);
    auto *table = window.findChild<QTableView *>(u"runPartitions"_s);
    QCOMPARE(table->model()->index(0, LiveRunPartitionModel::StatusColumn).data().toString(), u"Succeeded"_s);
}

QTEST_MAIN(TestRunPanel)
#include "tst_runpanel.moc"
