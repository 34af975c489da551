#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace Backfill {

struct JmesPathFunction;

namespace JmesPathDetail {

// One node of a compiled JMESPath expression. The parser builds the tree once; the
// interpreter walks it for every search, so nodes never change after compile().
struct Node
{
    enum class Kind {
        Current,          // @, and the implicit left side of `[0]`, `*`, `[?...]`
        Field,            // name
        Subexpression,    // children[0] . children[1]
        Index,            // children[0] [index]
        Slice,            // children[0] [start:stop:step]
        ListProjection,   // children[0] projected through children[1]
        ValueProjection,  // object values of children[0] projected through children[1]
        FilterProjection, // children[0] filtered by children[2], projected through children[1]
        Flatten,          // children[0] []
        Pipe,             // children[0] | children[1]
        Or,
        And,
        Not,
        Comparison,
        Literal,
        MultiSelectList,
        MultiSelectHash, // keys[i] : children[i]
        Function,
        ExpressionReference, // & children[0]
    };
    enum class Comparator { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual };

    explicit Node(Kind k)
        : kind(k)
    {}

    Kind kind;
    std::vector<std::unique_ptr<Node>> children;
    QString name;     // Field: the key
    QStringList keys; // MultiSelectHash
    QJsonValue value; // Literal
    qint64 index = 0; // Index
    std::optional<qint64> start, stop, step;
    Comparator comparator = Comparator::Equal;
    const JmesPathFunction *function = nullptr;
    int position = 0; // offset in the expression text, for messages
    int depth = 1;    // height of the subtree; bounded so evaluation cannot exhaust the stack
};

} // namespace JmesPathDetail
} // namespace Backfill
