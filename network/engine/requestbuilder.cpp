#include "network/engine/requestbuilder.h"

#include "model/core/translation.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
// Renders every string inside the payload; a string that is one `{expr}` keeps its type.
QJsonValue renderPayload(const EndpointProgram &program, const QJsonValue &value, const ExpressionScope &scope,
                         ExpressionError *error)
{
    if (value.isString()) {
        const auto it = program.payloadTemplates.constFind(value.toString());
        return it == program.payloadTemplates.cend() ? value : it->evaluate(scope, error);
    }
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(renderPayload(program, item, scope, error));
        return array;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = renderPayload(program, it.value(), scope, error);
        return object;
    }
    return value;
}
} // namespace

std::optional<HttpRequest> buildRequest(const EndpointProgram &program, const ExpressionScope &scope,
                                        const QString &bearerToken, QString *error)
{
    ExpressionError failure;
    const auto failed = [&](const QString &what) {
        if (error)
            *error = tr("%1: %2").arg(what, failure.message);
        return std::nullopt;
    };

    HttpRequest request;
    request.method = program.method;
    request.timeoutMs = program.timeoutMs;
    const QString url = program.url.render(scope, &failure);
    if (!failure.message.isEmpty())
        return failed(u"request.url"_s);
    request.url = QUrl(url, QUrl::TolerantMode);
    if (!request.url.isValid() || request.url.scheme().isEmpty()) {
        if (error)
            *error = tr("request.url `%1` is not a valid URL").arg(url);
        return std::nullopt;
    }
    if (!isHttpUrl(request.url)) {
        // A next-page URL comes from the server (a Link header, a `next` field): one naming
        // a local file must not read it into the workspace.
        if (error)
            *error = tr("request.url `%1` is not an http or https URL")
                         .arg(request.url.toDisplayString(QUrl::RemoveUserInfo));
        return std::nullopt;
    }

    QUrlQuery query(request.url);
    for (const auto &parameter : program.parameters) {
        const QJsonValue value = parameter.evaluate(scope, &failure);
        if (!failure.message.isEmpty())
            return failed(u"request.parameters."_s + parameter.key);
        if (value.isNull() || value.isUndefined())
            continue; // an unset optional parameter is left out, not sent empty
        query.addQueryItem(parameter.key, QString::fromUtf8(QUrl::toPercentEncoding(Expression::toText(value))));
    }
    request.url.setQuery(query);

    const auto addHeaders = [&](const QList<EndpointProgram::Entry> &headers) {
        for (const auto &header : headers) {
            const QJsonValue value = header.evaluate(scope, &failure);
            if (!failure.message.isEmpty())
                return false;
            request.headers.append({header.key.toUtf8(), Expression::toText(value).toUtf8()});
        }
        return true;
    };
    if (!addHeaders(program.headers))
        return failed(u"request.headers"_s);

    switch (program.authType) {
    case Authentication::Type::None:
        break;
    case Authentication::Type::Static:
        if (!addHeaders(program.authHeaders))
            return failed(u"authentication.headers"_s);
        break;
    case Authentication::Type::Basic: {
        const QString user = program.authUsername.render(scope, &failure);
        const QString password = program.authPassword.render(scope, &failure);
        if (!failure.message.isEmpty())
            return failed(u"authentication"_s);
        request.headers.append(
            {QByteArrayLiteral("Authorization"), "Basic " + (user + u':' + password).toUtf8().toBase64()});
        break;
    }
    case Authentication::Type::OAuth2:
        request.headers.append({QByteArrayLiteral("Authorization"), "Bearer " + bearerToken.toUtf8()});
        break;
    }

    if (!program.payload.isUndefined() && !program.payload.isNull()) {
        const QJsonValue payload = renderPayload(program, program.payload, scope, &failure);
        if (!failure.message.isEmpty())
            return failed(u"request.payload"_s);
        request.body = payload.isObject()  ? QJsonDocument(payload.toObject()).toJson(QJsonDocument::Compact)
                       : payload.isArray() ? QJsonDocument(payload.toArray()).toJson(QJsonDocument::Compact)
                                           : Expression::toText(payload).toUtf8();
        const bool hasType = std::any_of(request.headers.cbegin(), request.headers.cend(), [](const auto &header) {
            return header.first.compare("content-type", Qt::CaseInsensitive) == 0;
        });
        if (!hasType)
            request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    }
    return request;
}

} // namespace Backfill
