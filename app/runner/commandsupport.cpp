#include "app/runner/commandsupport.h"

#include "app/runner/console.h"
#include "model/spec/specloader.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Backfill::CommandSupport {

QString tr(const char *text)
{
    return QCoreApplication::translate("Backfill", text);
}

std::optional<int> parse(QCommandLineParser &parser, const QString &command, const QStringList &arguments,
                         Console &console)
{
    const QCommandLineOption help = parser.addHelpOption();
    if (!parser.parse(arguments)) {
        console.err(u"backfill %1: %2"_s.arg(command, parser.errorText()));
        console.err(tr("Try `backfill %1 --help`.").arg(command));
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        // The usage line names the subcommand: "Usage: backfill run [options] spec".
        QString text = parser.helpText();
        const QString program = QCoreApplication::arguments().value(0);
        const QString usage = u"Usage: "_s + program + u' ';
        if (text.startsWith(usage))
            text = u"Usage: backfill "_s + command + u' ' + text.mid(usage.size());
        console.out(text.trimmed());
        return ExitSuccess;
    }
    return std::nullopt;
}

std::optional<ApiSpec> loadSpec(const QString &path, Console &console)
{
    if (!QFileInfo::exists(path)) {
        console.err(tr("%1: no such file").arg(path));
        return std::nullopt;
    }
    const SpecLoadResult result = SpecLoader::loadFile(path);
    for (const SpecProblem &problem : result.problems)
        console.err(problem.toString());
    if (result.hasErrors())
        return std::nullopt;
    return result.spec;
}

QString workspacePath(const QString &option)
{
    if (!option.isEmpty())
        return QFileInfo(option).absoluteFilePath();
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/workspace.sqlite"_s;
}

std::optional<PartitionLedger::Order> orderFromName(const QString &name)
{
    if (name.isEmpty() || name == "oldest"_L1)
        return PartitionLedger::Order::Oldest;
    if (name == "newest"_L1)
        return PartitionLedger::Order::Newest;
    if (name == "failed-first"_L1)
        return PartitionLedger::Order::FailedFirst;
    return std::nullopt;
}

std::optional<QStringList> endpointNames(const ApiSpec &spec, const QStringList &requested, Console &console)
{
    QStringList names;
    if (requested.isEmpty()) {
        for (const Endpoint &endpoint : spec.endpoints) {
            const auto resolved = spec.resolvedEndpoint(endpoint.name);
            if (!resolved || !resolved->disabled.value_or(false))
                names << endpoint.name;
        }
        return names;
    }
    for (const QString &name : requested) {
        if (!spec.endpoint(name)) {
            QStringList known;
            for (const Endpoint &endpoint : spec.endpoints)
                known << endpoint.name;
            console.err(tr("%1 has no endpoint \"%2\" (it has: %3)").arg(spec.fileName, name, known.join(u", "_s)));
            return std::nullopt;
        }
        if (!names.contains(name))
            names << name;
    }
    return names;
}

QCommandLineOption inputOption()
{
    return QCommandLineOption(u"input"_s, tr("A value the spec reads as inputs.NAME (repeatable)."), tr("name=value"));
}

std::optional<QJsonObject> inputs(const QCommandLineParser &parser, const QString &command, Console &console)
{
    QJsonObject result;
    for (const QString &given : parser.values(u"input"_s)) {
        const qsizetype equals = given.indexOf(u'=');
        const QString name = given.left(equals).trimmed();
        if (equals <= 0 || name.isEmpty()) {
            console.err(tr("backfill %1: --input takes NAME=VALUE, not \"%2\"").arg(command, given));
            return std::nullopt;
        }
        result.insert(name, given.mid(equals + 1));
    }
    return result;
}

QString jsonText(const QJsonValue &value, bool indented)
{
    const auto format = indented ? QJsonDocument::Indented : QJsonDocument::Compact;
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(format)).trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(format)).trimmed();
    if (value.isUndefined())
        return u"null"_s;
    // A scalar: write it inside an array and take the brackets off.
    const QString text = QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    return text.mid(1, text.size() - 2);
}

std::optional<QJsonValue> parseJson(const QByteArray &text, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("invalid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString());
        return std::nullopt;
    }
    if (document.isArray())
        return QJsonValue(document.array());
    return QJsonValue(document.object());
}
ModeOptions modeOptions()
{
    return {QCommandLineOption(u"mode"_s,
                               tr("full-refresh (every selected partition again; the table then holds just them), "
                                  "incremental (after the last done partition, plus the --lookback ones again) or "
                                  "backfill (exactly --range). Wins over the spec's overrides.mode and the "
                                  "replication's mode."),
                               tr("mode")),
            QCommandLineOption(u"lookback"_s,
                               tr("Incremental runs: fetch the last N done partitions again (data that changes late)."),
                               tr("n"))};
}

bool applyModeOptions(const QCommandLineParser &parser, const ModeOptions &options, const QString &command,
                      QList<StreamRequest> &requests, Console &console)
{
    const QString mode = parser.value(options.mode);
    if (!runModeFromName(mode)) {
        console.err(tr("backfill %1: --mode must be full-refresh, incremental or backfill").arg(command));
        return false;
    }
    int lookback = 0;
    if (parser.isSet(options.lookback)) {
        bool ok = false;
        lookback = parser.value(options.lookback).toInt(&ok);
        if (!ok || lookback < 0) {
            console.err(tr("backfill %1: --lookback must be a whole number of partitions (0 or more)").arg(command));
            return false;
        }
    }
    for (StreamRequest &request : requests) {
        if (parser.isSet(options.mode)) {
            request.mode = mode;
            request.modeWins = true;
        }
        request.lookback = lookback;
    }
    return true;
}

} // namespace Backfill::CommandSupport
