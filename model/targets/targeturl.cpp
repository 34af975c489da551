#include "model/targets/targeturl.h"

#include "model/core/translation.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Backfill {

QString TargetUrl::displayText() const
{
    switch (kind) {
    case Kind::Workspace:
        return tr("the workspace");
    case Kind::Sqlite:
        return u"sqlite:"_s + path;
    case Kind::Postgres:
        break;
    }
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(user);
    url.setHost(host);
    url.setPort(port);
    url.setPath(u'/' + database);
    return url.toString();
}

std::optional<TargetUrl> TargetUrl::parse(const QString &text, const QString &workspacePath, bool connectionNames,
                                          QString *error)
{
    const auto fail = [&](const QString &message) -> std::optional<TargetUrl> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    TargetUrl target;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return target;
    if (trimmed.startsWith("sqlite:"_L1)) {
        QString path = trimmed.mid(7);
        if (path.startsWith("//"_L1))
            path = QUrl(trimmed).toLocalFile();
        if (path.isEmpty())
            return fail(tr("target %1: name the SQLite file, as in sqlite:/data/rows.sqlite").arg(trimmed));
        if (QFileInfo(path).absoluteFilePath() == QFileInfo(workspacePath).absoluteFilePath())
            return target;
        target.kind = Kind::Sqlite;
        target.path = QFileInfo(path).absoluteFilePath();
        return target;
    }
    if (trimmed.startsWith("postgresql:"_L1) || trimmed.startsWith("postgres:"_L1)) {
        const QUrl url(trimmed, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return fail(tr("target %1: a PostgreSQL target reads postgresql://user@host[:port]/database")
                            .arg(url.isValid() ? url.toString(QUrl::RemovePassword) : trimmed));
        target.kind = Kind::Postgres;
        target.host = url.host();
        target.port = url.port(-1);
        target.user = url.userName();
        target.password = url.password();
        target.database = url.path().mid(1);
        if (target.database.isEmpty() || target.database.contains(u'/'))
            return fail(tr("target %1: name one database after the host, as in postgresql://user@host/analytics")
                            .arg(target.displayText()));
        QStringList options;
        const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
        for (const auto &[key, value] : items)
            options << key + u'=' + value;
        target.options = options.join(u';');
        return target;
    }
    if (connectionNames && !trimmed.contains(u':'))
        return target;
    return fail(tr("target %1: use sqlite:PATH or postgresql://user@host/database").arg(trimmed));
}

} // namespace Backfill
