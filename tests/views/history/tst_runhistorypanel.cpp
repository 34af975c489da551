// The History tab as a user reads it: the runs of a workspace, the partitions and log of one run,
// and the detail of a failed partition with the request that failed (secrets masked), the
// response and what to do next. The runs and their logs are recorded the way the engine does.
#include "model/core/secrets.h"
#include "model/itemmodels/pastrunpartitionmodel.h"
#include "model/itemmodels/runeventmodel.h"
#include "model/itemmodels/runtablemodel.h"
#include "model/runs/engineevent.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "views/history/runhistorypanel.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
const QString Secret = u"s3cr3t-token-42"_s;
const QString Spec = u"Analytics API"_s;
const QString Endpoint = u"daily_events"_s;
} // namespace

class TestRunHistoryPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void explainsWhatIsMissing();
    void listsRunsNewestFirst();
    void opensOnTheFailedPartition();
    void clickingAPartitionShowsIt();
    void failedOnlyHidesTheRest();
    void retryAsksForTheFailedPartitions();
    void logTabHoldsTheRunsEvents();
    void olderRunShowsItsOwnPartitions();
    void refreshAddsNewRunsAndKeepsTheChosenOne();
    void aPartitionPulledAgainShowsWhatChanged();

private:
    template <typename T> T *find(const QString &name) const
    {
        auto *widget = m_panel->findChild<T *>(name);
        if (!widget)
            qFatal("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return widget;
    }
    QString detail() const { return find<QTextBrowser>(u"partitionDetail"_s)->toPlainText(); }
    void clickRow(const QString &view, int row) const;
    // What BackfillEngine::emitEvent() keeps of an event: masked, its JSON as data.
    void record(qint64 runId, EngineEvent event);
    EngineEvent event(EngineEvent::Kind kind, const QString &partition, const QString &message) const;

    QTemporaryDir m_dir;
    Secrets m_secrets;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<PartitionLedger> m_ledger;
    std::unique_ptr<RunHistoryPanel> m_panel;
    qint64 m_oldRun = -1;
    qint64 m_failedRun = -1;
};

EngineEvent TestRunHistoryPanel::event(EngineEvent::Kind kind, const QString &partition, const QString &message) const
{
    EngineEvent event;
    event.kind = kind;
    event.time = QDateTime(QDate(2024, 6, 1), QTime(10, 0), Qt::UTC);
    event.endpoint = Endpoint;
    event.partition = partition;
    event.message = message;
    return event;
}

void TestRunHistoryPanel::record(qint64 runId, EngineEvent event)
{
    event.url = m_secrets.mask(event.url);
    event.message = m_secrets.mask(event.message);
    event.requestHeaders = m_secrets.mask(event.requestHeaders);
    event.response = m_secrets.mask(event.response);
    QVERIFY2(m_ledger->appendEvent(runId, event.level(), event.partition, event.message, event.toJson()),
             qPrintable(m_ledger->lastError()));
}

void TestRunHistoryPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_secrets.insert(u"api_key"_s, Secret);
    m_workspace = std::make_unique<Workspace>();
    QVERIFY(m_workspace->open(m_dir.filePath(u"history.sqlite"_s)));
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace);
    const qint64 endpointId = m_ledger->ensureEndpoint(Spec, Endpoint);

    // An older run that went well.
    m_oldRun = m_ledger->startRun({u"headless"_s, Spec, {Endpoint}, u"2023-12-31"_s, {}});
    record(m_oldRun, event(EngineEvent::Kind::PartitionStarted, u"2023-12-31"_s, u"partition 2023-12-31 started"_s));
    EngineEvent done =
        event(EngineEvent::Kind::PartitionSucceeded, u"2023-12-31"_s, u"partition 2023-12-31: 40 rows in 1 pages"_s);
    done.rows = 40;
    done.page = 1;
    record(m_oldRun, done);
    QVERIFY(m_ledger->finishRun(m_oldRun, {1, 1, 0, 0, 40, 4000}, RunOutcome::Succeeded));

    // The newest run: one day loaded, one empty, one refused with a bad key.
    m_failedRun = m_ledger->startRun({u"gui"_s, Spec, {Endpoint}, u"[2024-01-01...2024-01-03]"_s, {}});
    for (const QString &day : {u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-03"_s})
        record(m_failedRun, event(EngineEvent::Kind::PartitionStarted, day, u"partition %1 started"_s.arg(day)));
    done =
        event(EngineEvent::Kind::PartitionSucceeded, u"2024-01-01"_s, u"partition 2024-01-01: 120 rows in 2 pages"_s);
    done.rows = 120;
    done.page = 2;
    done.durationMs = 1500;
    record(m_failedRun, done);
    done = event(EngineEvent::Kind::PartitionSucceeded, u"2024-01-02"_s, u"partition 2024-01-02: 0 rows in 1 pages"_s);
    done.page = 1;
    record(m_failedRun, done);

    const QString url = u"http://127.0.0.1:8765/events/daily/2024-01-03?api_key="_s + Secret;
    EngineEvent retry = event(EngineEvent::Kind::Retry, u"2024-01-03"_s,
                              u"HTTP 429; retrying page 1 in 100 ms (exponential backoff, attempt 2 of 4)"_s);
    retry.httpStatus = 429;
    retry.url = url;
    record(m_failedRun, retry);
    EngineEvent failed = event(EngineEvent::Kind::PartitionFailed, u"2024-01-03"_s,
                               u"partition 2024-01-03 failed at page 1 (%1): HTTP 401: invalid bearer token. Its "
                               "committed pages are kept; retry the failed partitions to continue it."_s.arg(url));
    failed.page = 1;
    failed.httpStatus = 401;
    failed.url = url;
    failed.method = u"GET"_s;
    failed.requestHeaders = u"Authorization: Bearer ****\nX-Trace: "_s + Secret;
    failed.response = u"{\"error\":{\"code\":\"unauthorized\",\"message\":\"invalid bearer token\"}}"_s;
    record(m_failedRun, failed);
    QVERIFY(m_ledger->markRunning(endpointId, u"2024-01-03"_s));
    QVERIFY(m_ledger->markFailed(endpointId, u"2024-01-03"_s, 401, u"HTTP 401: invalid bearer token"_s));
    QVERIFY(m_ledger->finishRun(m_failedRun, {3, 1, 1, 1, 120, 9000}, RunOutcome::Failed));
}

void TestRunHistoryPanel::init()
{
    m_panel = std::make_unique<RunHistoryPanel>();
    m_panel->resize(1200, 800);
    m_panel->setLedger(m_ledger.get());
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
}

void TestRunHistoryPanel::cleanup()
{
    m_panel.reset();
}

void TestRunHistoryPanel::clickRow(const QString &name, int row) const
{
    auto *view = find<QTableView>(name);
    const QRect rect = view->visualRect(view->model()->index(row, 1));
    QVERIFY(rect.isValid());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
}

void TestRunHistoryPanel::explainsWhatIsMissing()
{
    RunHistoryPanel closed;
    closed.show();
    QVERIFY(QTest::qWaitForWindowExposed(&closed));
    auto *empty = closed.findChild<QLabel *>(u"historyEmptyState"_s);
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->text(), u"Open a workspace to see its runs."_s);

    Workspace fresh;
    QVERIFY(fresh.open(m_dir.filePath(u"fresh.sqlite"_s)));
    PartitionLedger ledger(fresh);
    closed.setLedger(&ledger);
    QVERIFY(empty->isVisible());
    QVERIFY2(empty->text().startsWith(u"No runs yet."_s), qPrintable(empty->text()));
    closed.setLedger(nullptr);
}

void TestRunHistoryPanel::listsRunsNewestFirst()
{
    QVERIFY(!find<QLabel>(u"historyEmptyState"_s)->isVisible());
    auto *runs = find<QTableView>(u"runsView"_s);
    const QAbstractItemModel *model = runs->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, RunTableModel::RangeColumn).data().toString(), u"[2024-01-01...2024-01-03]"_s);
    QCOMPARE(model->index(0, RunTableModel::PartitionsOkColumn).data().toInt(), 2);
    QCOMPARE(model->index(0, RunTableModel::PartitionsFailedColumn).data().toInt(), 1);
    QCOMPARE(model->index(0, RunTableModel::OutcomeColumn).data().toString(), u"Failed"_s);
    QCOMPARE(model->index(1, RunTableModel::OutcomeColumn).data().toString(), u"Succeeded"_s);
    QCOMPARE(m_panel->currentRunId(), m_failedRun);
    const QString summary = find<QLabel>(u"runSummary"_s)->text();
    QVERIFY2(summary.contains(u"3 partitions: 1 succeeded, 1 empty, 1 failed · 120 rows · Failed"_s),
             qPrintable(summary));
}

void TestRunHistoryPanel::opensOnTheFailedPartition()
{
    auto *partitions = find<QTableView>(u"partitionsView"_s);
    QCOMPARE(partitions->model()->rowCount(), 3);
    QCOMPARE(partitions->currentIndex().siblingAtColumn(PastRunPartitionModel::PartitionColumn).data().toString(),
             u"2024-01-03"_s);
    QCOMPARE(partitions->model()->index(2, PastRunPartitionModel::StatusColumn).data().toString(), u"Failed"_s);
    QCOMPARE(partitions->model()->index(2, PastRunPartitionModel::RetriesColumn).data().toInt(), 1);
    QCOMPARE(partitions->model()->index(2, PastRunPartitionModel::HttpStatusColumn).data().toInt(), 401);

    const QString text = detail();
    QVERIFY2(text.startsWith(u"2024-01-03 \u2013 Failed"_s), qPrintable(text));
    QVERIFY2(text.contains(u"GET http://127.0.0.1:8765/events/daily/2024-01-03?api_key=****\n"
                           "Authorization: Bearer ****\nX-Trace: ****"_s),
             qPrintable(text));
    QVERIFY2(text.contains(u"HTTP 401 on page 1"_s), qPrintable(text));
    QVERIFY2(text.contains(u"{\"error\":{\"code\":\"unauthorized\",\"message\":\"invalid bearer token\"}}"_s),
             qPrintable(text));
    QVERIFY2(text.contains(u"HTTP 401: invalid bearer token"_s), qPrintable(text));
    QVERIFY2(text.contains(u"What to do next\nThe API refused the credentials. Check the secret"_s), qPrintable(text));
    QVERIFY2(text.contains(QRegularExpression(u"Now\\s+Failed after 1 attempt"_s)), qPrintable(text));
    QVERIFY2(!text.contains(Secret), qPrintable(text));
    QVERIFY(find<QPushButton>(u"retryFailedButton"_s)->isEnabled());
    QVERIFY(!find<QPushButton>(u"showRowsButton"_s)->isEnabled());
}

void TestRunHistoryPanel::clickingAPartitionShowsIt()
{
    clickRow(u"partitionsView"_s, 0);
    QTRY_VERIFY(detail().startsWith(u"2024-01-01 \u2013 Succeeded"_s));
    QVERIFY2(detail().contains(u"120"_s), qPrintable(detail()));
    QVERIFY2(detail().contains(u"partition 2024-01-01: 120 rows in 2 pages"_s), qPrintable(detail()));
    QVERIFY(!detail().contains(u"What to do next"_s));
    auto *partitions = find<QTableView>(u"partitionsView"_s);
    QCOMPARE(partitions->model()->index(0, PastRunPartitionModel::DurationColumn).data().toString(), u"1.5 s"_s);

    QSignalSpy showRows(m_panel.get(), &RunHistoryPanel::showRowsRequested);
    auto *button = find<QPushButton>(u"showRowsButton"_s);
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(showRows.size(), 1);
    QCOMPARE(showRows.at(0), (QVariantList{Spec, Endpoint, u"2024-01-01"_s}));

    clickRow(u"partitionsView"_s, 1);
    QTRY_VERIFY(detail().startsWith(u"2024-01-02 \u2013 Empty"_s));
    QVERIFY(!button->isEnabled()); // no rows to show
}

void TestRunHistoryPanel::failedOnlyHidesTheRest()
{
    auto *check = find<QCheckBox>(u"failedOnlyCheck"_s);
    QTest::mouseClick(check, Qt::LeftButton);
    QVERIFY(check->isChecked());
    auto *partitions = find<QTableView>(u"partitionsView"_s);
    QCOMPARE(partitions->model()->rowCount(), 1);
    QCOMPARE(partitions->model()->index(0, PastRunPartitionModel::PartitionColumn).data().toString(), u"2024-01-03"_s);
    QTest::mouseClick(check, Qt::LeftButton);
    QCOMPARE(partitions->model()->rowCount(), 3);
}

void TestRunHistoryPanel::retryAsksForTheFailedPartitions()
{
    QSignalSpy retry(m_panel.get(), &RunHistoryPanel::retryRequested);
    QTest::mouseClick(find<QPushButton>(u"retryFailedButton"_s), Qt::LeftButton);
    QCOMPARE(retry.size(), 1);
    QCOMPARE(retry.at(0), (QVariantList{Spec, Endpoint, QStringList{u"2024-01-03"_s}}));
}

void TestRunHistoryPanel::logTabHoldsTheRunsEvents()
{
    auto *events = find<QTableView>(u"eventsView"_s);
    QCOMPARE(events->model()->rowCount(), 7);
    QCOMPARE(events->model()->index(6, RunEventModel::LevelColumn).data().toString(), u"Error"_s);
    QCOMPARE(events->model()->index(5, RunEventModel::LevelColumn).data().toString(), u"Warning"_s);
    const QString message = events->model()->index(6, RunEventModel::MessageColumn).data().toString();
    QVERIFY2(message.startsWith(u"partition 2024-01-03 failed at page 1"_s), qPrintable(message));
    QVERIFY2(!message.contains(Secret), qPrintable(message));
}

void TestRunHistoryPanel::olderRunShowsItsOwnPartitions()
{
    clickRow(u"runsView"_s, 1);
    QTRY_COMPARE(m_panel->currentRunId(), m_oldRun);
    auto *partitions = find<QTableView>(u"partitionsView"_s);
    QCOMPARE(partitions->model()->rowCount(), 1);
    QCOMPARE(partitions->model()->index(0, PastRunPartitionModel::RowsColumn).data().toLongLong(), 40);
    QVERIFY(detail().startsWith(u"2023-12-31 \u2013 Succeeded"_s));
    QVERIFY(!find<QPushButton>(u"retryFailedButton"_s)->isEnabled());
}

void TestRunHistoryPanel::refreshAddsNewRunsAndKeepsTheChosenOne()
{
    QVERIFY(m_panel->selectRun(m_oldRun));
    const qint64 newer = m_ledger->startRun({u"gui"_s, Spec, {Endpoint}, u"2024-01-04"_s, {}});
    QVERIFY(newer > m_failedRun);
    QCOMPARE(find<QTableView>(u"runsView"_s)->model()->rowCount(), 2);
    m_panel->refresh();
    QCOMPARE(find<QTableView>(u"runsView"_s)->model()->rowCount(), 3);
    QCOMPARE(m_panel->currentRunId(), m_oldRun);
    QCOMPARE(find<QTableView>(u"partitionsView"_s)->model()->rowCount(), 1);
    QVERIFY(m_ledger->finishRun(newer, {}, RunOutcome::Cancelled));
}

void TestRunHistoryPanel::aPartitionPulledAgainShowsWhatChanged()
{
    // 2023-12-31 pulled again (the newest run): 3 changed, 1 new, nothing gone; 7 examples kept.
    const qint64 endpointId = m_ledger->endpointId(Spec, Endpoint);
    const QString day = u"2023-12-31"_s;
    const qint64 run = m_ledger->startRun({u"gui"_s, Spec, {Endpoint}, day, {}});
    record(run, event(EngineEvent::Kind::PartitionStarted, day, u"partition 2023-12-31 started"_s));
    EngineEvent done = event(EngineEvent::Kind::PartitionSucceeded, day, u"partition 2023-12-31: 41 rows in 1 pages"_s);
    done.rows = 41;
    done.page = 1;
    record(run, done);
    EngineEvent changed =
        event(EngineEvent::Kind::PartitionChanged, day, u"2023-12-31: 3 changed, 1 new, 0 gone since its last pull"_s);
    changed.changed = 3;
    changed.added = 1;
    record(run, changed);
    QVERIFY(m_ledger->finishRun(run, {1, 1, 0, 0, 41, 4100}, RunOutcome::Succeeded));
    QVERIFY(m_ledger->markRunning(endpointId, day));
    QVERIFY(m_ledger->markSucceeded(endpointId, day, {1, 41, 4100}, 200));
    PartitionPull pull;
    pull.compared = true;
    pull.changed = 3;
    pull.added = 1;
    QList<PartitionChange> examples;
    for (int i = 1; i <= 6; ++i)
        examples.append({PartitionChange::Kind::Changed, u"[\"e%1\"]"_s.arg(i), QJsonObject{{u"v"_s, 0}},
                         QJsonObject{{u"v"_s, i}}});
    examples.append({PartitionChange::Kind::Added, u"[\"e40\"]"_s, {}, QJsonObject{{u"v"_s, 1}}});
    QVERIFY(m_ledger->recordPull(endpointId, day, pull, examples, std::nullopt));

    m_panel->refresh();
    QVERIFY(m_panel->selectRun(run));
    auto *partitions = find<QTableView>(u"partitionsView"_s);
    QCOMPARE(partitions->model()->rowCount(), 1);
    QCOMPARE(partitions->model()->index(0, PastRunPartitionModel::ChangesColumn).data().toString(),
             u"3 changed, 1 new, 0 gone"_s);
    const QString text = detail();
    QVERIFY2(text.contains(u"This run\n3 changed, 1 new, 0 gone since the pull before"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Last pull\n3 changed, 1 new, 0 gone since the pull before"_s), qPrintable(text));
    // The partition's message stays what its pull said, not the change count again.
    QCOMPARE(partitions->model()->index(0, PastRunPartitionModel::MessageColumn).data().toString(),
             u"partition 2023-12-31: 41 rows in 1 pages"_s);
    QVERIFY2(text.contains(u"Changed: e1, e2, e3, e4, e5, ... (6 examples kept)"_s), qPrintable(text));
    QVERIFY2(text.contains(u"New: e40"_s), qPrintable(text));
    QVERIFY2(!text.contains(u"Gone:"_s), qPrintable(text));

    auto *showChanges = find<QPushButton>(u"showChangesButton"_s);
    QVERIFY(showChanges->isEnabled());
    QSignalSpy requested(m_panel.get(), &RunHistoryPanel::showChangesRequested);
    showChanges->click();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first(), (QVariantList{Spec, Endpoint, day}));

    // The older run's partition has its own log: nothing changed in that run.
    QVERIFY(m_panel->selectRun(m_oldRun));
    QCOMPARE(partitions->model()->index(0, PastRunPartitionModel::ChangesColumn).data().toString(), QString());
    QVERIFY(!detail().contains(u"This run"_s));
}

QTEST_MAIN(TestRunHistoryPanel)
#include "tst_runhistorypanel.moc"
