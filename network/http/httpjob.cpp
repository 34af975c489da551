#include "network/http/httpjob.h"

#include "model/core/logging.h"
#include "network/http/useragent.h"

#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace Backfill {

QString transportFaultName(TransportFault fault)
{
    switch (fault) {
    case TransportFault::None:
        return {};
    case TransportFault::Refused:
        return QStringLiteral("refused");
    case TransportFault::Reset:
        return QStringLiteral("reset");
    case TransportFault::CutOff:
        return QStringLiteral("cut_off");
    case TransportFault::Timeout:
        return QStringLiteral("timeout");
    case TransportFault::Tls:
        return QStringLiteral("tls");
    case TransportFault::HostNotFound:
        return QStringLiteral("dns");
    case TransportFault::Proxy:
        return QStringLiteral("proxy");
    case TransportFault::Other:
        break;
    }
    return QStringLiteral("network");
}

namespace {

TransportFault classify(QNetworkReply::NetworkError error, bool answered)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return TransportFault::Refused;
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
        return answered ? TransportFault::CutOff : TransportFault::Reset;
    case QNetworkReply::HostNotFoundError:
        return TransportFault::HostNotFound;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return TransportFault::Timeout;
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::InsecureRedirectError:
        return TransportFault::Tls;
    default:
        break;
    }
    if (error >= QNetworkReply::ProxyConnectionRefusedError && error <= QNetworkReply::UnknownProxyError)
        return TransportFault::Proxy;
    return TransportFault::Other;
}

// "body cut off after 4,812 of 9,731 bytes": what a cut-off answer delivered, from its headers.
QString cutOffText(const HttpResult &result)
{
    const QLocale numbers(QLocale::English);
    bool known = false;
    const qint64 promised = result.header("content-length").toLongLong(&known);
    if (known && promised > result.body.size())
        return HttpJob::tr("body cut off after %1 of %2 bytes: the connection closed")
            .arg(numbers.toString(qint64(result.body.size())), numbers.toString(promised));
    if (result.header("transfer-encoding").toLower().contains("chunked"))
        return HttpJob::tr("body cut off after %1 bytes: the connection closed before the last chunk")
            .arg(numbers.toString(qint64(result.body.size())));
    return HttpJob::tr("body cut off after %1 bytes: the connection closed")
        .arg(numbers.toString(qint64(result.body.size())));
}

} // namespace

QByteArray HttpResult::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpJob::HttpJob(QNetworkAccessManager *manager, HttpRequest request, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_request(std::move(request))
{}

HttpJob::~HttpJob()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void HttpJob::start()
{
    if (!isHttpUrl(m_request.url)) {
        HttpResult refused;
        refused.networkError = true;
        refused.fault = TransportFault::Other;
        refused.errorString = tr("%1 is not an http or https URL: not requested")
                                  .arg(m_request.url.toDisplayString(QUrl::RemoveUserInfo));
        QMetaObject::invokeMethod(
            this, [this, refused] { emit finished(refused); }, Qt::QueuedConnection);
        return;
    }
    QNetworkRequest request(m_request.url);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    request.setTransferTimeout(m_request.timeoutMs);
    for (const auto &[name, value] : m_request.headers)
        request.setRawHeader(name, value);

    m_timer.start();
    // A GET goes as a GET: handed a body, even an empty one, QNetworkAccessManager sends
    // "Content-Length: 0" and fetches that body from this thread through its network thread,
    // which costs each request extra thread hand-offs before it leaves.
    if (m_request.method == "GET" && m_request.body.isEmpty())
        m_reply = m_manager->get(request);
    else
        m_reply = m_manager->sendCustomRequest(request, m_request.method, m_request.body);
    connect(m_reply, &QNetworkReply::finished, this, &HttpJob::onFinished);
}

void HttpJob::abort()
{
    m_aborted = true;
    if (m_reply)
        m_reply->abort();
}

void HttpJob::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();

    HttpResult result;
    result.elapsedMs = m_timer.elapsed();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.append(pair);
    if (reply->isOpen()) { // an aborted reply is closed: nothing to read
        // QIODevice::readAll() grows its buffer to the next power of two (a 172 KB page takes
        // 256 KB, copied on the way): one block of the exact size is read once.
        if (const qint64 available = reply->bytesAvailable(); available > 0) {
            result.body = QByteArray(available, Qt::Uninitialized);
            result.body.truncate(qMax<qint64>(0, reply->read(result.body.data(), available)));
        }
        result.body += reply->readAll(); // anything the count did not include
    }

    const auto error = reply->error();
    // An HTTP error status is a response, judged by the rules; anything else means the
    // exchange itself broke (refused, reset, timed out, TLS, truncated body).
    const bool httpLevel = error >= QNetworkReply::ContentAccessDenied && error <= QNetworkReply::UnknownServerError;
    if (error != QNetworkReply::NoError && !(httpLevel && result.status > 0)) {
        // The exchange broke: whatever status the headers had, no response came (status 0).
        result.networkError = true;
        const bool answered = result.status > 0;
        result.status = 0;
        result.fault = classify(error, answered);
        // A transfer timeout cancels the reply; an abort() of ours does too, and is no timeout.
        if (m_aborted && result.fault == TransportFault::Timeout)
            result.fault = TransportFault::Other;
        result.timedOut = result.fault == TransportFault::Timeout;
        if (result.timedOut)
            result.errorString = tr("the request timed out: no data for %1 s").arg(m_request.timeoutMs / 1000.0);
        else if (result.fault == TransportFault::CutOff)
            result.errorString = cutOffText(result);
        else if (result.fault == TransportFault::Reset)
            result.errorString = tr("the connection closed before an answer (%1)").arg(reply->errorString());
        else
            result.errorString = reply->errorString();
        qCDebug(lcNetwork) << "request failed" << m_request.url.toDisplayString(QUrl::RemoveUserInfo)
                           << reply->errorString();
    }
    emit finished(result);
}

} // namespace Backfill
