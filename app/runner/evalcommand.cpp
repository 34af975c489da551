// backfill eval: evaluates an expression or a JMESPath query and prints the result as
// JSON, for spec authors checking what an expression gives (like `jp`).
#include "app/runner/commandsupport.h"
#include "app/runner/console.h"
#include "model/expression/expression.h"
#include "model/jmespath/jmespath.h"

#include <QFile>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Backfill {

using CommandSupport::tr;

namespace {

// "  ^" under the offending character of `text`.
void printCaret(Console &console, const QString &text, int position)
{
    if (position < 0)
        return;
    console.err(u"  "_s + text);
    console.err(u"  "_s + QString(position, u' ') + u'^');
}

int evalJmesPath(Console &console, const QString &expression, const QStringList &inputs)
{
    if (inputs.size() > 1) {
        console.err(tr("backfill eval --jmespath: give at most one input file (or - for stdin)"));
        return ExitUsage;
    }
    const JmesPath query = JmesPath::compile(expression);
    if (!query.isValid()) {
        console.err(tr("jmespath:%1: %2").arg(query.error().position + 1).arg(query.error().message));
        printCaret(console, expression, query.error().position);
        return ExitUsage;
    }
    const QString input = inputs.value(0, u"-"_s);
    QFile file;
    bool opened = false;
    if (input == "-"_L1) {
        opened = file.open(stdin, QIODevice::ReadOnly);
    } else {
        file.setFileName(input);
        opened = file.open(QIODevice::ReadOnly);
    }
    if (!opened) {
        console.err(tr("cannot read %1: %2").arg(input, file.errorString()));
        return ExitUsage;
    }
    QString error;
    const auto data = CommandSupport::parseJson(file.readAll(), &error);
    if (!data) {
        console.err(u"%1: %2"_s.arg(input == "-"_L1 ? tr("stdin") : input, error));
        return ExitUsage;
    }
    JmesPath::Error failure;
    const QJsonValue result = query.search(*data, &failure);
    if (failure.kind != JmesPath::ErrorKind::None) {
        console.err(tr("jmespath: %1").arg(failure.message));
        return ExitSomeFailed;
    }
    console.out(CommandSupport::jsonText(result, true));
    return ExitSuccess;
}

} // namespace

int evalCommand(const QStringList &arguments)
{
    Console console;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Evaluates an expression (`coalesce(state.x, \"2024-01-01\")`, `{state.base_url}/x` templates are not "
           "expressions) with the given state and context, or with --jmespath a JMESPath query over JSON from "
           "a file or stdin, and prints the result as JSON."));
    parser.addPositionalArgument(u"expression"_s, tr("The expression."));
    parser.addPositionalArgument(u"file"_s, tr("With --jmespath: the JSON input, - for stdin (default)."),
                                 u"[file|-]"_s);
    const QCommandLineOption stateOption(u"state"_s, tr("The `state` object, as JSON."), tr("json"));
    const QCommandLineOption contextOption(u"context"_s, tr("The `context` object, as JSON."), tr("json"));
    const QCommandLineOption syncOption(u"sync"_s, tr("The `sync` object, as JSON."), tr("json"));
    const QCommandLineOption jmespathOption(u"jmespath"_s, tr("Evaluate a JMESPath query instead."));
    parser.addOptions({stateOption, contextOption, syncOption, jmespathOption});
    if (const auto exit = CommandSupport::parse(parser, u"eval"_s, arguments, console))
        return *exit;
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        console.err(tr("backfill eval: give an expression"));
        return ExitUsage;
    }
    const QString text = positional.takeFirst();
    if (parser.isSet(jmespathOption))
        return evalJmesPath(console, text, positional);
    if (!positional.isEmpty()) {
        console.err(
            tr("backfill eval: unexpected argument \"%1\" (quote the expression)").arg(positional.constFirst()));
        return ExitUsage;
    }

    ExpressionScope scope;
    const std::pair<const QCommandLineOption *, QString> roots[] = {
        {&stateOption, u"state"_s}, {&contextOption, u"context"_s}, {&syncOption, u"sync"_s}};
    for (const auto &[option, root] : roots) {
        QJsonValue value = QJsonObject();
        if (parser.isSet(*option)) {
            QString error;
            const auto parsed = CommandSupport::parseJson(parser.value(*option).toUtf8(), &error);
            if (!parsed) {
                console.err(u"--%1: %2"_s.arg(option->names().constFirst(), error));
                return ExitUsage;
            }
            value = *parsed;
        }
        scope.roots.insert(root, value);
    }

    const Expression expression = Expression::parse(text);
    if (!expression.isValid()) {
        console.err(tr("expression:%1: %2").arg(expression.error().position + 1).arg(expression.error().message));
        printCaret(console, text, expression.error().position);
        return ExitUsage;
    }
    ExpressionError error;
    const QJsonValue value = expression.evaluate(scope, &error);
    if (!error.message.isEmpty()) {
        console.err(tr("expression: %1").arg(error.message));
        return ExitSomeFailed;
    }
    console.out(CommandSupport::jsonText(value, true));
    return ExitSuccess;
}

} // namespace Backfill
