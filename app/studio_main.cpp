// backfill-studio: the desktop application.
#include "backfillversion.h"
#include "model/core/memorypolicy.h"
#include "views/mainwindow/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

using namespace Qt::StringLiterals;

namespace {

QString demoWorkspacePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(u"demo-workspace.sqlite"_s);
}

// The demo API ships next to the application; started for the demo workspace, stopped on exit.
void startDemoApi(QProcess &process, const Backfill::DemoServer &server)
{
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(u"backfill-demo-api"_s);
    if (!QFileInfo(program).isExecutable()) {
        qWarning("backfill-demo-api not found next to the application: %s", qUtf8Printable(program));
        return;
    }
#ifdef Q_OS_LINUX
    // Killed with the application even when it does not get to quit normally.
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.start(program, server.arguments());
    if (!process.waitForStarted(5000))
        qWarning("Could not start %s: %s", qUtf8Printable(program), qUtf8Printable(process.errorString()));
}

} // namespace

int main(int argc, char *argv[])
{
    Backfill::keepMemoryFlat();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Backfill Studio"));
    QApplication::setOrganizationName(QStringLiteral("Backfill Studio"));
    QApplication::setApplicationVersion(QStringLiteral(BACKFILL_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(BACKFILL_APP_ID));
    // The installed hicolor icons (packaging/), for window managers that take the icon from the window.
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral(BACKFILL_APP_ID)));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Backfill historical data from REST APIs into a database."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), QApplication::translate("main", "Open the demo workspace and start the demo API."));
    parser.addOption(demoOption);
    // For the documentation: the real window, as the desktop shows it, saved as a PNG.
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Save a picture of the window to <file> once it is shown, then quit."),
        QStringLiteral("file"));
    parser.addOption(screenshotOption);
    parser.addPositionalArgument(u"workspace"_s, QApplication::translate("main", "The workspace file to open."),
                                 u"[workspace]"_s);
    parser.process(app);

    QProcess demoApi;
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &demoApi, [&demoApi] {
        if (demoApi.state() == QProcess::NotRunning)
            return;
        demoApi.terminate();
        if (!demoApi.waitForFinished(3000))
            demoApi.kill();
        demoApi.waitForFinished(1000);
    });

    Backfill::MainWindow window;
    QString error;
    const QString last = Backfill::MainWindow::lastWorkspace();
    bool opened = false;
    const Backfill::DemoServer demoServer;
    // The welcome page's and the File menu's "open the demo": its API first, once.
    window.setDemoOpener([&window, &demoApi, &demoServer] {
        if (demoApi.state() == QProcess::NotRunning)
            startDemoApi(demoApi, demoServer);
        QString demoError;
        if (!window.openDemoWorkspace(demoWorkspacePath(), demoServer, &demoError))
            QMessageBox::warning(&window, QApplication::translate("main", "Open the Demo"), demoError);
    });
    if (parser.isSet(demoOption)) {
        startDemoApi(demoApi, demoServer);
        opened = window.openDemoWorkspace(demoWorkspacePath(), demoServer, &error);
    } else if (!parser.positionalArguments().isEmpty()) {
        opened = window.openWorkspace(parser.positionalArguments().constFirst(), &error);
    } else if (!last.isEmpty() && QFileInfo::exists(last) && last != demoWorkspacePath()) {
        opened = window.openWorkspace(last, &error);
    } else {
        // First start, or the demo last time: the example specs, run against the demo API.
        startDemoApi(demoApi, demoServer);
        opened = window.openDemoWorkspace(demoWorkspacePath(), demoServer, &error);
    }
    window.show();
    if (parser.isSet(screenshotOption)) {
        QTimer::singleShot(1500, &window, [&window, file = parser.value(screenshotOption)] {
            if (!window.grab().save(file))
                qWarning("Could not save the screenshot to %s", qUtf8Printable(file));
            QApplication::quit();
        });
    }
    if (!opened && !error.isEmpty())
        QMessageBox::warning(&window, QApplication::translate("main", "Open Workspace"), error);
    return QApplication::exec();
}
