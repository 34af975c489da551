#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace Backfill {

// The secret values a run may use, resolved from a YAML/`NAME: value` file and from
// environment variables BACKFILL_SECRET_<NAME>. Values live only in memory: anything that
// is written (logs, events, previews, exports) passes through mask() first.
class Secrets final
{
public:
    static constexpr auto EnvironmentPrefix = "BACKFILL_SECRET_";

    // Reads a file of `name: value` lines (a flat YAML map). Returns false with a message
    // naming the file and line when it cannot.
    bool loadFile(const QString &path, QString *error);
    void insert(const QString &name, const QString &value);

    // The value of `name`: from the file first, then BACKFILL_SECRET_<NAME> (upper-cased).
    std::optional<QString> value(const QString &name) const;
    // The names of `required` that resolve nowhere, for an error before any request.
    QStringList missing(const QStringList &required) const;
    // Every secret value in one map, for the expression scope `secrets`.
    QHash<QString, QString> resolve(const QStringList &names) const;

    // `text` with every known secret value (of 3 characters or more) replaced by ****.
    QString mask(QString text) const;
    QByteArray mask(QByteArray text) const;

private:
    QStringList knownValues() const;

    QHash<QString, QString> m_values;
    mutable QHash<QString, QString> m_fromEnvironment;
};

} // namespace Backfill
