#include "app/demoapi/tokenstore.h"

#include "app/demoapi/dataset.h"

namespace Backfill::DemoApi {

TokenStore::TokenStore(QByteArray prefix, quint64 seed)
    : m_prefix(std::move(prefix))
    , m_seed(seed)
{}

QByteArray TokenStore::issue(qint64 payload, qint64 nowMs, qint64 ttlMs)
{
    // Bounded memory for long benchmark runs: forget everything once it grows large.
    if (m_tokens.size() > 1'000'000)
        m_tokens.clear();
    const quint64 h = Dataset::hash(m_seed, ++m_issued, quint64(payload));
    QByteArray token = m_prefix + QByteArray::number(h, 16).rightJustified(16, '0');
    m_tokens.insert(token, Entry{payload, nowMs + ttlMs});
    return token;
}

TokenStore::Check TokenStore::check(const QByteArray &token, qint64 nowMs, qint64 *payload) const
{
    const auto it = m_tokens.constFind(token);
    if (it == m_tokens.constEnd())
        return Check::Unknown;
    if (nowMs >= it->expiresAtMs)
        return Check::Expired;
    if (payload)
        *payload = it->payload;
    return Check::Valid;
}

void TokenStore::clear()
{
    m_tokens.clear();
}

} // namespace Backfill::DemoApi
