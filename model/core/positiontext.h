#pragma once

#include <QString>

namespace Backfill {

// A message about the character at `position` (from 0) of what the user typed, as every field
// and the range box say it: "At character 5: ..."; the message alone for a negative position.
QString positionedText(const QString &message, int position);

} // namespace Backfill
