#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace Backfill {

// Runs backfill-demo-api on a free port of 127.0.0.1 for one integration test, and
// fetches from it synchronously: start(), url(), get()/post(), stats(), stop().
class DemoApiProcess final
{
public:
    // One answer as a client saw it: status, headers, body and the transport error.
    struct Response
    {
        int status = 0;
        QByteArray body;
        QList<QNetworkReply::RawHeaderPair> headers;
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QString errorString;

        QByteArray header(const QByteArray &name) const;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    DemoApiProcess();
    ~DemoApiProcess();
    Q_DISABLE_COPY_MOVE(DemoApiProcess)

    // Starts the server with "--port 0" and these arguments; waits for its URL line.
    bool start(const QStringList &arguments = {});
    void stop();
    QString errorString() const { return m_error; }

    // The base URL, e.g. http://127.0.0.1:41234, or that plus a path and query.
    QUrl url(const QString &pathAndQuery = {}) const;

    Response get(const QString &pathAndQuery, const Headers &headers = {}, int transferTimeoutMs = 30000);
    Response post(const QString &pathAndQuery, const QByteArray &body = {}, const Headers &headers = {});
    // GET /_stats; empty on failure.
    QJsonObject stats();
    bool resetStats();

    QNetworkAccessManager &network() { return m_network; }
    static Response wait(QNetworkReply *reply);

private:
    QProcess m_process;
    QNetworkAccessManager m_network;
    QUrl m_url;
    QString m_error;
};

} // namespace Backfill
