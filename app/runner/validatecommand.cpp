// backfill validate: checks spec files; every problem as FILE:LINE:COL: message.
#include "app/runner/commandsupport.h"
#include "app/runner/console.h"
#include "model/spec/specloader.h"
#include "network/planning/endpointprogram.h"

#include <QCoreApplication>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Backfill {

using CommandSupport::tr;

int validateCommand(const QStringList &arguments)
{
    Console console;
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Checks spec files. Exit code 0 when all are valid; otherwise 2, with one "
                                        "line per problem on stderr: FILE:LINE:COL: message."));
    parser.addPositionalArgument(u"spec"_s, tr("Spec files (YAML)."), u"spec..."_s);
    if (const auto exit = CommandSupport::parse(parser, u"validate"_s, arguments, console))
        return *exit;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        console.err(tr("backfill validate: give one or more spec files"));
        return ExitUsage;
    }
    bool valid = true;
    for (const QString &file : files) {
        if (!QFileInfo::exists(file)) {
            console.err(tr("%1:0:0: no such file").arg(file));
            valid = false;
            continue;
        }
        const SpecLoadResult result = SpecLoader::loadFile(file);
        for (const SpecProblem &problem : result.problems)
            console.err(problem.toString());
        bool fileValid = !result.hasErrors();
        // What the loader accepts must also compile for a run.
        if (fileValid) {
            for (const Endpoint &endpoint : result.spec.endpoints) {
                QString error;
                if (!EndpointProgram::compile(result.spec, endpoint.name, &error)) {
                    const SourcePosition at = endpoint.source.at(QString());
                    console.err(u"%1:%2:%3: %4"_s.arg(file).arg(at.line).arg(at.column).arg(error));
                    fileValid = false;
                }
            }
        }
        if (fileValid)
            console.out(QCoreApplication::translate("Backfill", "%1: valid (%n endpoint(s))", nullptr,
                                                    int(result.spec.endpoints.size()))
                            .arg(file));
        valid = valid && fileValid;
    }
    return valid ? ExitSuccess : ExitUsage;
}

} // namespace Backfill
