#pragma once

#include "network/http/httprequest.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

namespace Backfill {

// Sends one HttpRequest through an injected QNetworkAccessManager and reports one
// HttpResult through finished(). The only place that sets the User-Agent, the redirect
// policy and the transfer timeout; TLS certificate errors are failures, never ignored.
class HttpJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpJob)

public:
    HttpJob(QNetworkAccessManager *manager, HttpRequest request, QObject *parent = nullptr);
    ~HttpJob() override;

    const HttpRequest &request() const { return m_request; }
    void start();
    // Stops the transfer; finished() is still emitted once, with a network error.
    void abort();

signals:
    void finished(const Backfill::HttpResult &result);

private:
    void onFinished();

    QNetworkAccessManager *m_manager;
    HttpRequest m_request;
    QPointer<QNetworkReply> m_reply;
    QElapsedTimer m_timer;
    bool m_aborted = false;
};

} // namespace Backfill
