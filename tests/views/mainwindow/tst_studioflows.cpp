// The main window's panels working together against backfill-demo-api on 127.0.0.1, driven as a
// user does: Launch on the calendar runs the typed days and the calendar, history and data
// follow; a day failed by an injected fault shows its error and succeeds after Re-run; "Test
// this partition" opens the test dock on that day; the history's Retry Failed runs exactly the
// failed partitions again.
#include "tests/support/demoapiprocess.h"
#include "tests/support/examplespecs.h"

#include "model/itemmodels/partitioncalendarmodel.h"
#include "model/itemmodels/runtablemodel.h"
#include "model/itemmodels/tablebrowsermodel.h"
#include "views/calendar/calendarpanel.h"
#include "views/calendar/calendarview.h"
#include "views/data/databrowser.h"
#include "views/document/specdocument.h"
#include "views/editor/connectiontreemodel.h"
#include "views/history/runhistorypanel.h"
#include "views/mainwindow/mainwindow.h"
#include "views/run/runcontroller.h"
#include "views/run/runpanel.h"
#include "views/secrets/secretstore.h"
#include "views/test/testpanel.h"

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Backfill;

namespace {

constexpr int TimeoutMs = 30000;
const QString EndpointName = u"daily_events"_s;
const QString FailingDay = u"2024-01-03"_s;

QStringList days(int from, int to) // January 2024
{
    QStringList keys;
    for (int day = from; day <= to; ++day)
        keys << u"2024-01-%1"_s.arg(day, 2, 10, QLatin1Char('0'));
    return keys;
}

} // namespace

class TestStudioFlows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void launchFromTheCalendarFillsEveryPanel();
    void launchSeesTheRangeAsARunOfItDoes();
    void failedDaySucceedsAfterRerun();
    void testThisPartitionOpensTheTestDock();
    void historyRetryRunsOnlyTheFailedPartitions();

private:
    template <typename T> T *find(const QString &name, QObject *parent = nullptr) const
    {
        auto *widget = (parent ? parent : m_window.get())->findChild<T *>(name);
        if (!widget)
            qFatal("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return widget;
    }
    // The demo analytics spec pointed at the test's server, with `fault` as its fault parameter
    // and 5xx answers failing a partition at once (when `fault` is not empty).
    ApiSpec analyticsSpec(const QString &fault = {}) const;
    void editSpec(const ApiSpec &spec);
    void openCalendar();
    void typeRange(const QString &text);
    void clickDay(const QString &key);
    void launchAndWait(RunSummary *summary = nullptr);
    PartitionStatus calendarStatus(const QString &key) const;
    QString legend(const QString &status) const;
    // The History tab's runs, newest first, as "range: ok/failed".
    QStringList historyRuns() const;

    DemoApiProcess m_api;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<SecretStore> m_secrets;
    SpecDocument *m_document = nullptr;
    CalendarPanel *m_calendar = nullptr;
    QTabWidget *m_tabs = nullptr;
};

void TestStudioFlows::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    QVERIFY2(m_api.start(), qPrintable(m_api.errorString()));
}

void TestStudioFlows::init()
{
    static int n = 0;
    QSettings().clear();
    QVERIFY(m_api.resetStats());
    m_window = std::make_unique<MainWindow>();
    m_window->setUnsavedPrompt([](QWidget *) { return QMessageBox::Discard; });
    // Never the user's keychain: the key is a value of this session only.
    m_secrets = std::make_unique<SecretStore>(SecretStore::Backend::None);
    m_secrets->probe();
    m_secrets->setValue(u"api_key"_s, u"demo-token"_s);
    m_window->setSecretStore(m_secrets.get());
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"flows-%1.sqlite"_s.arg(++n))));
    m_document = m_window->addConnection(analyticsSpec());
    m_tabs = find<QTabWidget>(u"editorTabs"_s);
    m_calendar = find<CalendarPanel>(u"calendarPanel"_s);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    // The user selects the endpoint in the tree.
    auto *tree = find<QTreeView>(u"connectionTree"_s);
    const QModelIndex endpoint = m_window->connectionModel()->endpointIndex(m_document, 0);
    QCOMPARE(endpoint.data().toString(), EndpointName);
    tree->setCurrentIndex(endpoint);
}

void TestStudioFlows::cleanup()
{
    m_calendar = nullptr;
    m_tabs = nullptr;
    m_document = nullptr;
    m_window.reset();
    m_secrets.reset();
}

ApiSpec TestStudioFlows::analyticsSpec(const QString &fault) const
{
    ApiSpec spec = exampleSpec(u"demo_analytics_api.yaml"_s, m_api.url().toString());
    if (!fault.isEmpty()) {
        Backfill::Endpoint &endpoint = spec.endpoints.first();
        Rule rule;
        rule.condition = u"response.status >= 500"_s;
        rule.action = u"fail"_s;
        endpoint.response.rules.prepend.prepend(rule);
        setValue(endpoint.request.parameters, u"fault"_s, fault);
    }
    return spec;
}

void TestStudioFlows::editSpec(const ApiSpec &spec)
{
    m_document->edit(spec, u"test edit"_s);
}

void TestStudioFlows::openCalendar()
{
    m_tabs->setCurrentWidget(m_calendar);
    QCOMPARE(m_calendar->endpointName(), EndpointName);
}

void TestStudioFlows::typeRange(const QString &text)
{
    auto *edit = find<QLineEdit>(u"rangeEdit"_s, m_calendar);
    edit->clear();
    QTest::keyClicks(edit, text);
}

void TestStudioFlows::clickDay(const QString &key)
{
    const QDate day = QDate::fromString(key, Qt::ISODate);
    // A typed range does not move the calendar: page to the day's month as a user does.
    const QString month = QLocale().toString(day, u"MMMM yyyy"_s);
    auto *period = find<QLabel>(u"periodLabel"_s, m_calendar);
    for (int step = 0; step < 1200 && period->text() != month; ++step) {
        const QDate shown = m_calendar->view()->month();
        QTest::mouseClick(find<QPushButton>(shown > day ? u"previousButton"_s : u"nextButton"_s, m_calendar),
                          Qt::LeftButton);
    }
    QCOMPARE(period->text(), month);
    const QRect rect = m_calendar->view()->dayRect(day);
    QVERIFY2(rect.isValid(), qPrintable(key));
    QTest::mouseClick(m_calendar->view(), Qt::LeftButton, {}, rect.center());
    QTRY_VERIFY(find<QLabel>(u"detailsTitle"_s, m_calendar)->text().startsWith(key));
}

// Presses Launch and waits for the run; on failure the test has failed (check currentTestFailed()).
void TestStudioFlows::launchAndWait(RunSummary *summary)
{
    QSignalSpy finished(m_window->runController(), &RunController::finished);
    auto *launch = find<QPushButton>(u"launchButton"_s, m_calendar);
    QTRY_VERIFY_WITH_TIMEOUT(launch->isEnabled(), TimeoutMs);
    QTest::mouseClick(launch, Qt::LeftButton);
    QCOMPARE(m_tabs->currentWidget()->objectName(), u"runPanel"_s);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, TimeoutMs);
    if (summary)
        *summary = finished.at(0).at(0).value<RunSummary>();
}

PartitionStatus TestStudioFlows::calendarStatus(const QString &key) const
{
    const PartitionCalendarModel *model = m_calendar->model();
    const int row = model->rowForDate(QDate::fromString(key, Qt::ISODate));
    if (row < 0)
        return PartitionStatus::Missing;
    return model->index(row, 0).data(PartitionCalendarModel::StatusRole).value<PartitionStatus>();
}

QString TestStudioFlows::legend(const QString &status) const
{
    return find<QLabel>(u"legend_"_s + status, m_calendar)->text();
}

QStringList TestStudioFlows::historyRuns() const
{
    const QAbstractItemModel *runs = find<QTableView>(u"runsView"_s, find<RunHistoryPanel>(u"historyPanel"_s))->model();
    QStringList rows;
    for (int row = 0; row < runs->rowCount(); ++row) {
        rows << runs->index(row, RunTableModel::RangeColumn).data().toString() + u": "_s +
                    runs->index(row, RunTableModel::PartitionsOkColumn).data().toString() + u'/' +
                    runs->index(row, RunTableModel::PartitionsFailedColumn).data().toString();
    }
    return rows;
}

void TestStudioFlows::launchFromTheCalendarFillsEveryPanel()
{
    openCalendar();
    QCOMPARE(legend(u"succeeded"_s), u"Succeeded 0"_s);
    typeRange(u"[2024-01-01...2024-01-05]"_s);
    QCOMPARE(m_calendar->selectedKeys(), days(1, 5));
    RunSummary summary;
    launchAndWait(&summary);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(summary.counts.partitions, 5);
    QVERIFY(summary.counts.rows > 0);

    for (const QString &key : days(1, 5))
        QTRY_COMPARE(calendarStatus(key), PartitionStatus::Succeeded);
    QCOMPARE(calendarStatus(u"2024-01-06"_s), PartitionStatus::Missing);
    QCOMPARE(legend(u"succeeded"_s), u"Succeeded 5"_s);
    QCOMPARE(legend(u"failed"_s), u"Failed 0"_s);
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), 5);

    // The history lists the run with its five partitions.
    m_tabs->setCurrentWidget(find<RunHistoryPanel>(u"historyPanel"_s));
    auto *history = find<RunHistoryPanel>(u"historyPanel"_s);
    QTRY_COMPARE(historyRuns(), QStringList{u"[2024-01-01...2024-01-05]: 5/0"_s});
    QCOMPARE(find<QTableView>(u"partitionsView"_s, history)->model()->rowCount(), 5);
    QVERIFY(!find<QPushButton>(u"retryFailedButton"_s, history)->isEnabled());

    // The data tab lists the table with the rows of the five days.
    auto *data = find<DataBrowser>(u"dataBrowser"_s);
    m_tabs->setCurrentWidget(data);
    const QAbstractItemModel *tables = find<QListView>(u"tableList"_s, data)->model();
    QStringList names;
    for (int row = 0; row < tables->rowCount(); ++row)
        names << tables->index(row, 0).data().toString();
    QVERIFY2(names.contains(EndpointName), qPrintable(names.join(u", "_s)));
    QVERIFY(data->showTable(EndpointName));
    QCOMPARE(data->model()->totalRows(), summary.counts.rows);
    QVERIFY2(find<QLabel>(u"rowCountLabel"_s, data)->text().contains(QString::number(data->model()->totalRows())),
             qPrintable(find<QLabel>(u"rowCountLabel"_s, data)->text()));
}

void TestStudioFlows::launchSeesTheRangeAsARunOfItDoes()
{
    // Requests read context.range_start/range_end as in `backfill run --range`: days outside
    // the context's range would fail.
    editSpec(
        analyticsSpec(u"{if(state.date >= context.range_start && state.date <= context.range_end, \"\", \"500\")}"_s));
    openCalendar();
    typeRange(u"[2024-01-02...2024-01-04]"_s);
    launchAndWait();
    if (QTest::currentTestFailed())
        return;
    for (const QString &key : days(2, 4))
        QTRY_COMPARE(calendarStatus(key), PartitionStatus::Succeeded);
    QCOMPARE(legend(u"failed"_s), u"Failed 0"_s);
}

void TestStudioFlows::failedDaySucceedsAfterRerun()
{
    editSpec(analyticsSpec(u"{if(state.date == \"%1\", \"500\", \"\")}"_s.arg(FailingDay)));
    openCalendar();
    typeRange(u"[2024-01-01...2024-01-05]"_s);
    launchAndWait();
    if (QTest::currentTestFailed())
        return;

    m_tabs->setCurrentWidget(m_calendar);
    QTRY_COMPARE(calendarStatus(FailingDay), PartitionStatus::Failed);
    QCOMPARE(calendarStatus(u"2024-01-02"_s), PartitionStatus::Succeeded);
    QCOMPARE(legend(u"failed"_s), u"Failed 1"_s);
    QCOMPARE(legend(u"succeeded"_s), u"Succeeded 4"_s);
    clickDay(FailingDay);
    QCOMPARE(find<QLabel>(u"detailsTitle"_s, m_calendar)->text(), FailingDay + u": Failed"_s);
    const QString details = find<QLabel>(u"detailsSummary"_s, m_calendar)->text();
    QVERIFY2(details.contains(u"HTTP 500"_s), qPrintable(details));

    // The fault removed, Re-run runs that day again and it turns succeeded.
    editSpec(analyticsSpec());
    QVERIFY(m_api.resetStats());
    QSignalSpy finished(m_window->runController(), &RunController::finished);
    auto *rerun = find<QPushButton>(u"rerunButton"_s, m_calendar);
    QVERIFY(rerun->isEnabled());
    QTest::mouseClick(rerun, Qt::LeftButton);
    QCOMPARE(m_tabs->currentWidget()->objectName(), u"runPanel"_s);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, TimeoutMs);
    QCOMPARE(finished.at(0).at(0).value<RunSummary>().counts.partitions, 1);
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), 1);
    m_tabs->setCurrentWidget(m_calendar);
    QTRY_COMPARE(calendarStatus(FailingDay), PartitionStatus::Succeeded);
    QCOMPARE(legend(u"failed"_s), u"Failed 0"_s);
    QCOMPARE(legend(u"succeeded"_s), u"Succeeded 5"_s);
    // The history lists the re-run of that day over the launch.
    QTRY_COMPARE(historyRuns(), (QStringList{FailingDay + u": 1/0"_s, u"[2024-01-01...2024-01-05]: 4/1"_s}));
}

void TestStudioFlows::testThisPartitionOpensTheTestDock()
{
    auto *dock = find<QDockWidget>(u"testDock"_s);
    QVERIFY(!dock->isVisible());
    openCalendar();
    typeRange(u"2024-01-04"_s);
    clickDay(u"2024-01-04"_s);
    auto *test = find<QPushButton>(u"testPartitionButton"_s, m_calendar);
    QVERIFY(test->isEnabled());
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(dock->isVisible());
    TestPanel *panel = m_window->testPanel();
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning(), TimeoutMs);
    const PreviewResult &result = panel->result();
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.partition, u"2024-01-04"_s);
    QVERIFY(!result.records.isEmpty());
    QCOMPARE(find<QTableView>(u"testRecords"_s)->model()->rowCount(), result.records.size());
    const QString shownEndpoint = find<QLabel>(u"testEndpoint"_s)->text();
    QVERIFY2(shownEndpoint.contains(EndpointName), qPrintable(shownEndpoint));
    QCOMPARE(find<QComboBox>(u"testPartitionKey"_s)->currentText(), u"2024-01-04"_s);
    // A test writes nothing: the day stays missing.
    QCOMPARE(calendarStatus(u"2024-01-04"_s), PartitionStatus::Missing);
}

void TestStudioFlows::historyRetryRunsOnlyTheFailedPartitions()
{
    // Two of five days fail.
    editSpec(analyticsSpec(u"{if(state.date == \"2024-01-02\" || state.date == \"2024-01-04\", \"500\", \"\")}"_s));
    openCalendar();
    typeRange(u"[2024-01-01...2024-01-05]"_s);
    launchAndWait();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), 5);

    auto *history = find<RunHistoryPanel>(u"historyPanel"_s);
    m_tabs->setCurrentWidget(history);
    auto *retry = find<QPushButton>(u"retryFailedButton"_s, history);
    QTRY_VERIFY(retry->isEnabled());
    const QString summary = find<QLabel>(u"runSummary"_s, history)->text();
    QVERIFY2(summary.contains(u"2 failed"_s), qPrintable(summary));

    editSpec(analyticsSpec());
    QVERIFY(m_api.resetStats());
    QSignalSpy finished(m_window->runController(), &RunController::finished);
    QSignalSpy changed(m_window->runController(), &RunController::partitionChanged);
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(m_tabs->currentWidget()->objectName(), u"runPanel"_s);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, TimeoutMs);
    QCOMPARE(finished.at(0).at(0).value<RunSummary>().counts.partitions, 2);
    QCOMPARE(m_api.stats().value(u"requests_total"_s).toInt(), 2);
    QSet<QString> ran;
    for (const QVariantList &signal : changed)
        ran.insert(signal.at(1).value<PartitionRecord>().key);
    QCOMPARE(ran, (QSet<QString>{u"2024-01-02"_s, u"2024-01-04"_s}));

    m_tabs->setCurrentWidget(m_calendar);
    for (const QString &key : days(1, 5))
        QTRY_COMPARE(calendarStatus(key), PartitionStatus::Succeeded);
    m_tabs->setCurrentWidget(history);
    QTRY_COMPARE(historyRuns(), (QStringList{u"[2024-01-02...2024-01-02], [2024-01-04...2024-01-04]: 2/0"_s,
                                             u"[2024-01-01...2024-01-05]: 3/2"_s}));
}

QTEST_MAIN(TestStudioFlows)
#include "tst_studioflows.moc"
