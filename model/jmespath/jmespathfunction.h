#pragma once

#include <QJsonValue>
#include <QString>

#include <vector>

namespace Backfill {

class JmesPathInterpreter;

namespace JmesPathDetail {
struct Node;
}

// One evaluated argument of a function call: a value, or for `&expr` the expression itself.
struct JmesPathArgument
{
    QJsonValue value;
    const JmesPathDetail::Node *reference = nullptr;
};

// A built-in JMESPath function: its signature, checked by the parser (arity) and the
// interpreter (types) before `call` runs, so implementations can trust their arguments.
struct JmesPathFunction
{
    enum Type : unsigned {
        Number = 1 << 0,
        String = 1 << 1,
        Boolean = 1 << 2,
        Array = 1 << 3,
        Object = 1 << 4,
        Null = 1 << 5,
        Reference = 1 << 6,
        NumberArray = 1 << 7, // array[number]
        StringArray = 1 << 8, // array[string]
        Any = Number | String | Boolean | Array | Object | Null,
    };
    using Implementation = QJsonValue (*)(JmesPathInterpreter &, const std::vector<JmesPathArgument> &);

    QString name;
    std::vector<unsigned> parameters;
    bool variadic = false; // the last parameter repeats, at least once
    Implementation call = nullptr;

    static const JmesPathFunction *find(const QString &name);
    // Whether `value` fits the parameter type mask `type`.
    static bool accepts(unsigned type, const JmesPathArgument &argument);
    // "a number or a string", for error messages.
    static QString describe(unsigned type);
};

} // namespace Backfill
