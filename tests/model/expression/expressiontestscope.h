#pragma once

#include "model/expression/expression.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

// The scope the expression tests evaluate against: every root filled in, a fixed clock at
// 2024-03-15T12:34:56Z and no `env` root unless a test adds one.
inline Backfill::ExpressionScope expressionTestScope()
{
    using namespace Qt::StringLiterals;
    auto object = [](const char *json) { return QJsonDocument::fromJson(QByteArray(json)).object(); };
    Backfill::ExpressionScope scope;
    scope.roots.insert(u"state"_s, object(R"({
        "base_url": "https://api.example.com/v1", "page": 2, "limit": 100, "offset": 0,
        "current_date": "2024-01-15", "start_id": "10000", "name": " Alice ", "tags": ["a", "b", "c"],
        "nested": {"a": {"b": [1, 2, 3]}}, "empty": "", "zero": 0, "big": 9007199254740993, "ratio": 2.5,
        "flag": true, "list": [], "when": "2024-01-15T10:30:00Z"})"));
    scope.roots.insert(u"sync"_s, object(R"({"last_date": "2024-01-10"})"));
    scope.roots.insert(u"context"_s, object(R"({"mode": "incremental", "limit": 0})"));
    scope.roots.insert(u"secrets"_s, object(R"({"api_key": "s3cr3t"})"));
    scope.roots.insert(u"request"_s, object(R"({"url": "https://api.example.com/v1/users", "method": "GET"})"));
    scope.roots.insert(u"response"_s, object(R"({
        "status": 429,
        "headers": {"link": "<https://api.example.com/v1/users?page=3>; rel=\"next\", <https://api.example.com/v1/users?page=9>; rel=\"last\"",
                    "content-type": "application/json"},
        "json": {"has_more": true, "total_pages": 5, "data": {"events": [{"id": "e1"}, {"id": "e2"}]}},
        "text": "{\"has_more\": true}",
        "records": [{"id": 1}, {"id": 2}, {"id": 3}]})"));
    scope.roots.insert(u"record"_s, object(R"({"order_id": 42, "name": "Widget", "price": 9.5})"));
    scope.now = [] { return QDateTime(QDate(2024, 3, 15), QTime(12, 34, 56), QTimeZone::utc()); };
    return scope;
}

// Compact JSON of any value (scalars too), to compare results with expectations written as JSON.
inline QString expressionTestJson(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

inline QString expressionTestNormalize(const QString &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray("[") + json.toUtf8() + "]", &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("<invalid expected JSON: %1>").arg(json);
    return expressionTestJson(document.array().at(0));
}
