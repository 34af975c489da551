#include "model/core/secrets.h"

#include <QCoreApplication>
#include <QFile>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

bool Secrets::loadFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        if (error)
            *error = QCoreApplication::translate("Backfill", "cannot read the secrets file %1: %2")
                         .arg(path, file.errorString());
        return false;
    }
    int line = 0;
    while (!file.atEnd()) {
        ++line;
        const QString text = QString::fromUtf8(file.readLine()).trimmed();
        if (text.isEmpty() || text.startsWith(u'#') || text == "---"_L1)
            continue;
        const qsizetype colon = text.indexOf(u':');
        if (colon <= 0) {
            if (error)
                *error = QCoreApplication::translate("Backfill", "%1:%2:1: expected `name: value`").arg(path).arg(line);
            return false;
        }
        QString value = text.mid(colon + 1).trimmed();
        if (value.size() >= 2 && (value.front() == u'"' || value.front() == u'\'') && value.back() == value.front())
            value = value.mid(1, value.size() - 2);
        m_values.insert(text.left(colon).trimmed(), value);
    }
    return true;
}

void Secrets::insert(const QString &name, const QString &value)
{
    m_values.insert(name, value);
}

std::optional<QString> Secrets::value(const QString &name) const
{
    if (const auto it = m_values.constFind(name); it != m_values.cend())
        return *it;
    const QByteArray variable = EnvironmentPrefix + name.toUpper().toUtf8();
    if (qEnvironmentVariableIsSet(variable.constData())) {
        const QString value = qEnvironmentVariable(variable.constData());
        m_fromEnvironment.insert(name, value);
        return value;
    }
    return std::nullopt;
}

QStringList Secrets::missing(const QStringList &required) const
{
    QStringList names;
    for (const QString &name : required) {
        if (!value(name))
            names << name;
    }
    return names;
}

QHash<QString, QString> Secrets::resolve(const QStringList &names) const
{
    QHash<QString, QString> values;
    for (const QString &name : names) {
        if (const auto v = value(name))
            values.insert(name, *v);
    }
    return values;
}

QStringList Secrets::knownValues() const
{
    QStringList values;
    for (const QString &value : m_values)
        values << value;
    for (const QString &value : m_fromEnvironment)
        values << value;
    // Short values would mask ordinary text; longest first so a secret containing another
    // is masked whole.
    values.removeIf([](const QString &value) { return value.size() < 3; });
    std::sort(values.begin(), values.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return values;
}

QString Secrets::mask(QString text) const
{
    for (const QString &secret : knownValues()) {
        text.replace(secret, u"****"_s);
        text.replace(QString::fromLatin1(QUrl::toPercentEncoding(secret)), u"****"_s);
    }
    return text;
}

QByteArray Secrets::mask(QByteArray text) const
{
    for (const QString &secret : knownValues()) {
        text.replace(secret.toUtf8(), "****");
        // Secrets also travel percent-encoded in URLs.
        text.replace(QUrl::toPercentEncoding(secret), "****");
    }
    return text;
}

} // namespace Backfill
