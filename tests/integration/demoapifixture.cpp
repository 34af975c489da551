// The demo API suites' fixture: see demoapifixture.h.
#include "tests/integration/demoapifixture.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using Backfill::DemoApiProcess;

namespace {

// The URL of rel="next" in an RFC 8288 Link header, or an empty string.
QString nextLink(const QByteArray &header)
{
    static const QRegularExpression pattern(u"<([^>]*)>\\s*;\\s*rel=\"next\""_s);
    return pattern.match(QString::fromUtf8(header)).captured(1);
}

} // namespace

QList<qint64> idsOf(const QJsonArray &records, const char *key)
{
    QList<qint64> ids;
    for (const QJsonValue &record : records)
        ids.append(record.toObject().value(QLatin1StringView(key)).toInteger());
    return ids;
}

QList<qint64> range(qint64 first, qint64 count)
{
    QList<qint64> ids;
    for (qint64 i = 0; i < count; ++i)
        ids.append(first + i);
    return ids;
}

void DemoApiFixture::initTestCase()
{
    QVERIFY2(m_api.start(), qPrintable(m_api.errorString()));
}

void DemoApiFixture::cleanupTestCase()
{
    m_api.stop();
}

void DemoApiFixture::init()
{
    QVERIFY(m_api.resetStats());
}

QList<qint64> DemoApiFixture::walk(const QString &style, int total, int size, int &requests, const QString &extra)
{
    QList<qint64> ids;
    requests = 0;
    const QString common = u"total=%1&"_s.arg(total) + extra;
    QString next;
    if (style == u"page")
        next = u"/paged/page?%1per_page=%2&page=1"_s.arg(common).arg(size);
    else if (style == u"offset")
        next = u"/paged/offset?%1limit=%2&offset=0"_s.arg(common).arg(size);
    else if (style == u"cursor")
        next = u"/paged/cursor?%1limit=%2"_s.arg(common).arg(size);
    else if (style == u"next-url")
        next = u"/paged/next-url?%1limit=%2"_s.arg(common).arg(size);
    else if (style == u"link")
        next = u"/paged/link?%1per_page=%2&page=1"_s.arg(common).arg(size);
    else if (style == u"has-more")
        next = u"/paged/has-more?%1limit=%2"_s.arg(common).arg(size);

    while (!next.isEmpty() && requests < 1000) {
        const DemoApiProcess::Response r = m_api.get(next);
        ++requests;
        if (r.status != 200) {
            qWarning() << "status" << r.status << r.body;
            return {};
        }
        const QJsonDocument document = QJsonDocument::fromJson(r.body);
        const QJsonObject body = document.object();
        const QJsonArray data = document.isArray() ? document.array() : body.value(u"data").toArray();
        ids += idsOf(data);
        next.clear();
        if (style == u"page") {
            const int page = body.value(u"page").toInt();
            if (page < body.value(u"total_pages").toInt())
                next = u"/paged/page?%1per_page=%2&page=%3"_s.arg(common).arg(size).arg(page + 1);
        } else if (style == u"offset") {
            const int offset = body.value(u"offset").toInt() + size;
            if (offset < body.value(u"total").toInt())
                next = u"/paged/offset?%1limit=%2&offset=%3"_s.arg(common).arg(size).arg(offset);
        } else if (style == u"cursor") {
            const QJsonValue cursor = body.value(u"next_cursor");
            if (!cursor.isNull())
                next = u"/paged/cursor?%1limit=%2&cursor=%3"_s.arg(common).arg(size).arg(cursor.toString());
        } else if (style == u"next-url") {
            const QJsonValue url = body.value(u"next");
            if (!url.isNull())
                next = QUrl(url.toString()).toString(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        } else if (style == u"link") {
            const QString url = nextLink(r.header("link"));
            if (!url.isEmpty())
                next = QUrl(url).toString(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        } else if (style == u"has-more") {
            if (body.value(u"has_more").toBool() && !data.isEmpty())
                next = u"/paged/has-more?%1limit=%2&starting_after=%3"_s.arg(common).arg(size).arg(ids.last());
        }
    }
    return ids;
}
