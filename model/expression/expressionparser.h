#pragma once

#include "model/expression/expression.h"
#include "model/expression/expressionnode.h"

#include <memory>

namespace Backfill {

// Turns expression text into an immutable tree (recursive descent, one token of look-ahead). Checks at parse
// time what can be checked: root names, function names and their argument counts, nesting depth.
class ExpressionParser final
{
public:
    static constexpr int MaxDepth = 64; // nesting of the text and height of the tree

    // Parses `text`; on failure returns null and fills `error` with a message and the offending offset.
    // `extraRoots` are names the expression may read besides rootNames() (`value` in filter()).
    static std::unique_ptr<ExpressionDetail::Node> parse(const QString &text, ExpressionError *error,
                                                         const QStringList &extraRoots = {});

    // The roots an expression may read: state, sync, context, secrets, inputs, env, request, response, record,
    // queue.
    static const QStringList &rootNames();
};

} // namespace Backfill
