#include "model/workspace/ledgerstore.h"

#include "model/core/logging.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Backfill {

LedgerStore::LedgerStore(Workspace &workspace, std::function<QDateTime()> clock)
    : m_workspace(workspace)
    , m_clock(std::move(clock))
{}

QDateTime LedgerStore::now() const
{
    return m_clock ? m_clock().toUTC() : QDateTime::currentDateTimeUtc();
}

bool LedgerStore::fail(const QString &what, const QString &reason) const
{
    m_lastError = reason.isEmpty() ? what : what + u": "_s + reason;
    qCWarning(lcModel).noquote() << "Ledger:" << m_lastError;
    return false;
}

QVariant timeToDb(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFromDb(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString jsonToDb(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject jsonFromDb(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

// A null QString binds as SQL NULL; the text columns are NOT NULL with '' for "none".
QString textToDb(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

} // namespace Backfill
