#pragma once

#include "model/spec/spec.h"
#include "model/workspace/partitionledger.h"
#include "network/planning/streamselection.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace Backfill {

class Console;

// The runner's exit codes, as the README documents them.
enum ExitCode : int {
    ExitSuccess = 0,      // every selected partition succeeded (or nothing was selected)
    ExitSomeFailed = 1,   // some partitions (or the preview's request) failed
    ExitUsage = 2,        // a usage, spec, range or secrets error: nothing was run
    ExitTarget = 3,       // the target or the workspace cannot be used
    ExitInterrupted = 130 // SIGINT or SIGTERM: stopped gracefully, resumable
};

// What every subcommand shares: a QCommandLineParser of its own with --help, the
// translation context, and the helpers to load specs and open the workspace.
namespace CommandSupport {

QString tr(const char *text);

// Parses `arguments` (the subcommand's, program name first). Returns the exit code to
// stop with (0 after --help, 2 on a usage error, having printed why), or nullopt to go on.
std::optional<int> parse(QCommandLineParser &parser, const QString &command, const QStringList &arguments,
                         Console &console);

// Loads and validates a spec; prints every problem as FILE:LINE:COL: message.
std::optional<ApiSpec> loadSpec(const QString &path, Console &console);

// The workspace file: --db, or workspace.sqlite in the user's data directory (not created).
QString workspacePath(const QString &option);

std::optional<PartitionLedger::Order> orderFromName(const QString &name);

// The endpoints named by --endpoint (all enabled ones when none); nullopt after printing
// which name the spec does not have.
std::optional<QStringList> endpointNames(const ApiSpec &spec, const QStringList &requested, Console &console);

// --input NAME=VALUE (repeatable), what a spec reads as inputs.NAME; nullopt after printing
// which one is not NAME=VALUE. Values are text, as typed.
QCommandLineOption inputOption();
std::optional<QJsonObject> inputs(const QCommandLineParser &parser, const QString &command, Console &console);

// JSON text of any value (QJsonDocument takes only objects and arrays).
QString jsonText(const QJsonValue &value, bool indented = false);
// A JSON object or array given on the command line; nullopt with `error` when it is not one.
std::optional<QJsonValue> parseJson(const QByteArray &text, QString *error);

// --mode and --lookback, which `run` and `plan` share.
struct ModeOptions
{
    QCommandLineOption mode;
    QCommandLineOption lookback;
};
ModeOptions modeOptions();
// Puts --mode (which then wins over the spec's overrides.mode) and --lookback into every
// request; false after printing a usage error.
bool applyModeOptions(const QCommandLineParser &parser, const ModeOptions &options, const QString &command,
                      QList<StreamRequest> &requests, Console &console);

} // namespace CommandSupport

int validateCommand(const QStringList &arguments);
int planCommand(const QStringList &arguments);
int runCommand(const QStringList &arguments);
int statusCommand(const QStringList &arguments);
int checkCommand(const QStringList &arguments);
int previewCommand(const QStringList &arguments);
int evalCommand(const QStringList &arguments);

} // namespace Backfill
