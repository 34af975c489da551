// OAuth2 client credentials against a token endpoint served on 127.0.0.1 by the test.
#include "network/http/oauth2token.h"

#include <QHttpServer>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestOAuth2Token : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void fetchesOnceForManyCallers();
    void renewsWhenExpiredOrInvalidated();
    void explainsRejectedCredentials();

private:
    QString get(OAuth2Token &token, QString *error = nullptr);

    QHttpServer m_server;
    QUrl m_tokenUrl;
    int m_requests = 0;
    QUrlQuery m_lastForm;
};

void TestOAuth2Token::initTestCase()
{
    m_server.route(u"/oauth/token"_s, QHttpServerRequest::Method::Post,
                   [this](const QHttpServerRequest &request) -> QHttpServerResponse {
                       ++m_requests;
                       m_lastForm = QUrlQuery(QString::fromUtf8(request.body()));
                       if (m_lastForm.queryItemValue(u"client_secret"_s) != "s3cret"_L1)
                           return QHttpServerResponse(QJsonObject{{u"error"_s, u"invalid_client"_s}},
                                                      QHttpServerResponder::StatusCode::Unauthorized);
                       return QHttpServerResponse(
                           QJsonObject{{u"access_token"_s, u"token-%1"_s.arg(m_requests)}, {u"expires_in"_s, 3600}});
                   });
    const quint16 port = m_server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port);
    m_tokenUrl = QUrl(u"http://127.0.0.1:%1/oauth/token"_s.arg(port));
}

void TestOAuth2Token::init()
{
    m_requests = 0;
}

QString TestOAuth2Token::get(OAuth2Token &token, QString *error)
{
    QString result;
    bool done = false;
    token.get([&](const QString &value, const QString &message) {
        result = value;
        if (error)
            *error = message;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        return u"timeout"_s;
    return result;
}

void TestOAuth2Token::fetchesOnceForManyCallers()
{
    QNetworkAccessManager manager;
    OAuth2Token token(&manager, {m_tokenUrl, u"client"_s, u"s3cret"_s, {u"read"_s, u"write"_s}});
    int answered = 0;
    for (int i = 0; i < 5; ++i)
        token.get([&](const QString &value, const QString &) { answered += value == "token-1"_L1; });
    QTRY_COMPARE(answered, 5);
    QCOMPARE(m_requests, 1);
    QCOMPARE(m_lastForm.queryItemValue(u"grant_type"_s), u"client_credentials"_s);
    QCOMPARE(m_lastForm.queryItemValue(u"client_id"_s), u"client"_s);
    QCOMPARE(m_lastForm.queryItemValue(u"scope"_s, QUrl::FullyDecoded), u"read write"_s);
    QCOMPARE(get(token), u"token-1"_s); // cached
    QCOMPARE(token.fetchCount(), 1);
}

void TestOAuth2Token::renewsWhenExpiredOrInvalidated()
{
    QNetworkAccessManager manager;
    OAuth2Token token(&manager, {m_tokenUrl, u"client"_s, u"s3cret"_s, {}});
    QDateTime now(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC);
    token.setClock([&now] { return now; });
    QCOMPARE(get(token), u"token-1"_s);
    now = now.addSecs(3600 - 31);
    QCOMPARE(get(token), u"token-1"_s);
    now = now.addSecs(1); // renewed 30 s before it expires
    QCOMPARE(get(token), u"token-2"_s);
    token.invalidate(); // the API answered 401
    QCOMPARE(get(token), u"token-3"_s);
    QCOMPARE(m_requests, 3);
}

void TestOAuth2Token::explainsRejectedCredentials()
{
    QNetworkAccessManager manager;
    OAuth2Token token(&manager, {m_tokenUrl, u"client"_s, u"wrong"_s, {}});
    QString error;
    QCOMPARE(get(token, &error), QString());
    QCOMPARE(error, u"the token endpoint %1 answered 401 (invalid_client); check the client id and secret"_s.arg(
                        m_tokenUrl.toString()));
}

QTEST_GUILESS_MAIN(TestOAuth2Token)
#include "tst_oauth2token.moc"
