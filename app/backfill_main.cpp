// backfill: the headless runner for exported specs. Parses the subcommand and hands the
// rest of the command line to it (app/runner/).
#include "app/runner/commandsupport.h"
#include "backfillversion.h"
#include "model/core/memorypolicy.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

QString usage()
{
    return QCoreApplication::translate(
        "Backfill", "Usage: backfill <command> [options]\n"
                    "Run Backfill Studio specs headless: validate, plan, run, status.\n"
                    "\n"
                    "Commands:\n"
                    "  validate SPEC...       check spec files (FILE:LINE:COL: message)\n"
                    "  plan SPEC              the partitions a run would run, with an estimate\n"
                    "  run SPEC               run partitions into the workspace (or run --replication FILE)\n"
                    "  status                 partitions by status, failures, flags, the last runs\n"
                    "  check                  partitions that look incomplete; exit 1 when any\n"
                    "  preview SPEC           fetch one partition's first pages, write nothing\n"
                    "  eval EXPR              evaluate an expression (or --jmespath EXPR [FILE|-])\n"
                    "\n"
                    "Options:\n"
                    "  -h, --help             Displays help on commandline options.\n"
                    "  -v, --version          Displays version information.\n"
                    "\n"
                    "`backfill <command> --help` describes each command.\n"
                    "Exit codes: 0 success, 1 some partitions failed, 2 usage or spec error,\n"
                    "3 target or workspace error, 130 interrupted.\n");
}

void print(std::FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
    std::fflush(stream);
}

} // namespace

int main(int argc, char *argv[])
{
    Backfill::keepMemoryFlat();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("backfill"));
    QCoreApplication::setOrganizationName(QStringLiteral("Backfill Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BACKFILL_VERSION));

    // The libraries' debug and info lines are for developers; QT_LOGGING_RULES still wins.
    QLoggingCategory::setFilterRules(u"backfill.*.debug=false\nbackfill.*.info=false"_s);

    QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    if (command == "--version"_L1 || command == "-v"_L1) {
        print(stdout, u"backfill "_s + QCoreApplication::applicationVersion() + u'\n');
        return 0;
    }
    if (command.isEmpty() || command == "--help"_L1 || command == "-h"_L1 || command == "help"_L1) {
        print(command.isEmpty() ? stderr : stdout, usage());
        return command.isEmpty() ? Backfill::ExitUsage : 0;
    }

    using Command = int (*)(const QStringList &);
    const std::pair<QLatin1StringView, Command> commands[] = {
        {"validate"_L1, Backfill::validateCommand}, {"plan"_L1, Backfill::planCommand},
        {"run"_L1, Backfill::runCommand},           {"status"_L1, Backfill::statusCommand},
        {"preview"_L1, Backfill::previewCommand},   {"eval"_L1, Backfill::evalCommand},
        {"check"_L1, Backfill::checkCommand},
    };
    arguments.removeAt(1); // the subcommand sees "backfill" and its own options
    for (const auto &[name, run] : commands) {
        if (command == name)
            return run(arguments);
    }
    print(stderr,
          QCoreApplication::translate("Backfill", "backfill: unknown command \"%1\"\n\n").arg(command) + usage());
    return Backfill::ExitUsage;
}
