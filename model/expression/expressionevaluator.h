// The evaluator of parsed expressions, and the reference paths that Expression and the evaluator both read.
#pragma once

#include "model/expression/expression.h"
#include "model/expression/expressionnode.h"

namespace Backfill::ExpressionDetail {

// A dotted path when `node` only reads from a root ("state.page", "response.headers.link"), else empty.
QString referencePath(const Node &node);

// Evaluates the tree `root` parsed from `text` against `scope`. On failure returns false and fills `error` with
// the message and the offset of the failing node.
bool evaluateTree(const QString &text, const ExpressionScope &scope, const Node &root, QJsonValue *result,
                  ExpressionError *error);

} // namespace Backfill::ExpressionDetail
