#pragma once

#include <QString>

namespace Backfill {

// An expression without the whitespace outside its string literals, so that a folded YAML
// block and the one-line form of the same expression compare equal when the forms
// recognise what they generated.
QString strippedExpression(const QString &text);

} // namespace Backfill
