#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace Backfill::DemoApi {

// What the demo API needs of a request, copied out of QHttpServerRequest so that the
// answer can be produced later than the request handler returns.
struct Request
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QString pathAndQuery; // the key that fault_times counts per
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QString queryValue(const QString &name) const { return query.queryItemValue(name, QUrl::FullyDecoded); }
};

} // namespace Backfill::DemoApi
