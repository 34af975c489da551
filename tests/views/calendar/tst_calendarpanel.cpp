// The Calendar tab on the offscreen platform, driven through its widgets' object names: mouse
// drag, shift- and ctrl-click, keyboard and typed ranges select the same partitions; the
// buttons; "only failed and missing"; a day's colour after a partition changes; the plan's
// figures for a known ledger and the signals the main window wires.
#include "model/itemmodels/partitioncalendarmodel.h"
#include "model/spec/specloader.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "views/calendar/calendarpanel.h"
#include "views/calendar/calendarview.h"
#include "views/editor/connectiontreemodel.h"
#include "views/mainwindow/mainwindow.h"

#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Backfill;

namespace {

ApiSpec exampleSpec(const QString &file)
{
    const SpecLoadResult loaded =
        SpecLoader::loadFile(QStringLiteral(BACKFILL_SOURCE_DIR) + u"/resources/examples/"_s + file);
    if (loaded.hasErrors())
        qFatal("cannot load %s", qPrintable(file));
    return loaded.spec;
}

QStringList days(int from, int to) // January 2024
{
    QStringList keys;
    for (int day = from; day <= to; ++day)
        keys << u"2024-01-%1"_s.arg(day, 2, 10, QLatin1Char('0'));
    return keys;
}

// The panel's "now": 2024-01-20 noon UTC, so the spec's default range is 2024-01-13..19.
const QDateTime Now(QDate(2024, 1, 20), QTime(12, 0), QTimeZone::utc());

} // namespace

class TestCalendarPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void dragAndTypingSelectTheSamePartitions();
    void shiftAndCtrlClick();
    void keyboardSelects();
    void showsTypingErrorsWithoutLosingTheSelection();
    void buttonsSelect();
    void keepsOnlyFailedAndMissing();
    void colourFollowsAPartitionChange();
    void yearViewSelectsAcrossMonths();
    void plansTheSelection();
    void requestsTestAndRerunOfADay();
    void showsNumericBlocks();
    void writesWholeHourlyDaysAsDays();
    void followsTheFirstRunOfANewEndpoint();
    void mainWindowShowsTheSelectedEndpoint();
    void theYearViewFitsTheWindowWidth();
    void marksWhatTheChecksFlag();
    void drawsOpenAndFutureDays();

private:
    template <typename T> T *find(const QString &name) const
    {
        auto *widget = m_panel->findChild<T *>(name);
        if (!widget)
            qFatal("no widget %s", qPrintable(name));
        return widget;
    }
    QPoint centre(QDate day) const { return m_panel->view()->dayRect(day).center(); }
    void press(QPoint at, Qt::KeyboardModifiers modifiers = {});
    void drag(QPoint from, QPoint to);
    void typeRange(const QString &text);
    void finish(const QString &key, const PartitionCounts &counts, int seconds);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<PartitionLedger> m_ledger;
    std::unique_ptr<CalendarPanel> m_panel;
    ApiSpec m_spec;
    qint64 m_endpoint = -1;
    QDateTime m_ledgerNow;
};

void TestCalendarPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
}

void TestCalendarPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_workspace = std::make_unique<Workspace>();
    QString error;
    QVERIFY2(m_workspace->open(m_dir->filePath(u"calendar.sqlite"_s), &error), qPrintable(error));
    m_ledgerNow = QDateTime(QDate(2024, 1, 21), QTime(8, 0), QTimeZone::utc());
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace, [this] { return m_ledgerNow; });
    m_spec = exampleSpec(u"demo_analytics_api.yaml"_s);
    m_endpoint = m_ledger->ensureEndpoint(m_spec.name, u"daily_events"_s);
    // A known ledger: two days done (3 and 5 pages, 2 s and 4 s), one failed, one running.
    finish(u"2024-01-02"_s, {3, 120, 1000}, 2);
    finish(u"2024-01-04"_s, {5, 200, 2000}, 4);
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-03"_s));
    QVERIFY(m_ledger->markFailed(m_endpoint, u"2024-01-03"_s, 500, u"HTTP 500: Internal Server Error"_s));
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-05"_s));

    m_panel = std::make_unique<CalendarPanel>();
    m_panel->setClock([] { return Now; });
    m_panel->resize(1280, 800);
    m_panel->setEndpoint(m_ledger.get(), m_spec, u"daily_events"_s);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
}

void TestCalendarPanel::cleanup()
{
    m_panel.reset();
    m_ledger.reset();
    m_workspace.reset();
    m_dir.reset();
}

void TestCalendarPanel::finish(const QString &key, const PartitionCounts &counts, int seconds)
{
    QVERIFY(m_ledger->markRunning(m_endpoint, key));
    m_ledgerNow = m_ledgerNow.addSecs(seconds);
    QVERIFY(m_ledger->markSucceeded(m_endpoint, key, counts, 200));
}

void TestCalendarPanel::press(QPoint at, Qt::KeyboardModifiers modifiers)
{
    QTest::mouseClick(find<CalendarView>(u"calendarView"_s), Qt::LeftButton, modifiers, at);
}

void TestCalendarPanel::drag(QPoint from, QPoint to)
{
    auto *view = find<CalendarView>(u"calendarView"_s);
    QTest::mousePress(view, Qt::LeftButton, {}, from);
    // QTest::mouseMove carries no button state on every platform; send the move as a drag.
    const QPointF local = (from + to) / 2;
    for (const QPointF at : {local, QPointF(to)}) {
        QMouseEvent move(QEvent::MouseMove, at, view->mapToGlobal(at), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view, &move);
    }
    QTest::mouseRelease(view, Qt::LeftButton, {}, to);
}

void TestCalendarPanel::typeRange(const QString &text)
{
    auto *edit = find<QLineEdit>(u"rangeEdit"_s);
    edit->clear();
    QTest::keyClicks(edit, text);
}

void TestCalendarPanel::dragAndTypingSelectTheSamePartitions()
{
    QCOMPARE(find<QLabel>(u"periodLabel"_s)->text(), u"January 2024"_s);
    drag(centre(QDate(2024, 1, 3)), centre(QDate(2024, 1, 10)));
    const QStringList dragged = m_panel->selectedKeys();
    QCOMPARE(dragged, days(3, 10));
    QCOMPARE(find<QLineEdit>(u"rangeEdit"_s)->text(), u"[2024-01-03...2024-01-10]"_s);

    typeRange(u"2024-01-21"_s); // tomorrow: its period has not begun, it cannot be selected
    QVERIFY(m_panel->selectedKeys().isEmpty());
    typeRange(u"2024-01-20"_s); // today can
    QCOMPARE(m_panel->selectedKeys(), QStringList{u"2024-01-20"_s});
    typeRange(u"[2024-01-03...2024-01-10]"_s);
    QCOMPARE(m_panel->selectedKeys(), dragged);
    QVERIFY(m_panel->view()->isRowSelected(m_panel->model()->rowForDate(QDate(2024, 1, 3))));
    QVERIFY(!m_panel->view()->isRowSelected(m_panel->model()->rowForDate(QDate(2024, 1, 11))));

    // Sling's form and patterns select the same way.
    typeRange(u"2024-01-03,2024-01-10"_s);
    QCOMPARE(m_panel->selectedKeys(), dragged);
    typeRange(u"[2024-01-18...2024-01-19], 2024-01-2*"_s);
    QCOMPARE(m_panel->selectedKeys(), days(18, 20)); // the 21st to the 29th are not yet
}

void TestCalendarPanel::shiftAndCtrlClick()
{
    press(centre(QDate(2024, 1, 3)));
    QCOMPARE(m_panel->selectedKeys(), days(3, 3));
    press(centre(QDate(2024, 1, 6)), Qt::ShiftModifier);
    QCOMPARE(m_panel->selectedKeys(), days(3, 6));
    press(centre(QDate(2024, 1, 10)), Qt::ControlModifier);
    QCOMPARE(m_panel->selectedKeys(), days(3, 6) + days(10, 10));
    press(centre(QDate(2024, 1, 4)), Qt::ControlModifier);
    QCOMPARE(m_panel->selectedKeys(), days(3, 3) + days(5, 6) + days(10, 10));
    const QString text = find<QLineEdit>(u"rangeEdit"_s)->text();
    QCOMPARE(text, u"2024-01-03, [2024-01-05...2024-01-06], 2024-01-10"_s);
    // Ctrl+shift-click adds the days from the last clicked one (the 4th) and keeps the rest.
    press(centre(QDate(2024, 1, 12)), Qt::ShiftModifier | Qt::ControlModifier);
    QCOMPARE(m_panel->selectedKeys(), days(3, 12));
    // Shift-click alone replaces the selection with the days from that anchor.
    press(centre(QDate(2024, 1, 2)), Qt::ShiftModifier);
    QCOMPARE(m_panel->selectedKeys(), days(2, 4));
    press(centre(QDate(2024, 1, 8)));
    QCOMPARE(m_panel->selectedKeys(), days(8, 8));

    typeRange(text);
    QCOMPARE(m_panel->selectedKeys(), days(3, 3) + days(5, 6) + days(10, 10));
}

void TestCalendarPanel::keyboardSelects()
{
    auto *view = find<CalendarView>(u"calendarView"_s);
    press(centre(QDate(2024, 1, 3)));
    QTest::keyClick(view, Qt::Key_Right, Qt::ShiftModifier);
    QTest::keyClick(view, Qt::Key_Right, Qt::ShiftModifier);
    QCOMPARE(m_panel->selectedKeys(), days(3, 5));
    QTest::keyClick(view, Qt::Key_Down); // a week later, alone
    QCOMPARE(m_panel->selectedKeys(), days(12, 12));
    QTest::keyClick(view, Qt::Key_Right, Qt::ControlModifier); // the focus moves, the selection stays
    QTest::keyClick(view, Qt::Key_Space);
    QCOMPARE(m_panel->selectedKeys(), days(12, 13));
    QCOMPARE(find<QLineEdit>(u"rangeEdit"_s)->text(), u"[2024-01-12...2024-01-13]"_s);
    QCOMPARE(view->accessibleDescription(), u"2024-01-13: Missing"_s);
    // Past the month's end the next month shows; its days, not begun yet, are not selected.
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(find<QLabel>(u"periodLabel"_s)->text(), u"February 2024"_s);
    QVERIFY(m_panel->selectedKeys().isEmpty());
    QCOMPARE(view->accessibleDescription(), u"2024-02-03: not yet (its period has not begun)"_s);
}

void TestCalendarPanel::showsTypingErrorsWithoutLosingTheSelection()
{
    typeRange(u"[2024-01-03...2024-01-05]"_s);
    typeRange(u"[2024-01-03...2024-13-05]"_s);
    auto *error = find<QLabel>(u"rangeError"_s);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().startsWith(u"At character "_s), qPrintable(error->text()));
    QCOMPARE(m_panel->selectedKeys(), days(3, 5));
    typeRange(u"2024-01-07"_s);
    QVERIFY(!error->isVisible());
    QCOMPARE(m_panel->selectedKeys(), days(7, 7));
}

void TestCalendarPanel::buttonsSelect()
{
    QTest::mouseClick(find<QPushButton>(u"lastSevenDaysButton"_s), Qt::LeftButton);
    QCOMPARE(m_panel->selectedKeys(), days(14, 20));
    QCOMPARE(find<QLineEdit>(u"rangeEdit"_s)->text(), u"[2024-01-14...2024-01-20]"_s);
    QTest::mouseClick(find<QPushButton>(u"thisMonthButton"_s), Qt::LeftButton);
    QCOMPARE(m_panel->selectedKeys(), days(1, 20)); // up to today: the rest has not begun
    // All: the spec's default range (the week before "now") and everything the ledger holds.
    QTest::mouseClick(find<QPushButton>(u"allButton"_s), Qt::LeftButton);
    QCOMPARE(m_panel->selectedKeys(), days(2, 5) + days(13, 19));
}

void TestCalendarPanel::keepsOnlyFailedAndMissing()
{
    typeRange(u"[2024-01-01...2024-01-06]"_s);
    QTest::mouseClick(find<QPushButton>(u"failedMissingButton"_s), Qt::LeftButton);
    QCOMPARE(m_panel->selectedKeys(), (QStringList{u"2024-01-01"_s, u"2024-01-03"_s, u"2024-01-06"_s}));
    QCOMPARE(find<QLineEdit>(u"rangeEdit"_s)->text(), u"2024-01-01, 2024-01-03, 2024-01-06"_s);

    // An open day is kept too: it is not complete yet.
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-06"_s));
    QVERIFY(m_ledger->markSucceeded(m_endpoint, u"2024-01-06"_s, {1, 9, 90}, 200, m_ledgerNow.addDays(1)));
    m_panel->setEndpoint(m_ledger.get(), m_spec, u"daily_events"_s);
    typeRange(u"[2024-01-01...2024-01-06]"_s);
    QTest::mouseClick(find<QPushButton>(u"failedMissingButton"_s), Qt::LeftButton);
    QCOMPARE(m_panel->selectedKeys(), (QStringList{u"2024-01-01"_s, u"2024-01-03"_s, u"2024-01-06"_s}));
}

void TestCalendarPanel::colourFollowsAPartitionChange()
{
    const QDate day(2024, 1, 8);
    const int row = m_panel->model()->rowForDate(day);
    const auto pixel = [&] {
        const QRect rect = m_panel->view()->dayRect(day);
        return m_panel->view()->grab().toImage().pixel(rect.left() + rect.width() / 2, rect.center().y());
    };
    const QPalette palette = m_panel->view()->palette();
    QCOMPARE(pixel(), CalendarView::statusColor(PartitionStatus::Missing, palette).rgb());
    QCOMPARE(find<QLabel>(u"legend_failed"_s)->text(), u"Failed 1"_s);

    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-08"_s));
    QVERIFY(m_ledger->markFailed(m_endpoint, u"2024-01-08"_s, 429, u"Too Many Requests"_s));
    m_panel->updatePartition(u"daily_events"_s, *m_ledger->partition(m_endpoint, u"2024-01-08"_s));
    QCOMPARE(m_panel->model()->index(row, 0).data(PartitionCalendarModel::StatusRole).value<PartitionStatus>(),
             PartitionStatus::Failed);
    QCOMPARE(pixel(), CalendarView::statusColor(PartitionStatus::Failed, palette).rgb());
    QCOMPARE(find<QLabel>(u"legend_failed"_s)->text(), u"Failed 2"_s);

    finish(u"2024-01-08"_s, {1, 0, 10}, 1);
    m_panel->updatePartition(u"daily_events"_s, *m_ledger->partition(m_endpoint, u"2024-01-08"_s));
    QCOMPARE(pixel(), CalendarView::statusColor(PartitionStatus::Empty, palette).rgb());
    QCOMPARE(find<QLabel>(u"legend_empty"_s)->text(), u"Empty 1"_s);
    QCOMPARE(find<QLabel>(u"legend_failed"_s)->text(), u"Failed 1"_s);

    // The colours differ from each other and from the background in light and dark palettes.
    for (const QColor &base : {QColor(Qt::white), QColor(0x20, 0x20, 0x20)}) {
        QPalette themed;
        themed.setColor(QPalette::Base, base);
        themed.setColor(QPalette::Text, base.lightness() > 128 ? QColor(Qt::black) : QColor(Qt::white));
        QSet<QRgb> seen{base.rgb()};
        for (const PartitionStatus status : AllPartitionStatuses)
            seen.insert(CalendarView::statusColor(status, themed).rgb());
        QCOMPARE(seen.size(), 1 + 7);
    }
}

void TestCalendarPanel::yearViewSelectsAcrossMonths()
{
    QTest::mouseClick(find<QPushButton>(u"yearViewButton"_s), Qt::LeftButton);
    QCOMPARE(m_panel->view()->mode(), CalendarView::Mode::Year);
    QVERIFY(!find<QPushButton>(u"previousButton"_s)->isVisible());
    // Across months a month later, when those days have begun.
    m_panel->setClock([] { return Now.addMonths(1); });
    m_panel->setEndpoint(m_ledger.get(), m_spec, u"daily_events"_s);
    drag(centre(QDate(2024, 1, 30)), centre(QDate(2024, 2, 2)));
    QCOMPARE(m_panel->selectedKeys(),
             (QStringList{u"2024-01-30"_s, u"2024-01-31"_s, u"2024-02-01"_s, u"2024-02-02"_s}));
    QVERIFY(m_panel->view()->dayRect(QDate(2024, 12, 31)).isValid());
}

void TestCalendarPanel::plansTheSelection()
{
    auto *summary = find<QLabel>(u"planSummary"_s);
    auto *launch = find<QPushButton>(u"launchButton"_s);
    QVERIFY(!launch->isEnabled());
    typeRange(u"[2024-01-01...2024-01-10]"_s);
    // 10 selected: 2 done and 1 running are skipped; 4 pages and 3 s per partition learned from
    // the done ones: 7 * 4 = 28 requests; 5 at a time: 2 rounds of 3 s (the rate, 20/s, allows 28 in 1.4 s).
    const RunPlan &plan = m_panel->plan();
    QCOMPARE(plan.selected, 10);
    QCOMPARE(plan.toRun.size(), 7);
    QCOMPARE(plan.byStatus.value(PartitionStatus::Missing), 6);
    QCOMPARE(plan.byStatus.value(PartitionStatus::Failed), 1);
    QCOMPARE(plan.estimate.requests, 28);
    QCOMPARE(plan.estimate.ms, 6000);
    QVERIFY2(summary->text().contains(u"7 of 10 selected partitions to run (6 missing, 1 failed)"_s),
             qPrintable(summary->text()));
    QVERIFY2(summary->text().contains(u"About 28 requests, about 6.0 s"_s), qPrintable(summary->text()));
    QVERIFY2(summary->text().contains(u"20 requests/s, 5 partitions at a time"_s), qPrintable(summary->text()));

    QSignalSpy launched(m_panel.get(), &CalendarPanel::launchRequested);
    QVERIFY(launch->isEnabled());
    QTest::mouseClick(launch, Qt::LeftButton);
    QCOMPARE(launched.count(), 1);
    QCOMPARE(launched.at(0).at(0).toString(), u"daily_events"_s);
    const auto partitions = launched.at(0).at(1).value<QList<PartitionPlan>>();
    QStringList keys;
    for (const PartitionPlan &partition : partitions)
        keys << partition.key;
    QCOMPARE(keys, days(1, 1) + days(3, 3) + days(6, 10));
    QCOMPARE(partitions.constFirst().value.toString(), u"2024-01-01"_s); // what iterate.into receives
    QCOMPARE(launched.at(0).at(2).toString(), u"[2024-01-01...2024-01-10]"_s);

    // With BACKFILL_SCREENSHOT_DIR set, the month and year views are saved as images.
    if (const QString screenshots = qEnvironmentVariable("BACKFILL_SCREENSHOT_DIR"); !screenshots.isEmpty()) {
        press(centre(QDate(2024, 1, 3)), Qt::ControlModifier);
        QVERIFY(m_panel->grab().save(QDir(screenshots).filePath(u"calendar-month.png"_s)));
        QTest::mouseClick(find<QPushButton>(u"yearViewButton"_s), Qt::LeftButton);
        QVERIFY(m_panel->grab().save(QDir(screenshots).filePath(u"calendar-year.png"_s)));
        QTest::mouseClick(find<QPushButton>(u"monthViewButton"_s), Qt::LeftButton);
    }

    // Everything done: nothing to launch.
    typeRange(u"2024-01-02"_s);
    QCOMPARE(m_panel->plan().toRun.size(), 0);
    QVERIFY(!launch->isEnabled());
}

void TestCalendarPanel::requestsTestAndRerunOfADay()
{
    QSignalSpy test(m_panel.get(), &CalendarPanel::testPartitionRequested);
    QSignalSpy rerun(m_panel.get(), &CalendarPanel::rerunRequested);
    press(centre(QDate(2024, 1, 3)));
    QCOMPARE(find<QLabel>(u"detailsTitle"_s)->text(), u"2024-01-03: Failed"_s);
    QVERIFY(find<QLabel>(u"detailsSummary"_s)->text().contains(u"Internal Server Error"_s));
    auto *table = find<QAbstractItemView>(u"detailsTable"_s);
    QCOMPARE(table->model()->rowCount(), 1);
    QTest::mouseClick(find<QPushButton>(u"testPartitionButton"_s), Qt::LeftButton);
    QCOMPARE(test.count(), 1);
    QCOMPARE(test.at(0), (QVariantList{u"daily_events"_s, u"2024-01-03"_s}));
    QTest::mouseClick(find<QPushButton>(u"rerunButton"_s), Qt::LeftButton);
    QCOMPARE(rerun.count(), 1);
    QCOMPARE(rerun.at(0).at(1).toStringList(), QStringList{u"2024-01-03"_s});
    QSignalSpy changes(m_panel.get(), &CalendarPanel::showChangesRequested);
    QTest::mouseClick(find<QPushButton>(u"showChangesButton"_s), Qt::LeftButton);
    QCOMPARE(changes.count(), 1);
    QCOMPARE(changes.at(0), (QVariantList{u"daily_events"_s, u"2024-01-03"_s}));

    // Hovering another day shows it; leaving goes back to the clicked one.
    auto *view = find<CalendarView>(u"calendarView"_s);
    QTest::mouseMove(view, centre(QDate(2024, 1, 2)));
    QTRY_COMPARE(find<QLabel>(u"detailsTitle"_s)->text(), u"2024-01-02: Succeeded"_s);
    QVERIFY(find<QLabel>(u"detailsSummary"_s)->text().contains(u"Rows: 120, pages: 3, attempts: 1"_s));
}

void TestCalendarPanel::showsNumericBlocks()
{
    const ApiSpec orders = exampleSpec(u"demo_orders_api.yaml"_s);
    const QString name = orders.endpoints.constFirst().name;
    const qint64 id = m_ledger->ensureEndpoint(orders.name, name);
    QVERIFY(m_ledger->markRunning(id, u"11000-11999"_s));
    QVERIFY(m_ledger->markFailed(id, u"11000-11999"_s, 503, u"Service Unavailable"_s));
    m_panel->setEndpoint(m_ledger.get(), orders, name);
    QVERIFY(!find<QPushButton>(u"lastSevenDaysButton"_s)->isEnabled());
    QVERIFY(!find<QPushButton>(u"yearViewButton"_s)->isVisible());
    auto *model = m_panel->model();
    QCOMPARE(model->index(0, 0).data(PartitionCalendarModel::KeyRole).toString(), u"0-999"_s);
    const int failed = model->rowForIndex(11);
    QCOMPARE(model->index(failed, 0).data(PartitionCalendarModel::StatusRole).value<PartitionStatus>(),
             PartitionStatus::Failed);

    const CalendarView *view = m_panel->view();
    press(view->blockRect(10).center());
    press(view->blockRect(12).center(), Qt::ShiftModifier);
    QCOMPARE(m_panel->selectedKeys(), (QStringList{u"10000-10999"_s, u"11000-11999"_s, u"12000-12999"_s}));
    QCOMPARE(find<QLineEdit>(u"rangeEdit"_s)->text(), u"[10000-10999...12000-12999]"_s);
    typeRange(u"10000,12999"_s);
    QCOMPARE(m_panel->selectedKeys(), (QStringList{u"10000-10999"_s, u"11000-11999"_s, u"12000-12999"_s}));
    QCOMPARE(m_panel->plan().toRun.size(), 3);
    QCOMPARE(m_panel->plan().byStatus.value(PartitionStatus::Failed), 1);
}

void TestCalendarPanel::writesWholeHourlyDaysAsDays()
{
    ApiSpec hourly = m_spec;
    Endpoint &endpoint = hourly.endpoints.first();
    endpoint.iterate.over = u"range(coalesce(context.range_start, \"2024-01-18T00:00:00Z\"), "
                            u"coalesce(context.range_end, \"2024-01-19T23:00:00Z\"), \"1h\")"_s;
    m_panel->setEndpoint(m_ledger.get(), hourly, endpoint.name);
    QCOMPARE(m_panel->model()->scheme().grain(), PartitionScheme::Grain::Hourly);
    drag(centre(QDate(2024, 1, 17)), centre(QDate(2024, 1, 18)));
    QCOMPARE(m_panel->selectedKeys().size(), 48);
    QCOMPARE(m_panel->selectedKeys().constFirst(), u"2024-01-17T00"_s);
    QCOMPARE(find<QLineEdit>(u"rangeEdit"_s)->text(), u"[2024-01-17...2024-01-18]"_s);
    press(centre(QDate(2024, 1, 20)), Qt::ControlModifier);
    // Today, at noon: the hours that have begun.
    QCOMPARE(find<QLineEdit>(u"rangeEdit"_s)->text(), u"[2024-01-17...2024-01-18], [2024-01-20T00...2024-01-20T12]"_s);
    typeRange(u"2024-01-19T05, 2024-01-19T06"_s); // hours stay hours
    QCOMPARE(m_panel->selectedKeys(), (QStringList{u"2024-01-19T05"_s, u"2024-01-19T06"_s}));
    QCOMPARE(m_panel->plan().toRun.size(), 2);
    QCOMPARE(m_panel->plan().toRun.constFirst().value.toString(), u"2024-01-19T05:00:00Z"_s);
    QTest::mouseClick(find<QPushButton>(u"failedMissingButton"_s), Qt::LeftButton);
    QCOMPARE(find<QLineEdit>(u"rangeEdit"_s)->text(), u"[2024-01-19T05...2024-01-19T06]"_s);
}

void TestCalendarPanel::followsTheFirstRunOfANewEndpoint()
{
    const ApiSpec sales = exampleSpec(u"demo_sales_api.yaml"_s);
    m_panel->setEndpoint(m_ledger.get(), sales, u"monthly_sales"_s);
    QCOMPARE(m_panel->model()->rowForDate(QDate(2023, 12, 31)), m_panel->model()->rowForDate(QDate(2023, 12, 1)));
    const qint64 id = m_ledger->ensureEndpoint(sales.name, u"monthly_sales"_s);
    QVERIFY(m_ledger->markRunning(id, u"2023-12"_s));
    const PartitionRecord record = *m_ledger->partition(id, u"2023-12"_s);
    m_panel->updatePartition(u"daily_events"_s, record); // another endpoint's name: ignored
    QCOMPARE(find<QLabel>(u"legend_running"_s)->text(), u"Running 0"_s);
    m_panel->updatePartition(u"monthly_sales"_s, record);
    const int row = m_panel->model()->rowForDate(QDate(2023, 12, 15));
    QCOMPARE(m_panel->model()->index(row, 0).data(PartitionCalendarModel::KeyRole).toString(), u"2023-12"_s);
    QCOMPARE(m_panel->model()->index(row, 0).data(PartitionCalendarModel::StatusRole).value<PartitionStatus>(),
             PartitionStatus::Running);
    QCOMPARE(find<QLabel>(u"legend_running"_s)->text(), u"Running 1"_s);
}

void TestCalendarPanel::mainWindowShowsTheSelectedEndpoint()
{
    m_panel.reset();
    MainWindow window;
    window.setUnsavedPrompt([](QWidget *) { return QMessageBox::Discard; });
    QVERIFY(window.openDemoWorkspace(m_dir->filePath(u"demo.sqlite"_s)));
    auto *tabs = window.findChild<QTabWidget *>(u"editorTabs"_s);
    auto *panel = window.findChild<CalendarPanel *>(u"calendarPanel"_s);
    QVERIFY(tabs && panel);
    QCOMPARE(tabs->tabText(tabs->indexOf(panel)), u"Ca&lendar"_s);
    auto *tree = window.findChild<QTreeView *>(u"connectionTree"_s);
    const QModelIndex endpoint = window.connectionModel()->index(0, 0, window.connectionModel()->index(0, 0));
    tree->setCurrentIndex(endpoint);
    tabs->setCurrentWidget(panel);
    QCOMPARE(panel->endpointName(), endpoint.data().toString());
    QVERIFY(panel->model()->rowCount() > 0);
    // Another endpoint keeps the calendar tab and shows that endpoint.
    const QModelIndex second = window.connectionModel()->index(0, 0, window.connectionModel()->index(1, 0));
    tree->setCurrentIndex(second);
    QCOMPARE(tabs->currentWidget(), panel);
    QCOMPARE(panel->endpointName(), second.data().toString());
    // A connection (no endpoint) leaves it empty.
    tree->setCurrentIndex(window.connectionModel()->index(0, 0));
    QVERIFY(panel->endpointName().isEmpty());
}

void TestCalendarPanel::theYearViewFitsTheWindowWidth()
{
    // At 1280x800, a daily endpoint's years fit the calendar's width: no horizontal scroll bar,
    // and December's cells are inside the visible area.
    m_panel.reset();
    MainWindow window;
    window.setUnsavedPrompt([](QWidget *) { return QMessageBox::Discard; });
    QVERIFY(window.openDemoWorkspace(m_dir->filePath(u"year.sqlite"_s)));
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *tree = window.findChild<QTreeView *>(u"connectionTree"_s);
    auto *panel = window.findChild<CalendarPanel *>(u"calendarPanel"_s);
    QModelIndex daily;
    for (int c = 0; c < window.connectionModel()->rowCount() && !daily.isValid(); ++c) {
        const QModelIndex connection = window.connectionModel()->index(c, 0);
        if (connection.data().toString() == u"Analytics API (demo)"_s)
            daily = window.connectionModel()->index(0, 0, connection);
    }
    QVERIFY(daily.isValid());
    tree->setCurrentIndex(daily);
    window.findChild<QTabWidget *>(u"editorTabs"_s)->setCurrentWidget(panel);
    QTest::mouseClick(panel->findChild<QPushButton *>(u"yearViewButton"_s), Qt::LeftButton);
    QCOMPARE(panel->view()->mode(), CalendarView::Mode::Year);
    QCoreApplication::processEvents();
    auto *scroll = panel->findChild<QScrollArea *>(u"calendarScroll"_s);
    QVERIFY(scroll);
    QVERIFY2(
        !scroll->horizontalScrollBar()->isVisible(),
        qPrintable(
            u"view %1 px wide in a %2 px viewport"_s.arg(panel->view()->width()).arg(scroll->viewport()->width())));
    const QDate last = panel->model()->lastDate();
    const QRect december = panel->view()->dayRect(QDate(last.year(), 12, 31));
    QVERIFY2(december.right() <= scroll->viewport()->width(), qPrintable(QString::number(december.right())));

    // Three years stack newest first: the most recent one is at the top, in view unscrolled.
    auto *edit = panel->findChild<QLineEdit *>(u"rangeEdit"_s);
    edit->clear();
    QTest::keyClicks(edit, u"2024-03-01,2026-11-30"_s);
    QVERIFY(QTest::qWaitFor([&] { return panel->model()->firstDate() <= QDate(2024, 3, 1); }, 5000));
    QCoreApplication::processEvents();
    CalendarView *view = panel->view();
    const QRect newest = view->dayRect(QDate(2026, 11, 30));
    const QRect middle = view->dayRect(QDate(2025, 6, 1));
    const QRect oldest = view->dayRect(QDate(2024, 3, 1));
    QVERIFY2(
        newest.bottom() < middle.top() && middle.bottom() < oldest.top(),
        qPrintable(u"2026 at y %1, 2025 at %2, 2024 at %3"_s.arg(newest.top()).arg(middle.top()).arg(oldest.top())));
    QCOMPARE(scroll->verticalScrollBar()->value(), 0);
    QVERIFY2(newest.bottom() <= scroll->viewport()->height(), qPrintable(QString::number(newest.bottom())));
    // A click selects the day drawn there.
    QTest::mouseClick(view, Qt::LeftButton, {}, middle.center());
    QCOMPARE(panel->selectedKeys(), QStringList{u"2025-06-01"_s});
    QTest::mouseClick(view, Qt::LeftButton, {}, oldest.center());
    QCOMPARE(panel->selectedKeys(), QStringList{u"2024-03-01"_s});
}

void TestCalendarPanel::marksWhatTheChecksFlag()
{
    // Ten days of about 100 rows with a thin one among them, and an empty one.
    for (int day = 6; day <= 16; ++day) {
        const qint64 rows = day == 10 ? 5 : day == 13 ? 0 : 100 + day;
        finish(QDate(2024, 1, day).toString(Qt::ISODate), {1, rows, rows * 10}, 1);
    }
    m_panel->setEndpoint(m_ledger.get(), m_spec, u"daily_events"_s);
    const auto check = [&](int day) {
        return m_panel->model()
            ->index(m_panel->model()->rowForDate(QDate(2024, 1, day)), 0)
            .data(PartitionCalendarModel::CheckRole)
            .toString();
    };
    QVERIFY2(check(10).startsWith(u"thin: 5 rows, 4% of the median of its"_s), qPrintable(check(10)));
    QVERIFY2(check(13).startsWith(u"no rows, between partitions with rows"_s), qPrintable(check(13)));
    QVERIFY(check(11).isEmpty());
    // On hover, the day's panel says why.
    QTest::mouseMove(m_panel->view(), centre(QDate(2024, 1, 10)));
    QTRY_VERIFY2(find<QLabel>(u"detailsSummary"_s)->text().contains(u"Check: thin: 5 rows"_s),
                 qPrintable(find<QLabel>(u"detailsSummary"_s)->text()));
    // The cell carries the mark in its top right corner; an unflagged one does not.
    const QImage image = m_panel->view()->grab().toImage();
    const QRect flagged = m_panel->view()->dayRect(QDate(2024, 1, 10));
    const QRect plain = m_panel->view()->dayRect(QDate(2024, 1, 11));
    QCOMPARE(QColor(image.pixel(flagged.right() - 1, flagged.top() + 1)), QColor(0xe0, 0x8a, 0x00));
    QVERIFY(QColor(image.pixel(plain.right() - 1, plain.top() + 1)) != QColor(0xe0, 0x8a, 0x00));
}

void TestCalendarPanel::drawsOpenAndFutureDays()
{
    // Today (the 20th) pulled while it goes on: open. Tomorrow: not yet, and not missing.
    QVERIFY(m_ledger->markRunning(m_endpoint, u"2024-01-20"_s));
    QVERIFY(m_ledger->markSucceeded(m_endpoint, u"2024-01-20"_s, {1, 40, 400}, 200, m_ledgerNow.addDays(1)));
    m_panel->setEndpoint(m_ledger.get(), m_spec, u"daily_events"_s);
    const auto at = [&](int day) {
        return m_panel->model()->index(m_panel->model()->rowForDate(QDate(2024, 1, day)), 0);
    };
    QCOMPARE(at(20).data(PartitionCalendarModel::StatusRole).value<PartitionStatus>(), PartitionStatus::Open);
    QVERIFY(at(21).data(PartitionCalendarModel::FutureRole).toBool());
    QVERIFY(!at(19).data(PartitionCalendarModel::FutureRole).toBool());
    QCOMPARE(find<QLabel>(u"legend_open"_s)->text(), u"Open 1"_s);
    QCOMPARE(find<QLabel>(u"legend_future"_s)->text(), u"Not yet %1"_s.arg(m_panel->model()->futureCount()));
    QVERIFY(m_panel->model()->futureCount() >= 11); // the 21st to the 31st at least
    const QImage image = m_panel->view()->grab().toImage();
    const QRect open = m_panel->view()->dayRect(QDate(2024, 1, 20));
    QCOMPARE(image.pixel(open.left() + 2, open.bottom() - 2),
             CalendarView::statusColor(PartitionStatus::Open, m_panel->view()->palette()).rgb());

    // In the year view the keyboard starts at today, the newest day that has begun.
    QTest::mouseClick(find<QPushButton>(u"yearViewButton"_s), Qt::LeftButton);
    m_panel->view()->setFocus();
    QTest::keyClick(m_panel->view(), Qt::Key_Right);
    QCOMPARE(m_panel->selectedKeys(), QStringList{u"2024-01-20"_s});
}

QTEST_MAIN(TestCalendarPanel)
#include "tst_calendarpanel.moc"
