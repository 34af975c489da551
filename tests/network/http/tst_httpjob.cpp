// HttpJob against a real HTTP server on 127.0.0.1 started by the test.
#include "network/http/httpjob.h"
#include "network/http/useragent.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponder>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestHttpJob : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sendsMethodHeadersAndBody();
    void sendsAGetWithoutABody();
    void requestsOnlyHttpUrls();
    void reportsHttpErrorsAsResponses();
    void timesOut();
    void reportsRefusedConnection();
    void abortIsNotATimeout();
    void namesABodyCutOffBeforeItsLength();

private:
    HttpResult run(HttpJob &job);

    QHttpServer m_server;
    QUrl m_base;
    std::vector<std::unique_ptr<QHttpServerResponder>> m_hung;
};

void TestHttpJob::initTestCase()
{
    m_server.route(u"/echo"_s, [](const QHttpServerRequest &request) {
        QByteArray text = request.body() + '|' + request.value("user-agent") + '|' + request.value("x-custom");
        QHttpServerResponse response(text);
        response.setHeader("X-Reply", "yes");
        return response;
    });
    m_server.route(u"/headers"_s, [](const QHttpServerRequest &request) {
        QByteArray text = request.method() == QHttpServerRequest::Method::Get ? "GET\n" : "not a GET\n";
        for (const auto &[name, value] : request.headers())
            text += name.toLower() + '\n';
        return QHttpServerResponse(text);
    });
    m_server.route(u"/status/<arg>"_s,
                   [](int status) { return QHttpServerResponse(QHttpServerResponder::StatusCode(status)); });
    m_server.route(u"/hang"_s, [this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        m_hung.push_back(std::make_unique<QHttpServerResponder>(std::move(responder)));
    });
    const quint16 port = m_server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    m_base = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
}

HttpResult TestHttpJob::run(HttpJob &job)
{
    QSignalSpy spy(&job, &HttpJob::finished);
    job.start();
    if (!spy.wait(10000))
        return {};
    return spy.at(0).at(0).value<HttpResult>();
}

void TestHttpJob::sendsMethodHeadersAndBody()
{
    QNetworkAccessManager manager;
    HttpRequest request;
    request.method = "POST";
    request.url = m_base.resolved(QUrl(u"/echo"_s));
    request.headers = {{"X-Custom", "abc"}, {"Content-Type", "application/json"}};
    request.body = R"({"a":1})";
    HttpJob job(&manager, request);
    const HttpResult result = run(job);
    QCOMPARE(result.status, 200);
    QVERIFY(!result.networkError);
    QCOMPARE(result.body, R"({"a":1})" + QByteArray("|") + userAgent() + "|abc");
    QCOMPARE(result.header("x-reply"), QByteArray("yes"));
    QVERIFY(result.isSuccess());
}

void TestHttpJob::sendsAGetWithoutABody()
{
    // Given a body device, even an empty one, QNetworkAccessManager announces a body
    // ("Content-Length: 0") and costs the request extra thread hand-offs.
    QNetworkAccessManager manager;
    HttpJob job(&manager, {"GET", m_base.resolved(QUrl(u"/headers"_s)), {{"X-Custom", "abc"}}, {}, 5000});
    const HttpResult result = run(job);
    QCOMPARE(result.status, 200);
    const QList<QByteArray> lines = result.body.split('\n');
    QCOMPARE(lines.value(0), QByteArray("GET"));
    QVERIFY2(lines.contains("x-custom"), result.body.constData());
    QVERIFY2(!lines.contains("content-length"), result.body.constData());
}

void TestHttpJob::requestsOnlyHttpUrls()
{
    // QNetworkAccessManager::get() reads local files too; a next-page URL from a server that
    // names one must not bring the file into the workspace.
    QTemporaryDir dir;
    QFile secret(dir.filePath(u"secret.txt"_s));
    QVERIFY(secret.open(QIODevice::WriteOnly) && secret.write("do not read") > 0);
    secret.close();
    QNetworkAccessManager manager;
    for (const QUrl &url : {QUrl::fromLocalFile(secret.fileName()), QUrl(u"data:text/plain,hello"_s)}) {
        HttpJob job(&manager, {"GET", url, {}, {}, 5000});
        const HttpResult result = run(job);
        QVERIFY(result.networkError);
        QVERIFY(result.body.isEmpty());
        QVERIFY2(result.errorString.contains(u"not an http or https URL"_s), qPrintable(result.errorString));
    }
}

void TestHttpJob::reportsHttpErrorsAsResponses()
{
    QNetworkAccessManager manager;
    for (int status : {404, 429, 500, 503}) {
        HttpJob job(&manager, {"GET", m_base.resolved(QUrl(u"/status/%1"_s.arg(status))), {}, {}, 5000});
        const HttpResult result = run(job);
        QCOMPARE(result.status, status);
        QVERIFY2(!result.networkError, qPrintable(result.errorString));
        QVERIFY(!result.isSuccess());
    }
}

void TestHttpJob::timesOut()
{
    QNetworkAccessManager manager;
    HttpJob job(&manager, {"GET", m_base.resolved(QUrl(u"/hang"_s)), {}, {}, 300});
    const HttpResult result = run(job);
    QCOMPARE(result.status, 0);
    QVERIFY(result.networkError);
    QVERIFY(result.timedOut);
    QCOMPARE(result.fault, TransportFault::Timeout);
}

void TestHttpJob::reportsRefusedConnection()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    QNetworkAccessManager manager;
    HttpJob job(&manager, {"GET", QUrl(u"http://127.0.0.1:%1/x"_s.arg(port)), {}, {}, 5000});
    const HttpResult result = run(job);
    QVERIFY(result.networkError);
    QVERIFY(!result.timedOut);
    QVERIFY2(result.errorString.contains(u"refused"_s, Qt::CaseInsensitive), qPrintable(result.errorString));
    QCOMPARE(result.fault, TransportFault::Refused);
    QCOMPARE(transportFaultName(result.fault), u"refused"_s);
}

void TestHttpJob::abortIsNotATimeout()
{
    QNetworkAccessManager manager;
    HttpJob job(&manager, {"GET", m_base.resolved(QUrl(u"/hang"_s)), {}, {}, 30000});
    QSignalSpy spy(&job, &HttpJob::finished);
    job.start();
    QTimer::singleShot(100, &job, &HttpJob::abort);
    QVERIFY(spy.wait(5000));
    const auto result = spy.at(0).at(0).value<HttpResult>();
    QVERIFY(result.networkError);
    QVERIFY(!result.timedOut);
    QCOMPARE(result.fault, TransportFault::Other);
}

void TestHttpJob::namesABodyCutOffBeforeItsLength()
{
    // A server that promises 9,731 bytes, sends 4,812 and closes.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QTcpServer::newConnection, &server, [&server] {
        QTcpSocket *socket = server.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            socket->readAll();
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9731\r\n\r\n");
            socket->write(QByteArray(4812, 'x'));
            socket->disconnectFromHost();
        });
    });
    QNetworkAccessManager manager;
    HttpJob job(&manager, {"GET", QUrl(u"http://127.0.0.1:%1/x"_s.arg(server.serverPort())), {}, {}, 5000});
    const HttpResult result = run(job);
    QVERIFY(result.networkError);
    QCOMPARE(result.status, 0); // the headers said 200; no whole answer came
    QCOMPARE(result.fault, TransportFault::CutOff);
    QCOMPARE(transportFaultName(result.fault), u"cut_off"_s);
    QCOMPARE(result.errorString, u"body cut off after 4,812 of 9,731 bytes: the connection closed"_s);
}

QTEST_GUILESS_MAIN(TestHttpJob)
#include "tst_httpjob.moc"
