// libFuzzer target for JMESPath: the input is expression text; when it compiles, it is
// searched over a fixed document that has every JSON type, nesting and unicode.
#include "model/jmespath/jmespath.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace {

const QJsonValue &document()
{
    static const QJsonValue value = QJsonDocument::fromJson(R"({
        "foo": {"bar": {"baz": [0, 1, 2, 3, -4, 5.5]}, "qux": "quux"},
        "people": [
            {"name": "Ada", "age": 36, "tags": ["a", "b"], "spouse": null},
            {"name": "Grace", "age": 85.5, "tags": [], "active": true},
            {"name": "\u00e9l\u00e8ve \ud834\udd1e", "age": -1, "tags": [["x"], ["y", ["z"]]]}
        ],
        "numbers": [9007199254740993, -9223372036854775808, 9223372036854775807, 1e308, -0.0, 3],
        "strings": ["b", "a", "\ud83d\ude00", "\uffff", ""],
        "empty": {}, "list": [], "t": true, "f": false, "n": null,
        "matrix": [[1, 2], [3, [4, 5]], {"k": [6]}],
        "dash-key": {"": "empty key", "a.b": 1}
    })")
                                        .object();
    return value;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString expression = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const Backfill::JmesPath path = Backfill::JmesPath::compile(expression);
    if (!path.isValid()) {
        // A syntax error must point inside the text.
        const auto &error = path.error();
        if (error.kind == Backfill::JmesPath::ErrorKind::None || error.position < 0 ||
            error.position > expression.size())
            __builtin_trap();
        return 0;
    }
    Backfill::JmesPath::Error error;
    const QJsonValue result = path.search(document(), &error);
    if (error.kind != Backfill::JmesPath::ErrorKind::None && !result.isNull())
        __builtin_trap();
    return 0;
}
