#pragma once

#include <QByteArray>
#include <QHash>

namespace Backfill::DemoApi {

// Issues opaque tokens (pagination cursors, OAuth2 access tokens) that carry a number on
// the server side and expire, so that a client resuming with an old one fails the way it
// fails against real APIs. Tokens depend only on the seed and the issue order, so two
// servers with the same seed answer the same requests with the same bytes.
class TokenStore final
{
public:
    enum class Check { Valid, Expired, Unknown };

    TokenStore(QByteArray prefix, quint64 seed);

    QByteArray issue(qint64 payload, qint64 nowMs, qint64 ttlMs);
    Check check(const QByteArray &token, qint64 nowMs, qint64 *payload = nullptr) const;
    void clear();

private:
    struct Entry
    {
        qint64 payload = 0;
        qint64 expiresAtMs = 0;
    };
    QByteArray m_prefix;
    quint64 m_seed = 0;
    quint64 m_issued = 0;
    QHash<QByteArray, Entry> m_tokens;
};

} // namespace Backfill::DemoApi
