// libFuzzer target for the expression language: parses the input as an Expression and as a Template and,
// when valid, evaluates them against a fixed scope and clock. Errors must point inside the text.

#include "model/expression/expression.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <cstdint>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

const Backfill::ExpressionScope &fuzzScope()
{
    static const Backfill::ExpressionScope scope = [] {
        Backfill::ExpressionScope s;
        const QJsonObject roots = QJsonDocument::fromJson(R"({
            "state": {"page": 2, "limit": 100, "base_url": "https://x.test", "date": "2024-01-15",
                      "tags": ["a", "b"], "nested": {"a": {"b": [1, 2, 3]}}, "big": 9223372036854775807},
            "sync": {"last_date": "2024-01-10", "last_id": 10},
            "context": {"range_start": "2024-01-01", "range_end": "2024-01-05", "mode": "incremental"},
            "secrets": {"api_key": "k"},
            "env": {"HOME": "/home/fuzz"},
            "request": {"url": "https://x.test/a", "method": "GET"},
            "response": {"status": 200, "headers": {"link": "<https://x.test?p=2>; rel=\"next\""},
                         "json": {"has_more": true}, "text": "{}", "records": [{"id": 1}, {"id": 2}]},
            "record": {"id": 1, "name": "n"}
        })")
                                      .object();
        for (auto it = roots.begin(); it != roots.end(); ++it)
            s.roots.insert(it.key(), it.value());
        s.now = [] { return QDateTime(QDate(2024, 3, 15), QTime(12, 34, 56), QTimeZone::utc()); };
        return s;
    }();
    return scope;
}

void checkPosition(const Backfill::ExpressionError &error, qsizetype size)
{
    if (error.position < 0 || error.position > size)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const Backfill::ExpressionScope &scope = fuzzScope();

    const Backfill::Expression expression = Backfill::Expression::parse(text);
    if (expression.isValid()) {
        Backfill::ExpressionError error;
        expression.evaluate(scope, &error);
        if (!error.message.isEmpty())
            checkPosition(error, text.size());
        expression.references();
    } else {
        checkPosition(expression.error(), text.size());
    }

    const Backfill::Template parsed = Backfill::Template::parse(text);
    if (parsed.isValid()) {
        Backfill::ExpressionError error;
        parsed.render(scope, &error);
        if (!error.message.isEmpty())
            checkPosition(error, text.size());
        parsed.evaluate(scope, &error);
        parsed.references();
    } else {
        checkPosition(parsed.error(), text.size());
    }
    return 0;
}
