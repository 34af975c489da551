// The studio's first five minutes at 1280x800, as a new user meets them: the endpoint form
// fits the screen down to its pagination, empty tables take one line and grow with their
// rows, and the test results open tall enough for their tabs and come back at the height the
// user left them.
#include "tests/support/demoapiprocess.h"
#include "tests/views/mainwindow/mainwindowfixture.h"

#include "network/engine/previewjob.h"
#include "views/test/testpanel.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestFirstMinutes : public MainWindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void theEndpointFormShowsPaginationWithoutScrolling();
    void emptyTablesTakeOneLineAndGrowWithTheirRows();
    void theTestDockOpensTallEnoughAndKeepsItsHeight();
    void anEmptyWorkspaceOffersThreeWaysIn();
    void aDroppedSpecFileOpensAsAConnection();
    void startingFromAUrlFillsTheForms_data();
    void startingFromAUrlFillsTheForms();

private:
    // The demo workspace on this test's demo API, at 1280x800, with endpoint `endpoint` of
    // connection `connection` selected in the tree.
    void openDemo(int connection = 0, int endpoint = 0);
    void testEndpoint();
    void openEmptyWorkspace();
    QStringList connectionNames() const;

    DemoApiProcess m_api;
    int m_workspaces = 0;
};

void TestFirstMinutes::initTestCase()
{
    MainWindowFixture::initTestCase();
    DemoServer server;
    QVERIFY2(m_api.start(server.arguments().mid(2)), qPrintable(m_api.errorString())); // on a free port
}

void TestFirstMinutes::init()
{
    MainWindowFixture::init();
    m_window->resize(1280, 800);
    QTest::qWait(50);
}

void TestFirstMinutes::openDemo(int connection, int endpoint)
{
    DemoServer server;
    server.url = m_api.url();
    QVERIFY(m_window->openDemoWorkspace(m_dir.filePath(u"demo-%1.sqlite"_s.arg(++m_workspaces)), server));
    auto *tree = find<QTreeView>(u"connectionTree"_s);
    const QModelIndex parent = tree->model()->index(connection, 0);
    tree->setCurrentIndex(tree->model()->index(endpoint, 0, parent));
    QVERIFY(tree->currentIndex().isValid());
}

void TestFirstMinutes::testEndpoint()
{
    trigger(u"actionTestEndpoint"_s);
    QVERIFY(QTest::qWaitFor([&] { return !m_window->testPanel()->isRunning(); }, 15000));
    QVERIFY2(m_window->testPanel()->result().ok(), qPrintable(m_window->testPanel()->result().error));
}

void TestFirstMinutes::theEndpointFormShowsPaginationWithoutScrolling()
{
    openDemo();
    auto *form = find<QWidget>(u"endpointForm"_s);
    find<QTabWidget>(u"editorTabs"_s)->setCurrentWidget(form);
    auto *scroll = form->findChild<QScrollArea *>();
    QVERIFY(scroll);
    QTest::qWait(50);
    QCOMPARE(scroll->verticalScrollBar()->value(), 0);

    // The section and its style chooser lie inside what the form shows, scrolled to the top.
    auto *pagination = find<QGroupBox>(u"paginationSection"_s);
    const QRect shown = scroll->viewport()->rect();
    const QRect section(pagination->mapTo(scroll->viewport(), QPoint(0, 0)), pagination->size());
    QVERIFY2(shown.contains(section.topLeft()),
             qPrintable(u"pagination starts at y %1 of %2"_s.arg(section.top()).arg(shown.height())));
    auto *style = pagination->findChild<QWidget *>(u"paginationKind"_s);
    QVERIFY(style);
    const QRect styleRect(style->mapTo(scroll->viewport(), QPoint(0, 0)), style->size());
    QVERIFY2(shown.contains(styleRect),
             qPrintable(u"the style chooser ends at y %1 of %2"_s.arg(styleRect.bottom()).arg(shown.height())));
}

void TestFirstMinutes::emptyTablesTakeOneLineAndGrowWithTheirRows()
{
    openDemo();
    auto *table = find<QTableView>(u"endpointParameters"_s);
    auto *add = find<QPushButton>(u"endpointParametersAdd"_s);
    auto *empty = find<QLabel>(u"endpointParametersEmpty"_s);
    QVERIFY(!table->isVisible());
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->text(), u"No query parameters"_s);
    QVERIFY(!find<QPushButton>(u"endpointParametersRemove"_s)->isVisible());
    const int oneLine = table->parentWidget()->height();
    QVERIFY2(oneLine <= add->sizeHint().height() + 4, qPrintable(QString::number(oneLine)));

    QTest::mouseClick(add, Qt::LeftButton);
    QVERIFY(table->isVisible());
    QVERIFY(!empty->isVisible());
    QCOMPARE(table->model()->rowCount(), 1);
    QTest::qWait(20);
    const int oneRow = table->height();
    QTest::mouseClick(add, Qt::LeftButton);
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 3);
    QCOMPARE(table->height() - oneRow, 2 * table->verticalHeader()->defaultSectionSize());
    // Every row is shown: nothing to scroll.
    QCOMPARE(table->verticalScrollBar()->maximum(), 0);

    // The added rows are one undoable edit each; undoing them all gives the one line back.
    for (int i = 0; i < 3; ++i)
        trigger(u"actionUndo"_s);
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(!table->isVisible());
    QVERIFY(empty->isVisible());
}

void TestFirstMinutes::theTestDockOpensTallEnoughAndKeepsItsHeight()
{
    openDemo();
    auto *dock = find<QDockWidget>(u"testDock"_s);
    QVERIFY(!dock->isVisible());
    testEndpoint();
    QVERIFY(dock->isVisible());
    QTest::qWait(50);
    // Tall enough for the panel and its tabs: the dock holds the panel at or above its minimum.
    TestPanel *panel = m_window->testPanel();
    QVERIFY2(panel->height() >= panel->minimumSizeHint().height(),
             qPrintable(u"%1 < %2"_s.arg(panel->height()).arg(panel->minimumSizeHint().height())));
    QVERIFY2(dock->height() >= m_window->height() / 3, qPrintable(QString::number(dock->height())));

    // The user makes it shorter, closes it, tests again: it opens at that height.
    const int opened = dock->height();
    m_window->resizeDocks({dock}, {opened - 60}, Qt::Vertical);
    QTest::qWait(50);
    const int chosen = dock->height();
    QVERIFY2(chosen < opened, qPrintable(u"%1 then %2"_s.arg(opened).arg(chosen)));
    dock->close();
    QVERIFY(!dock->isVisible());
    testEndpoint();
    QTest::qWait(50);
    QCOMPARE(dock->height(), chosen);

    // And in the next session, closed when the window closes (its height is not in the dock state then).
    dock->close();
    m_window->close();
    m_window = std::make_unique<MainWindow>();
    m_window->setUnsavedPrompt([](QWidget *) { return QMessageBox::Discard; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    openDemo();
    auto *again = find<QDockWidget>(u"testDock"_s);
    if (!again->isVisible())
        testEndpoint();
    QTest::qWait(50);
    QCOMPARE(again->height(), chosen);
}

void TestFirstMinutes::openEmptyWorkspace()
{
    QString error;
    QVERIFY2(m_window->openWorkspace(m_dir.filePath(u"empty-%1.sqlite"_s.arg(++m_workspaces)), &error),
             qPrintable(error));
}

QStringList TestFirstMinutes::connectionNames() const
{
    QStringList names;
    const QAbstractItemModel *model = find<QTreeView>(u"connectionTree"_s)->model();
    for (int row = 0; row < model->rowCount(); ++row)
        names.append(model->index(row, 0).data().toString());
    return names;
}

void TestFirstMinutes::anEmptyWorkspaceOffersThreeWaysIn()
{
    openEmptyWorkspace();
    auto *welcome = find<QWidget>(u"welcomePage"_s);
    QVERIFY(welcome->isVisible());
    QVERIFY(!find<QTabWidget>(u"editorTabs"_s)->isVisible());
    QVERIFY(find<QPushButton>(u"welcomeImportButton"_s)->isEnabled());
    // The start button waits for a URL; a URL that is not http says what to paste.
    auto *start = find<QPushButton>(u"welcomeStartButton"_s);
    QVERIFY(!start->isEnabled());
    type(u"welcomeUrl"_s, u"ftp://example.com/items"_s);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY2(find<QLabel>(u"welcomeMessage"_s)->text().startsWith(u"That is not an http or https URL"_s),
             qPrintable(find<QLabel>(u"welcomeMessage"_s)->text()));
    QVERIFY(connectionNames().isEmpty());

    // Without a way to start the demo API the demo button says so; with one, it opens the demo.
    auto *demo = find<QPushButton>(u"welcomeDemoButton"_s);
    QVERIFY(!demo->isEnabled());
    int opened = 0;
    m_window->setDemoOpener([this, &opened] {
        ++opened;
        DemoServer server;
        server.url = m_api.url();
        QVERIFY(m_window->openDemoWorkspace(m_dir.filePath(u"demo-%1.sqlite"_s.arg(++m_workspaces)), server));
    });
    QVERIFY(demo->isEnabled());
    QTest::mouseClick(demo, Qt::LeftButton);
    QCOMPARE(opened, 1);
    QVERIFY(connectionNames().contains(u"Analytics API (demo)"_s));
    QVERIFY(!welcome->isVisible());
    QVERIFY(find<QTabWidget>(u"editorTabs"_s)->isVisible());
}

void TestFirstMinutes::aDroppedSpecFileOpensAsAConnection()
{
    openEmptyWorkspace();
    const QString file = QStringLiteral(BACKFILL_TEST_DATA "/github_like.yaml");
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(file)});
    const QPoint at = m_window->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &drop);
    QVERIFY(drop.isAccepted());
    QCOMPARE(connectionNames(), QStringList{u"github_like *"_s}); // new, not saved yet
    QVERIFY(!find<QWidget>(u"welcomePage"_s)->isVisible());
    // Its endpoint is selected, in the form.
    QCOMPARE(find<QLineEdit>(u"endpointName"_s)->text(), u"issues"_s);
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(u"Opened github_like.yaml as a connection"_s),
             qPrintable(m_window->statusBar()->currentMessage()));

    // Anything but spec files is refused at the door.
    QMimeData other;
    other.setUrls({QUrl::fromLocalFile(QStringLiteral(BACKFILL_TEST_DATA "/../CMakeLists.txt"))});
    QDragEnterEvent refused(at, Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QApplication::sendEvent(m_window.get(), &refused);
    QVERIFY(!refused.isAccepted());
}

void TestFirstMinutes::startingFromAUrlFillsTheForms_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("style");
    QTest::addColumn<QString>("records");
    QTest::newRow("Link header") << u"/paged/link?per_page=20"_s << u"Link header"_s << u"[]"_s;
    QTest::newRow("cursor") << u"/paged/cursor?limit=20"_s << u"Cursor from the body"_s << u"data[]"_s;
}

void TestFirstMinutes::startingFromAUrlFillsTheForms()
{
    QFETCH(QString, path);
    QFETCH(QString, style);
    QFETCH(QString, records);

    openEmptyWorkspace();
    type(u"welcomeUrl"_s, m_api.url(path).toString());
    QTest::mouseClick(find<QPushButton>(u"welcomeStartButton"_s), Qt::LeftButton);
    // The first test reads the answer and fills the forms; the second shows the pages as guessed.
    TestPanel *panel = m_window->testPanel();
    QVERIFY(QTest::qWaitFor(
        [&] {
            return !panel->isRunning() && find<QComboBox>(u"paginationKind"_s)->currentText() == style &&
                   panel->result().pages.size() > 1;
        },
        20000));
    QCOMPARE(connectionNames().size(), 1);
    QVERIFY2(connectionNames().constFirst().startsWith(u"API at 127.0.0.1:"_s),
             qPrintable(connectionNames().constFirst()));
    QCOMPARE(find<QComboBox>(u"paginationKind"_s)->currentText(), style);
    QCOMPARE(find<QLineEdit>(u"recordsPath"_s)->text(), records);
    QCOMPARE(find<QLineEdit>(u"primaryKey"_s)->text(), u"id"_s);
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(u"From the first answer: Records: "_s),
             qPrintable(m_window->statusBar()->currentMessage()));
    // The guessed pagination goes on: three pages of 20, more to come.
    const PreviewResult &result = panel->result();
    QCOMPARE(result.pages.size(), 3);
    QCOMPARE(result.records.size(), 60);
    QVERIFY(result.morePages);
    QCOMPARE(result.records.at(20).toObject().value(u"id"_s).toInt(), 21);
    // The fill is one undoable edit.
    trigger(u"actionUndo"_s);
    QCOMPARE(find<QComboBox>(u"paginationKind"_s)->currentText(), u"None (one request)"_s);
}

QTEST_MAIN(TestFirstMinutes)
#include "tst_firstminutes.moc"
