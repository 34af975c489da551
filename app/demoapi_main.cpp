// backfill-demo-api: a local HTTP API for the demo, the tests and the benchmarks.
#include "app/demoapi/options.h"
#include "app/demoapi/server.h"
#include "backfillversion.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("backfill-demo-api"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BACKFILL_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "A local API for demos, tests and benchmarks. GET / on the running server lists the endpoints, "
                "the fault scheme and the options."));
    parser.addHelpOption();
    parser.addVersionOption();
    Backfill::DemoApi::addOptions(parser);
    parser.process(app);

    Backfill::DemoApi::Options options;
    if (const QString error = Backfill::DemoApi::readOptions(parser, options); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    Backfill::DemoApi::Server server(options);
    if (!server.listenLocal(options.port)) {
        std::fprintf(
            stderr, "%s\n",
            qPrintable(QCoreApplication::translate("main", "Cannot listen on 127.0.0.1:%1").arg(options.port)));
        return 1;
    }
    // Tests read the first line to learn the port; flush at once.
    std::printf("%s\n", server.baseUrl().constData());
    std::fflush(stdout);
    return app.exec();
}
