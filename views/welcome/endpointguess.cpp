#include "views/welcome/endpointguess.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

#include <optional>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

using Kind = PaginationSettings::Kind;

QString tr(const char *text)
{
    return QCoreApplication::translate("EndpointGuess", text);
}

bool isIdentifier(const QString &key)
{
    static const QRegularExpression identifier(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    return identifier.match(key).hasMatch();
}

// The largest list of objects in `body` within three levels, as a JMESPath ("data[]",
// "result.items[]", "[]" for the body itself); nullopt when there is none.
struct FoundList
{
    QString path;
    QJsonArray items;
};

std::optional<FoundList> largestList(const QJsonValue &value, const QString &path, int depth)
{
    if (value.isArray()) {
        const QJsonArray items = value.toArray();
        if (!items.isEmpty() && !items.first().isObject())
            return std::nullopt;
        return FoundList{path + u"[]"_s, items};
    }
    if (!value.isObject() || depth == 0)
        return std::nullopt;
    std::optional<FoundList> best;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!isIdentifier(it.key()))
            continue;
        const auto found = largestList(*it, path.isEmpty() ? it.key() : path + u'.' + it.key(), depth - 1);
        if (found && (!best || found->items.size() > best->items.size()))
            best = found;
    }
    return best;
}

// A field of every record, scalar and different in each: the records' key.
bool keysEveryRecord(const QJsonArray &records, const QString &field)
{
    QSet<QString> seen;
    for (const QJsonValue &record : records) {
        const QJsonValue value = record.toObject().value(field);
        if (!value.isString() && !value.isDouble())
            return false;
        const QString text = value.isString() ? value.toString() : QString::number(value.toDouble(), 'g', 17);
        if (seen.contains(text))
            return false;
        seen.insert(text);
    }
    return !records.isEmpty();
}

// The records' own id: `id`, `uuid`, `key`, or the resource's id named after the URL's last
// segment (`order_id` for /orders). Another `*_id` unique on one page may be a foreign key
// (`account_id`), and merging on it would lose records.
QStringList primaryKeyOf(const QJsonArray &records, const QUrl &url)
{
    if (records.isEmpty() || !records.first().isObject())
        return {};
    const QStringList fields = records.first().toObject().keys();
    QString resource = url.path().section(u'/', -1, -1, QString::SectionSkipEmpty).toLower();
    resource.replace(u'-', u'_');
    QStringList names{u"id"_s, u"uuid"_s, u"key"_s, resource + u"_id"_s};
    if (resource.endsWith(u's'))
        names.append(resource.chopped(1) + u"_id"_s);
    QStringList candidates;
    for (const QString &name : std::as_const(names)) {
        if (fields.contains(name))
            candidates.append(name);
    }
    for (const QString &field : candidates) {
        if (keysEveryRecord(records, field))
            return {field};
    }
    return {};
}

// Where APIs put their paging fields: the body itself or one of these objects.
const QStringList PagingObjects = {u"links"_s,     u"meta"_s,     u"paging"_s,           u"pagination"_s,
                                   u"page_info"_s, u"pageInfo"_s, u"response_metadata"_s};

// The first of `names` found in the body's paging fields whose value `accept`s, as a dotted path.
template <typename Accept> QString pagingField(const QJsonObject &body, const QStringList &names, Accept accept)
{
    for (const QString &name : names) {
        if (accept(body.value(name)))
            return name;
    }
    for (const QString &object : PagingObjects) {
        const QJsonObject inner = body.value(object).toObject();
        for (const QString &name : names) {
            if (accept(inner.value(name)))
                return object + u'.' + name;
        }
    }
    return {};
}

// Absolute only: a relative next link ("/items?page=2") would not be a URL the next request can use.
bool isUrl(const QJsonValue &value)
{
    const QString text = value.toString();
    return text.startsWith(u"http://"_s) || text.startsWith(u"https://"_s);
}

// The value at a dotted path ("meta.current_page") of the body.
QJsonValue valueAt(const QJsonObject &body, const QString &path)
{
    QJsonValue value = body;
    for (const QString &key : path.split(u'.'))
        value = value.toObject().value(key);
    return value;
}

bool isLinkToNext(const HttpHeaders &headers)
{
    for (const auto &[name, value] : headers) {
        if (name.compare("link", Qt::CaseInsensitive) == 0 && value.contains("rel=\"next\""))
            return true;
    }
    return false;
}

// The query parameter a cursor field is sent back as: next_cursor -> cursor, nextPageToken -> pageToken.
QString cursorParameter(const QString &path)
{
    QString field = path.section(u'.', -1);
    if (field.startsWith(u"next_"_s))
        return field.mid(5);
    if (field.startsWith(u"next"_s) && field.size() > 4 && field.at(4).isUpper())
        return field.at(4).toLower() + field.mid(5);
    return field;
}

const QStringList SizeParameters = {u"per_page"_s, u"page_size"_s, u"pageSize"_s, u"limit"_s, u"size"_s};

// The page size parameter: the one the URL sends, else one the body reports, else `fallback`.
void guessPageSize(PaginationSettings &settings, const QUrlQuery &query, const QJsonObject &body,
                   const QString &fallback, qsizetype records)
{
    settings.sizeParameter = fallback;
    for (const QString &name : SizeParameters) {
        if (query.hasQueryItem(name)) {
            settings.sizeParameter = name;
            settings.pageSize = query.queryItemValue(name).toInt();
            return;
        }
    }
    for (const QString &name : SizeParameters) {
        if (body.value(name).isDouble()) {
            settings.sizeParameter = name;
            settings.pageSize = body.value(name).toInt();
            return;
        }
    }
    if (records > 0)
        settings.pageSize = int(records);
}

PaginationSettings paginationOf(const QUrl &url, const HttpHeaders &headers, const QJsonValue &body,
                                const EndpointGuess &guess, QString *finding)
{
    const QUrlQuery query(url);
    if (isLinkToNext(headers)) {
        *finding = tr("Pagination: a Link header with rel=\"next\": the next page's URL comes from it.");
        return PaginationSettings::defaults(Kind::LinkHeader);
    }
    const QJsonObject object = body.toObject();
    const QString next = pagingField(
        object, {u"next"_s, u"next_url"_s, u"nextUrl"_s, u"next_page_url"_s, u"next_link"_s, u"nextLink"_s}, isUrl);
    if (!next.isEmpty()) {
        PaginationSettings settings = PaginationSettings::defaults(Kind::NextUrl);
        settings.path = next;
        *finding = tr("Pagination: the next page's URL is in the body's %1.").arg(next);
        return settings;
    }
    const QString cursor =
        pagingField(object,
                    {u"next_cursor"_s, u"nextCursor"_s, u"next_page_token"_s, u"nextPageToken"_s, u"next_token"_s,
                     u"nextToken"_s, u"cursor"_s, u"end_cursor"_s, u"endCursor"_s, u"after"_s},
                    [](const QJsonValue &value) { return value.isString(); });
    if (!cursor.isEmpty()) {
        PaginationSettings settings = PaginationSettings::defaults(Kind::Cursor);
        settings.path = cursor;
        settings.parameter = cursorParameter(cursor);
        guessPageSize(settings, query, object, QString(), guess.records);
        *finding = tr("Pagination: a cursor in the body's %1, sent back as %2.").arg(cursor, settings.parameter);
        return settings;
    }
    // has_more without a cursor: Stripe's way, the last record's id sent back as starting_after.
    if (object.value(u"has_more"_s).isBool() && !guess.primaryKey.isEmpty()) {
        PaginationSettings settings = PaginationSettings::defaults(Kind::HasMore);
        settings.path = guess.primaryKey.constFirst();
        guessPageSize(settings, query, object, u"limit"_s, guess.records);
        *finding = tr("Pagination: has_more, with the last record's %1 sent as starting_after.").arg(settings.path);
        return settings;
    }
    const QString total = pagingField(object, {u"total_pages"_s, u"totalPages"_s, u"last_page"_s, u"lastPage"_s},
                                      [](const QJsonValue &value) { return value.isDouble(); });
    const QString page = pagingField(object, {u"page"_s, u"current_page"_s, u"currentPage"_s},
                                     [](const QJsonValue &value) { return value.isDouble(); });
    if (!total.isEmpty() && !page.isEmpty()) {
        PaginationSettings settings = PaginationSettings::defaults(Kind::PageNumber);
        settings.parameter = u"page"_s; // what APIs call the parameter, whatever the body calls the field
        settings.firstPage = query.hasQueryItem(settings.parameter) ? query.queryItemValue(settings.parameter).toInt()
                                                                    : valueAt(object, page).toInt(1);
        settings.pageField = page;
        settings.totalField = total;
        guessPageSize(settings, query, object, u"per_page"_s, guess.records);
        *finding = tr("Pagination: page numbers, until %1 reaches %2.").arg(page, total);
        return settings;
    }
    const QString offset = pagingField(object, {u"offset"_s, u"skip"_s, u"start"_s},
                                       [](const QJsonValue &value) { return value.isDouble(); });
    if (!offset.isEmpty()) {
        PaginationSettings settings = PaginationSettings::defaults(Kind::OffsetLimit);
        settings.parameter = offset.section(u'.', -1);
        settings.totalField = pagingField(object, {u"total"_s, u"total_count"_s, u"totalCount"_s, u"count"_s},
                                          [](const QJsonValue &value) { return value.isDouble(); });
        guessPageSize(settings, query, object, u"limit"_s, guess.records);
        *finding =
            settings.totalField.isEmpty()
                ? tr("Pagination: offset and %1, until a page comes back short.").arg(settings.sizeParameter)
                : tr("Pagination: offset and %1, until %2 records.").arg(settings.sizeParameter, settings.totalField);
        return settings;
    }
    *finding = tr("Pagination: none found (one request); choose a style if the API has more pages.");
    return PaginationSettings::defaults(Kind::None);
}

QJsonValue queryValue(const QString &text)
{
    bool number = false;
    const qlonglong value = text.toLongLong(&number);
    return number ? QJsonValue(value) : QJsonValue(text);
}

} // namespace

EndpointGuess EndpointGuess::fromResponse(const QUrl &url, const HttpHeaders &headers, const QJsonValue &body)
{
    EndpointGuess guess;
    if (const auto found = largestList(body, {}, 3)) {
        guess.recordsPath = found->path;
        guess.records = found->items.size();
        guess.primaryKey = primaryKeyOf(found->items, url);
        guess.findings.append(tr("Records: %1 (%2 in the first answer).").arg(guess.recordsPath).arg(guess.records));
    } else {
        guess.records = body.isObject() ? 1 : 0;
        guess.findings.append(tr("Records: no list of records found; the whole answer is one record."));
    }
    guess.findings.append(guess.primaryKey.isEmpty()
                              ? tr("Primary key: none found (no field tells every record apart); set one to merge "
                                   "records pulled again.")
                              : tr("Primary key: %1 (different in every record).").arg(guess.primaryKey.join(u", ")));
    QString finding;
    guess.pagination = paginationOf(url, headers, body, guess, &finding);
    guess.findings.append(finding);
    return guess;
}

void EndpointGuess::apply(Endpoint &endpoint, const QUrl &url) const
{
    endpoint.response.records.jmespath = recordsPath;
    endpoint.response.records.primaryKey = primaryKey;
    PaginationSettings settings = pagination;
    if (settings.usesUrlState()) {
        // The next page's URL carries the query: the first one starts from the whole URL.
        settings.firstUrl = endpoint.request.url;
        if (url.hasQuery())
            settings.firstUrl += u'?' + url.query(QUrl::FullyEncoded);
        endpoint.request.parameters.clear();
    } else {
        // The parameters the pagination sends leave the plain ones.
        for (const QString &taken : {settings.parameter, settings.sizeParameter}) {
            endpoint.request.parameters.removeIf([&taken](const KeyValue &entry) { return entry.key == taken; });
        }
    }
    settings.apply(endpoint, PaginationSettings::recognize(endpoint));
}

ApiSpec specForUrl(const QUrl &url)
{
    ApiSpec spec;
    // Never a user name or password from the URL: they would be stored in the spec.
    QUrl server = url;
    server.setUserInfo({});
    const QString authority = server.authority();
    spec.name = tr("API at %1").arg(authority);
    QUrl base;
    base.setScheme(url.scheme());
    base.setAuthority(authority);
    setValue(spec.defaults.state, u"base_url"_s, base.toString());

    Endpoint endpoint;
    const QStringList segments = url.path().split(u'/', Qt::SkipEmptyParts);
    static const QRegularExpression notName(u"[^a-z0-9_]+"_s);
    endpoint.name = segments.isEmpty() ? u"records"_s : segments.constLast().toLower().replace(notName, u"_"_s);
    if (endpoint.name.isEmpty() || endpoint.name.front().isDigit())
        endpoint.name.prepend(u"records_"_s);
    endpoint.request.method = u"GET"_s;
    endpoint.request.url = u"{state.base_url}"_s + url.path(QUrl::FullyEncoded);
    for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        endpoint.request.parameters.append({key, queryValue(value)});
    spec.endpoints.append(endpoint);
    return spec;
}

} // namespace Backfill
