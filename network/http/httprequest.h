#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

namespace Backfill {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One HTTP request as the engine describes it, before it goes on the wire.
struct HttpRequest
{
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    int timeoutMs = 30000; // transfer timeout: no bytes for this long fails the request
};

// Only http and https are requested: QNetworkAccessManager would also read file:, qrc: and
// data: URLs, and a URL can come from a server (a next-page link).
inline bool isHttpUrl(const QUrl &url)
{
    const QString scheme = url.scheme();
    return scheme.compare(QLatin1String("http"), Qt::CaseInsensitive) == 0 ||
           scheme.compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
}

// How an exchange broke below HTTP. Rules see its name as `response.fault` (with
// `response.status` 0): "refused", "reset" (closed before an answer), "cut_off" (closed
// before the whole body), "timeout", "tls", "dns", "proxy", "network".
enum class TransportFault { None, Refused, Reset, CutOff, Timeout, Tls, HostNotFound, Proxy, Other };
QString transportFaultName(TransportFault fault);

// What came back: the response, or the reason there is none.
struct HttpResult
{
    int status = 0; // 0 when no complete response arrived
    HttpHeaders headers;
    QByteArray body;
    bool networkError = false; // connection refused or closed, timeout, TLS failure...
    bool timedOut = false;
    TransportFault fault = TransportFault::None;
    QString errorString;
    qint64 elapsedMs = 0;

    bool isSuccess() const { return !networkError && status >= 200 && status < 300; }
    // The value of a header, matched case-insensitively; empty when absent.
    QByteArray header(QByteArrayView name) const;
};

} // namespace Backfill
