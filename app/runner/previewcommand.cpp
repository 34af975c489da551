// backfill preview: the test read of one partition: requests, responses, records and the
// state after, with nothing written anywhere.
#include "app/runner/commandsupport.h"
#include "app/runner/console.h"
#include "model/core/durationtext.h"
#include "model/core/secrets.h"
#include "network/engine/previewjob.h"
#include "network/planning/partitionselection.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace Backfill {

using CommandSupport::tr;

namespace {

void printPage(Console &console, const PreviewPage &page, int recordsShown)
{
    console.out(tr("Page %1").arg(page.page));
    console.out(u"> %1 %2"_s.arg(QString::fromLatin1(page.method), page.url));
    for (const auto &[name, value] : page.requestHeaders)
        console.out(u"> %1: %2"_s.arg(QString::fromLatin1(name), QString::fromUtf8(value)));
    if (!page.requestBody.isEmpty())
        console.out(u"> "_s + QString::fromUtf8(page.requestBody));
    console.out(
        page.status > 0
            ? tr("< HTTP %1 (%2 bytes, %3)").arg(page.status).arg(page.bodyBytes).arg(durationText(page.elapsedMs))
            : tr("< no response"));
    for (const auto &[name, value] : page.responseHeaders)
        console.out(u"< %1: %2"_s.arg(QString::fromLatin1(name), QString::fromUtf8(value)));
    if (!page.bodyExcerpt.isEmpty()) {
        QString excerpt = QString::fromUtf8(page.bodyExcerpt);
        if (page.bodyExcerpt.size() < page.bodyBytes)
            excerpt += tr(" ... (%1 more bytes)").arg(page.bodyBytes - page.bodyExcerpt.size());
        console.out(u"< "_s + excerpt);
    }
    console.out(tr("Records: %1").arg(page.records.size()));
    for (qsizetype i = 0; i < page.records.size() && i < recordsShown; ++i)
        console.out(u"  "_s + CommandSupport::jsonText(page.records.at(i)));
    if (page.records.size() > recordsShown)
        console.out(tr("  ... %1 more").arg(page.records.size() - recordsShown));
    console.out(tr("State after: %1").arg(CommandSupport::jsonText(page.stateAfter)));
    if (!page.message.isEmpty())
        console.out(tr("Note: %1").arg(page.message));
    console.out(QString());
}

} // namespace

int previewCommand(const QStringList &arguments)
{
    Console console;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Fetches the first pages of one partition and shows each request (secrets masked), response, the records "
           "extracted and the state after. Nothing is written: no rows, no partition state, no sync state."));
    parser.addPositionalArgument(u"spec"_s, tr("The spec file (YAML)."));
    const QCommandLineOption endpointOption(u"endpoint"_s, tr("The endpoint to preview."), tr("name"));
    const QCommandLineOption partitionOption(
        u"partition"_s, tr("The partition key (default: the first of the default range)."), tr("key"));
    const QCommandLineOption maxPagesOption(u"max-pages"_s, tr("At most this many pages."), tr("n"), u"3"_s);
    const QCommandLineOption maxRecordsOption(u"max-records"_s, tr("At most this many records."), tr("n"), u"100"_s);
    const QCommandLineOption secretsOption(u"secrets"_s, tr("A YAML map of secrets."), tr("file"));
    const QCommandLineOption jsonOption(u"json"_s,
                                        tr("One JSON document with `requests`, `records`, `columns` and `state`."));
    const QCommandLineOption inputOption = CommandSupport::inputOption();
    parser.addOptions(
        {endpointOption, partitionOption, maxPagesOption, maxRecordsOption, secretsOption, inputOption, jsonOption});
    if (const auto exit = CommandSupport::parse(parser, u"preview"_s, arguments, console))
        return *exit;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(endpointOption)) {
        console.err(tr("backfill preview: give one spec file and --endpoint NAME"));
        return ExitUsage;
    }
    PreviewOptions options;
    const auto inputs = CommandSupport::inputs(parser, u"preview"_s, console);
    if (!inputs)
        return ExitUsage;
    options.inputs = *inputs;
    bool pagesOk = false;
    bool recordsOk = false;
    options.maxPages = parser.value(maxPagesOption).toInt(&pagesOk);
    options.maxRecords = parser.value(maxRecordsOption).toInt(&recordsOk);
    if (!pagesOk || !recordsOk || options.maxPages < 1 || options.maxRecords < 1) {
        console.err(tr("backfill preview: --max-pages and --max-records must be whole numbers of 1 or more"));
        return ExitUsage;
    }

    const QString specPath = parser.positionalArguments().constFirst();
    const auto spec = CommandSupport::loadSpec(specPath, console);
    if (!spec)
        return ExitUsage;
    const auto names = CommandSupport::endpointNames(*spec, {parser.value(endpointOption)}, console);
    if (!names)
        return ExitUsage;
    QString error;
    const auto program = EndpointProgram::compile(*spec, names->constFirst(), &error);
    if (!program) {
        console.err(u"%1: %2"_s.arg(specPath, error));
        return ExitUsage;
    }

    Secrets secrets;
    if (parser.isSet(secretsOption) && !secrets.loadFile(parser.value(secretsOption), &error)) {
        console.err(error);
        return ExitUsage;
    }
    console.setSecrets(&secrets);

    const QString key = parser.value(partitionOption);
    const auto selection = selectPartitions(*program, key, {}, program->mode, &error);
    if (!selection) {
        console.err(error);
        return ExitUsage;
    }
    if (selection->plans.partitions.isEmpty()) {
        console.err(key.isEmpty()
                        ? tr("%1: the default range has no partitions; pass --partition KEY").arg(program->name)
                        : tr("%1: no partition \"%2\"").arg(program->name, key));
        return ExitUsage;
    }

    QNetworkAccessManager network;
    PreviewJob job(&network);
    QEventLoop loop;
    PreviewResult result;
    QObject::connect(&job, &PreviewJob::finished, &loop, [&](const PreviewResult &finished) {
        result = finished;
        loop.quit();
    });
    if (!job.start(program, selection->plans.partitions.constFirst(), selection->context, {}, secrets, options,
                   &error)) {
        console.err(error);
        return ExitUsage;
    }
    loop.exec();

    if (parser.isSet(jsonOption)) {
        console.out(CommandSupport::jsonText(result.toJson(), true));
    } else {
        console.out(tr("Preview of %1, partition %2").arg(result.endpoint, result.partition));
        console.out(QString());
        for (const PreviewPage &page : std::as_const(result.pages))
            printPage(console, page, 5);
        QStringList columns;
        for (const PreviewColumn &column : std::as_const(result.columns))
            columns << u"%1 %2"_s.arg(column.name, columnTypeName(column.type));
        console.out(tr("Columns: %1").arg(columns.isEmpty() ? tr("none") : columns.join(u", "_s)));
        console.out(tr("Records: %1 in %2 pages%3")
                        .arg(result.records.size())
                        .arg(result.pages.size())
                        .arg(result.morePages ? tr(" (more pages follow)") : QString()));
        console.out(tr("State after: %1").arg(CommandSupport::jsonText(result.state)));
    }
    if (!result.ok()) {
        console.err(tr("error: %1").arg(result.error));
        return ExitSomeFailed;
    }
    return ExitSuccess;
}

} // namespace Backfill
