#include "network/http/oauth2token.h"

#include "network/http/httpjob.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
// Tokens are renewed this long before they expire, so none runs out in flight.
constexpr qint64 RenewMarginSeconds = 30;
} // namespace

OAuth2Token::OAuth2Token(QNetworkAccessManager *manager, Config config, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_config(std::move(config))
{}

OAuth2Token::~OAuth2Token() = default;

QDateTime OAuth2Token::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void OAuth2Token::get(Callback done)
{
    if (!m_token.isEmpty() && (!m_expires.isValid() || now() < m_expires)) {
        done(m_token, {});
        return;
    }
    m_waiting.append(std::move(done));
    if (!m_job)
        fetch();
}

void OAuth2Token::invalidate()
{
    m_token.clear();
    m_expires = {};
}

void OAuth2Token::fetch()
{
    QUrlQuery form;
    form.addQueryItem(u"grant_type"_s, u"client_credentials"_s);
    form.addQueryItem(u"client_id"_s, m_config.clientId);
    form.addQueryItem(u"client_secret"_s, m_config.clientSecret);
    if (!m_config.scopes.isEmpty())
        form.addQueryItem(u"scope"_s, m_config.scopes.join(u' '));

    HttpRequest request;
    request.method = "POST";
    request.url = m_config.tokenUrl;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    request.body = form.toString(QUrl::FullyEncoded).toUtf8();
    request.timeoutMs = m_config.timeoutMs;

    ++m_fetches;
    m_job = new HttpJob(m_manager, request, this);
    connect(m_job, &HttpJob::finished, this, &OAuth2Token::onFetched);
    m_job->start();
}

void OAuth2Token::onFetched(const HttpResult &result)
{
    m_job->deleteLater();
    m_job = nullptr;

    QString error;
    const QJsonObject body = QJsonDocument::fromJson(result.body).object();
    const QString url = m_config.tokenUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    if (result.networkError) {
        error = QCoreApplication::translate("Backfill", "cannot reach the token endpoint %1: %2")
                    .arg(url, result.errorString);
    } else if (!result.isSuccess() || body.value(u"access_token"_s).toString().isEmpty()) {
        const QString reason = body.value(u"error_description"_s).toString(body.value(u"error"_s).toString());
        error = QCoreApplication::translate("Backfill",
                                            "the token endpoint %1 answered %2%3; check the client id and secret")
                    .arg(url)
                    .arg(result.status)
                    .arg(reason.isEmpty() ? QString() : u" ("_s + reason + u')');
    } else {
        m_token = body.value(u"access_token"_s).toString();
        const qint64 expiresIn = body.value(u"expires_in"_s).toInteger(0);
        m_expires =
            expiresIn > 0 ? now().addSecs(expiresIn - std::min(RenewMarginSeconds, expiresIn / 4)) : QDateTime();
    }

    const QList<Callback> waiting = std::exchange(m_waiting, {});
    for (const Callback &done : waiting)
        done(error.isEmpty() ? m_token : QString(), error);
}

} // namespace Backfill
