#pragma once

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace Backfill {

class HttpJob;
struct HttpResult;

// OAuth2 client-credentials grant (RFC 6749 section 4.4): fetches an access token, caches
// it until shortly before it expires, and fetches a new one when it has expired or the API
// answered 401 (invalidate()). Callers that ask while a fetch is running wait for it, so
// many partitions starting at once cost one token request.
class OAuth2Token final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OAuth2Token)

public:
    struct Config
    {
        QUrl tokenUrl;
        QString clientId;
        QString clientSecret;
        QStringList scopes;
        int timeoutMs = 30000;
    };
    using Callback = std::function<void(const QString &token, const QString &error)>;
    using Clock = std::function<QDateTime()>;

    OAuth2Token(QNetworkAccessManager *manager, Config config, QObject *parent = nullptr);
    ~OAuth2Token() override;

    void setClock(Clock clock) { m_clock = std::move(clock); }

    // Calls `done` with a valid token or an error message, now or when the fetch completes.
    void get(Callback done);
    // Forget the cached token (the API said 401 with it).
    void invalidate();
    int fetchCount() const { return m_fetches; }

private:
    void fetch();
    void onFetched(const HttpResult &result);
    QDateTime now() const;

    QNetworkAccessManager *m_manager;
    Config m_config;
    Clock m_clock;
    QString m_token;
    QDateTime m_expires;
    QPointer<HttpJob> m_job;
    QList<Callback> m_waiting;
    int m_fetches = 0;
};

} // namespace Backfill
