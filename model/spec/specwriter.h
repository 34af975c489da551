#pragma once

#include "model/spec/spec.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace Backfill {

// Writes an ApiSpec as YAML in a stable, readable order (name, description, authentication,
// defaults, endpoints; inside an endpoint: description, state, sync, iterate, request,
// pagination, response, overrides). Loading the text again gives an equal spec.
class SpecWriter final
{
public:
    static QByteArray write(const ApiSpec &spec);

    // How a string is written as a YAML scalar: plain when it reads back as the same text,
    // quoted otherwise. `inFlow` for items of `[a, b]` lists.
    static QString quoted(const QString &text, bool inFlow = false);
};

// The small YAML emitter SpecWriter and the replication writer share.
class YamlEmitter final
{
public:
    QString text() const { return m_text; }

    void blankLine();
    void raw(const QString &text) { m_text += text; }
    void key(int indent, const QString &key);                          // "key:" and a newline; a nested block follows
    void string(int indent, const QString &key, const QString &value); // skipped when null
    void value(int indent, const QString &key, const QJsonValue &value);
    void number(int indent, const QString &key, double value);
    void list(int indent, const QString &key, const QStringList &values);  // [a, b]
    void map(int indent, const QString &key, const KeyValueList &entries); // skipped when empty
    // `prefix` is "key:" or "-"; containers continue on the following lines.
    void node(int indent, const QString &prefix, const QJsonValue &value);

    static QString formatNumber(double value);

private:
    void line(int indent, const QString &content);

    QString m_text;
};

} // namespace Backfill
