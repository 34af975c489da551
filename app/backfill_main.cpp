// backfill: the headless runner for exported specs.
#include "backfillversion.h"

#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("backfill"));
    QCoreApplication::setOrganizationName(QStringLiteral("Backfill Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BACKFILL_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Run Backfill Studio specs headless: validate, plan, run, status."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    return 0;
}
