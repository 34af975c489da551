#include "tests/support/demoapiprocess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QNetworkRequest>

namespace Backfill {

using namespace Qt::StringLiterals;

QByteArray DemoApiProcess::Response::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

DemoApiProcess::DemoApiProcess() = default;

DemoApiProcess::~DemoApiProcess()
{
    stop();
}

bool DemoApiProcess::start(const QStringList &arguments)
{
    stop();
    m_process.setProgram(QStringLiteral(BACKFILL_BIN_DIR "/backfill-demo-api"));
    m_process.setArguments(QStringList{u"--port"_s, u"0"_s} + arguments);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        m_error = m_process.errorString();
        return false;
    }
    const QDeadlineTimer deadline(15000);
    while (!m_process.canReadLine()) {
        if (deadline.hasExpired() || m_process.state() != QProcess::Running) {
            m_error = u"no URL line from backfill-demo-api: "_s + QString::fromUtf8(m_process.readAllStandardError());
            stop();
            return false;
        }
        m_process.waitForReadyRead(200);
    }
    m_url = QUrl(QString::fromUtf8(m_process.readLine().trimmed()));
    if (!m_url.isValid() || m_url.port() <= 0) {
        m_error = u"unexpected first line: "_s + m_url.toString();
        stop();
        return false;
    }
    return true;
}

void DemoApiProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
    m_url.clear();
}

QUrl DemoApiProcess::url(const QString &pathAndQuery) const
{
    return QUrl(m_url.toString() + pathAndQuery);
}

DemoApiProcess::Response DemoApiProcess::wait(QNetworkReply *reply)
{
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    Response response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        response.body = reply->readAll();
    response.headers = reply->rawHeaderPairs();
    response.error = reply->error();
    response.errorString = reply->errorString();
    reply->deleteLater();
    return response;
}

DemoApiProcess::Response DemoApiProcess::get(const QString &pathAndQuery, const Headers &headers, int transferTimeoutMs)
{
    QNetworkRequest request(url(pathAndQuery));
    request.setTransferTimeout(transferTimeoutMs);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return wait(m_network.get(request));
}

DemoApiProcess::Response DemoApiProcess::post(const QString &pathAndQuery, const QByteArray &body,
                                              const Headers &headers)
{
    QNetworkRequest request(url(pathAndQuery));
    request.setTransferTimeout(30000);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return wait(m_network.post(request, body));
}

QJsonObject DemoApiProcess::stats()
{
    const Response response = get(u"/_stats"_s);
    return response.status == 200 ? response.json() : QJsonObject();
}

bool DemoApiProcess::resetStats()
{
    return post(u"/_reset"_s).status == 200;
}

} // namespace Backfill
