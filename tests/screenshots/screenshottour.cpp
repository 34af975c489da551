// screenshot-tour: takes the README's and the AppStream metainfo's screenshots from the real
// application. Run it under Xvfb (tests/screenshots/take.sh): it starts backfill-demo-api,
// opens a fresh demo workspace, walks through the main screens by their objectNames and
// saves each as a PNG of the whole window.
#include "model/memorypolicy.h"
#include "views/mainwindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QProcess>
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

template<typename T>
T *find(QWidget *root, const QString &name)
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
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const QDir out(parser.positionalArguments().constFirst());

    QTemporaryDir home;
    qputenv("XDG_DATA_HOME", home.filePath(u"data"_s).toUtf8());
    qputenv("XDG_CONFIG_HOME", home.filePath(u"config"_s).toUtf8());

    Backfill::MainWindow window;
    window.resize(1280, 800);
    QString error;
    if (!window.openDemoWorkspace(home.filePath(u"demo-workspace.sqlite"_s), &error)) {
        qCritical("screenshot-tour: %s", qUtf8Printable(error));
        return 1;
    }
    window.show();
    window.setGeometry(0, 0, 1280, 800);
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;

    const QList<Scene> scenes = {
        {u"connection-form.png"_s, [&] { return select(&window, 0, -1); }},
        {u"endpoint-form.png"_s, [&] { return select(&window, 0, 0); }},
        {u"yaml-view.png"_s, [&] { return select(&window, 0, 0) && showTab(&window, u"yamlView"_s); }},
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
    return failures == 0 ? 0 : 1;
}
