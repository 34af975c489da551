// screenshot-tour: takes the README's and the AppStream metainfo's screenshots from the real
// application. Run it under Xvfb (tests/screenshots/take.sh): it starts backfill-demo-api,
// opens a fresh demo workspace, walks through the main screens by their objectNames and
// saves each as a PNG of the whole window.
#include "model/core/memorypolicy.h"
#include "views/mainwindow/mainwindow.h"
#include "views/run/runcontroller.h"
#include "views/test/testpanel.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QLineEdit>
#include <QProcess>
#include <QScrollArea>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

struct Scene
{
    QString file;                          // name of the PNG
    std::function<bool()> prepare;         // navigates there; false when the screen is missing
    std::function<bool()> ready = nullptr; // polled until true (or a timeout) before the grab
};

template <typename T> T *find(QWidget *root, const QString &name)
{
    T *widget = root->findChild<T *>(name);
    if (!widget)
        qWarning("screenshot-tour: no %s named %s", T::staticMetaObject.className(), qUtf8Printable(name));
    return widget;
}

// Shows the tab that holds `name` (any widget inside the editor tabs).
bool showTab(QWidget *root, const QString &name)
{
    auto *tabs = find<QTabWidget>(root, u"editorTabs"_s);
    auto *page = find<QWidget>(root, name);
    if (!tabs || !page)
        return false;
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->widget(i) == page || tabs->widget(i)->isAncestorOf(page)) {
            tabs->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

// Selects the connection `connection` (row) and, when `endpoint` >= 0, its endpoint.
bool select(QWidget *root, int connection, int endpoint)
{
    auto *tree = find<QTreeView>(root, u"connectionTree"_s);
    if (!tree || !tree->model())
        return false;
    QModelIndex index = tree->model()->index(connection, 0);
    if (endpoint >= 0) {
        tree->expand(index);
        index = tree->model()->index(endpoint, 0, index);
    }
    if (!index.isValid())
        return false;
    tree->setCurrentIndex(index);
    return true;
}

bool click(QWidget *root, const QString &name)
{
    auto *button = find<QAbstractButton>(root, name);
    if (!button)
        return false;
    button->click();
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    Backfill::keepMemoryFlat();
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"Backfill Studio"_s);
    QApplication::setOrganizationName(u"Backfill Studio"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Saves screenshots of Backfill Studio's main screens."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"folder"_s, u"Where the PNG files go."_s);
    const QCommandLineOption sizeOption(u"size"_s, u"The window's size, WIDTHxHEIGHT (default 1280x800)."_s, u"size"_s,
                                        u"1280x800"_s);
    parser.addOption(sizeOption);
    parser.process(app);
    const QStringList size = parser.value(sizeOption).split(u'x');
    if (parser.positionalArguments().size() != 1 || size.size() != 2 || size.at(0).toInt() < 640 ||
        size.at(1).toInt() < 480)
        parser.showHelp(2);
    const int width = size.at(0).toInt();
    const int height = size.at(1).toInt();
    const QDir out(parser.positionalArguments().constFirst());

    QTemporaryDir home;
    qputenv("XDG_DATA_HOME", home.filePath(u"data"_s).toUtf8());
    qputenv("XDG_CONFIG_HOME", home.filePath(u"config"_s).toUtf8());
    // The demo API as the studio starts it for the demo workspace (which then sets its secrets).
    const Backfill::DemoServer server;
    QProcess api;
    api.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    api.start(QStringLiteral(BACKFILL_BIN_DIR "/backfill-demo-api"), server.arguments());
    if (!api.waitForStarted(5000) || !api.waitForReadyRead(5000)) {
        qCritical("screenshot-tour: backfill-demo-api did not start on port 8765");
        return 1;
    }

    // First an empty workspace, as a new user who skips the demo meets it; the demo after.
    Backfill::MainWindow window;
    window.resize(width, height);
    QString error;
    if (!window.openWorkspace(home.filePath(u"empty-workspace.sqlite"_s), &error)) {
        qCritical("screenshot-tour: %s", qUtf8Printable(error));
        return 1;
    }
    window.setDemoOpener([] {}); // the button as the studio shows it
    window.show();
    window.setGeometry(0, 0, width, height);
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;

    Backfill::RunController *runs = window.runController();
    const auto typeRange = [&](const QString &range) {
        auto *edit = find<QLineEdit>(&window, u"rangeEdit"_s);
        if (!edit)
            return false;
        edit->selectAll();
        QTest::keyClicks(edit, range); // typed, as a user would: the calendar follows the text
        QTest::qWait(300);             // the plan is recomputed after a pause in typing
        return true;
    };
    const auto selectFirstRow = [&](const QString &view) {
        auto *list = find<QAbstractItemView>(&window, view);
        if (!list || !list->model() || list->model()->rowCount() == 0)
            return false;
        list->setCurrentIndex(list->model()->index(0, 0));
        return true;
    };
    const auto pagination = [&] {
        auto *kind = find<QComboBox>(&window, u"paginationKind"_s);
        return kind ? kind->currentText() : QString();
    };
    const QList<Scene> scenes = {
        {u"welcome.png"_s, [&] { return find<QWidget>(&window, u"welcomePage"_s) != nullptr; }},
        // Start from a URL: the demo's Link-header list; its first answer fills the forms.
        {u"start-from-url.png"_s,
         [&] {
             auto *url = find<QLineEdit>(&window, u"welcomeUrl"_s);
             if (!url)
                 return false;
             QTest::keyClicks(url, server.url.toString() + u"/paged/link?per_page=20"_s);
             return click(&window, u"welcomeStartButton"_s);
         },
         [&] {
             if (window.testPanel()->isRunning() || window.testPanel()->result().pages.size() < 2 ||
                 pagination() != u"Link header"_s)
                 return false;
             // Down to what was guessed: the pagination and the records.
             auto *section = find<QWidget>(&window, u"paginationSection"_s);
             if (auto *scroll = section
                                    ? qobject_cast<QScrollArea *>(
                                          window.findChild<QWidget *>(u"endpointForm"_s)->findChild<QScrollArea *>())
                                    : nullptr)
                 scroll->ensureWidgetVisible(section, 0, 0);
             return true;
         }},
        {u"connection-form.png"_s,
         [&] {
             if (auto *dock = find<QDockWidget>(&window, u"testDock"_s))
                 dock->hide();
             QString demoError;
             if (!window.openDemoWorkspace(home.filePath(u"demo-workspace.sqlite"_s), server, &demoError)) {
                 qWarning("screenshot-tour: %s", qUtf8Printable(demoError));
                 return false;
             }
             return select(&window, 0, -1);
         }},
        {u"endpoint-form.png"_s, [&] { return select(&window, 0, 0) && showTab(&window, u"endpointForm"_s); }},
        {u"test-panel.png"_s, [&] { return click(&window, u"testRunButton"_s); },
         [&] { return !window.testPanel()->result().records.isEmpty(); }},
        {u"yaml-view.png"_s,
         [&] {
             if (auto *dock = find<QDockWidget>(&window, u"testDock"_s))
                 dock->hide();
             return showTab(&window, u"yamlView"_s);
         }},
        // Half a year of days at the spec's 20 requests/s: about nine seconds of run.
        {u"run-in-progress.png"_s,
         [&] {
             return showTab(&window, u"calendarPanel"_s) && typeRange(u"2026-05-01,2026-10-31"_s) &&
                    click(&window, u"launchButton"_s) && QTest::qWaitFor([&] { return runs->isRunning(); }, 10000);
         },
         [&] {
             QTest::qWait(5000);
             return true;
         }},
        {u"calendar-month.png"_s,
         [&] {
             if (!QTest::qWaitFor([&] { return !runs->isRunning(); }, 60000))
                 return false;
             return showTab(&window, u"calendarPanel"_s) && click(&window, u"monthViewButton"_s) &&
                    typeRange(u"2026-10-05,2026-10-18"_s);
         }},
        {u"calendar-year.png"_s, [&] { return click(&window, u"yearViewButton"_s); }},
        {u"data-browser.png"_s, [&] { return showTab(&window, u"dataBrowser"_s) && selectFirstRow(u"tableList"_s); }},
        {u"run-history.png"_s, [&] { return showTab(&window, u"historyPanel"_s); }},
    };
    int failures = 0;
    for (const Scene &scene : scenes) {
        if (!scene.prepare()) {
            ++failures;
            continue;
        }
        if (scene.ready && !QTest::qWaitFor(scene.ready, 60000))
            qWarning("screenshot-tour: %s did not get ready; taken anyway", qUtf8Printable(scene.file));
        QTest::qWait(400); // let layouts and charts settle
        if (!window.grab().save(out.filePath(scene.file))) {
            qWarning("screenshot-tour: could not write %s", qUtf8Printable(out.filePath(scene.file)));
            ++failures;
        }
    }
    api.terminate();
    api.waitForFinished(3000);
    return failures == 0 ? 0 : 1;
}
