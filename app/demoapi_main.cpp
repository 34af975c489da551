// backfill-demo-api: a local HTTP API for the demo, the tests and the benchmarks.
#include "backfillversion.h"

#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("backfill-demo-api"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BACKFILL_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "A local API for demos, tests and benchmarks."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    return 0;
}
