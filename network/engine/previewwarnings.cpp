#include "network/engine/previewwarnings.h"

#include "model/core/translation.h"
#include "model/expression/expressionvalue.h"

#include <QCoreApplication>
#include <QHash>

#include <optional>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// The key of a record as text, or empty when one of its fields is missing or null.
// The record's key as text; none when a field of it is missing or null (as a run sees it: an
// empty text is a key).
std::optional<QString> keyOf(const QJsonObject &record, const QStringList &primaryKey)
{
    QStringList parts;
    for (const QString &field : primaryKey) {
        const QJsonValue value = record.value(field);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        parts.append(ExpressionValue::toText(value));
    }
    return parts.join(u", "_s);
}

} // namespace

QStringList previewWarnings(const PreviewResult &result, const QStringList &primaryKey)
{
    QStringList warnings;
    for (const PreviewPage &page : result.pages) {
        if (page.status > 0 && (page.status < 200 || page.status > 299))
            warnings.append(tr("Page %1 answered HTTP %2.").arg(page.page).arg(page.status));
    }
    for (qsizetype i = 1; i < result.pages.size(); ++i) {
        const PreviewPage &previous = result.pages.at(i - 1);
        const PreviewPage &page = result.pages.at(i);
        if (page.page != previous.page && page.url == previous.url && page.requestBody == previous.requestBody)
            warnings.append(tr("Page %1 requested the same URL as page %2: the pagination does not advance.")
                                .arg(page.page)
                                .arg(previous.page));
    }
    if (!result.pages.isEmpty() && result.pages.constLast().notAdvancing)
        warnings.append(tr("The pagination does not advance: next_state gave the same state again."));
    if (!result.pages.isEmpty() && result.records.isEmpty() && result.ok())
        warnings.append(tr("No records: check the records path against the response."));
    if (primaryKey.isEmpty() || result.records.isEmpty())
        return warnings;

    int missing = 0;
    QHash<QString, int> seen;
    QStringList repeated;
    for (const QJsonValue &value : result.records) {
        const std::optional<QString> key = keyOf(value.toObject(), primaryKey);
        if (!key) {
            ++missing;
            continue;
        }
        if (++seen[*key] == 2)
            repeated.append(*key);
    }
    const QString keyName = primaryKey.join(u", "_s);
    if (missing > 0)
        warnings.append(tr("%1 of %2 records have no primary key (%3); a run fails the partition at the first of them.")
                            .arg(missing)
                            .arg(result.records.size())
                            .arg(keyName));
    if (!repeated.isEmpty())
        warnings.append(
            tr("The primary key (%1) repeats: %2 appears more than once%3.")
                .arg(keyName, repeated.constFirst(),
                     repeated.size() > 1 ? tr(", and %1 other keys too").arg(repeated.size() - 1) : QString()));
    return warnings;
}

} // namespace Backfill
