#include "app/demoapi/server.h"

#include "app/demoapi/apidescription.h"
#include "app/demoapi/jsonwriter.h"
#include "app/demoapi/replywriter.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QLocale>
#include <QTcpServer>
#include <QTcpSocket>

namespace Backfill::DemoApi {

using namespace Qt::StringLiterals;

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    default:
        return QByteArrayLiteral("OTHER");
    }
}

QByteArray httpDate(const QDateTime &utc)
{
    return QLocale::c().toString(utc, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

Reply jsonObject(int status, QByteArrayView key, std::int64_t value)
{
    JsonWriter w;
    w.beginObject();
    w.field(key, value);
    w.endObject();
    return Reply::json(status, w.take());
}

} // namespace

Server::Server(const Options &options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_options(options)
    , m_data(options.seed, options.mutateHistoryDays, options.today, options.thinDays, options.emptyDays)
    , m_cursors(QByteArrayLiteral("cur_"), options.seed)
    , m_accessTokens(QByteArrayLiteral("tok_"), options.seed ^ 0xacce55)
    , m_endpoints(m_data, m_cursors, m_options)
    , m_faults(m_options)
{
    m_clock.start();
    if (m_options.advanceEverySeconds > 0) {
        connect(&m_advanceTimer, &QTimer::timeout, this, [this] { m_data.advance(); });
        m_advanceTimer.start(m_options.advanceEverySeconds * 1000);
    }
}

Server::~Server()
{
    // Writers call back into m_stats when their socket goes; they must go first.
    qDeleteAll(findChildren<ReplyWriter *>(Qt::FindDirectChildrenOnly));
}

bool Server::listenLocal(quint16 port)
{
    auto *tcp = new QTcpServer(this);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        delete tcp;
        return false;
    }
    bind(tcp);
    m_baseUrl = "http://127.0.0.1:" + QByteArray::number(tcp->serverPort());
    m_endpoints.setBaseUrl(m_baseUrl);
    return true;
}

void Server::trackConnection(QTcpSocket *socket)
{
    if (m_sockets.contains(socket))
        return;
    m_sockets.insert(socket);
    // Answers go out in more than one write; without TCP_NODELAY the second one waits for
    // the client's delayed ACK, about 40 ms per request on a kept-alive connection.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_stats.connectionOpened();
    connect(socket, &QObject::destroyed, this, [this](QObject *gone) {
        if (m_sockets.remove(gone))
            m_stats.connectionClosed();
    });
}

bool Server::handleRequest(const QHttpServerRequest &httpRequest, QTcpSocket *socket)
{
    m_received.start(); // the answer's latency counts from here
    trackConnection(socket);
    Request request;
    request.method = methodName(httpRequest.method());
    const QUrl url = httpRequest.url();
    request.path = url.path();
    request.query = httpRequest.query();
    request.pathAndQuery =
        url.path(QUrl::FullyEncoded) + (url.hasQuery() ? u"?"_s + url.query(QUrl::FullyEncoded) : QString());
    request.headers = httpRequest.headers();
    request.body = httpRequest.body();
    const bool closeAfter = request.header("connection").compare("close", Qt::CaseInsensitive) == 0;

    if (answerAdmin(request, socket))
        return true;

    const qint64 now = nowMs();
    const std::optional<Endpoints::Route> route = request.path == u"/oauth/token"
                                                      ? std::optional(Endpoints::Route{u"/oauth/token"_s})
                                                      : Endpoints::route(request.path);
    const QString routeName = route ? route->name : u"(unknown)"_s;
    m_stats.requestStarted(now);
    const FaultDecision none;
    if (!route) {
        deliver(socket, routeName, Endpoints::error(404, "not_found", "no such endpoint; GET / lists them"), none,
                closeAfter);
        return true;
    }
    if (route->name == u"/oauth/token") {
        deliver(socket, routeName, issueToken(request), none, closeAfter);
        return true;
    }
    if (request.method != "GET") {
        deliver(socket, routeName, Endpoints::error(405, "method_not_allowed", "use GET"), none, closeAfter);
        return true;
    }
    QByteArray rateKey = QByteArrayLiteral("anonymous");
    if (std::optional<Reply> denied = checkAuth(route->auth, request, rateKey)) {
        deliver(socket, routeName, std::move(*denied), none, closeAfter);
        return true;
    }
    const FaultDecision decision = m_faults.decide(request.path, request.query, request.pathAndQuery);
    if (const qint64 waitMs = m_rateLimiter.acquire(rateKey, now, m_options.rateLimit)) {
        deliver(socket, routeName, tooManyRequests(decision, waitMs), none, closeAfter);
        return true;
    }
    if (decision.faults & (Fault500 | Fault502 | Fault503 | Fault504 | Fault429)) {
        deliver(socket, routeName, faultyStatus(decision), decision, closeAfter);
        return true;
    }
    Reply reply = m_endpoints.handle(*route, request, decision, now);
    if (reply.status == 200)
        spoilBody(reply, decision);
    deliver(socket, routeName, std::move(reply), decision, closeAfter);
    return true;
}

void Server::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Q_UNUSED(request);
    ReplyWriter::writeWhole(socket, Endpoints::error(404, "not_found", "no such endpoint"), false);
}

bool Server::answerAdmin(const Request &request, QTcpSocket *socket)
{
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    Reply reply;
    if (request.path == u"/" && get) {
        reply = Reply::json(200, describeApi(m_options, m_baseUrl, m_data.generation()));
    } else if (request.path == u"/_stats" && get) {
        reply = Reply::json(200, m_stats.toJson(nowMs(), m_data.generation()));
    } else if (request.path == u"/_reset" && post) {
        m_stats.reset(nowMs());
        m_faults.reset();
        m_rateLimiter.clear();
        reply = Reply::json(200, QByteArrayLiteral("{\"reset\":true}"));
    } else if (request.path == u"/_advance" && post) {
        m_data.advance();
        reply = jsonObject(200, "generation", m_data.generation());
    } else if (request.path == u"/" || request.path == u"/_stats" || request.path == u"/_reset" ||
               request.path == u"/_advance") {
        reply = Endpoints::error(405, "method_not_allowed", "wrong method for this admin route");
    } else {
        return false;
    }
    ReplyWriter::writeWhole(socket, reply, false);
    return true;
}

Reply Server::issueToken(const Request &request)
{
    if (request.method != "POST")
        return Endpoints::error(405, "method_not_allowed", "use POST");
    const QUrlQuery form(QString::fromUtf8(request.body));
    QString clientId = form.queryItemValue(u"client_id"_s, QUrl::FullyDecoded);
    QString clientSecret = form.queryItemValue(u"client_secret"_s, QUrl::FullyDecoded);
    const QByteArray authorization = request.header("authorization");
    if (authorization.startsWith("Basic ")) {
        const QByteArray pair = QByteArray::fromBase64(authorization.mid(6));
        const qsizetype colon = pair.indexOf(':');
        clientId = QString::fromUtf8(pair.left(colon));
        clientSecret = QString::fromUtf8(pair.mid(colon + 1));
    }
    JsonWriter w;
    w.beginObject();
    if (form.queryItemValue(u"grant_type"_s) != u"client_credentials") {
        w.field("error", "unsupported_grant_type");
        w.field("error_description", "grant_type must be client_credentials");
        w.endObject();
        return Reply::json(400, w.take());
    }
    if (clientId != m_options.clientId || clientSecret != m_options.clientSecret) {
        w.field("error", "invalid_client");
        w.field("error_description", "unknown client or wrong secret");
        w.endObject();
        return Reply::json(401, w.take());
    }
    // ttl_ms is a test hook: tokens that expire at once make expiry testable without waiting.
    bool hasTtl = false;
    qint64 ttlMs = request.query.queryItemValue(u"ttl_ms"_s).toLongLong(&hasTtl);
    if (!hasTtl || ttlMs < 0)
        ttlMs = qint64(m_options.tokenTtlSeconds) * 1000;
    w.field("access_token", m_accessTokens.issue(0, nowMs(), ttlMs));
    w.field("token_type", "Bearer");
    w.field("expires_in", std::int64_t(ttlMs / 1000));
    w.endObject();
    return Reply::json(200, w.take());
}

std::optional<Reply> Server::checkAuth(Endpoints::Auth auth, const Request &request, QByteArray &rateKey) const
{
    if (auth == Endpoints::Auth::None)
        return std::nullopt;
    if (auth == Endpoints::Auth::ApiKey) {
        QByteArray key = request.header("x-api-key");
        if (key.isEmpty())
            key = request.queryValue(u"api_key"_s).toUtf8();
        if (!key.isEmpty())
            rateKey = "key:" + key;
        if (!m_options.authEnabled || key == m_options.apiKey.toUtf8())
            return std::nullopt;
        Reply reply = Endpoints::error(401, "invalid_api_key",
                                       key.isEmpty() ? "an API key is required (X-API-Key header or api_key)"
                                                     : "invalid API key");
        return reply;
    }
    const QByteArray authorization = request.header("authorization");
    const QByteArray token = authorization.startsWith("Bearer ") ? authorization.mid(7).trimmed() : QByteArray();
    if (!token.isEmpty())
        rateKey = "bearer:" + token;
    if (!m_options.authEnabled || (!token.isEmpty() && token == m_options.bearerToken.toUtf8()))
        return std::nullopt;
    const TokenStore::Check check = token.isEmpty() ? TokenStore::Check::Unknown : m_accessTokens.check(token, nowMs());
    if (check == TokenStore::Check::Valid)
        return std::nullopt;
    Reply reply;
    if (check == TokenStore::Check::Expired) {
        reply = Endpoints::error(401, "token_expired", "access token expired");
        reply.addHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"expired\"");
    } else {
        reply = Endpoints::error(401, "unauthorized",
                                 token.isEmpty() ? "a bearer token is required" : "invalid bearer token");
        reply.addHeader("WWW-Authenticate", "Bearer realm=\"backfill-demo-api\"");
    }
    return reply;
}

Reply Server::tooManyRequests(const FaultDecision &decision, qint64 waitMs) const
{
    Reply reply = Endpoints::error(429, "rate_limited", "too many requests");
    const qint64 seconds = qMax<qint64>(1, (waitMs + 999) / 1000);
    switch (decision.retryAfterStyle) {
    case RetryAfterStyle::Seconds:
        reply.addHeader("Retry-After", QByteArray::number(seconds));
        break;
    case RetryAfterStyle::HttpDate:
        reply.addHeader("Retry-After", httpDate(QDateTime::currentDateTimeUtc().addSecs(seconds)));
        break;
    case RetryAfterStyle::Zero:
        reply.addHeader("Retry-After", "0");
        break;
    case RetryAfterStyle::RateLimitReset:
        reply.addHeader("RateLimit-Limit", QByteArray::number(m_options.rateLimit));
        reply.addHeader("RateLimit-Remaining", "0");
        reply.addHeader("RateLimit-Reset", QByteArray::number(seconds));
        break;
    }
    return reply;
}

Reply Server::faultyStatus(const FaultDecision &decision) const
{
    if (decision.has(Fault500))
        return Endpoints::error(500, "internal_error", "the server failed (injected fault)");
    // What a proxy in front of a real API answers: HTML, not JSON.
    const auto proxyPage = [](int status, const QByteArray &title) {
        Reply reply;
        reply.status = status;
        reply.contentType = "text/html";
        reply.body = "<html><head><title>" + title + "</title></head><body><center><h1>" + title +
                     "</h1></center><hr><center>nginx</center></body></html>\n";
        return reply;
    };
    if (decision.has(Fault502))
        return proxyPage(502, "502 Bad Gateway");
    if (decision.has(Fault504))
        return proxyPage(504, "504 Gateway Time-out");
    if (decision.has(Fault503)) {
        Reply reply = Endpoints::error(503, "unavailable", "the service is unavailable (injected fault)");
        reply.addHeader("Retry-After", "1");
        return reply;
    }
    return tooManyRequests(decision, qint64(decision.retryAfterSeconds) * 1000);
}

void Server::spoilBody(Reply &reply, const FaultDecision &decision)
{
    if (decision.has(FaultTruncate))
        reply.body.truncate(reply.body.size() / 2);
    if (decision.has(FaultInvalid))
        reply.body.insert(1, ",,\"");
    if (decision.has(FaultHtml)) {
        reply.contentType = "text/html; charset=utf-8";
        reply.body = "<!DOCTYPE html>\n<html><head><title>Service Error</title></head>\n<body><h1>Something went "
                     "wrong</h1><p>We are working on it. Please try again later.</p></body></html>\n";
    }
    if (decision.has(FaultEmpty))
        reply.body.clear();
}

void Server::deliver(QTcpSocket *socket, const QString &route, Reply reply, const FaultDecision &decision,
                     bool closeAfter)
{
    ReplyWriter::Delivery delivery = ReplyWriter::Delivery::Whole;
    if (decision.has(FaultHang))
        delivery = ReplyWriter::Delivery::Hang;
    else if (decision.has(FaultReset))
        delivery = ReplyWriter::Delivery::Reset;
    else if (decision.has(FaultClose))
        delivery = ReplyWriter::Delivery::CloseMidBody;
    else if (decision.has(FaultCloseChunked))
        delivery = ReplyWriter::Delivery::CloseMidChunks;
    else if (decision.has(FaultSlow))
        delivery = ReplyWriter::Delivery::Trickle;
    m_stats.requestAnswered(
        route, delivery == ReplyWriter::Delivery::Hang || delivery == ReplyWriter::Delivery::Reset ? 0 : reply.status);

    if (delivery == ReplyWriter::Delivery::Whole && decision.latencyMs == 0) {
        ReplyWriter::writeWhole(socket, reply, closeAfter);
        m_stats.requestFinished();
        return;
    }
    auto *writer = new ReplyWriter(socket, std::move(reply), delivery, this);
    writer->setTrickle(decision.trickleBytes, decision.trickleIntervalMs);
    writer->setCloseAfter(closeAfter);
    writer->setFinishedCallback([this] { m_stats.requestFinished(); });
    writer->start(decision.latencyMs, m_received);
}

} // namespace Backfill::DemoApi
