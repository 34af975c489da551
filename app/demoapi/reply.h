#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace Backfill::DemoApi {

// One HTTP answer before delivery: status, headers and the whole body.
struct Reply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    void addHeader(const QByteArray &name, const QByteArray &value) { headers.append({name, value}); }

    static Reply json(int status, QByteArray body)
    {
        Reply reply;
        reply.status = status;
        reply.body = std::move(body);
        return reply;
    }
};

} // namespace Backfill::DemoApi
