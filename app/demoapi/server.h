#pragma once

#include "app/demoapi/dataset.h"
#include "app/demoapi/endpoints.h"
#include "app/demoapi/faultplan.h"
#include "app/demoapi/options.h"
#include "app/demoapi/ratelimiter.h"
#include "app/demoapi/stats.h"
#include "app/demoapi/tokenstore.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QSet>
#include <QTimer>

namespace Backfill::DemoApi {

// The demo API's HTTP server on 127.0.0.1: turns each request into a Request, answers
// the admin routes (/, /_stats, /_reset, /_advance, /oauth/token), checks credentials
// and the rate limit, asks the FaultPlan what goes wrong, lets Endpoints build the
// answer and hands it to a ReplyWriter when it is late or faulty.
class Server final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Server)

public:
    explicit Server(const Options &options, QObject *parent = nullptr);
    ~Server() override;

    // Listens on 127.0.0.1 only; port 0 picks a free one. Returns false on failure.
    bool listenLocal(quint16 port);
    QByteArray baseUrl() const { return m_baseUrl; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    qint64 nowMs() const { return m_clock.elapsed(); }
    void trackConnection(QTcpSocket *socket);
    bool answerAdmin(const Request &request, QTcpSocket *socket);
    Reply issueToken(const Request &request);
    // Returns an empty optional when the credentials fit; fills rateKey with the token.
    std::optional<Reply> checkAuth(Endpoints::Auth auth, const Request &request, QByteArray &rateKey) const;
    Reply tooManyRequests(const FaultDecision &decision, qint64 waitMs) const;
    Reply faultyStatus(const FaultDecision &decision) const;
    static void spoilBody(Reply &reply, const FaultDecision &decision);
    void deliver(QTcpSocket *socket, const QString &route, Reply reply, const FaultDecision &decision, bool closeAfter);

    Options m_options;
    Dataset m_data;
    TokenStore m_cursors;
    TokenStore m_accessTokens;
    Endpoints m_endpoints;
    FaultPlan m_faults;
    RateLimiter m_rateLimiter;
    Stats m_stats;
    QElapsedTimer m_clock;
    QElapsedTimer m_received; // when the request being handled came in
    QTimer m_advanceTimer;
    QSet<QObject *> m_sockets;
    QByteArray m_baseUrl;
};

} // namespace Backfill::DemoApi
