#include "model/spec/specwriter.h"

#include "model/spec/yamldocument.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVariant>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

bool isControl(QChar c)
{
    return c.unicode() < 0x20 || c.unicode() == 0x7f || c == QChar(0x2028) || c == QChar(0x2029) || c == QChar(0xfeff);
}

bool canBePlain(const QString &text, bool inFlow)
{
    if (text.isEmpty() || !plainScalarValue(text).isString())
        return false;
    static const QStringList yaml11{u"yes"_s, u"no"_s,   u"on"_s,    u"off"_s,   u"y"_s,
                                    u"n"_s,   u".inf"_s, u"-.inf"_s, u"+.inf"_s, u".nan"_s};
    if (yaml11.contains(text, Qt::CaseInsensitive))
        return false;
    static const QString indicators = u"-?:,[]{}#&*!|>'\"%@`"_s;
    if (indicators.contains(text.front()) || text.front().isSpace() || text.back().isSpace())
        return false;
    if (text.contains(": "_L1) || text.contains(" #"_L1) || text.endsWith(u':'))
        return false;
    for (const QChar c : text) {
        if (isControl(c) || c == u'\t')
            return false;
        // Braces are flow indicators; outside flow they mark templates, quoted by convention.
        if (c == u'{' || c == u'}' || (inFlow && (c == u',' || c == u'[' || c == u']' || c == u':')))
            return false;
    }
    return true;
}

// A literal block (`|`) keeps multi-line expressions readable; only for text it reproduces.
bool canBeLiteralBlock(const QString &text)
{
    if (!text.contains(u'\n') || text.front().isSpace() || text.endsWith("\n\n"_L1))
        return false;
    for (const QChar c : text) {
        if (c != u'\n' && (isControl(c) || c == u'\t'))
            return false;
    }
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        if (!line.isEmpty() && line.back().isSpace())
            return false;
    }
    return true;
}

QString doubleQuoted(const QString &text)
{
    QString out = u"\""_s;
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"':
            out += "\\\""_L1;
            break;
        case '\\':
            out += "\\\\"_L1;
            break;
        case '\n':
            out += "\\n"_L1;
            break;
        case '\t':
            out += "\\t"_L1;
            break;
        case '\r':
            out += "\\r"_L1;
            break;
        default:
            if (isControl(c))
                out += u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + u'"';
}

} // namespace

QString SpecWriter::quoted(const QString &text, bool inFlow)
{
    if (canBePlain(text, inFlow))
        return text;
    const bool printable = std::none_of(text.cbegin(), text.cend(), [](QChar c) { return isControl(c) || c == u'\t'; });
    if (printable && text.contains(u'"')) {
        QString single = text;
        single.replace(u'\'', "''"_L1);
        return u'\'' + single + u'\'';
    }
    return doubleQuoted(text);
}

QString YamlEmitter::formatNumber(double value)
{
    if (std::floor(value) == value && std::abs(value) < 1e15)
        return QString::number(qint64(value));
    QString text = QString::number(value, 'g', 17);
    if (!text.contains(u'.') && !text.contains(u'e'))
        text += ".0"_L1;
    return text;
}

void YamlEmitter::line(int indent, const QString &content)
{
    m_text += QString(indent, u' ') % content % u'\n';
}

void YamlEmitter::blankLine()
{
    if (!m_text.isEmpty() && !m_text.endsWith("\n\n"_L1))
        m_text += u'\n';
}

void YamlEmitter::key(int indent, const QString &name)
{
    line(indent, SpecWriter::quoted(name) % u':');
}

void YamlEmitter::string(int indent, const QString &name, const QString &text)
{
    if (text.isNull())
        return;
    node(indent, SpecWriter::quoted(name) % u':', text);
}

void YamlEmitter::value(int indent, const QString &name, const QJsonValue &json)
{
    node(indent, SpecWriter::quoted(name) % u':', json);
}

void YamlEmitter::number(int indent, const QString &name, double number)
{
    line(indent, SpecWriter::quoted(name) % u": "_s % formatNumber(number));
}

void YamlEmitter::list(int indent, const QString &name, const QStringList &values)
{
    QStringList items;
    for (const QString &item : values)
        items.append(SpecWriter::quoted(item, true));
    line(indent, SpecWriter::quoted(name) % u": ["_s % items.join(u", "_s) % u']');
}

void YamlEmitter::map(int indent, const QString &name, const KeyValueList &entries)
{
    if (entries.isEmpty())
        return;
    key(indent, name);
    for (const KeyValue &entry : entries)
        value(indent + 2, entry.key, entry.value);
}

void YamlEmitter::node(int indent, const QString &prefix, const QJsonValue &json)
{
    switch (json.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        line(indent, prefix % u" null"_s);
        return;
    case QJsonValue::Bool:
        line(indent, prefix % (json.toBool() ? u" true"_s : u" false"_s));
        return;
    case QJsonValue::Double:
        if (json.toVariant().typeId() == QMetaType::LongLong)
            line(indent, prefix % u' ' % QString::number(json.toInteger()));
        else
            line(indent, prefix % u' ' % formatNumber(json.toDouble()));
        return;
    case QJsonValue::String: {
        const QString text = json.toString();
        if (canBeLiteralBlock(text)) {
            QString body = text;
            const bool trailingNewline = body.endsWith(u'\n');
            if (trailingNewline)
                body.chop(1);
            line(indent, prefix % (trailingNewline ? u" |"_s : u" |-"_s));
            for (const QString &content : body.split(u'\n')) {
                if (content.isEmpty())
                    m_text += u'\n';
                else
                    line(indent + 2, content);
            }
        } else {
            line(indent, prefix % u' ' % SpecWriter::quoted(text));
        }
        return;
    }
    case QJsonValue::Array: {
        const QJsonArray array = json.toArray();
        if (array.isEmpty()) {
            line(indent, prefix % u" []"_s);
            return;
        }
        line(indent, prefix);
        for (const QJsonValue &item : array)
            node(indent + 2, u"-"_s, item);
        return;
    }
    case QJsonValue::Object: {
        const QJsonObject object = json.toObject();
        if (object.isEmpty()) {
            line(indent, prefix % u" {}"_s);
            return;
        }
        line(indent, prefix);
        for (auto it = object.begin(); it != object.end(); ++it)
            node(indent + 2, SpecWriter::quoted(it.key()) % u':', it.value());
        return;
    }
    }
}

namespace {

void writeAuthentication(YamlEmitter &out, const Authentication &auth)
{
    if (auth.type == Authentication::Type::None)
        return;
    out.key(0, u"authentication"_s);
    switch (auth.type) {
    case Authentication::Type::None:
        break;
    case Authentication::Type::Static:
        out.string(2, u"type"_s, u"static"_s);
        out.map(2, u"headers"_s, auth.headers);
        break;
    case Authentication::Type::Basic:
        out.string(2, u"type"_s, u"basic"_s);
        out.string(2, u"username"_s, auth.username);
        out.string(2, u"password"_s, auth.password);
        break;
    case Authentication::Type::OAuth2:
        out.string(2, u"type"_s, u"oauth2"_s);
        out.string(2, u"flow"_s, auth.flow);
        out.string(2, u"client_id"_s, auth.clientId);
        out.string(2, u"client_secret"_s, auth.clientSecret);
        out.string(2, u"authentication_url"_s, auth.authenticationUrl);
        if (!auth.scopes.isEmpty())
            out.list(2, u"scopes"_s, auth.scopes);
        break;
    }
    out.blankLine();
}

// Writes list items whose fields `fill` emits, as "- first: x\n  second: y".
template <typename Fill> void writeItems(YamlEmitter &out, int indent, const QString &key, qsizetype count, Fill fill)
{
    out.key(indent, key);
    const QString pad(indent + 2, u' ');
    for (qsizetype index = 0; index < count; ++index) {
        YamlEmitter item;
        fill(item, index);
        QString body = item.text();
        if (body.isEmpty())
            body = u"{}\n"_s;
        body.chop(1); // the final newline
        QString text;
        bool first = true;
        for (const QString &itemLine : body.split(u'\n')) {
            if (itemLine.isEmpty())
                text += u'\n'; // an empty line inside a literal block stays empty
            else
                text += pad % (first ? u"- "_s : u"  "_s) % itemLine % u'\n';
            first = false;
        }
        out.raw(text);
    }
}

void writeProcessor(YamlEmitter &out, const Processor &processor)
{
    out.string(0, u"expression"_s, processor.expression);
    out.string(0, u"output"_s, processor.output);
    out.string(0, u"aggregation"_s, processor.aggregation);
}

void writeRule(YamlEmitter &out, const Rule &rule)
{
    out.string(0, u"condition"_s, rule.condition);
    out.string(0, u"action"_s, rule.action);
    if (rule.maxAttempts)
        out.number(0, u"max_attempts"_s, *rule.maxAttempts);
    out.string(0, u"backoff"_s, rule.backoff);
    if (rule.backoffBase)
        out.number(0, u"backoff_base"_s, *rule.backoffBase);
    out.string(0, u"message"_s, rule.message);
}

template <typename T, typename Write>
void writeInheritable(YamlEmitter &out, int indent, const QString &key, const InheritableList<T> &list, Write write)
{
    const auto items = [&](const QString &name, const QList<T> &values) {
        writeItems(out, indent, name, values.size(),
                   [&](YamlEmitter &item, qsizetype i) { write(item, values.at(i)); });
    };
    if (!list.prepend.isEmpty())
        items(u'+' + key, list.prepend);
    if (list.items) {
        if (list.items->isEmpty())
            out.raw(QString(indent, u' ') % key % u": []\n"_s);
        else
            items(key, *list.items);
    }
    if (!list.append.isEmpty())
        items(key + u'+', list.append);
}

void writeEndpoint(YamlEmitter &out, int indent, const Endpoint &endpoint)
{
    out.string(indent, u"description"_s, endpoint.description);
    out.string(indent, u"docs"_s, endpoint.docs);
    if (endpoint.disabled)
        out.value(indent, u"disabled"_s, *endpoint.disabled);
    out.map(indent, u"state"_s, endpoint.state);
    if (endpoint.sync)
        out.list(indent, u"sync"_s, *endpoint.sync);

    const Iterate &iterate = endpoint.iterate;
    if (!iterate.isEmpty()) {
        out.key(indent, u"iterate"_s);
        out.string(indent + 2, u"over"_s, iterate.over);
        out.string(indent + 2, u"into"_s, iterate.into);
        if (iterate.concurrency)
            out.number(indent + 2, u"concurrency"_s, *iterate.concurrency);
    }

    const Request &request = endpoint.request;
    if (!(request == Request{})) {
        out.key(indent, u"request"_s);
        const int inner = indent + 2;
        out.string(inner, u"url"_s, request.url);
        out.string(inner, u"method"_s, request.method);
        out.map(inner, u"headers"_s, request.headers);
        out.map(inner, u"parameters"_s, request.parameters);
        if (!request.payload.isUndefined())
            out.value(inner, u"payload"_s, request.payload);
        if (request.timeout)
            out.number(inner, u"timeout"_s, *request.timeout);
        if (request.rate)
            out.number(inner, u"rate"_s, *request.rate);
        if (request.concurrency)
            out.number(inner, u"concurrency"_s, *request.concurrency);
    }

    const Pagination &pagination = endpoint.pagination;
    if (!pagination.isEmpty()) {
        out.key(indent, u"pagination"_s);
        out.map(indent + 2, u"next_state"_s, pagination.nextState);
        out.string(indent + 2, u"stop_condition"_s, pagination.stopCondition);
    }

    const Response &response = endpoint.response;
    if (!response.records.isEmpty() || !response.processors.isEmpty() || !response.rules.isEmpty()) {
        out.key(indent, u"response"_s);
        const int inner = indent + 2;
        const Records &records = response.records;
        if (!records.isEmpty()) {
            out.key(inner, u"records"_s);
            out.string(inner + 2, u"jmespath"_s, records.jmespath);
            if (!records.primaryKey.isEmpty())
                out.list(inner + 2, u"primary_key"_s, records.primaryKey);
            out.string(inner + 2, u"update_key"_s, records.updateKey);
            if (records.limit)
                out.number(inner + 2, u"limit"_s, *records.limit);
        }
        writeInheritable(out, inner, u"processors"_s, response.processors, writeProcessor);
        writeInheritable(out, inner, u"rules"_s, response.rules, writeRule);
    }

    if (!endpoint.overrides.mode.isNull()) {
        out.key(indent, u"overrides"_s);
        out.string(indent + 2, u"mode"_s, endpoint.overrides.mode);
    }
    const BackfillKeys &own = endpoint.backfill;
    if (!own.settle.isNull() || own.hasChecks()) {
        out.key(indent, u"x-backfill"_s);
        if (!own.settle.isNull())
            out.string(indent + 2, u"settle"_s, own.settle);
        if (own.hasChecks()) {
            // A number as written (0.2, not 0.20000000000000001), any other text as a string.
            const auto threshold = [&out, indent](const QString &key, const QString &text) {
                bool number = false;
                text.toDouble(&number);
                if (number)
                    out.raw(QString(indent + 4, u' ') + key + u": "_s + text + u'\n');
                else
                    out.string(indent + 4, key, text);
            };
            out.key(indent + 2, u"checks"_s);
            if (!own.thinBelow.isNull())
                threshold(u"thin_below"_s, own.thinBelow);
            if (!own.swollenAbove.isNull())
                threshold(u"swollen_above"_s, own.swollenAbove);
            if (!own.neighbours.isNull())
                threshold(u"neighbours"_s, own.neighbours);
        }
    }
}

} // namespace

QByteArray SpecWriter::write(const ApiSpec &spec)
{
    YamlEmitter out;
    out.string(0, u"name"_s, spec.name.isNull() ? u""_s : spec.name);
    out.string(0, u"description"_s, spec.description);
    out.blankLine();
    writeAuthentication(out, spec.authentication);
    Endpoint emptyDefaults;
    if (!(spec.defaults == emptyDefaults)) {
        out.key(0, u"defaults"_s);
        writeEndpoint(out, 2, spec.defaults);
        out.blankLine();
    }
    out.key(0, u"endpoints"_s);
    for (qsizetype i = 0; i < spec.endpoints.size(); ++i) {
        if (i > 0)
            out.blankLine();
        const Endpoint &endpoint = spec.endpoints.at(i);
        out.key(2, endpoint.name);
        writeEndpoint(out, 4, endpoint);
    }
    return out.text().toUtf8();
}

} // namespace Backfill
