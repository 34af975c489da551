#pragma once

#include "model/jmespath/jmespath.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace Backfill {

struct ExpressionFunction;

namespace ExpressionDetail {

enum class NodeKind {
    Literal,     // value
    Root,        // name: state, sync, context...
    Member,      // children[0].name
    Index,       // children[0][children[1]]
    Slice,       // children[0][children[1]:children[2]], a missing bound is a null child
    Unary,       // op children[0]
    Binary,      // children[0] op children[1]
    Conditional, // children[0] ? children[1] : children[2]
    Call,        // function(children...)
    Array,       // [children...]
    Object,      // {keys[i]: children[i]}
};

enum class Operator {
    None,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    And,
    Or,
    Not,
    Negate,
    In
};

// One node of a parsed expression. Trees are immutable once parsed and shared between copies of an Expression,
// so evaluating from several threads is safe.
struct Node
{
    NodeKind kind = NodeKind::Literal;
    Operator op = Operator::None;
    int position = 0; // start offset in the expression text
    int end = 0;      // one past the last character
    int depth = 1;    // height of the subtree, bounded by the parser
    QJsonValue value;
    QString name;
    QStringList keys;
    const ExpressionFunction *function = nullptr;
    std::shared_ptr<const JmesPath> jmesPath; // compiled once when the path argument is a literal
    std::vector<std::unique_ptr<Node>> children;
};

} // namespace ExpressionDetail
} // namespace Backfill
