// backfill-studio: the desktop application.
#include "backfillversion.h"
#include "views/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Backfill Studio"));
    QApplication::setOrganizationName(QStringLiteral("Backfill Studio"));
    QApplication::setApplicationVersion(QStringLiteral(BACKFILL_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(BACKFILL_APP_ID));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Backfill historical data from REST APIs into a database."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QApplication::translate("main", "Open the demo workspace."));
    parser.addOption(demoOption);
    parser.process(app);

    Backfill::MainWindow window;
    window.show();
    return QApplication::exec();
}
